"""The review page (`claims review`): a person confirms or corrects the extractor's drafts without counting
characters. It lists the articles with unreviewed claims and shows one with every draft marked in its text; each
claim can be accepted, rejected, given another kind, speaker or via, or stretched; a missed claim is added by
selecting its words; the article is marked reviewed. Every change goes to the claims file at once through
claims/intake/editing.py: checked first, written atomically, comments and layout kept, or refused with `claims check`'s
one-line messages.

It writes, so it is never part of what `claims serve` publishes: a separate ASGI app, bound to 127.0.0.1 by the
command, that also refuses requests for any other host (a web page elsewhere cannot reach it through DNS
rebinding) and changes from any other origin.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..corpus.models import UNSURE_MATCHES, Kind, Speaker, SpeakerMatch, SpeakerType, claim_id
from ..corpus.validation import SPEAKERS_FILE, Article, Problem, Registry, claims_files, load_article, load_registry
from ..intake import editing
from ..intake.drafting import slugify
from . import pages

REVIEW_TEMPLATES = Path(__file__).with_name("templates") / "review"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
MAX_FORM_BYTES = 100_000

Send = Callable[[dict[str, Any]], Awaitable[None]]
Receive = Callable[[], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class Reply:
    status: int
    body: str
    headers: tuple[tuple[str, str], ...] = (("content-type", "text/html; charset=utf-8"),)


def see_other(location: str) -> Reply:
    return Reply(303, "", (("location", location), ("content-type", "text/plain; charset=utf-8")))


class ReviewApp:
    """The review page over one seeds directory."""

    def __init__(self, seeds: Path) -> None:
        self.seeds = seeds
        self.templates = Environment(loader=FileSystemLoader(REVIEW_TEMPLATES), autoescape=select_autoescape())
        self.templates.globals["seeds"] = str(seeds)
        self.templates.globals["stylesheet"] = Markup(pages.STYLESHEET.read_text(encoding="utf-8"))

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        reply = self._refused(scope) or await self._route(scope, receive)
        headers = [(name.encode(), value.encode()) for name, value in reply.headers]
        await send({"type": "http.response.start", "status": reply.status, "headers": headers})
        await send({"type": "http.response.body", "body": reply.body.encode()})

    def _refused(self, scope: dict[str, Any]) -> Reply | None:
        headers = {name.decode().lower(): value.decode() for name, value in scope["headers"]}
        host = headers.get("host", "").rsplit(":", 1)[0]
        if host not in LOCAL_HOSTS:
            return Reply(403, "The review page answers only on 127.0.0.1.\n", (("content-type", "text/plain"),))
        origin = headers.get("origin")
        if scope["method"] == "POST" and origin and urllib.parse.urlsplit(origin).hostname not in LOCAL_HOSTS:
            return Reply(403, "Changes come only from the review page itself.\n", (("content-type", "text/plain"),))
        return None

    async def _route(self, scope: dict[str, Any], receive: Receive) -> Reply:
        parts = [urllib.parse.unquote(part) for part in scope["path"].strip("/").split("/") if part]
        method = scope["method"]
        if method == "GET" and not parts:
            return self._index()
        if len(parts) == 2 and parts[0] == "articles":
            if method == "GET":
                return self._article_page(parts[1])
            if method == "POST":
                return self._change(parts[1], await _form(receive))
        return Reply(404, self._render("message.html", message="No such page."))

    def _render(self, template: str, **context: Any) -> str:
        return self.templates.get_template(template).render(**context)

    # pages

    def _index(self) -> Reply:
        articles = []
        for path in claims_files(self.seeds):
            article, _ = load_article(path)
            if article is not None:
                waiting = sum(claim.review != "reviewed" for claim in article.claims)
                articles.append({"article": article.meta, "waiting": waiting, "claims": len(article.claims)})
        articles.sort(key=lambda item: (-item["waiting"], item["article"].id))
        return Reply(200, self._render("index.html", articles=articles))

    def _article_page(self, article_id: str, problems: list[Problem] | None = None) -> Reply:
        found = self._article(article_id)
        if found is None:
            return Reply(404, self._render("message.html", message=f"No article {article_id!r} in {self.seeds}."))
        article, _ = found
        registry, _ = load_registry(self.seeds)
        claims = [_claim_view(claim, registry) for claim in sorted(article.claims, key=lambda c: (c.start, -c.end))]
        context = {
            "article": article.meta,
            "claims": claims,
            "marked_text": pages.marked_text(article.text, claims, lambda claim: f"#claim-{claim}"),
            "speakers": sorted(registry.speakers.values(), key=lambda speaker: speaker.name.lower()),
            "kinds": [(kind.value, pages.KIND_WORDS[kind.value]) for kind in Kind],
            "types": [kind.value for kind in SpeakerType],
            "problems": problems or [],
            "waiting": sum(not claim["trust"].reviewed for claim in claims),
        }
        return Reply(400 if problems else 200, self._render("article.html", **context))

    def _article(self, article_id: str) -> tuple[Article, Path] | None:
        for path in claims_files(self.seeds):
            if path.name == f"{article_id}.claims.yml":
                article, _ = load_article(path)
                return (article, path) if article is not None else None
        return None

    # changes

    def _change(self, article_id: str, form: dict[str, str]) -> Reply:
        found = self._article(article_id)
        if found is None:
            return Reply(404, self._render("message.html", message=f"No article {article_id!r}."))
        article, path = found
        registry, _ = load_registry(self.seeds)
        action = form.get("action", "")
        try:
            anchor = self._apply(action, form, article, path, registry)
        except editing.Refused as refused:
            return self._article_page(article_id, refused.problems)
        except ValueError as error:
            return self._article_page(article_id, [Problem(path, 1, "form", str(error))])
        return see_other(f"/articles/{urllib.parse.quote(article_id)}{anchor}")

    def _apply(self, action: str, form: dict[str, str], article: Article, path: Path, registry: Registry) -> str:
        """Make one change; return the anchor of the claim the page should show next."""
        if action == "article-reviewed":
            editing.edit(path, _accept_all, registry)
            return ""
        if action == "add":
            claim, registry, new_speaker = self._new_claim(form, article, registry)
            self._write(path, lambda data: data["claims"].append(claim), registry, new_speaker)
            return f"#claim-{claim['id']}"
        index = _claim_index(article, form.get("claim", ""))
        if action == "accept":
            editing.edit(path, lambda data: _accept(data["claims"][index]), registry)
        elif action == "reject":
            editing.edit(path, lambda data: data["claims"].pop(index), registry)
            return ""
        elif action == "update":
            values, registry, new_speaker = self._corrected(form, article, registry)
            self._write(path, lambda data: _update(data["claims"][index], values), registry, new_speaker)
        else:
            raise ValueError(f"unknown action {action!r}")
        return f"#claim-{article.claims[index].id}"

    def _write(self, path: Path, change: editing.Change, registry: Registry, new_speaker: dict | None) -> None:
        """The claims file changed, and speakers.yml too when the change names a new speaker: both or neither."""
        if new_speaker is None:
            editing.edit(path, change, registry)
            return
        speakers = self.seeds / SPEAKERS_FILE
        changes = {speakers: lambda data: data["speakers"].append(new_speaker), path: change}
        editing.edit_together(changes, registry, checked={path})

    def _corrected(self, form: dict[str, str], article: Article, registry: Registry) -> tuple[dict, Registry, Any]:
        """The fields a person set in a claim's form: kind, speaker, via, the words for the speaker and the span
        (its quote follows). Saving them is reviewing the claim."""
        start, end = _span(form, article.text)
        speaker, registry, new_speaker = self._speaker(form, registry)
        values: dict[str, Any] = {"kind": form.get("kind", "indirect"), "speaker": speaker, "start": start, "end": end}
        values["quote"] = article.text[start:end]
        values["via"] = form.get("via") or None
        values["speaker_label"] = form.get("speaker_label", "").strip()
        values["review"] = "reviewed"
        return values, registry, new_speaker

    def _new_claim(self, form: dict[str, str], article: Article, registry: Registry) -> tuple[dict, Registry, Any]:
        values, registry, new_speaker = self._corrected(form, article, registry)
        claim = {"id": claim_id(article.meta.id, values["kind"], values["quote"]), **values}
        claim["verb"] = form.get("verb", "").strip()
        claim["origin"] = "manual"
        return {key: value for key, value in claim.items() if value not in (None, "")}, registry, new_speaker

    def _speaker(self, form: dict[str, str], registry: Registry) -> tuple[str, Registry, dict | None]:
        """The speaker chosen from the registry, or a new one (its speakers.yml entry, written with the claim)."""
        name = form.get("new_speaker", "").strip()
        if not name:
            speaker = form.get("speaker", "")
            if speaker not in registry.speakers:
                raise ValueError(f"choose a speaker from the registry or name a new one (not {speaker!r})")
            return speaker, registry, None
        speaker = Speaker(id=slugify(name), name=name, type=form.get("new_speaker_type") or "person")
        if speaker.id in registry.speakers:
            return speaker.id, registry, None
        entry = speaker.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        return speaker.id, Registry(registry.outlets, {**registry.speakers, speaker.id: speaker}), entry


def _claim_view(claim: Any, registry: Registry) -> dict[str, Any]:
    """A claim as the page shows it: as the public pages list it, its speaker and via by name."""
    speaker = registry.speakers.get(claim.speaker)
    via = registry.speakers.get(claim.via) if claim.via else None
    names = {"speaker_name": speaker.name if speaker else claim.speaker, "via_name": via.name if via else claim.via}
    return pages.claim_item({**claim.model_dump(mode="json"), **names})


def _claim_index(article: Article, identifier: str) -> int:
    for index, claim in enumerate(article.claims):
        if claim.id == identifier:
            return index
    raise ValueError(f"no claim {identifier!r} in this article (was it changed in another window?)")


def _span(form: dict[str, str], text: str) -> tuple[int, int]:
    try:
        start, end = int(form.get("start", "")), int(form.get("end", ""))
    except ValueError:
        raise ValueError("select the claim's words in the text first (no start and end were given)") from None
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if not 0 <= start < end <= len(text):
        raise ValueError(f"characters {start} to {end} are not a stretch of the article's text")
    return start, end


def _accept(claim: Any) -> None:
    """A person checked the claim: reviewed, and its speaker confirmed if the draft was unsure of it."""
    claim["review"] = "reviewed"
    if claim.get("speaker_match") in UNSURE_MATCHES:
        claim["speaker_match"] = SpeakerMatch.confirmed.value


def _accept_all(data: Any) -> None:
    for claim in data["claims"]:
        _accept(claim)


def _update(claim: Any, values: dict[str, Any]) -> None:
    for key, value in values.items():
        if value in (None, ""):
            claim.pop(key, None)
        else:
            claim[key] = value
    if claim.get("speaker_match"):
        claim["speaker_match"] = SpeakerMatch.confirmed.value  # the person chose the speaker


async def _form(receive: Receive) -> dict[str, str]:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if len(body) > MAX_FORM_BYTES or not message.get("more_body"):
            break
    return {key: values[-1] for key, values in urllib.parse.parse_qs(body.decode()).items()}


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
