"""`claims add`: a new article into seeds/, with its draft claims for review.

A saved HTML page is turned into clean text by trafilatura and kept beside the text, so the text can always be
checked against what was collected. The draft's speakers are matched to the registry across articles; the ones
it does not know are added to `speakers.yml` under a comment that asks for review, and unsure matches are marked
on their claims (`speaker_match`), so `claims check` passes and the published claims say they are unreviewed.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import trafilatura
import yaml

from .claimsfile import schema_reference, to_yaml
from .drafting import ArticleError, Draft, draft, find_published, read_article, slugify
from .matching import SpeakerIndex
from .models import UNSURE_MATCHES, Speaker
from .validation import CLAIMS_SUFFIX, OUTLETS_FILE, SPEAKERS_FILE, OutletsFile, SpeakersFile, load_model

ARTICLES = "articles"
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MAX_SLUG_WORDS = 8


@dataclass
class Page:
    """An article's text and what its page says about it."""

    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    author: str | None = None
    html: bool = False


@dataclass
class Added:
    claims_path: Path
    text_path: Path
    original_path: Path | None
    claims: int
    unsure: Counter[str]
    new_speakers: list[Speaker]


def is_html(path: Path) -> bool:
    if path.suffix.lower() in HTML_SUFFIXES:
        return True
    head = path.read_bytes()[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def read_page(path: Path) -> Page:
    if not is_html(path):
        return Page(read_article(path))
    document = trafilatura.bare_extraction(
        read_article(path), with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    if document is None or not (document.text or "").strip():
        raise ArticleError("no article text found in the page")
    return Page(
        _paragraphs(document.text, document.title),
        title=document.title,
        published=_date(document.date),
        url=document.url,
        author=document.author,
        html=True,
    )


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
    words = slugify(title).split("-")[:MAX_SLUG_WORDS]
    return f"{published.isoformat()}-{outlet}-{'-'.join(words)}"


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
    published = published or page.published or find_published(page.text)
    if published is None:
        raise ArticleError("no publication date found: give --published YYYY-MM-DD")
    title = title or page.title or next(line.strip() for line in page.text.splitlines() if line.strip())
    identifier = article_id(published, outlet, title)
    folder = seeds / ARTICLES
    text_path = folder / f"{identifier}.txt"
    if text_path.exists():
        raise ArticleError(f"already added as {text_path}")
    folder.mkdir(parents=True, exist_ok=True)
    if page.html:
        text_path.write_text(page.text, encoding="utf-8")
    else:
        shutil.copyfile(source, text_path)  # byte for byte
    try:
        return _write_draft(
            source,
            seeds,
            text_path,
            page,
            outlet,
            published,
            speakers,
            title,
            url,
            author,
            licence,
            collected or dt.date.today(),
        )
    except BaseException:
        text_path.unlink(missing_ok=True)
        raise


def _write_draft(
    source: Path,
    seeds: Path,
    text_path: Path,
    page: Page,
    outlet: str,
    published: dt.date,
    speakers: dict[str, Speaker],
    title: str,
    url: str | None,
    author: str | None,
    licence: str | None,
    collected: dt.date,
) -> Added:
    result = draft(text_path, published, outlet, title, SpeakerIndex.of(speakers))
    original = text_path.with_suffix(source.suffix.lower() or ".html") if page.html else None
    meta = result.claims_file.article.model_copy(
        update={
            "url": url or page.url,
            "author": author or page.author,
            "licence": licence,
            "collected": collected,
            "original": original.name if original else None,
        }
    )
    claims_file = result.claims_file.model_copy(update={"article": meta})
    claims_path = text_path.with_name(text_path.stem + CLAIMS_SUFFIX)
    schema_path = schema_reference(claims_path.resolve(), Path(__file__).resolve().parent.parent / "schema")
    claims_path.write_text(to_yaml(claims_file, schema_path), encoding="utf-8")
    if original:
        shutil.copyfile(source, original)
    if result.new_speakers:
        _append_speakers(seeds / SPEAKERS_FILE, result, meta.id)
    unsure = Counter(str(c.speaker_match) for c in claims_file.claims if c.speaker_match in UNSURE_MATCHES)
    return Added(claims_path, text_path, original, len(claims_file.claims), unsure, result.new_speakers)


def _append_speakers(path: Path, result: Draft, article: str) -> None:
    entries = [s.model_dump(mode="json", exclude_none=True, exclude_defaults=True) for s in result.new_speakers]
    body = yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=1000)
    indented = re.sub(r"^", "  ", body, flags=re.MULTILINE)
    text = path.read_text(encoding="utf-8")
    separator = "" if text.endswith("\n") else "\n"
    note = f"  # added by `claims add` for {article}: review the names, types and roles\n"
    path.write_text(f"{text}{separator}{note}{indented}", encoding="utf-8")
