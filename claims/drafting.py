"""Turning an article file into a draft claims file: extraction, then speakers matched to the registry."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import dates, yamlfile
from .confidence import confidence
from .extraction import MEDIA_WORDS, Extracted, extract
from .matching import SpeakerIndex, is_description, normal_name
from .models import UNSURE_MATCHES, ArticleMeta, Claim, ClaimsFile, Origin, Review, Speaker, SpeakerMatch, claim_id

MAX_ARTICLE_BYTES = 5_000_000


class ArticleError(Exception):
    """An input that is not an article we can read; the message is one line."""


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:100] or "article"


def guess_type(claim: Extracted) -> str:
    words = set(normal_name(claim.speaker).split())
    if claim.is_person:
        return "person"
    if words & MEDIA_WORDS:
        return "media"
    if words & {"officials", "sources", "source", "official", "spokesman", "spokeswoman", "spokesperson"}:
        return "anonymous"
    if words & {"government", "ministry", "administration", "white", "kremlin", "pentagon"}:
        return "government"
    return "organisation"


def read_article(path: Path) -> str:
    if path.is_dir():
        raise ArticleError("is a directory, not an article")
    if path.stat().st_size > MAX_ARTICLE_BYTES:
        raise ArticleError(f"is {path.stat().st_size:,} bytes; an article is at most {MAX_ARTICLE_BYTES:,}")
    try:
        text = yamlfile.read_text(path)
    except yamlfile.FileProblem as error:
        raise ArticleError(f"line {error.line}: {error.message}") from None
    if not text.strip():
        raise ArticleError("is empty")
    return text


def find_published(text: str) -> dt.date | None:
    """A dateline in the first lines ("Bill Van Auken 2 October 2018")."""
    head = "\n".join(text.splitlines()[:5])
    for _, pattern in dates.PATTERNS[:2]:
        for match in pattern.finditer(head):
            if match["year"]:
                try:
                    return dt.date(int(match["year"]), dates.MONTHS[match["month"].lower()], int(match["day"]))
                except ValueError:
                    continue
    return None


@dataclass
class Draft:
    claims_file: ClaimsFile
    extracted: list[Extracted]
    new_speakers: list[Speaker]


def draft(
    path: Path,
    published: dt.date | None,
    outlet: str | None,
    title: str | None,
    index: SpeakerIndex,
    need_date: bool = True,
    article_id: str | None = None,
) -> Draft:
    """A draft claims file for one article; `need_date` False allows an undated article (JSON output).

    The article's id is `article_id` when given (`claims add` names the files after it), else made from the file name.
    """
    text = read_article(path)
    published = published or find_published(text)
    if published is None and need_date:
        raise ArticleError("no publication date in its first lines: give --published YYYY-MM-DD")
    extracted = extract(text, published)
    article_id = article_id or slugify(path.name.removesuffix(".txt"))
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), path.stem)
    meta = ArticleMeta(
        id=article_id,
        title=(title or first_line)[:1000],
        outlet=outlet or "unknown",
        published=published or dt.date(1970, 1, 1),  # only without need_date, where no claims file is written
        text=path.name,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
    )
    new: dict[str, Speaker] = {}
    claims = []
    seen: set[str] = set()
    for item in extracted:
        speaker_id, match = _speaker_id(item.speaker, item.speaker_label, item.is_person, guess_type(item), index, new)
        via_id, via_match = _speaker_id(item.via, "", False, "media", index, new) if item.via else (None, None)
        if via_id == speaker_id:
            via_id = None
        elif via_match in UNSURE_MATCHES and match not in UNSURE_MATCHES:
            match = via_match  # the claim is flagged when whoever it came through is unsure
        identifier = claim_id(article_id, item.kind, item.quote)
        if identifier in seen:
            identifier = claim_id(article_id, item.kind, f"{item.quote}@{item.start}")
        seen.add(identifier)
        claims.append(
            Claim(
                id=identifier,
                kind=item.kind,
                quote=item.quote,
                start=item.start,
                end=item.end,
                speaker=speaker_id,
                speaker_label=item.speaker_label,
                verb=item.verb,
                via=via_id,
                **_said_fields(item),
                origin=Origin.extracted,
                confidence=confidence(item),
                review=Review.unreviewed,
                speaker_match=match,
            )
        )
    return Draft(ClaimsFile(article=meta, claims=claims), extracted, list(new.values()))


def _said_fields(item: Extracted) -> dict[str, Any]:
    if item.said is None:
        return {}
    return {
        "said_from": item.said.start,
        "said_to": item.said.end,
        "said_precision": item.said.precision,
        "said_phrase": item.said.phrase,
    }


def _speaker_id(
    name: str, label: str, is_person: bool, kind: str, index: SpeakerIndex, new: dict[str, Speaker]
) -> tuple[str, SpeakerMatch]:
    known = index.match(name, label, is_person)
    if known:
        return known
    slug = base = slugify(name)
    number = 2
    while slug in index.speakers:  # someone else in the registry already has this id
        slug, number = f"{base}-{number}", number + 1
    if slug not in new:
        if is_description(name) and kind in {"person", "organisation"}:
            kind = "anonymous"  # "a police spokesman": nobody the registry can name
        new[slug] = Speaker(id=slug, name=name, type=kind)
    return slug, SpeakerMatch.new


def as_json(item: Extracted) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "quote": item.quote,
        "start": item.start,
        "end": item.end,
        "speaker": item.speaker,
        "speaker_label": item.speaker_label,
        "verb": item.verb,
        "via": item.via,
        "said_from": item.said.start.isoformat() if item.said else None,
        "said_to": item.said.end.isoformat() if item.said else None,
        "precision": item.said.precision.value if item.said else "unknown",
    }
