"""What a search of the claims table selects, and how its page is read fast.

Datasette 0.65 searches a table with `rowid in (select rowid from <fts> where <fts> match ...)` and orders the
matches by the table's sort key, so SQLite reads every match, sorts them and keeps a page: about half a second for
a word a tenth of the claims hold, and as long again to count them and to count their facets. Nothing a plugin may
hand Datasette changes that query: a filter it adds is ANDed to Datasette's own, the same clause counts the rows,
and the plan stays. So the claims table's page with a search is answered by the plugin (claims/web/search_page.py),
as Datasette builds it, with two differences in how, not what, it reads:

- a page of a search with many matches walks the sort key's index in the page's order and keeps the rows the
  full-text index matched (`+rowid in (...)`: the same rows in the same order, without sorting every match),
  stopping after a page; a search with few matches is sorted, as Datasette sorts it;
- the matches are counted, and their facets (claims/web/facets.py), from the in-memory index of the facet columns
  (claims/web/search_index.py), when the search's filters are equalities on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from datasette.utils import escape_sqlite

from ..build.summary import FILTERS, SUMMARISED
from .search_index import INDEXES, FacetIndex, as_rowids, selected

# Walk the sort key's index when matches are dense enough: its cost is about the rows walked before a page is
# found (page x rows / matches), a sort's is the matches, at about five times the cost a row (measured at 1M claims).
WALK_FACTOR = 0.25

Matched = tuple[FacetIndex, Any]  # the index, and the rowids of the rows a search selects


def plugins() -> Any:
    """Datasette's plugin manager, imported when first used: importing it loads every plugin, this one among them."""
    from datasette.plugins import pm

    return pm


def indexed_columns(table: str) -> list[str]:
    """The columns of a table that the in-memory index holds: its summarised facets."""
    return [column for column in SUMMARISED.get(table, []) if column in FILTERS]


@dataclass(frozen=True)
class Search:
    """What a request searches: the term, how it is matched, and the equalities that narrow it."""

    term: str
    raw: bool
    equal: tuple[tuple[str, str], ...]


def searched(args: Any, table: str, metadata: dict[str, Any]) -> Search | None:
    """The search of a request whose rows are the full-text matches of one term, narrowed only by equalities on
    indexed columns (`?_search=x&speaker_id=y`); None for any other selection."""
    terms = args.getlist("_search")
    if len(terms) != 1 or not terms[0].strip() or metadata.get("fts_pk", "rowid") != "rowid":
        return None
    if {hook.plugin_name for hook in plugins().hook.filters_from_request.get_hookimpls()} != {"datasette.filters"}:
        return None  # another plugin's filters could narrow the rows in ways the index cannot tell
    equal = []
    for name in args:
        if name.startswith("_") and "__" not in name:
            if name in ("_fts_table", "_fts_pk", "_where", "_through") or name.startswith("_search_"):
                return None
            continue
        column = name.removesuffix("__exact")
        if column not in indexed_columns(table) or "__" in column:
            return None
        equal += [(column, value) for value in args.getlist(name)]
    return Search(terms[0], raw_search(args, metadata), tuple(equal))


def raw_search(args: Any, metadata: dict[str, Any]) -> bool:
    """Whether the search is handed to the full-text index as written (`raw`) or escaped, as Datasette decides."""
    mode = args.get("_searchmode")
    if mode in ("raw", "escaped"):
        return mode == "raw"
    return metadata.get("searchmode") == "raw"


def match_sql(fts_table: str, raw: bool) -> str:
    match = ":search" if raw else "escape_fts(:search)"
    return f"select rowid from {escape_sqlite(fts_table)} where {escape_sqlite(fts_table)} match {match}"


async def fts_table_of(datasette: Any, database: str, table: str) -> str | None:
    metadata = datasette.table_metadata(database, table)
    return metadata.get("fts_table") or await datasette.get_database(database).fts_table(table)


async def matched_rows(datasette: Any, request: Any, database: str, table: str) -> Matched | None:
    """The in-memory index and the rows of the request's search (rowids, for the index), or None when the search
    cannot be read from the index (another selection, or no index yet). Read once a request."""
    memo = request.scope.setdefault("claims.matches", {})
    if (database, table) not in memo:
        memo[(database, table)] = await _matched_rows(datasette, request, database, table)
    return memo[(database, table)]


async def _matched_rows(datasette: Any, request: Any, database: str, table: str) -> Matched | None:
    search = searched(request.args, table, datasette.table_metadata(database, table))
    db = datasette.get_database(database)
    if search is None or db.is_mutable or db.path is None:
        return None
    index = INDEXES.get(Path(db.path), table, indexed_columns(table))
    fts_table = await fts_table_of(datasette, database, table)
    if index is None or fts_table is None:
        return None
    sql = f"select group_concat(rowid) from ({match_sql(fts_table, search.raw)})"
    joined = (await db.execute(sql, {"search": search.term})).single_value()
    rows = selected(index, as_rowids(joined), search.equal)
    return None if rows is None else (index, rows)


def walked(sql: str, clause: str, matched: Matched | None, search: Search | None, page_size: int) -> str:
    """The page's SQL, told to walk its order's index when the matches are dense enough for that to be faster (the
    table is ordered by a key `sortable_columns` offers: a unique, indexed one). `+rowid` keeps SQLite from looking
    each match up by rowid and sorting them all: the rows are the same."""
    if matched is None or search is None:
        return sql
    index, rows = matched
    if len(rows) ** 2 < WALK_FACTOR * (page_size + 1) * _rows_with(index, search.equal):
        return sql
    return sql.replace(clause, f"+{clause}", 1)


def _rows_with(index: FacetIndex, equal: tuple[tuple[str, str], ...]) -> int:
    """How many rows of the table meet the equalities: the rows a walk of their index may pass."""
    if not equal:
        return index.size
    rows = np.flatnonzero(next(iter(index.columns.values())).codes)
    for name, value in equal:
        rows = index.equal(rows, name, value)
    return len(rows)


async def search_clause(datasette: Any, database: str, table: str, args: Any) -> str:
    """Datasette's clause for `?_search=`, as its search filter writes it (`_fts_table` and `_fts_pk` are never
    accepted by the page)."""
    metadata = datasette.table_metadata(database, table)
    fts_table = await fts_table_of(datasette, database, table) or ""
    fts_pk = metadata.get("fts_pk", "rowid")
    return f"{escape_sqlite(fts_pk)} in ({match_sql(fts_table, raw_search(args, metadata))})"
