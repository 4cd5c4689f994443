"""Datasette output formats for whole records: `.jsonl` (each claim with its speaker, intermediary, article and
outlet nested, as `claims export --format jsonl`) and `.jsonld` (schema.org Claims, one per statement, as
`claims export --format jsonld`), on the claims and statements tables and their row pages.

A renderer is handed the rows of one page, with the page's filters applied: `_size=max` makes a page as long as
`max_returned_rows` allows, and the next page's URL is in the `Link` header (rel="next"). What a page exports:

- the claims table, `.jsonl`: the page's claims, in its order.
- the claims table, `.jsonld`: the statements of the page's claims, each listing only those claims as its
  `appearance` (and its first appearance as `firstAppearance`), so paging through the table lists every
  appearance once, even when a statement's claims fall on several pages.
- the statements table, `.jsonl`: each statement's claims, first appearance first, each record with the
  statement's `appearance_count`; `.jsonld`: the statements, their `appearance` lists from the first appearance.

A statement can appear in tens of thousands of articles, so a page of statements gives at most APPEARANCE_LIMIT
appearances of each statement, the first ones by position, and at most `max_returned_rows` appearances in all;
JSON Lines says how many there are in `appearance_count`, and in JSON-LD the capped `appearance` list is all
there is (schema.org has no property for a count of appearances): each Claim's `url`, its statement's page,
lists them all. Every query runs under Datasette's `sql_time_limit_ms`, like Datasette's own; an export that
runs past it is answered with a 503 and one line of text, never a hang. A whole export, in constant memory and
without limits, is `claims export`, or the download of the database file. Renderers only read.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import IO, Any

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

from . import records
from .facets import with_time_limit

JSON_LINES = "application/x-ndjson"
JSON_LD = "application/ld+json"

PAGE_VIEWS = {"table", "row"}
# At most this many appearances of one statement on a page of statements, the first ones.
APPEARANCE_LIMIT = 100

Write = Callable[[Iterable[records.Record], IO[str]], int]


def can_render(table: str | None, columns: list[str], view_name: str) -> bool:
    return view_name in PAGE_VIEWS and table in records.PAGE_TABLES and "id" in columns


def appearance_limit(max_rows: int, statements: int) -> int:
    """How many appearances each of a page's statements gives: at most APPEARANCE_LIMIT, and at most `max_rows`
    together; at least one, its first (a page never holds more statements than `max_rows`)."""
    return max(1, min(APPEARANCE_LIMIT, max_rows // max(statements, 1)))


def _page(datasette: Any, table: str, rows: Iterable[Any]) -> records.Page:
    ids = tuple(row["id"] for row in rows)
    limit = appearance_limit(datasette.setting("max_returned_rows"), len(ids))
    return records.Page(table, ids, limit if table == "statements" else None)


def _links(datasette: Any, request: Any, database: str) -> records.Link:
    def link(table: str, key: str) -> str:
        return datasette.absolute_url(request, datasette.urls.row(database, table, tilde_encode(key)))

    return link


# quotes may hold markup: a browser must never take the body for HTML
NOSNIFF = {"X-Content-Type-Options": "nosniff"}


def _headers(data: dict[str, Any]) -> dict[str, str]:
    next_url = data.get("next_url")
    return NOSNIFF | {"Link": f'<{next_url}>; rel="next"'} if next_url else NOSNIFF


async def _render(
    datasette: Any,
    database: str,
    data: dict[str, Any],
    nodes: Callable[[sqlite3.Connection], Iterable[records.Record]],
    write: Write,
    content_type: str,
) -> Response:
    milliseconds = datasette.setting("sql_time_limit_ms")
    produce = with_time_limit(lambda conn: records.as_text(write, nodes(conn)), milliseconds)
    try:
        body = await datasette.get_database(database).execute_fn(produce)
    except QueryInterrupted:
        message = (
            f"error: this export took longer than the {milliseconds} ms time limit; ask for fewer rows (a smaller"
            " _size) or download the database\n"
        )
        return Response.text(message, status=503, headers=NOSNIFF)
    return Response(body, content_type=content_type, headers=_headers(data))


async def render_json_lines(
    datasette: Any, database: str, table: str | None, rows: list[Any], data: dict[str, Any]
) -> Response | None:
    if table not in records.PAGE_TABLES:
        return None  # Datasette answers 404
    page = _page(datasette, table, rows)
    return await _render(
        datasette, database, data, lambda conn: records.claim_records(conn, page), records.write_json_lines, JSON_LINES
    )


async def render_json_ld(
    datasette: Any, request: Any, database: str, table: str | None, rows: list[Any], data: dict[str, Any]
) -> Response | None:
    if table not in records.PAGE_TABLES:
        return None
    page = _page(datasette, table, rows)
    link = _links(datasette, request, database)
    return await _render(
        datasette,
        database,
        data,
        lambda conn: records.statement_claims(conn, page, link),
        records.write_jsonld_document,
        JSON_LD,
    )


@hookimpl
def register_output_renderer(datasette: Any) -> list[dict[str, Any]]:
    return [
        {"extension": "jsonl", "render": render_json_lines, "can_render": can_render},
        {"extension": "jsonld", "render": render_json_ld, "can_render": can_render},
    ]
