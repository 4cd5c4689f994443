"""Datasette output formats for whole records: `.jsonl` (each claim with its speaker, intermediary, article and
outlet nested, as `claims export --format jsonl`) and `.jsonld` (schema.org Claims, one per statement, as
`claims export --format jsonld`), on the claims and statements tables and their row pages.

A renderer is handed the rows of one page, with the page's filters applied: `_size=max` makes a page as long as
`max_returned_rows` allows, and the next page's URL is in the `Link` header (rel="next"). A whole export is
`claims export`, or the download of the database file. Renderers only read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

from . import records

JSON_LINES = "application/x-ndjson"
JSON_LD = "application/ld+json"

# the tables both formats are offered on, and which field of a records.Selection their rows' ids fill
PAGE_IDS = {"claims": "claim_ids", "statements": "statement_ids"}
PAGE_VIEWS = {"table", "row"}


def can_render(table: str | None, columns: list[str], view_name: str) -> bool:
    return view_name in PAGE_VIEWS and table in PAGE_IDS and "id" in columns


def _page_ids(rows: Iterable[Any]) -> tuple[str, ...]:
    return tuple(row["id"] for row in rows)


def _in_page_order(nodes: list[records.Record], key: str, ids: tuple[str, ...]) -> list[records.Record]:
    """The nodes in the order of the page's rows (the query has its own order); nodes not keyed by a row of the
    page keep theirs."""
    rank = {value: index for index, value in enumerate(ids)}
    return sorted(nodes, key=lambda node: rank.get(node.get(key), len(ids)))


def _links(datasette: Any, request: Any, database: str) -> records.Link:
    def link(table: str, key: str) -> str:
        return datasette.absolute_url(request, datasette.urls.row(database, table, tilde_encode(key)))

    return link


def _headers(data: dict[str, Any]) -> dict[str, str]:
    # quotes may hold markup: a browser must never take the body for HTML
    headers = {"X-Content-Type-Options": "nosniff"}
    next_url = data.get("next_url")
    return headers | {"Link": f'<{next_url}>; rel="next"'} if next_url else headers


async def _nodes(datasette: Any, database: str, produce: Callable[[Any], Iterable[records.Record]]) -> list[Any]:
    return await datasette.get_database(database).execute_fn(lambda conn: list(produce(conn)))


async def render_json_lines(
    datasette: Any, database: str, table: str | None, rows: list[Any], data: dict[str, Any]
) -> Response | None:
    if table not in PAGE_IDS:
        return None  # Datasette answers 404
    ids = _page_ids(rows)
    selection = records.Selection(**{PAGE_IDS[table]: ids})
    nodes = await _nodes(datasette, database, lambda conn: records.claim_records(conn, selection))
    key = "id" if table == "claims" else "statement_id"
    body = records.as_text(records.write_json_lines, _in_page_order(nodes, key, ids))
    return Response(body, content_type=JSON_LINES, headers=_headers(data))


async def render_json_ld(
    datasette: Any, request: Any, database: str, table: str | None, rows: list[Any], data: dict[str, Any]
) -> Response | None:
    if table not in PAGE_IDS:
        return None
    ids = _page_ids(rows)
    selection = records.Selection(**{PAGE_IDS[table]: ids})
    link = _links(datasette, request, database)
    nodes = await _nodes(datasette, database, lambda conn: records.statement_claims(conn, selection, link))
    body = records.as_text(records.write_jsonld_document, _in_page_order(nodes, "identifier", ids))
    return Response(body, content_type=JSON_LD, headers=_headers(data))


@hookimpl
def register_output_renderer(datasette: Any) -> list[dict[str, Any]]:
    return [
        {"extension": "jsonl", "render": render_json_lines, "can_render": can_render},
        {"extension": "jsonld", "render": render_json_ld, "can_render": can_render},
    ]
