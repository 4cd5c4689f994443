"""The CSV of a whole filtered view, from one query: what a reader's `.csv` of the claims table gets.

Datasette streams a CSV (`_stream=on`) by answering its table page again for every `max_returned_rows` rows, each
time with its permission checks and label lookups, and sends each row as a message of its own: about 20,000 rows a
second over a million claims. `exports.py` sends a `.csv` of the claims table that does not name `_stream` to this
renderer (extension CSV_VIEW) instead. Datasette still answers the request's first page, so permissions, filters,
sort, `_col` and `_labels` are checked, and refused, as on any page; then the renderer streams the whole view from
one SQL query of its own, in batches of BATCH_ROWS rows (each under the SQL time limit, so memory stays constant).
Each batch is written as CSV, every cell defused, in the query thread that read it (while the batch before is sent),
straight from the UTF-8 bytes SQLite stores (with minimal quoting, as Python's csv module writes, but several times
faster than it).

The query selects what Datasette's page selects: the WHERE clauses built by Datasette's own `Filters` and
`filters_from_request` hooks from the same query string, the same order, the same columns and, for each column
Datasette expands (`_labels`, `_label`), the label beside it: the columns and header of Datasette's CSV. The view is
ordered by a unique, non-null key (the table's primary key, or a column metadata.yml lists in `sortable_columns`,
unique keys only), so each batch resumes after the last key of the one before: every row once, in order. The first
batch must begin with the rows of Datasette's own first page; when it does not, or the view cannot be read this way
(a key that may be null, a label without a label column, blobs, a SQL view), the reader is sent to Datasette's own
stream instead. As in Datasette's, `max_csv_mb` bounds the export (a batch at a time), and a query past the time
limit ends it: with a 503 before the first row, with an `error:` line after.

A filter on an indexed column (a speaker, an outlet, a kind: `(column, sort_key)` indexes) is read in the order's
index, so each batch costs its rows. A search is not: SQLite reads every match and sorts them for each batch, so a
search with 100,000 matches exports at about 2,500 rows a second (Datasette's own stream: 2,000).
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette.database import QueryInterrupted
from datasette.filters import Filters
from datasette.utils import add_cors_headers, await_me_maybe, escape_sqlite
from datasette.utils.asgi import Response
from datasette.views.base import ureg

from .exports import FORMULA_STARTS, PLAIN_NUMBER
from .facets import with_time_limit
from .record_renderers import NOSNIFF, ExportStopped, StreamedResponse, too_long

BATCH_ROWS = 2_000  # rows a query reads at a time: about 1.5 MB of CSV from the claims table
MEGABYTE = 1 << 20  # of max_csv_mb, as Datasette counts it
AFTER = "csv_view_after"  # the parameter that resumes a batch after the last key sent; Datasette's are p0, search...

_FIRST = frozenset(start.encode() for start in FORMULA_STARTS)
_NUMBER = re.compile(PLAIN_NUMBER.pattern.encode())


def cell_csv(cell: Any) -> bytes:
    """One cell (text read as UTF-8 bytes) as Python's csv writer writes it, minimally quoted, in UTF-8, and defused as
    `exports.defuse` defuses it."""
    if cell.__class__ is bytes:
        text = cell
    else:
        text = b"" if cell is None else (repr(cell) if cell.__class__ is float else str(cell)).encode()
    if text[:1] in _FIRST and not _NUMBER.fullmatch(text):
        text = b"'" + text
    # A byte looked up by its number is found several times faster than as a byte string
    if 34 in text:  # "
        return b'"' + text.replace(b'"', b'""') + b'"'
    if 44 in text or 10 in text or 13 in text:  # , \n \r
        return b'"' + text + b'"'
    return text


def csv_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    """Rows as the csv module writes them (`\\r\\n` line ends), every cell defused, in UTF-8: several times faster."""
    # the csv module quotes a record of one empty cell, so that it is not an empty line
    return b"".join([(b",".join(map(cell_csv, row)) or b'""') + b"\r\n" for row in rows])


@dataclass(frozen=True)
class View:
    """A filtered view of a table as SQL that reads it a batch at a time, after a key."""

    header: list[str]
    select: str  # the select list and FROM
    where: list[str]
    params: dict[str, Any]
    key: str  # the escaped column the view is ordered by, unique and never null
    descending: bool
    key_index: int  # where the key is in each row read
    id_index: int  # where the primary key is
    width: int  # how many of each row's cells are written (the key may be read only to resume)

    def sql(self, resume: bool) -> str:
        """A batch's query: from the first row, or after the key bound to AFTER."""
        after = [f"{self.key} {'<' if self.descending else '>'} :{AFTER}"] if resume else []
        where = [f"({' and '.join(self.where)})"] if self.where else []
        clauses = " and ".join(where + after)
        order = f"{self.key}{' desc' if self.descending else ''}"
        return f"{self.select}{f' where {clauses}' if clauses else ''} order by {order} limit {BATCH_ROWS}"


@dataclass(frozen=True)
class Batch:
    body: bytes  # its rows as CSV
    ids: list[Any]
    last: Any  # the key of its last row
    full: bool  # as many rows as a batch holds: there may be more


def read_batch(view: View, conn: sqlite3.Connection, after: Any) -> Batch:
    """One batch of the view's rows after the key `after` (from the first row when None: no key is null), as CSV."""
    # Text is read as the UTF-8 bytes it is stored as, and written as it is: never decoded, never encoded again
    text_factory, conn.text_factory = conn.text_factory, bytes
    try:
        rows = conn.execute(view.sql(after is not None), {**view.params, AFTER: after}).fetchall()
    finally:
        conn.text_factory = text_factory
    written = rows if view.key_index < view.width else [row[: view.width] for row in rows]
    last = _text(rows[-1][view.key_index]) if rows else None  # bound as bytes it would be a blob, after all text
    return Batch(csv_bytes(written), [row[view.id_index] for row in rows], last, len(rows) == BATCH_ROWS)


def _text(value: Any) -> Any:
    return value.decode() if isinstance(value, bytes) else value


async def run_batch(datasette: Any, database: str, view: View, after: Any) -> Batch:
    """A batch under the SQL time limit, in one of Datasette's query threads."""
    milliseconds = datasette.setting("sql_time_limit_ms")

    def read(conn: sqlite3.Connection) -> Batch:
        return read_batch(view, conn, after)

    try:
        return await datasette.get_database(database).execute_fn(with_time_limit(read, milliseconds))
    except QueryInterrupted:
        raise ExportStopped(too_long(milliseconds), 503) from None


async def view_filters(datasette: Any, request: Any, database: str, table: str) -> tuple[list[str], dict[str, Any]]:
    """The WHERE clauses and parameters of the request's view, built as Datasette's table page builds them."""
    # Imported here: importing datasette.plugins loads the plugins, this module's own among them
    from datasette.plugins import pm

    pairs = [
        (key, value)
        for key in request.args
        if not (key.startswith("_") and "__" not in key)
        for value in request.args.getlist(key)
    ]
    units = datasette.table_metadata(database, table).get("units", {})
    clauses, params = Filters(sorted(pairs), units, ureg).build_where_clauses(table)
    for hook in pm.hook.filters_from_request(request=request, table=table, database=database, datasette=datasette):
        found = await await_me_maybe(hook)
        if found:
            clauses.extend(found.where_clauses)
            params.update(found.params)
    return clauses, params


def view_order(datasette: Any, request: Any, database: str, table: str, key: str) -> tuple[str, bool] | None:
    """The column the view is ordered by, as Datasette chooses it, and whether descending; None unless it is the
    primary key `key` or a sort metadata.yml offers (unique keys only)."""
    metadata = datasette.table_metadata(database, table)
    sort, sort_desc = request.args.get("_sort"), request.args.get("_sort_desc")
    if not sort and not sort_desc:
        sort, sort_desc = metadata.get("sort"), metadata.get("sort_desc")
    column = sort_desc or sort or key
    return (column, bool(sort_desc)) if column == key or column in metadata.get("sortable_columns", []) else None


def label_sql(table: str, foreign_key: dict[str, str], label: str) -> str:
    """The label of a row's foreign key, as Datasette looks it up (None when nothing has that key)."""
    other, column = escape_sqlite(foreign_key["other_table"]), escape_sqlite(foreign_key["other_column"])
    own = f"{escape_sqlite(table)}.{escape_sqlite(foreign_key['column'])}"
    return f"(select [_label].{escape_sqlite(label)} from {other} as [_label] where [_label].{column} = {own})"


def selected(table: str, data: dict[str, Any]) -> tuple[list[str], list[str]] | None:
    """The select list and the header of Datasette's CSV of the page: each column, and after each column it expands,
    its label as `<column>_label`; None when a label has no column to come from."""
    labels = {foreign_key["column"]: (foreign_key, label) for foreign_key, label in data["expandable_columns"]}
    expanded = set(data.get("expanded_columns") or [])
    select, header = [], []
    for column in data["columns"]:
        select.append(f"{escape_sqlite(table)}.{escape_sqlite(column)}")
        header.append(column)
        if column in expanded:
            foreign_key, label = labels[column]
            if not label:
                return None
            select.append(label_sql(table, foreign_key, label))
            header.append(f"{column}_label")
    return select, header


def _readable(data: dict[str, Any], details: dict[str, Any], key: str) -> bool:
    """Whether a view can be read a batch at a time by its key: a table's (not a SQL view's), without blobs (Datasette
    writes links for them), its key never null."""
    blobs = any("BLOB" in (column.type or "").upper() for column in details.values())
    return not data.get("is_view") and not blobs and key in details and bool(details[key].notnull)


async def whole_view(datasette: Any, request: Any, database: str, table: str, data: dict[str, Any]) -> View | None:
    """The request's whole view as SQL, or None when it cannot be read a batch at a time by a unique key."""
    details = {column.name: column for column in await datasette.get_database(database).table_column_details(table)}
    keys = data.get("primary_keys") or []
    chosen = selected(table, data)
    order = view_order(datasette, request, database, table, keys[0]) if len(keys) == 1 else None
    if chosen is None or order is None or not _readable(data, details, order[0]):
        return None
    select, header = chosen
    key = f"{escape_sqlite(table)}.{escape_sqlite(order[0])}"
    read = select if key in select else [*select, key]  # the key is read to resume from, written only if shown
    where, params = await view_filters(datasette, request, database, table)
    return View(
        header=header,
        select=f"select {', '.join(read)} from {escape_sqlite(table)}",
        where=where,
        params=params,
        key=escape_sqlite(order[0]),
        descending=order[1],
        key_index=read.index(key),
        id_index=read.index(f"{escape_sqlite(table)}.{escape_sqlite(keys[0])}"),
        width=len(select),
    )


def datasette_stream(datasette: Any, request: Any, database: str, table: str) -> Response:
    """A redirect to Datasette's own stream of the same view, for a view this renderer cannot read."""
    dropped = {"_next", "_stream", "_nofacet", "_nocount"}  # Datasette's CSV adds the last two itself
    query = [(k, v) for k, v in parse_qsl(request.query_string, keep_blank_values=True) if k not in dropped]
    path = datasette.urls.table(database, table, format="csv")
    return Response.redirect(f"{path}?{urlencode([*query, ('_stream', 'on')])}")


def begins_with_page(batch: Batch, rows: list[Any], key: str) -> bool:
    """Whether the batch begins with the rows of Datasette's page (as far as a batch reaches), by primary key."""
    page = [row[key]["value"] if isinstance(row[key], dict) else row[key] for row in rows][:BATCH_ROWS]
    return [_text(value) for value in batch.ids[: len(page)]] == page


def response_headers(datasette: Any, request: Any, table: str) -> tuple[str, dict[str, str]]:
    """The content type and headers of Datasette's CSV: text to read, or with `_dl` a file to download."""
    headers = dict(NOSNIFF)
    if datasette.cors:
        add_cors_headers(headers)
    if not request.args.get("_dl"):
        return "text/plain; charset=utf-8", headers
    headers["content-disposition"] = f'attachment; filename="{table}.csv"'
    return "text/csv; charset=utf-8", headers


def too_big(megabytes: int) -> str:
    return (
        f"error: this CSV is larger than the {megabytes} MB the server sends (max_csv_mb); narrow the view with"
        " filters, or download the database\n"
    )


async def batches(datasette: Any, database: str, view: View, first: Batch) -> AsyncIterator[str | bytes]:
    """The batches' CSV, the first one's given; each next batch is read while the one before is being sent."""
    megabytes = datasette.setting("max_csv_mb")
    batch, sent, upcoming = first, 0, None
    try:
        while True:
            sent += len(batch.body)
            if megabytes and sent > megabytes * MEGABYTE:
                yield too_big(megabytes)
                return
            if batch.full:
                upcoming = asyncio.ensure_future(run_batch(datasette, database, view, batch.last))
            yield batch.body
            if upcoming is None:
                return
            try:
                batch, upcoming = await upcoming, None
            except ExportStopped as stopped:
                yield stopped.message  # the status is sent: the body says it stopped, on a line of its own
                return
    finally:
        if upcoming is not None:  # the reader went away
            upcoming.cancel()


async def render_csv(
    datasette: Any,
    request: Any,
    database: str,
    table: str | None,
    rows: list[Any],
    data: dict[str, Any],
    view_name: str,
) -> Response | None:
    """The whole view of a table as CSV, streamed; Datasette's own stream of it when it cannot be read by its key."""
    if table is None or view_name != "table":
        return None  # Datasette answers 404
    view = await whole_view(datasette, request, database, table, data)
    if view is None:
        return datasette_stream(datasette, request, database, table)
    try:
        first = await run_batch(datasette, database, view, None)
    except ExportStopped as stopped:
        return Response.text(stopped.message, status=stopped.status, headers=NOSNIFF)
    # a request's _next moves Datasette's page, never the export
    if "_next" not in request.args and not begins_with_page(first, rows, data["primary_keys"][0]):
        return datasette_stream(datasette, request, database, table)
    header = b"" if request.args.get("_header") == "off" else csv_bytes([[name.encode() for name in view.header]])
    content_type, headers = response_headers(datasette, request, table)
    first = Batch(header + first.body, first.ids, first.last, first.full)
    return StreamedResponse(batches(datasette, database, view, first), content_type, headers)
