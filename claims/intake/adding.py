"""`claims add`: a new article into seeds/, with its draft claims for review.

A saved HTML page is turned into clean text by trafilatura and kept beside the text, so the text can always be
checked against what was collected. The draft's speakers are matched to the registry across articles; the ones
it does not know are added to `speakers.yml` under a comment that asks for review, and unsure matches are marked
on their claims (`speaker_match`), so `claims check` passes and the published claims say they are unreviewed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import trafilatura
import yaml

from ..corpus import yamlfile
from ..corpus.claimsfile import schema_reference, to_yaml
from ..corpus.models import Speaker
from ..corpus.validation import (
    CLAIMS_SUFFIX,
    OUTLETS_FILE,
    SPEAKERS_FILE,
    OutletsFile,
    SpeakersFile,
    claims_files,
    load_model,
    validate,
)
from ..corpus.yamlfile import FileProblem
from .drafting import ArticleError, Draft, MatchNote, Source, draft, find_published, read_article, slugify
from .matching import SpeakerIndex

ARTICLES_FOLDER = "articles"
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MAX_SLUG_WORDS = 8
MAX_ID_LENGTH = 120  # the Slug limit of the models
SPEAKERS_KEY = re.compile(r"^speakers:", re.MULTILINE)
LIST_ITEM = re.compile(r"^( *)- +id:", re.MULTILINE)  # the first speaker, in the file's own indentation


@dataclass
class SavedPage:
    """An article's text and what its page says about it."""

    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    author: str | None = None
    html: bool = False


@dataclass(frozen=True)
class UnsureLine:
    """An unsure speaker match, at the line of its claim's field in the written claims file."""

    path: Path
    line: int
    note: MatchNote

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.note}"


@dataclass
class Added:
    claims_path: Path
    text_path: Path
    original_path: Path | None
    claims: int
    unsure: list[UnsureLine]
    new_speakers: list[Speaker]
    published: dt.date | None = None
    dated_by: str = ""  # where the publication date comes from: --published, the page, the text's dateline

    def unsure_counts(self) -> Counter[str]:
        """How many unsure matches there are, by kind."""
        return Counter(str(line.note.how) for line in self.unsure)


def is_html(path: Path) -> bool:
    if path.suffix.lower() in HTML_SUFFIXES:
        return True
    head = path.read_bytes()[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _date_search() -> dict[str, object]:
    """htmldate's settings: the page's own dates only. Its extensive search falls back on a copyright line ("© 2024"
    becomes 2024-01-01) or on a year or a month alone, guesses that the drafted claims' dates would be resolved
    against."""
    return {"extensive_search": False, "original_date": True, "max_date": dt.date.today().isoformat()}


def read_page(path: Path) -> SavedPage:
    if not is_html(path):
        return SavedPage(read_article(path))
    document = trafilatura.bare_extraction(
        read_article(path),
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        date_extraction_params=_date_search(),
    )
    if document is None or not (document.text or "").strip():
        raise ArticleError("no article text found in the page")
    return SavedPage(
        _paragraphs(document.text, document.title),
        title=document.title,
        published=_date(document.date),
        url=document.url,
        author=document.author,
        html=True,
    )


def draft_file(
    path: Path, published: dt.date | None, outlet: str | None, title: str | None, index: SpeakerIndex, need_date: bool
) -> tuple[Draft, Source]:
    """`claims extract`'s draft of an article file, and the text it was drafted from. A saved HTML page is drafted
    from the text `claims add` makes of it (named after the page: `page.html` -> `page.txt`, the page its
    `original`), with the page's title, date, URL and byline unless given; a text file as it is."""
    page = read_page(path)
    if not page.html:
        source = Source(page.text, path.name, hashlib.sha256(path.read_bytes()).hexdigest())
        return draft(source, published, outlet, title, index, need_date=need_date), source
    source = Source(page.text, f"{path.stem}.txt", hashlib.sha256(page.text.encode("utf-8")).hexdigest())
    published = _publication(published, page)[0] if need_date else published or page.published
    result = draft(source, published, outlet, title or page.title, index, need_date=need_date)
    found = {"url": page.url, "author": page.author, "original": path.name}
    meta = result.claims_file.article.model_copy(update=found)
    return replace(result, claims_file=result.claims_file.model_copy(update={"article": meta})), source


def _paragraphs(text: str, title: str | None) -> str:
    """The project's text layout: headline first, paragraphs separated by one blank line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if title and (not lines or lines[0] != title.strip()):
        lines.insert(0, title.strip())
    return "\n\n".join(lines) + "\n"


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def article_id(published: dt.date, outlet: str, title: str) -> str:
    """`date-outlet-title-words`: at most MAX_SLUG_WORDS words of the title, fewer when the id would pass the limit."""
    words = slugify(title).split("-")[:MAX_SLUG_WORDS]
    identifier = "-".join([published.isoformat(), outlet, *words])
    while len(identifier) > MAX_ID_LENGTH and len(words) > 1:
        words.pop()
        identifier = "-".join([published.isoformat(), outlet, *words])
    return identifier[:MAX_ID_LENGTH].strip("-")


def _same_id(folder: Path, identifier: str) -> Path | None:
    """The claims file anywhere below `folder` whose article has this id (or is named after it)."""
    for path in claims_files(folder):
        if path.name == identifier + CLAIMS_SUFFIX or _article_id_of(path) == identifier:
            return path
    return None


def _article_id_of(path: Path) -> str | None:
    article = _article_of(path)
    return str(article["id"]) if "id" in article else None


def _article_of(path: Path) -> dict[str, object]:
    """The `article:` mapping of a claims file, or {} when it cannot be read."""
    try:
        data = path.read_bytes()
        head = data[: data.find(b"\nclaims:")] if b"\nclaims:" in data else data  # the article comes first
        article = yamlfile.parse(yamlfile.decode(head))[0].get("article")
        if not isinstance(article, dict):
            article = yamlfile.parse(yamlfile.decode(data))[0].get("article")
        return article if isinstance(article, dict) else {}
    except (OSError, FileProblem, AttributeError):
        return {}  # `claims check` reports a claims file it cannot read


def _same_text(folder: Path, digest: str) -> tuple[str, Path] | None:
    """The article anywhere below `folder` whose text has this SHA-256 (its id and claims file), or None."""
    for path in claims_files(folder):
        article = _article_of(path)
        recorded = article.get("sha256")
        if recorded is None and isinstance(article.get("text"), str):
            text_path = path.parent / str(article["text"])
            recorded = hashlib.sha256(text_path.read_bytes()).hexdigest() if text_path.is_file() else None
        if recorded == digest:
            return str(article.get("id", path.name.removesuffix(CLAIMS_SUFFIX))), path
    return None


def _publication(given: dt.date | None, page: SavedPage) -> tuple[dt.date, str]:
    """The publication date and where it comes from; ArticleError when neither the command nor the article gives
    one (a copyright year is no publication date)."""
    if given:
        return given, "--published"
    if page.published:
        return page.published, "the page's own date"
    dateline = find_published(page.text)
    if dateline:
        return dateline, "the dateline in the text's first lines"
    where = "on the page" if page.html else "in the text's first lines"
    raise ArticleError(f"no publication date found {where}: give it with --published YYYY-MM-DD")


def _registry(seeds: Path) -> tuple[set[str], dict[str, Speaker]]:
    outlets, _, problems = load_model(seeds / OUTLETS_FILE, OutletsFile)
    speakers, _, speaker_problems = load_model(seeds / SPEAKERS_FILE, SpeakersFile)
    problem = next(iter(problems + speaker_problems), None)
    if problem or outlets is None or speakers is None:
        raise ArticleError(f"the registry does not load: {problem or 'missing'}")
    return {o.id for o in outlets.outlets}, {s.id: s for s in speakers.speakers}


def add(
    source: Path,
    seeds: Path,
    outlet: str,
    *,
    published: dt.date | None = None,
    url: str | None = None,
    title: str | None = None,
    author: str | None = None,
    licence: str | None = None,
    collected: dt.date | None = None,
) -> Added:
    """Bring `source` (text or saved HTML) into `seeds/articles/` with a draft claims file; raise ArticleError."""
    outlets, speakers = _registry(seeds)
    if outlet not in outlets:
        raise ArticleError(f"unknown outlet {outlet!r}: add it to {seeds / OUTLETS_FILE} first")
    page = read_page(source)
    published, dated_by = _publication(published, page)
    title = title or page.title or next(line.strip() for line in page.text.splitlines() if line.strip())
    identifier = article_id(published, outlet, title)
    folder = seeds / ARTICLES_FOLDER
    text_path = folder / f"{identifier}.txt"
    digest = hashlib.sha256(page.text.encode("utf-8") if page.html else source.read_bytes()).hexdigest()
    _refuse_duplicates(folder, text_path, digest)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = [text_path]
    try:
        if page.html:
            text_path.write_text(page.text, encoding="utf-8")
        else:
            shutil.copyfile(source, text_path)  # byte for byte
        given = {
            "url": url or page.url,
            "author": author or page.author,
            "licence": licence,
            "collected": collected or dt.date.today(),
        }
        added = _write_draft(source, seeds, text_path, page, outlet, published, speakers, title, given, written)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return replace(added, published=published, dated_by=dated_by)


def _refuse_duplicates(folder: Path, text_path: Path, digest: str) -> None:
    """ArticleError when the article is already in `folder`: under its id, or with the same text (SHA-256)."""
    if text_path.exists():
        raise ArticleError(f"already added as {text_path}")
    if not folder.is_dir():
        return
    identifier = text_path.stem
    same = _same_id(folder, identifier)
    if same:
        raise ArticleError(f"an article with id {identifier!r} is already in {same}: give another --title")
    found = _same_text(folder, digest)
    if found:
        raise ArticleError(f"the same text is already in seeds as article {found[0]!r} ({found[1]})")


def _write_draft(
    source: Path,
    seeds: Path,
    text_path: Path,
    page: SavedPage,
    outlet: str,
    published: dt.date,
    speakers: dict[str, Speaker],
    title: str,
    given: dict[str, object],
    written: list[Path],
) -> Added:
    """Write the claims file (with the article fields `given`), the original page and the new speakers; every
    file written goes into `written`."""
    result = draft(text_path, published, outlet, title, SpeakerIndex.of(speakers), article_id=text_path.stem)
    suffix = source.suffix.lower() if source.suffix.lower() in HTML_SUFFIXES else ".html"
    original = text_path.with_suffix(suffix) if page.html else None
    meta = result.claims_file.article.model_copy(update={**given, "original": original.name if original else None})
    claims_file = result.claims_file.model_copy(update={"article": meta})
    claims_path = text_path.with_name(text_path.stem + CLAIMS_SUFFIX)
    schema_path = schema_reference(claims_path.resolve(), Path(__file__).resolve().parents[2] / "schema")
    speakers_path = seeds / SPEAKERS_FILE
    registry = _with_new_speakers(speakers_path, result.new_speakers, meta.id) if result.new_speakers else None
    claims_text = to_yaml(claims_file, schema_path)
    unsure = _unsure_lines(claims_path, claims_text, result.notes)
    written.append(claims_path)
    claims_path.write_text(claims_text, encoding="utf-8")
    if original:
        if original.exists():
            raise ArticleError(f"{original} is in the way of the original page")
        written.append(original)
        shutil.copyfile(source, original)
    if registry is not None:
        speakers_path.write_text(registry, encoding="utf-8")  # last: nothing after it can fail
    return Added(claims_path, text_path, original, len(claims_file.claims), unsure, result.new_speakers)


def _unsure_lines(path: Path, text: str, notes: list[MatchNote]) -> list[UnsureLine]:
    """Each note at the line of its claim's `speaker` (or `via`) in the claims file's text."""
    _, lines = yamlfile.parse(text)
    return [UnsureLine(path, yamlfile.line_of(lines, ("claims", n.claim, n.field)), n) for n in notes]


def _with_new_speakers(path: Path, new: list[Speaker], article: str) -> str:
    """The registry's text with `new` appended in its own list indentation, checked to read back as the registry
    followed by `new`; ArticleError (and the file untouched) when it would not."""
    text = path.read_text(encoding="utf-8")
    key = SPEAKERS_KEY.search(text)
    item = LIST_ITEM.search(text, key.end() if key else 0)
    indent = item[1] if item else "  "
    entries = [s.model_dump(mode="json", exclude_none=True, exclude_defaults=True) for s in new]
    body = yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=1000)
    indented = re.sub(r"^(?=.)", indent, body, flags=re.MULTILINE)
    separator = "" if text.endswith("\n") or not text else "\n"
    note = f"{indent}# added by `claims add` for {article}: review the names, types and roles\n"
    result = f"{text}{separator}{note}{indented}"
    before, after = _registry_entries(path, text), _registry_entries(path, result)
    if before is None or after is None or after != [*before, *(s.model_dump() for s in new)]:
        raise ArticleError(
            f"cannot append the new speakers to {path} in its layout (a block list of `- id:` entries is needed);"
            f" add them by hand: {', '.join(s.id for s in new)}"
        )
    return result


def _registry_entries(path: Path, text: str) -> list[dict[str, object]] | None:
    """The speakers a registry's text holds, as dictionaries; None when it does not read as a registry."""
    try:
        data, lines = yamlfile.parse(text.removeprefix("\ufeff"))
    except FileProblem:
        return None
    parsed, _, problems = validate(path, data, lines, SpeakersFile)
    return None if problems or parsed is None else [s.model_dump() for s in parsed.speakers]
