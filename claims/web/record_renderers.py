"""Datasette output formats for whole records: `.jsonl` (each claim with its speaker, intermediary, article and
outlet nested, as `claims export --format jsonl`) and `.jsonld` (schema.org Claims, one per statement, as
`claims export --format jsonld`), on the claims and statements tables and their row pages.

On a table, every export link gives the whole filtered view, as a streamed CSV does, not the page on screen: the
same filters, search and sort, every row once, in the view's order, whatever `_size` or `_next` the link carries.
Datasette hands a renderer one page, so the renderer pages through the view itself: it asks Datasette's own table
JSON (`datasette.client`, with the reader's cookie and authorization headers) for the view's keys,
`max_returned_rows` at a time, resuming from each page's `next` token as Datasette's CSV stream does, and writes
the records of each page of keys as it goes. Nothing holds more than one page of keys and its records, so a
million claims stream in constant memory. What the view exports:

- the claims table, `.jsonl`: its claims, in its order.
- the claims table, `.jsonld`: for each page of keys, the statements of its claims, each listing the articles of
  only those claims as its `appearance` (and its first appearance as `firstAppearance`): every claim's article is
  listed once, and a statement whose claims fall on several pages of keys is a node on each.
- the statements table, `.jsonl`: each statement's claims, first appearance first, each record with the
  statement's `appearance_count`; `.jsonld`: the statements, their `appearance` lists from the first appearance.

A statement can appear in tens of thousands of articles, so the statements table gives at most APPEARANCE_LIMIT
claims of each statement (fewer when `max_returned_rows` is smaller), the first ones by position; JSON Lines says
how many appearances there are in `appearance_count`, and in JSON-LD the capped `appearance` list is all there is
(schema.org has no property for a count of appearances): each Claim's `url`, its statement's page, lists them all.
A row page exports its row; a statement's gives its first APPEARANCE_LIMIT claims too.

Every query runs under Datasette's `sql_time_limit_ms`, like Datasette's own: a page of keys is Datasette's own
table query, and each page of records is one query of ours. When the first runs past the limit the answer is a
503 and one line of text, never a hang; once the records have begun, the status is sent, so the body stops with
a last line `error: ...` that no JSON reader takes for a record (and a JSON-LD document is left unclosed). A whole
export without limits is `claims export`, or the download of the database file. Renderers only read.
"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

from . import records
from .facets import with_time_limit

JSON_LINES = "application/x-ndjson"
JSON_LD = "application/ld+json"

PAGE_VIEWS = {"table", "row"}
# At most this many claims of one statement from the statements table, the first ones.
APPEARANCE_LIMIT = 100

# Query parameters that shape a page rather than choose its rows: a whole export sets its own.
PAGE_PARAMETERS = {
    *("_next", "_size", "_shape", "_col", "_nocol", "_labels", "_label", "_json", "_extra", "_nl", "_header"),
    *("_facet", "_facet_array", "_facet_date", "_facet_size", "_nofacet", "_nocount"),
    *("_trace", "_ttl", "_stream", "_dl", "_format"),
}
# The keys of a view, a page at a time, without the facets and counts Datasette would work out for a page on screen.
KEYS_PARAMETERS = [("_shape", "objects"), ("_size", "max"), ("_col", "id"), ("_nofacet", "1"), ("_nocount", "1")]
# Whose view it is: an internal request carries them, so that it sees what the reader may see.
CREDENTIALS = ("cookie", "authorization")

# quotes may hold markup: a browser must never take the body for HTML
NOSNIFF = {"X-Content-Type-Options": "nosniff"}


@dataclass(frozen=True)
class Format:
    content_type: str
    opening: str
    closing: str
    # (connection, page, links) -> the page's nodes
    nodes: Callable[[sqlite3.Connection, records.Page, records.Link], Iterable[records.Record]]
    # (nodes, output, nodes written before) -> nodes written in all
    write: Callable[[Iterable[records.Record], IO[str], int], int]


def _claim_records(conn: sqlite3.Connection, page: records.Page, _: records.Link) -> Iterable[records.Record]:
    return records.claim_records(conn, page)


def _statement_claims(conn: sqlite3.Connection, page: records.Page, link: records.Link) -> Iterable[records.Record]:
    return records.statement_claims(conn, page, link)


def _write_lines(nodes: Iterable[records.Record], out: IO[str], written: int) -> int:
    return written + records.write_json_lines(nodes, out)


JSON_LINES_FORMAT = Format(JSON_LINES, "", "", _claim_records, _write_lines)
JSON_LD_FORMAT = Format(
    JSON_LD, records.JSONLD_OPENING, records.JSONLD_CLOSING, _statement_claims, records.write_jsonld_nodes
)


class ExportStopped(Exception):
    """An export that cannot go on; `message` is the one line the reader gets."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def can_render(table: str | None, columns: list[str], view_name: str) -> bool:
    return view_name in PAGE_VIEWS and table in records.PAGE_TABLES and "id" in columns


def appearance_limit(max_rows: int, statements: int) -> int:
    """How many claims each of `statements` statements gives: at most APPEARANCE_LIMIT, and at most `max_rows`
    together; at least one, its first (a page never holds more statements than `max_rows`)."""
    return max(1, min(APPEARANCE_LIMIT, max_rows // max(statements, 1)))


def _row_page(datasette: Any, table: str, rows: Iterable[Any]) -> records.Page:
    ids = tuple(row["id"] for row in rows)
    limit = appearance_limit(datasette.setting("max_returned_rows"), len(ids))
    return records.Page(table, ids, limit if table == "statements" else None)


def record_pages(max_rows: int, table: str, ids: tuple[str, ...]) -> list[records.Page]:
    """A page of a view's keys as pages of records of at most about `max_rows` rows each: the claims table's in
    one; the statements table's a few statements at a time, so that each gives up to APPEARANCE_LIMIT claims."""
    if table != "statements":
        return [records.Page(table, ids)]
    size = max(1, max_rows // APPEARANCE_LIMIT)
    batches = [ids[start : start + size] for start in range(0, len(ids), size)]
    return [records.Page(table, batch, appearance_limit(max_rows, len(batch))) for batch in batches]


def _links(datasette: Any, request: Any, database: str) -> records.Link:
    def link(table: str, key: str) -> str:
        return datasette.absolute_url(request, datasette.urls.row(database, table, tilde_encode(key)))

    return link


def too_long(milliseconds: int) -> str:
    return (
        f"error: this export took longer than the {milliseconds} ms time limit; narrow the view with filters, or"
        " download the database\n"
    )


def _stopped(response: Any, milliseconds: int) -> ExportStopped:
    """Why Datasette did not give a page of keys."""
    try:
        answer = response.json()
    except ValueError:
        answer = {"error": response.text[:200]}
    if answer.get("title") == "SQL Interrupted":
        return ExportStopped(too_long(milliseconds), 503)
    error = " ".join(str(answer.get("error") or "no page of the view").split())
    return ExportStopped(f"error: {error}\n", response.status_code)


async def view_keys(datasette: Any, request: Any, database: str, table: str) -> AsyncIterator[tuple[str, ...]]:
    """The primary keys of the request's whole filtered view of `table`, in its order, a page at a time."""
    path = datasette.urls.table(database, table, format="json")
    chosen = [(k, v) for k, v in parse_qsl(request.query_string, keep_blank_values=True) if k not in PAGE_PARAMETERS]
    headers = {name: request.headers[name] for name in CREDENTIALS if name in request.headers}
    token = None
    while True:
        resume = [("_next", token)] if token else []
        response = await datasette.client.get(f"{path}?{urlencode(chosen + KEYS_PARAMETERS + resume)}", headers=headers)
        if response.status_code != 200:
            raise _stopped(response, datasette.setting("sql_time_limit_ms"))
        answer = response.json()
        yield tuple(row["id"] for row in answer["rows"])
        token = answer.get("next")
        if not token:
            return


async def _write(
    datasette: Any, database: str, export: Format, page: records.Page, link: records.Link, written: int
) -> tuple[str, int]:
    """One page's nodes as text, under the time limit, and how many nodes are written with them."""
    milliseconds = datasette.setting("sql_time_limit_ms")

    def produce(conn: sqlite3.Connection) -> tuple[str, int]:
        out = io.StringIO()
        count = export.write(export.nodes(conn, page, link), out, written)
        return out.getvalue(), count

    try:
        return await datasette.get_database(database).execute_fn(with_time_limit(produce, milliseconds))
    except QueryInterrupted:
        raise ExportStopped(too_long(milliseconds), 503) from None


async def view_text(datasette: Any, request: Any, database: str, table: str, export: Format) -> AsyncIterator[str]:
    """The nodes of the whole filtered view, as text, a page of records at a time (without opening or closing)."""
    link = _links(datasette, request, database)
    max_rows = datasette.setting("max_returned_rows")
    written = 0
    async for ids in view_keys(datasette, request, database, table):
        for page in record_pages(max_rows, table, ids):
            text, written = await _write(datasette, database, export, page, link, written)
            yield text


class StreamedResponse(Response):
    """A Response whose body is sent as it is made: Datasette sends a renderer's Response with `asgi_send`."""

    def __init__(self, chunks: AsyncIterator[str | bytes], content_type: str, headers: dict[str, str]) -> None:
        super().__init__(b"", content_type=content_type, headers=headers)
        self.chunks = chunks

    async def asgi_send(self, send: Callable[[dict[str, Any]], Any]) -> None:
        async def start_only(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":  # status, headers and cookies as Response sends them
                await send(message)

        await super().asgi_send(start_only)
        async for chunk in self.chunks:
            if chunk:
                body = chunk if isinstance(chunk, bytes) else chunk.encode("utf-8")
                await send({"type": "http.response.body", "body": body, "more_body": True})
        await send({"type": "http.response.body", "body": b""})


async def _rest(export: Format, first: str, chunks: AsyncIterator[str]) -> AsyncIterator[str]:
    last = export.opening + first
    yield last
    try:
        async for chunk in chunks:
            last = chunk or last
            yield chunk
    except ExportStopped as stopped:
        # the status is sent: the body says it stopped, on a line of its own that no JSON reader can take for a record
        yield ("" if last.endswith("\n") else "\n") + stopped.message
        return
    yield export.closing


async def whole_view(datasette: Any, request: Any, database: str, table: str, export: Format) -> Response:
    """The whole filtered view, streamed; an error line instead when its first page cannot be made."""
    chunks = view_text(datasette, request, database, table, export)
    try:
        first = await anext(chunks)
    except StopAsyncIteration:  # no statements in the view: no pages of records
        first = ""
    except ExportStopped as stopped:
        return Response.text(stopped.message, status=stopped.status, headers=NOSNIFF)
    return StreamedResponse(_rest(export, first, chunks), export.content_type, NOSNIFF)


async def one_row(datasette: Any, request: Any, database: str, table: str, rows: list[Any], export: Format) -> Any:
    page = _row_page(datasette, table, rows)
    try:
        text, _ = await _write(datasette, database, export, page, _links(datasette, request, database), 0)
    except ExportStopped as stopped:
        return Response.text(stopped.message, status=stopped.status, headers=NOSNIFF)
    return Response(export.opening + text + export.closing, content_type=export.content_type, headers=NOSNIFF)


def _renderer(export: Format) -> Callable[..., Any]:
    async def render(
        datasette: Any, request: Any, database: str, table: str | None, rows: list[Any], view_name: str
    ) -> Response | None:
        if table not in records.PAGE_TABLES:
            return None  # Datasette answers 404
        if view_name == "row":
            return await one_row(datasette, request, database, table, rows, export)
        return await whole_view(datasette, request, database, table, export)

    return render


render_json_lines = _renderer(JSON_LINES_FORMAT)
render_json_ld = _renderer(JSON_LD_FORMAT)


@hookimpl
def register_output_renderer(datasette: Any) -> list[dict[str, Any]]:
    return [
        {"extension": "jsonl", "render": render_json_lines, "can_render": can_render},
        {"extension": "jsonld", "render": render_json_ld, "can_render": can_render},
    ]
