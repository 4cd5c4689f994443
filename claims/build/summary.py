"""The facet summary the build writes: for the whole claims table, and for each value of a summarised column with
many rows, how many claims have each value of every other summarised column (the `facet_counts` table). The
web's facets (claims/web/facets.py) and the timeline read it; the build counts it here, without Datasette.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .rows import ClaimRow, FacetCountRow
from .tablespec import faceted, summarised, table_of

SUMMARY_TABLE = table_of(FacetCountRow).name
# The columns whose counts are precomputed, for the whole table and for each value of each other one: the columns
# the table spec marks summarised (claims/build/rows.py).
SUMMARISED: dict[str, list[str]] = {table_of(model).name: summarised(model) for model in (ClaimRow,)}
# The summarised facets: a summarised column that is no facet (the day said, which the timeline reads) is counted
# but never a filter, as filtering on it is rare and none of its values has many rows.
FILTERS = {spec.name for spec in faceted(ClaimRow) if spec.column.summarised}
# A filter value with fewer rows than this is counted when asked: it is fast, and it keeps the table small.
MIN_SUMMARISED_ROWS = 1000

SummaryRow = tuple[str, str, str, str, Any, int]
Pairs = Counter[tuple[int, Any, int, Any]]


def _totals(conn: sqlite3.Connection, table: str) -> list[Counter[Any]]:
    """Each summarised column's value counts over the whole table (index-only GROUP BYs)."""
    return [
        Counter(dict(conn.execute(f"select [{column}], count(*) from [{table}] group by [{column}]").fetchall()))
        for column in SUMMARISED[table]
    ]


def count_pairs(job: tuple[str, str, list[set[Any]], int, int]) -> Pairs:
    """Worker: for the rows lo <= rowid < hi, how often each large filter value meets each other facet value.
    A Python pass over the facet columns: thirty GROUP BYs over a million rows take several times longer."""
    path, table, large, lo, hi = job
    columns = ", ".join(f"[{c}]" for c in SUMMARISED[table])
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    pairs: Pairs = Counter()
    try:
        for row in conn.execute(f"select {columns} from [{table}] where rowid >= ? and rowid < ?", (lo, hi)):
            present = [(i, value) for i, value in enumerate(row) if value is not None]
            for i, value in present:
                if value in large[i]:
                    for j, other in present:
                        if j != i:
                            pairs[i, value, j, other] += 1
    finally:
        conn.close()
    return pairs


def pair_jobs(path: Path, conn: sqlite3.Connection, table: str, parts: int) -> tuple[list[Counter[Any]], list[Any]]:
    """The whole table's counts, and the jobs that count the pairs in `parts` ranges of rowids."""
    totals = _totals(conn, table)
    large = [
        {value for value, n in counter.items() if n >= MIN_SUMMARISED_ROWS and value is not None}
        if column in FILTERS
        else set()
        for column, counter in zip(SUMMARISED[table], totals, strict=True)
    ]
    top = conn.execute(f"select coalesce(max(rowid), 0) + 1 from [{table}]").fetchone()[0]
    bounds = [top * part // parts for part in range(parts + 1)]
    return totals, [(str(path), table, large, lo, hi) for lo, hi in itertools.pairwise(bounds)]


def summary_rows(table: str, totals: list[Counter[Any]], pairs: list[Pairs]) -> Iterator[SummaryRow]:
    """The rows of `facet_counts` for one table: the whole table's counts (empty filter) and, for each value
    of a filter column with MIN_SUMMARISED_ROWS rows or more, the counts of every other facet column."""
    columns = SUMMARISED[table]
    for i, counter in enumerate(totals):
        for value, n in counter.items():
            if value is not None:
                yield table, "", "", columns[i], value, n
    merged: Pairs = Counter()
    for part in pairs:
        merged.update(part)
    for (i, value, j, other), n in merged.items():
        yield table, columns[i], str(value), columns[j], other, n
