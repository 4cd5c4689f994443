"""Every row once when paging a sorted table, in Datasette 0.65.

Datasette orders the first page of a sorted table by the sort column alone, and every later page by the sort
column then the primary key, resuming after the last row's (value, key). Rows that share the sort value across
the first page break come back in index order, not key order, so some are skipped: paging the seed claims by
publication date returned 84 of 94, and a streamed CSV export loses rows the same way. Datasette builds the
ordered query only when it is given a `_next` token, so the first page gets one that starts before every row.
"""

from __future__ import annotations

import functools
from typing import Any

from datasette.utils import tilde_decode, tilde_encode

# Greater than any text SQLite can hold (and text sorts after every number), so "< BEYOND_ALL" is every row.
BEYOND_ALL = "\U0010ffff"
# Datasette's token for "after the null values" of an ascending sort, which come first.
AFTER_NULLS = "$null"
# Less than or equal to every text key: "id > ''" is every row with a non-empty text key.
BEFORE_ALL_KEYS = ""
# Less than every integer key (and rowid): SQLite compares it as a number with an integer column.
BEFORE_ALL_NUMBERS = str(-(2**63))


def first_page_token(descending: bool, key_starts: list[str]) -> str:
    """A `_next` token that resumes before the first row: Datasette then orders the page by sort column and key."""
    start = tilde_encode(BEYOND_ALL) if descending else AFTER_NULLS
    return ",".join([start, *key_starts])


def requested_sort(datasette: Any, request: Any, database: str, table: str) -> tuple[str | None, bool]:
    """The sort column and whether it is descending, as Datasette will apply it."""
    if request.args.get("_sort"):
        return request.args["_sort"], False
    if request.args.get("_sort_desc"):
        return request.args["_sort_desc"], True
    metadata = datasette.table_metadata(database, table)
    if metadata.get("sort"):
        return metadata["sort"], False
    return metadata.get("sort_desc"), bool(metadata.get("sort_desc"))


async def key_starts(db: Any, table: str) -> tuple[list[str], list[str]] | None:
    """The table's key columns (rowid when it has none) and, for each, a value before every row. Datasette
    resumes after `(k1 > v1) or (k1 = v1 and k2 > v2) ...`, so only the first column's value has to precede all
    of its values; None when its type gives no such value."""
    if not await db.table_exists(table):
        return None
    keys = await db.primary_keys(table)
    if not keys:
        return ["rowid"], [BEFORE_ALL_NUMBERS]
    types = {column.name: column.type.lower() for column in await db.table_column_details(table)}
    first = {"text": BEFORE_ALL_KEYS, "integer": BEFORE_ALL_NUMBERS}.get(types.get(keys[0], ""))
    return None if first is None else (keys, [first, *[BEFORE_ALL_KEYS] * (len(keys) - 1)])


async def _first_page_next(view: Any, request: Any) -> str | None:
    database = tilde_decode(request.url_vars["database"])
    table = tilde_decode(request.url_vars["table"])
    db = view.ds.databases.get(database)
    if db is None or request.args.get("_next"):
        return None
    column, descending = requested_sort(view.ds, request, database, table)
    found = await key_starts(db, table) if column else None
    if found is None or column in found[0]:
        return None
    return first_page_token(descending, found[1])


def order_first_pages_by_key() -> None:
    """Wrap TableView.data so that a sorted table's first page is ordered like the pages after it."""
    from datasette.views.table import TableView  # not at the top: loading the plugins imports this module

    original = TableView.data
    if getattr(original, "orders_first_page", False):
        return

    @functools.wraps(original)
    async def data(self: Any, request: Any, default_labels: bool = False, _next: Any = None, _size: Any = None) -> Any:
        if _next is None:
            _next = await _first_page_next(self, request)
        return await original(self, request, default_labels, _next, _size)

    data.orders_first_page = True  # type: ignore[attr-defined]
    TableView.data = data  # type: ignore[method-assign]
