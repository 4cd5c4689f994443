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


def first_page_token(descending: bool, key_count: int) -> str:
    """A `_next` token that resumes before the first row: Datasette then orders the page by sort column and key."""
    start = tilde_encode(BEYOND_ALL) if descending else AFTER_NULLS
    return ",".join([start, *[BEFORE_ALL_KEYS] * key_count])


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


async def text_keys(db: Any, table: str) -> list[str] | None:
    """The primary key columns, when the table has a declared key that is all text (so '' precedes them all)."""
    if not await db.table_exists(table):
        return None
    keys = await db.primary_keys(table)
    types = {column.name: column.type.lower() for column in await db.table_column_details(table)}
    return keys if keys and all(types.get(key) == "text" for key in keys) else None


async def _first_page_next(view: Any, request: Any) -> str | None:
    database = tilde_decode(request.url_vars["database"])
    table = tilde_decode(request.url_vars["table"])
    db = view.ds.databases.get(database)
    if db is None or request.args.get("_next"):
        return None
    column, descending = requested_sort(view.ds, request, database, table)
    keys = await text_keys(db, table) if column else None
    if not keys or column in keys:
        return None
    return first_page_token(descending, len(keys))


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
