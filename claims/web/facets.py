"""Facet counts that stay fast on a million claims.

Datasette's column facet runs one GROUP BY per facet column over the filtered rows: six facets over a
million claims cost about a second. Here the counts of the whole table, and of the table filtered on one
summarised column (`?speaker_id=...`), are read from the `facet_counts` table written at build time; a search
(with or without equalities on facet columns) is counted from the in-memory index of the facet columns
(claims/web/search_index.py); any other filtered set is read once for all its facet columns together, and only
very large ones fall back to Datasette's own queries.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable
from typing import Any, TypeVar

from datasette.database import QueryInterrupted
from datasette.facets import ColumnFacet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args, sqlite_timelimit

from ..build.summary import FILTERS, SUMMARISED, SUMMARY_TABLE
from .search import matched_rows

T = TypeVar("T")

# Filtered sets up to this many rows are read once for all facets; larger ones get one GROUP BY per facet.
MAX_SCANNED_ROWS = 300_000
SCAN_SAFETY_FACTOR = 4


# Query-string arguments that change how rows are shown, not which rows there are.
_PRESENTATION = frozenset(
    {
        "_view",
        "_facet",
        "_facet_size",
        "_size",
        "_next",
        "_sort",
        "_sort_desc",
        "_labels",
        "_nolabels",
        "_col",
        "_nocol",
        "_shape",
        "_json",
        "_json_infinity",
        "_nl",
        "_stream",
        "_dl",
        "_trace",
        "_nocount",
        "_nofacet",
        "_timelimit",
        "_hide_sql",
        "_show_sql",
    }
)


def summary_key(args: Any, table: str) -> tuple[str, str] | None:
    """(filter column, value) when the request's query string selects the whole table ('', '') or the rows equal to
    one value of one summarised column (`?speaker_id=x`, `?kind__exact=direct`); None for any other selection. Read
    from the request, never from the SQL Datasette writes, which may change between its versions."""
    filters = []
    for name in args:
        if name.startswith("_"):
            if name not in _PRESENTATION and not name.startswith("_facet_"):
                return None  # _search, _where, _through, _filter_column...: another selection
            continue
        filters += [(name, value) for value in args.getlist(name)]
    if not filters:
        return "", ""
    if len(filters) > 1:
        return None
    name, value = filters[0]
    column = name.removesuffix("__exact")
    if "__" in column or column not in FILTERS or column not in SUMMARISED.get(table, []):
        return None
    return column, value


class SummaryColumnFacet(ColumnFacet):
    """A column facet answered from `facet_counts`, or one scan, where it can be: a facet type of its own
    ("summary"), configured in metadata.yml beside Datasette's column facet, which still answers `?_facet=`."""

    type = "summary"

    async def suggest(self) -> list[dict[str, Any]]:
        return []  # Datasette's column facet suggests; this one is configured

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        configs = self.get_configs()
        columns = [c["config"].get("column") or c["config"]["simple"] for c in configs]
        if not columns:
            return [], []
        counts = await self._summarised(columns)
        if counts is None:
            counts = await self._indexed(columns)
        if counts is None:
            counts = await self._scanned(columns)
        if counts is None:
            return await self._result_of_group_by()
        results = []
        for source_and_config, column in zip(configs, columns, strict=True):
            hideable = source_and_config["source"] != "metadata"
            results.append(await self._result(column, counts[column], hideable))
        return results, []

    async def _result_of_group_by(self) -> tuple[list[dict[str, Any]], list[str]]:
        return await super().facet_results()

    async def _summarised(self, columns: list[str]) -> dict[str, list[tuple[Any, int]]] | None:
        key = summary_key(self.request.args, self.table) if self.table else None
        summarised = SUMMARISED.get(self.table or "", [])
        if key is None or not set(columns) <= set(summarised):
            return None
        filter_column, filter_value = key
        db = self.ds.get_database(self.database)
        if filter_column and not await self._summary_has(filter_column, filter_value):
            return None  # a small set: not summarised, counted by the scan
        limit = self.get_facet_size() + 1
        counts = {}
        for column in columns:
            if column == filter_column:
                counts[column] = [(filter_value, self.row_count)] if self.row_count else None
                if counts[column] is None:
                    return None
                continue
            rows = await db.execute(
                f"select value, count from [{SUMMARY_TABLE}] where table_name = ? and filter_column = ?"
                " and filter_value = ? and facet_column = ? order by count desc, value limit ?",
                [self.table, filter_column, filter_value, column, limit],
            )
            counts[column] = [(row["value"], row["count"]) for row in rows]
        return counts

    async def _summary_has(self, filter_column: str, filter_value: str) -> bool:
        rows = await self.ds.get_database(self.database).execute(
            f"select 1 from [{SUMMARY_TABLE}] where table_name = ? and filter_column = ? and filter_value = ? limit 1",
            [self.table, filter_column, filter_value],
        )
        return bool(rows.rows)

    async def _indexed(self, columns: list[str]) -> dict[str, list[tuple[Any, int]]] | None:
        """A search's counts from the in-memory index of the facet columns (claims/web/search_index.py), when its
        other filters are equalities on them; None otherwise, or while the index is being made."""
        if not self.table:
            return None  # every match counts, on later pages too (claims/web/search_page.py)
        matched = await matched_rows(self.ds, self.request, self.database, self.table)
        if matched is None or not set(columns) <= set(matched[0].columns):
            return None
        index, rows = matched
        limit = self.get_facet_size() + 1
        return {column: index.top(rows, column, limit) for column in columns}

    async def _scanned(self, columns: list[str]) -> dict[str, list[tuple[Any, int]]] | None:
        """Every facet of a filtered set of rows counted in one pass over it, or None if it is too large."""
        if self.row_count is None or self.row_count > MAX_SCANNED_ROWS:
            return None
        selected = ", ".join(escape_sqlite(column) for column in columns)
        sql = f"select {selected} from ({self.sql})"
        limit = self.get_facet_size() + 1

        def count(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, int]]]:
            counters = [Counter[Any]() for _ in columns]
            for row in conn.execute(sql, self.params):
                for counter, value in zip(counters, row, strict=True):
                    counter[value] += 1
            return {column: _top(counter, limit) for column, counter in zip(columns, counters, strict=True)}

        try:
            db = self.ds.get_database(self.database)
            # The scan is bounded: at most MAX_SCANNED_ROWS rows, of a query whose count just ran within the time
            # limit. Under load it waits for the processor, so its limit is a loose safety net, not the facet
            # time limit: cutting it would only fall back to GROUP BYs that take longer still.
            limit = SCAN_SAFETY_FACTOR * self.ds.setting("sql_time_limit_ms")
            return await db.execute_fn(with_time_limit(count, limit))
        except QueryInterrupted:
            return None

    async def _result(self, column: str, counts: list[tuple[Any, int]], hideable: bool) -> dict[str, Any]:
        """One facet in the shape Datasette's templates and JSON expect."""
        size = self.get_facet_size()
        pairs = self.get_querystring_pairs()
        shown = counts[:size]
        labels = await self.ds.expand_foreign_keys(self.database, self.table, column, [v for v, _ in shown])
        argument = f"{column}__exact" if column.startswith("_") else column
        values = []
        for value, number in shown:
            selected = (argument, str(value)) in pairs
            path = (
                path_with_removed_args(self.request, {argument: str(value)})
                if selected
                else path_with_added_args(self.request, {argument: value})
            )
            values.append(
                {
                    "value": value,
                    "label": labels.get((column, value), value),
                    "count": number,
                    "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(path)),
                    "selected": selected,
                }
            )
        return {
            "name": column,
            "type": self.type,
            "hideable": hideable,
            "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {f"_facet_{self.type}": column})),
            "results": values,
            "truncated": len(counts) > size,
        }


def _top(counter: Counter[Any], limit: int) -> list[tuple[Any, int]]:
    """The most frequent non-null values, ties broken by value, as Datasette orders them."""
    items = [(value, n) for value, n in counter.items() if value is not None]
    items.sort(key=lambda item: (-item[1], str(item[0])))
    return items[:limit]


def with_time_limit(fn: Callable[[sqlite3.Connection], T], milliseconds: int) -> Callable[[sqlite3.Connection], T]:
    """fn(conn), cut off like any Datasette query once it runs past the limit."""

    def limited(conn: sqlite3.Connection) -> T:
        try:
            with sqlite_timelimit(conn, milliseconds):
                return fn(conn)
        except sqlite3.OperationalError as error:
            if "interrupted" in str(error):
                raise QueryInterrupted(error, "", {}) from None
            raise

    return limited
