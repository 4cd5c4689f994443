"""Turning an article file into a draft claims file: extraction, then speakers matched to the registry."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..corpus import dates, yamlfile
from ..corpus.models import (
    UNSURE_MATCHES,
    ArticleMeta,
    Claim,
    ClaimsFile,
    Origin,
    Review,
    Speaker,
    SpeakerMatch,
    claim_id,
)
from ..extraction import Extracted, extract
from ..extraction.lexicon import LEXICON
from .confidence import confidence
from .matching import Attribution, SpeakerIndex, normal_name

MAX_ARTICLE_BYTES = 5_000_000
GUESS_CONFIDENCE = 0.1  # at most, for a claim whose words for the speaker are no name or description


class ArticleError(Exception):
    """An input that is not an article we can read; the message is one line."""


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:100] or "article"


def guess_type(name: str, is_person: bool) -> str:
    words = set(normal_name(name).split())
    if is_person:
        return "person"
    if words & LEXICON.media_words:
        return "media"
    if words & LEXICON.anonymous_words:
        return "anonymous"
    if words & LEXICON.government_words:
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


@dataclass(frozen=True)
class MatchNote:
    """An unsure match on one claim of a draft, for the person who reviews it."""

    claim: int  # the claim's index in the claims file
    field: str  # "speaker" or "via"
    words: str  # the article's words for the speaker (or the via)
    name: str  # the name the extractor resolved them to
    speaker: str  # the speaker id the claim got
    how: SpeakerMatch
    why: str

    def __str__(self) -> str:
        read_as = f" (read as {self.name!r})" if normal_name(self.name) != normal_name(self.words) else ""
        return f"{self.field} {self.words!r}{read_as} -> {self.speaker}: unsure ({self.how}): {self.why}"


@dataclass
class Draft:
    claims_file: ClaimsFile
    extracted: list[Extracted]
    new_speakers: list[Speaker]
    notes: list[MatchNote]


@dataclass
class DraftClaims:
    """An article's draft claims, the new speakers they go to, and the notes on their unsure matches."""

    claims: list[Claim]
    new_speakers: list[Speaker]
    notes: list[MatchNote]


@dataclass(frozen=True)
class Source:
    """An article's text, the name of the text file its claims file names, and that file's SHA-256."""

    text: str
    name: str
    sha256: str

    @classmethod
    def read(cls, path: Path) -> Source:
        """A text file, as it is."""
        return cls(read_article(path), path.name, hashlib.sha256(path.read_bytes()).hexdigest())


def draft(
    path: Path | Source,
    published: dt.date | None,
    outlet: str | None,
    title: str | None,
    index: SpeakerIndex,
    need_date: bool = True,
    article_id: str | None = None,
) -> Draft:
    """A draft claims file for one article (a text file, or a `Source` made from another file); `need_date` False
    allows an undated article (JSON output).

    The article's id is `article_id` when given (`claims add` names the files after it), else made from the file name.
    """
    source = path if isinstance(path, Source) else Source.read(path)
    text = source.text
    published = published or find_published(text)
    if published is None and need_date:
        raise ArticleError("no publication date in its first lines: give --published YYYY-MM-DD")
    extracted = extract(text, published)
    meta = _article_meta(source, published, outlet, title, article_id)
    drafted = draft_claims(extracted, text, meta.id, index)
    return Draft(ClaimsFile(article=meta, claims=drafted.claims), extracted, drafted.new_speakers, drafted.notes)


def _article_meta(
    source: Source, published: dt.date | None, outlet: str | None, title: str | None, article_id: str | None
) -> ArticleMeta:
    stem = source.name.removesuffix(".txt")
    first_line = next((line.strip() for line in source.text.splitlines() if line.strip()), stem)
    return ArticleMeta(
        id=article_id or slugify(stem),
        title=(title or first_line)[:1000],
        outlet=outlet or "unknown",
        published=published or dt.date(1970, 1, 1),  # only without need_date, where no claims file is written
        text=source.name,
        sha256=source.sha256,
    )


def draft_claims(extracted: list[Extracted], text: str, article_id: str, index: SpeakerIndex) -> DraftClaims:
    """The claims of article `article_id` (`text`) that the extractor found, their speakers matched to `index`."""
    found = [index.attribute(item.speaker, item.speaker_label, item.is_person, text) for item in extracted]
    named = {normal_name(who.name) for who in found if who.how is SpeakerMatch.new}
    new: dict[str, Speaker] = {}
    claims: list[Claim] = []
    notes: list[MatchNote] = []
    seen: set[str] = set()
    for item, who in zip(extracted, found, strict=True):
        speakers = _claim_speakers(item, len(claims), _named_plainly(who, named), text, index, new)
        notes += speakers.notes
        claims.append(_claim(item, _claim_id(article_id, item, seen), speakers))
    return DraftClaims(claims, list(new.values()), notes)


def _named_plainly(who: Attribution, named: set[str]) -> Attribution:
    """A new speaker reached through a pronoun is sure when another claim names it plainly (`named`)."""
    return replace(who, how=SpeakerMatch.new, why="") if who.pronoun and normal_name(who.name) in named else who


def _claim_id(article_id: str, item: Extracted, seen: set[str]) -> str:
    """The claim's id, told apart by its place when the article has the same words twice."""
    identifier = claim_id(article_id, item.kind, item.quote)
    if identifier in seen:
        identifier = claim_id(article_id, item.kind, f"{item.quote}@{item.start}")
    seen.add(identifier)
    return identifier


def _claim(item: Extracted, identifier: str, who: ClaimSpeakers) -> Claim:
    return Claim(
        id=identifier,
        kind=item.kind,
        quote=item.quote,
        start=item.start,
        end=item.end,
        speaker=who.speaker,
        speaker_label=item.speaker_label,
        verb=item.verb,
        via=who.via,
        **_said_fields(item),
        origin=Origin.extracted,
        confidence=min(confidence(item), GUESS_CONFIDENCE) if who.guessed else confidence(item),
        review=Review.unreviewed,
        speaker_match=who.match,
    )


def _said_fields(item: Extracted) -> dict[str, Any]:
    if item.said is None:
        return {}
    return {
        "said_from": item.said.start,
        "said_to": item.said.end,
        "said_precision": item.said.precision,
        "said_phrase": item.said.phrase,
    }


@dataclass(frozen=True)
class ClaimSpeakers:
    """A draft claim's speaker and via, how sure the claim's match is, and the notes on what is unsure."""

    speaker: str
    via: str | None
    match: SpeakerMatch
    guessed: bool  # the words for the speaker are no name or description
    notes: list[MatchNote]


def _claim_speakers(
    item: Extracted, claim: int, who: Attribution, text: str, index: SpeakerIndex, new: dict[str, Speaker]
) -> ClaimSpeakers:
    """The speaker (`who`) and via of the extracted `item`, the `claim`-th of the draft; new speakers go into
    `new`."""
    speaker_id, who = _placed(who, index, new)
    match, notes = who.how, []
    if match in UNSURE_MATCHES:
        notes.append(MatchNote(claim, "speaker", item.speaker_label, item.speaker, speaker_id, match, who.why))
    via_id = None
    if item.via:
        via_id, via = _placed(index.attribute(item.via, item.via, False, text), index, new, "media")
        if via_id == speaker_id:
            via_id = None
        elif via.how in UNSURE_MATCHES:
            notes.append(MatchNote(claim, "via", item.via, item.via, via_id, via.how, via.why))
            match = match if match in UNSURE_MATCHES else via.how  # the claim is flagged when its via is unsure
    return ClaimSpeakers(speaker_id, via_id, match, who.guessed, notes)


def _placed(
    who: Attribution, index: SpeakerIndex, new: dict[str, Speaker], kind: str | None = None
) -> tuple[str, Attribution]:
    """The id of the registry speaker `who` names, or of the new speaker it proposes (added to `new` once). A new
    speaker whose id the registry already gives someone else gets another id and is unsure: it may be that one."""
    if who.speaker_id:
        return who.speaker_id, who
    slug = base = slugify(who.name)
    number = 2
    while slug in index.speakers:
        slug, number = f"{base}-{number}", number + 1
    if slug not in new:
        speaker_type = who.type or kind or guess_type(who.name, who.person)
        new[slug] = Speaker(id=slug, name=who.name, type=speaker_type, affiliation=who.affiliation)
    if slug != base and who.how not in UNSURE_MATCHES:
        why = f"new to the registry, whose {index.speakers[base].name!r} has the id {base!r}: it may be the same"
        who = replace(who, how=SpeakerMatch.fuzzy, why=why)
    return slug, who


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
        "said_precision": item.said.precision.value if item.said else "unknown",
    }
