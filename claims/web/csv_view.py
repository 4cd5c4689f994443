"""The CSV of a whole filtered view, from one query: what a reader's `.csv` of the claims table gets.

Datasette streams a CSV (`_stream=on`) by answering its table page again for every `max_returned_rows` rows, each
time with its permission checks and label lookups, and sends each row as a message of its own: about 20,000 rows a
second over a million claims. `exports.py` sends a `.csv` of the claims table that does not name `_stream` to this
renderer (extension CSV_VIEW) instead. Datasette still answers the request's first page, so permissions, filters,
sort, `_col` and `_labels` are checked, and refused, as on any page; then the renderer streams the whole view from
one SQL query of its own, in batches of BATCH_ROWS rows (each under the SQL time limit, so memory stays constant).
Each batch is written as CSV, every cell defused, in the query thread that read it (while the batch before is sent),
straight from the UTF-8 bytes SQLite stores, with minimal quoting, as Python's csv module writes.

The query selects what Datasette's page selects: the WHERE clauses built by Datasette's own `Filters` and
`filters_from_request` hooks from the same query string, the same order and the same columns. The view is ordered
by a unique, non-null key (the table's primary key, or a column metadata.yml lists in `sortable_columns`, unique
keys only), so each batch resumes after the last key of the one before: every row once, in order. The first batch
must begin with the rows of Datasette's own first page; when it does not, or the view cannot be read this way (a
key that may be null, a label without a label column, blobs, a SQL view), the reader is sent to Datasette's own
stream instead. As in Datasette's, `max_csv_mb` bounds the export (a batch at a time), and a query past the time
limit ends it: with a 503 before the first row, with an `error:` line after.

Beside each column Datasette expands (`_labels`, `_label`) goes its label, looked up as Datasette's own
`expand_foreign_keys` looks it up: once per key a batch holds that the export has not met yet (a query per batch
and label column, LOOKUP_KEYS keys at most), kept as CSV cells from batch to batch, up to LABELS_KEPT a table.
Speakers and outlets repeat from row to row: a batch of one speaker's claims looks up only its new articles' titles.

A batch is written a column at a time: whether any cell of a column needs quotes, or starts like a formula, is
found in the whole column joined at once (in C), and most columns need neither and are written as they were read;
only the others are written cell by cell. On the benchmark's database (1M claims), the CSV link of the most quoted
speaker with `_labels=on` (120,518 rows, 92 MB), read with Python's csv module by a client on the same two cores,
streams at about 84,000 rows a second, the server busy 1.4 CPU seconds (when the labels were looked up by SQL for
each row and every cell written on its own: 52,000 rows a second, 2.2 CPU seconds), in the same memory (about 130 MB).

A filter on an indexed column (a speaker, an outlet, a kind: `(column, sort_key)` indexes) is read in the order's
index, so each batch costs its rows. A search is not: SQLite reads every match and sorts them for each batch, so a
search with 100,000 matches exports at about 2,500 rows a second (Datasette's own stream: 2,000).
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass, field
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
LABELS_KEPT = 20_000  # labels of one table kept from batch to batch (about 3 MB of article titles), then forgotten
LOOKUP_KEYS = 512  # keys a label lookup asks for at a time: within any SQLite's limit of bound parameters

_FIRST = frozenset(start.encode() for start in FORMULA_STARTS)
_STARTS = tuple(_FIRST)
_NUMBER = re.compile(PLAIN_NUMBER.pattern.encode())
# A cell, after the first of a column's cells joined by NUL bytes, that starts like a formula
_FORMULA_AFTER_NUL = re.compile(rb"\x00[=+\-@\t\r]")


def quoted(text: bytes) -> bytes:
    """Text that starts like no formula, as `cell_csv` writes it: quoted if it holds a quote, a comma or a line end."""
    # A byte looked up by its number is found several times faster than as a byte string
    if 34 in text:  # "
        return b'"' + text.replace(b'"', b'""') + b'"'
    if 44 in text or 10 in text or 13 in text:  # , \n \r
        return b'"' + text + b'"'
    return text


def cell_csv(cell: Any) -> bytes:
    """One cell (text read as UTF-8 bytes) as Python's csv writer writes it, minimally quoted, in UTF-8, and defused as
    `exports.defuse` defuses it."""
    if cell.__class__ is bytes:
        text = cell
    else:
        text = b"" if cell is None else (repr(cell) if cell.__class__ is float else str(cell)).encode()
    if text[:1] in _FIRST and not _NUMBER.fullmatch(text):
        text = b"'" + text
    return quoted(text)


def csv_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    """Rows as the csv module writes them (`\\r\\n` line ends), every cell defused, in UTF-8: several times faster."""
    # the csv module quotes a record of one empty cell, so that it is not an empty line
    return b"".join([(b",".join(map(cell_csv, row)) or b'""') + b"\r\n" for row in rows])


def _text_column(cells: Sequence[Any]) -> tuple[Sequence[bytes], bytes] | None:
    """A column's cells as text (nulls empty) and joined by NUL bytes; None when it holds numbers."""
    try:
        return cells, b"\0".join(cells)
    except TypeError:
        texts = [b"" if cell is None else cell for cell in cells]
    try:
        return texts, b"\0".join(texts)
    except TypeError:
        return None


def column_csv(cells: Sequence[Any]) -> Sequence[bytes]:
    """A column's cells, each as `cell_csv` writes it. Whether any cell of the column starts like a formula, or needs
    quotes, is found in the whole column at once, in C: most columns need neither, and are kept as they are."""
    text = _text_column(cells)
    if text is None:
        if set(map(type, cells)) == {int}:  # never quoted nor defused: "-1" is a plain number
            return ",".join(map(str, cells)).encode().split(b",")
        return [*map(cell_csv, cells)]
    texts, joined = text
    if joined.startswith(_STARTS) or _FORMULA_AFTER_NUL.search(joined):
        return [*map(cell_csv, texts)]
    if b'"' in joined or b"," in joined or b"\n" in joined or b"\r" in joined:
        return [*map(quoted, texts)]
    return texts


def rows_csv(columns: Sequence[Sequence[bytes]]) -> bytes:
    """Records from their columns of written cells, as `csv_bytes` writes them."""
    if len(columns) == 1:  # the csv module quotes a record of one empty cell, so that it is not an empty line
        return b"".join([(cell or b'""') + b"\r\n" for cell in columns[0]])
    return b"\r\n".join([*map(b",".join, zip(*columns, strict=True)), b""])


@dataclass(frozen=True)
class Label:
    """A column Datasette expands (`_labels`, `_label`): where it is among the cells read, and the start of the query
    that looks up its labels as Datasette's `expand_foreign_keys` does, `select key, label ... where key in (`."""

    index: int
    lookup: str


def label_lookup(foreign_key: dict[str, str], label: str) -> str:
    """The start of the query of a foreign key's labels, as Datasette's `expand_foreign_keys` writes it."""
    other, column = escape_sqlite(foreign_key["other_table"]), escape_sqlite(foreign_key["other_column"])
    return f"select {column}, {escape_sqlite(label)} from {other} where {column} in ("


class Labels:
    """The labels one export has looked up, as CSV cells, by lookup and key. A lookup's labels are forgotten when
    there are more than LABELS_KEPT, so memory stays bounded; speakers and outlets, few and repeated, stay."""

    def __init__(self) -> None:
        self.known: dict[str, dict[Any, bytes]] = {}

    def cells(self, conn: sqlite3.Connection, label: Label, keys: Sequence[Any]) -> list[bytes]:
        """The label of each key (text read as bytes), written and defused; an empty cell for a null key or a key
        without a label, as in Datasette's CSV."""
        known = self.known.get(label.lookup)
        if known is None or len(known) > LABELS_KEPT:
            known = self.known[label.lookup] = {None: b""}
        missing = list(set(keys).difference(known))  # looks each key up in the dict, never iterates the dict
        for start in range(0, len(missing), LOOKUP_KEYS):
            self.look_up(conn, label, missing[start : start + LOOKUP_KEYS], known)
        return [*map(known.__getitem__, keys)]

    @staticmethod
    def look_up(conn: sqlite3.Connection, label: Label, keys: list[Any], known: dict[Any, bytes]) -> None:
        """The labels of keys, into `known`; text read as bytes is bound as text again (bytes would be a blob)."""
        known.update(dict.fromkeys(keys, b""))
        bound, odd = bindable(keys)
        # Nulls, which no key equals, make the keys a power of two: a few statements for SQLite to prepare and keep in
        # the connection's cache, not one for each count of keys (each would hold its memory until pushed out)
        size = 1 << (len(bound) - 1).bit_length() if bound else 0
        found = conn.execute(f"{label.lookup}{', '.join(['?'] * size)})", [*bound, *[None] * (size - len(bound))])
        labels = found.fetchall()
        for text in odd:  # bound as a blob, cast to the same bytes of text
            labels += conn.execute(f"{label.lookup}cast(? as text))", [text]).fetchall()
        known.update((key, cell_csv(text)) for key, text in labels)


def bindable(keys: list[Any]) -> tuple[list[Any], list[bytes]]:
    """The keys as Datasette binds them (text as text), and apart the text that is not UTF-8, which cannot be."""
    bound, odd = [], []
    for key in keys:
        try:
            bound.append(key.decode() if key.__class__ is bytes else key)
        except UnicodeDecodeError:
            odd.append(key)
    return bound, odd


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
    labels: tuple[Label, ...] = ()  # the columns written with their labels beside them
    known: Labels = field(default_factory=Labels, compare=False)  # the labels this export has looked up

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
        body = batch_csv(view, conn, rows)
    finally:
        conn.text_factory = text_factory
    last = _text(rows[-1][view.key_index]) if rows else None  # bound as bytes it would be a blob, after all text
    return Batch(body, [row[view.id_index] for row in rows], last, len(rows) == BATCH_ROWS)


def batch_csv(view: View, conn: sqlite3.Connection, rows: list[Any]) -> bytes:
    """A batch's rows as CSV, a column at a time, each expanded column's labels beside it."""
    if not rows:
        return b""
    labels = {label.index: label for label in view.labels}
    columns: list[Sequence[bytes]] = []
    for index, column in enumerate(list(zip(*rows, strict=True))[: view.width]):
        columns.append(column_csv(column))
        if index in labels:
            columns.append(view.known.cells(conn, labels[index], column))
    return rows_csv(columns)


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


def selected(table: str, data: dict[str, Any]) -> tuple[list[str], list[str], tuple[Label, ...]] | None:
    """The select list, the header of Datasette's CSV of the page (each column, and after each column it expands, its
    label as `<column>_label`) and the columns expanded; None when a label has no column to come from."""
    expandable = {foreign_key["column"]: (foreign_key, label) for foreign_key, label in data["expandable_columns"]}
    expanded = set(data.get("expanded_columns") or [])
    select, header, labels = [], [], []
    for column in data["columns"]:
        if column in expanded:
            foreign_key, label = expandable[column]
            if not label:
                return None
            labels.append(Label(len(select), label_lookup(foreign_key, label)))
        select.append(f"{escape_sqlite(table)}.{escape_sqlite(column)}")
        header += [column, f"{column}_label"] if column in expanded else [column]
    return (select, header, tuple(labels)) if select else None


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
    select, header, labels = chosen
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
        labels=labels,
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
