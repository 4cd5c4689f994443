"""Datasette plugin: the canned queries read as answers to a reader's question, not as SQL results.

A canned query returns names and, beside each name, the id it stands for (`speaker` and `speaker_id`, `quote` and
`id` or `claim_id`, `article` and `article_id`); on the HTML page the name becomes a link to its page and the id
columns are left out (the JSON and CSV keep them). Columns and parameters get labels in words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils import tilde_encode
from markupsafe import Markup

Href = Callable[[Any, str, str], str]  # (datasette, database, id) -> the URL the name links to


@dataclass(frozen=True)
class Link:
    """A column whose value links to the page of the id in the first of `ids` the row has."""

    ids: tuple[str, ...]
    href: Href


def to_row(table: str) -> Href:
    return lambda datasette, database, key: datasette.urls.row(database, table, tilde_encode(key))


def to_claims_of_speaker(**filters: str) -> Href:
    def href(datasette: Any, database: str, speaker: str) -> str:
        return datasette.urls.table(database, "claims") + "?" + urlencode({"speaker_id": speaker, **filters})

    return href


def to_query(name: str, parameter: str) -> Href:
    return lambda datasette, database, key: f"{datasette.urls.database(database)}/{name}?" + urlencode({parameter: key})


def as_is(datasette: Any, database: str, url: str) -> str:
    return url


SPEAKER = to_row("speakers")
OUTLET = to_row("outlets")
LINKS: dict[str, Link] = {
    "speaker": Link(("speaker_id",), SPEAKER),
    "via": Link(("via_id",), SPEAKER),
    "outlet": Link(("outlet_id",), OUTLET),
    "first_outlet": Link(("first_outlet_id",), OUTLET),
    "article": Link(("article_id",), to_row("articles")),
    "quote": Link(("claim_id", "id"), to_row("claims")),
    "claims": Link(("speaker_id",), to_claims_of_speaker()),
    "direct": Link(("speaker_id",), to_claims_of_speaker(kind="direct")),
    "partial": Link(("speaker_id",), to_claims_of_speaker(kind="partial")),
    "indirect": Link(("speaker_id",), to_claims_of_speaker(kind="indirect")),
    "second_hand": Link(("speaker_id",), to_claims_of_speaker(via_id__notblank="1")),
    "repeated_by": Link(("claim_id",), to_query("who_repeated_this", "claim")),
    "atom_title": Link(("atom_link",), as_is),
}

# with every column ending in _id: ids are for the JSON and CSV, names for people; `matches` (how many claims a
# ranked search matches in all) is said above the results instead
HIDDEN = {"id", "atom_link", "matches"}

COLUMN_LABELS = {
    "speaker": "Speaker",
    "via": "Through",
    "outlet": "Outlet",
    "first_outlet": "First published by",
    "article": "Article",
    "quote": "Words",
    "kind": "Kind of claim",
    "verb": "Verb",
    "speaker_label": "Called in the article",
    "said": "Said on",
    "published": "Published",
    "first_published": "First published",
    "review": "Review",
    "type": "Type",
    "role": "Role",
    "claims": "Claims",
    "direct": "Direct quotes",
    "partial": "Partial quotes",
    "indirect": "Reported speech",
    "second_hand": "Second-hand",
    "articles": "Articles",
    "position": "#",
    "match": "Same words?",
    "appearance_count": "Appearances",
    "outlet_count": "Outlets",
    "repeated_by": "Repeated by",
    "atom_title": "Claim",
    "atom_updated": "Published",
    "atom_content": "In full",
}

# The matches a page of "Claims about a word" shows (its SQL in metadata.yml pages by it: `limit 100 offset ...`).
RANKED_PAGE = 100

PARAMETER_LABELS = {
    "speaker": "Speaker (a name, alias or id)",
    "word": "Words to look for",
    "page": "Page (a hundred matches a page; empty for the best)",
    "claim": "Claim id (from a claim's page)",
    "outlet": "Outlet (a name or id; empty for all)",
}


def shown_columns(columns: list[str]) -> list[str]:
    return [column for column in columns if column not in HIDDEN and not column.endswith("_id")]


def column_label(column: str) -> str:
    return COLUMN_LABELS.get(column, column.replace("_", " ").capitalize())


def parameter_label(name: str) -> str:
    return PARAMETER_LABELS.get(name, name.replace("_", " ").capitalize())


def link_target(row: Any, link: Link) -> str | None:
    keys = row.keys()
    return next((row[key] for key in link.ids if key in keys and row[key] not in (None, "")), None)


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """In a canned query (no table), a name or a count becomes a link to the page of the id beside it."""
    link = LINKS.get(column)
    if table is not None or link is None or value in (None, "", 0):
        return None
    target = link_target(row, link)
    if target is None:
        return None
    return Markup('<a href="{}">{}</a>').format(link.href(datasette, database, str(target)), value)


@hookimpl
def extra_template_vars(template: str, table: str | None, columns: list[str] | None) -> dict[str, Any]:
    if table is not None or not template.startswith("query"):
        return {}
    return {
        "shown_columns": shown_columns(columns or []),
        "column_label": column_label,
        "parameter_label": parameter_label,
        "ranked_page": RANKED_PAGE,
    }


def table_url(key: str, request: Any, datasette: Any) -> str:
    """`:_url_claims` in a canned query: the absolute URL of the claims table, for links that leave the site
    (an Atom feed's entries)."""
    database = request.url_vars.get("database") or "claims"
    return datasette.absolute_url(request, datasette.urls.table(database, key))


@hookimpl
def register_magic_parameters(datasette: Any) -> list[tuple[str, Callable[[str, Any], str]]]:
    return [("url", lambda key, request: table_url(key, request, datasette))]
