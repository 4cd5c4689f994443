"""What the reader's pages show beyond a row: a speaker's claims and counts, an article with every claim marked in
its text, and the words that say how far each claim can be trusted. Read-only queries; the templates lay them out."""

from __future__ import annotations

import html
import itertools
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..build.rows import KIND_LABELS
from ..corpus.models import UNSURE_MATCHES

# The reader's styles, served at /-/claims.css and inlined in the review page.
STYLESHEET = Path(__file__).with_name("static") / "claims.css"
SPEAKER_PAGE_SIZE = 20
PASSED_ON_SHOWN = 20

# the kinds in words, as the facet names them (claims/build/rows.py), inside a sentence
KIND_WORDS = {kind: label.lower() for kind, label in KIND_LABELS.items()}
KIND_PLURALS = {"direct": "direct quotes", "partial": "partial quotes", "indirect": "reported speech"}
# Why a speaker match is unsure, in a reader's words (the registry's own terms are in metadata.yml).
UNSURE_WORDS = {
    "surname": "the speaker was matched by surname alone",
    "role": "the speaker was matched by a role or title",
    "description": "the article only describes the speaker; the name is our best guess",
    "fuzzy": "the speaker's name was matched by a near spelling",
    "contains": "the speaker's name was found inside longer words",
    "unidentified": "the article's words for the speaker are no name; the speaker is a guess",
}

CLAIM_SELECT = """claims.id, claims.quote, claims.kind, claims.verb, claims.speaker_label, claims.said_from,
  claims.said_to, claims.said_precision, claims.published, claims.article_id, claims.start, claims.end,
  claims.review, claims.origin, claims.confidence, claims.speaker_match, claims.speaker_id, claims.via_id,
  speakers.name as speaker_name, via.name as via_name, outlets.name as outlet_name, articles.title as article_title"""
CLAIM_FROM = """from claims
join speakers on speakers.id = claims.speaker_id
left join speakers as via on via.id = claims.via_id
join outlets on outlets.id = claims.outlet_id
join articles on articles.id = claims.article_id"""


@dataclass(frozen=True)
class Trust:
    """How far a claim can be trusted, in words: shown beside the claim wherever it appears."""

    reviewed: bool
    extracted: bool
    confidence: float | None
    unsure: str  # why the speaker is unsure, or ""

    @property
    def label(self) -> str:
        if not self.reviewed:
            return "Unreviewed"
        return "Found by the extractor, checked by a person" if self.extracted else "Checked by a person"

    @property
    def detail(self) -> str:
        parts = []
        if not self.reviewed:
            found = "found by the extractor" if self.extracted else "added by hand"
            parts.append(f"{found}, not yet checked by a person")
            if self.confidence is not None:
                parts.append(f"the extractor's confidence is {self.confidence:.2f}")
        if self.unsure:
            parts.append(self.unsure)
        return "; ".join(parts)


def trust(row: Any) -> Trust:
    match = row["speaker_match"] or ""
    unsure = UNSURE_WORDS.get(match, "") if match in UNSURE_MATCHES else ""
    return Trust(row["review"] != "unreviewed", row["origin"] == "extracted", row["confidence"], unsure)


def said_words(row: Any) -> str:
    """When a claim was said, in words: "said on 2019-01-03", "said between 2019-01-01 and 2019-01-07"."""
    if row["said_precision"] == "unknown" or not row["said_from"]:
        return "date said unknown"
    if row["said_from"] == row["said_to"]:
        return f"said on {row['said_from']}"
    return f"said between {row['said_from']} and {row['said_to']}"


def claim_item(row: Any) -> dict[str, Any]:
    """A claim as the pages list it: its row, its kind and date in words, and its trust."""
    return {
        **dict(row),
        "kind_words": KIND_WORDS.get(row["kind"], row["kind"]),
        "said": said_words(row),
        "trust": trust(row),
    }


async def speaker_page(db: Any, speaker_id: str, page: int) -> dict[str, Any]:
    """A speaker's counts by kind, outlet and year, one page of their claims (newest first) and the claims they
    passed on."""
    row = (await db.execute("select * from speakers where id = ?", [speaker_id])).first()
    if row is None:
        return {}
    where = {"id": speaker_id}
    counts = await _speaker_counts(db, speaker_id)
    total = sum(counts["kind"].values())
    outlet_names = await _names(db, "outlets", list(counts["outlet_id"]))
    by_outlet = sorted(counts["outlet_id"].items(), key=lambda item: (-item[1], outlet_names.get(item[0], "")))
    year_rows = [{"year": year, "n": n} for year, n in sorted(counts["said_year"].items())]
    unreviewed = counts["review"].get("unreviewed", 0)
    pages = max(1, -(-total // SPEAKER_PAGE_SIZE))
    page = min(max(page, 1), pages)
    claims = await db.execute(
        f"select {CLAIM_SELECT} {CLAIM_FROM} where claims.speaker_id = :id"
        " order by claims.sort_key desc limit :size offset :offset",
        {**where, "size": SPEAKER_PAGE_SIZE, "offset": (page - 1) * SPEAKER_PAGE_SIZE},
    )
    passed_on_count = (await db.execute("select count(*) from claims where via_id = :id", where)).single_value()
    passed_on = await db.execute(
        f"select {CLAIM_SELECT} {CLAIM_FROM} where claims.via_id = :id order by claims.sort_key desc limit :size",
        {**where, "size": PASSED_ON_SHOWN},
    )
    return {
        "speaker": {**dict(row), "alias_list": _aliases(row["aliases"])},
        "total": total,
        "by_kind": [(_kind_count(kind, n), n) for kind in KIND_PLURALS if (n := counts["kind"].get(kind))],
        "by_outlet": [{"id": key, "name": outlet_names.get(key, key), "n": n} for key, n in by_outlet],
        "by_year": year_rows,
        "undated": total - sum(year["n"] for year in year_rows),
        "most_in_a_year": max((year["n"] for year in year_rows), default=0),
        "unreviewed": unreviewed,
        "claims": [claim_item(claim) for claim in claims],
        "page": page,
        "pages": pages,
        "passed_on": [claim_item(claim) for claim in passed_on],
        "passed_on_count": passed_on_count,
    }


SPEAKER_COUNTS = ("kind", "outlet_id", "said_year", "review")


async def _speaker_counts(db: Any, speaker_id: str) -> dict[str, Counter[str]]:
    """A speaker's claims counted by kind, outlet, year said and review: from the facet summary the build wrote
    for speakers with many claims (a hundred thousand at a million claims), else in one pass over their rows."""
    counts: dict[str, Counter[str]] = {column: Counter() for column in SPEAKER_COUNTS}
    summary = await db.execute(
        "select facet_column, value, count from facet_counts where table_name = 'claims'"
        " and filter_column = 'speaker_id' and filter_value = ?",
        [speaker_id],
    )
    for row in summary:
        if row["facet_column"] in counts:
            counts[row["facet_column"]][row["value"]] = row["count"]
    if counts["kind"]:
        return counts
    rows = await db.execute(f"select {', '.join(SPEAKER_COUNTS)} from claims where speaker_id = ?", [speaker_id])
    for row in rows:
        for column in SPEAKER_COUNTS:
            if row[column] is not None:
                counts[column][row[column]] += 1
    return counts


async def _names(db: Any, table: str, keys: list[str]) -> dict[str, str]:
    if not keys:
        return {}
    marks = ", ".join("?" * len(keys))
    return dict((await db.execute(f"select id, name from [{table}] where id in ({marks})", keys)).rows)


def _kind_count(kind: str, n: int) -> str:
    """The kind in words for n claims of it: "1 direct quote", "3 direct quotes"."""
    return KIND_WORDS[kind] if n == 1 else KIND_PLURALS[kind]


def _aliases(aliases: str | None) -> list[str]:
    return list(json.loads(aliases)) if aliases else []


async def article_page(db: Any, article_id: str, claim_url: Callable[[str], str]) -> dict[str, Any]:
    """An article's text with every claim marked (kind told apart, each mark linking to its claim), and its
    claims in the order they appear."""
    row = (
        await db.execute(
            "select articles.*, outlets.name as outlet_name from articles"
            " join outlets on outlets.id = articles.outlet_id where articles.id = ?",
            [article_id],
        )
    ).first()
    if row is None:
        return {}
    claims = [
        claim_item(claim)
        for claim in await db.execute(
            f"select {CLAIM_SELECT} {CLAIM_FROM} where claims.article_id = ? order by claims.start, claims.end desc",
            [article_id],
        )
    ]
    marked = marked_text(row["text"], claims, claim_url)
    return {"article": dict(row), "article_claims": claims, "marked_text": marked}


def marked_text(text: str, claims: list[dict[str, Any]], claim_url: Callable[[str], str]) -> Markup:
    """The text, escaped, with each stretch inside claims wrapped in a <mark> linking to the innermost claim
    there (a partial quote inside reported speech links to the partial quote); nested stretches say so."""
    bounds = sorted({0, len(text), *(c["start"] for c in claims), *(c["end"] for c in claims)})
    pieces = []
    for start, end in itertools.pairwise(bounds):
        covering = [c for c in claims if c["start"] <= start and end <= c["end"]]
        words = html.escape(text[start:end])
        if not covering:
            pieces.append(words)
            continue
        inner = min(covering, key=lambda c: c["end"] - c["start"])
        nested = " nested" if len(covering) > 1 else ""
        title = html.escape(f"{inner['kind_words']} by {inner['speaker_name']}", quote=True)
        unreviewed = " unreviewed" if not inner["trust"].reviewed else ""
        pieces.append(
            f'<mark class="claim kind-{inner["kind"]}{nested}{unreviewed}">'
            f'<a href="{html.escape(claim_url(inner["id"]), quote=True)}" title="{title}">{words}</a></mark>'
        )
    return Markup("".join(pieces))


_SEARCH_WORD = re.compile(r"\w[\w'’-]*")


def highlighted(text: str, search: str | None) -> Markup:
    """The text, escaped, with the words of a search marked: each word found by its stem, as the search's own
    stemming finds it ("missiles" marks "missile")."""
    stems = {_stem(word.lower()) for word in _SEARCH_WORD.findall(search or "") if len(word) > 1}
    words = sorted(stems, key=len, reverse=True)
    if not words:
        return Markup(html.escape(text))
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(word) for word in words) + r")\w*", re.IGNORECASE)
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces += [html.escape(text[position : match.start()]), f"<mark>{html.escape(match[0])}</mark>"]
        position = match.end()
    pieces.append(html.escape(text[position:]))
    return Markup("".join(pieces))


def _stem(word: str) -> str:
    """A word without the endings the search's stemmer sets aside ("missiles" and "missile" both find "missil")."""
    for ending in ("ing", "es", "ed", "s", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def has_search_words(text: str, search: str | None) -> bool:
    return "<mark>" in highlighted(text, search)


_SORTED_BY = re.compile(r"(?:^| )sorted by (?P<column>\S+?)(?P<descending> descending)?$")


def order_in_words(description: str, labels: dict[str, dict[str, str]]) -> str:
    """Datasette's heading of a table page with the order in words ("sorted by sort_key descending" is "newest
    article first"), from the table's `order_labels` in metadata.yml; an order without words stays as it was."""
    found = _SORTED_BY.search(description)
    if found is None:
        return description
    words = labels.get(found["column"], {}).get("descending" if found["descending"] else "ascending")
    if not words:
        return description
    before = description[: found.start()]
    return f"{before}, {words}" if before else words
