"""The facet summary the build writes: for the whole claims table, and for each value of a summarised column with
many rows, how many claims have each value of every other summarised column (the `facet_counts` table). The
web's facets (claims/web/facets.py) and the timeline read it; the build counts it here, without Datasette.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
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
    try:
        return pairs_of(
            conn.execute(f"select {columns} from [{table}] where rowid >= ? and rowid < ?", (lo, hi)), large
        )
    finally:
        conn.close()


def pairs_of(rows: Iterable[Sequence[Any]], large: list[set[Any]]) -> Pairs:
    """How often each large filter value meets each other value, in rows of the summarised columns."""
    pairs: Pairs = Counter()
    for row in rows:
        present = [(i, value) for i, value in enumerate(row) if value is not None]
        for i, value in present:
            if value in large[i]:
                for j, other in present:
                    if j != i:
                        pairs[i, value, j, other] += 1
    return pairs


def pair_jobs(path: Path, conn: sqlite3.Connection, table: str, parts: int) -> tuple[list[Counter[Any]], list[Any]]:
    """The whole table's counts, and the jobs that count the pairs in `parts` ranges of rowids."""
    totals = _totals(conn, table)
    large = _large(table, totals)
    top = conn.execute(f"select coalesce(max(rowid), 0) + 1 from [{table}]").fetchone()[0]
    bounds = [top * part // parts for part in range(parts + 1)]
    return totals, [(str(path), table, large, lo, hi) for lo, hi in itertools.pairwise(bounds)]


def _large(table: str, totals: list[Counter[Any]]) -> list[set[Any]]:
    """Per summarised column, the values with rows enough to be summarised as a filter."""
    return [
        {value for value, n in counter.items() if n >= MIN_SUMMARISED_ROWS and value is not None}
        if column in FILTERS
        else set()
        for column, counter in zip(SUMMARISED[table], totals, strict=True)
    ]


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


# An incremental build changes the summary by what changed: the rows that went and the rows that came.

Group = tuple[str, str, str]  # filter column, filter value, facet column


def update_summary(conn: sqlite3.Connection, table: str, gone: list[Sequence[Any]], came: list[Sequence[Any]]) -> None:
    """Bring `facet_counts` from the rows before to the rows now, given the rows of the summarised columns (in the
    order of SUMMARISED) that went and that came: the same counts a full build would write."""
    columns = SUMMARISED[table]
    before = [_group(conn, table, ("", "", column)) for column in columns]
    deltas = _totals_of(came, len(columns))
    for delta, gone_counts in zip(deltas, _totals_of(gone, len(columns)), strict=True):
        delta.subtract(gone_counts)
    after = [Counter(counts) + Counter() for counts in before]
    for counts, delta in zip(after, deltas, strict=True):
        counts.update(delta)
        for value in [v for v, n in counts.items() if n <= 0]:
            del counts[value]
    for column, delta in zip(columns, deltas, strict=True):
        _apply(conn, table, ("", "", column), delta)
    large_before, large_after = _large(table, before), _large(table, after)
    kept = [b & a for b, a in zip(large_before, large_after, strict=True)]
    pairs = pairs_of(came, kept)
    pairs.subtract(pairs_of(gone, kept))
    grouped: dict[Group, Counter[Any]] = {}
    for (i, value, j, other), n in pairs.items():
        grouped.setdefault((columns[i], str(value), columns[j]), Counter())[other] += n
    for group, delta in grouped.items():
        _apply(conn, table, group, delta)
    for i, column in enumerate(columns):
        for value in large_before[i] - large_after[i]:
            conn.execute(
                f"delete from [{SUMMARY_TABLE}] where table_name = ? and filter_column = ? and filter_value = ?",
                [table, column, str(value)],
            )
        _summarise_anew(conn, table, i, large_after[i] - large_before[i])


def _totals_of(rows: Iterable[Sequence[Any]], width: int) -> list[Counter[Any]]:
    totals: list[Counter[Any]] = [Counter() for _ in range(width)]
    for row in rows:
        for counts, value in zip(totals, row, strict=True):
            if value is not None:
                counts[value] += 1
    return totals


def _group(conn: sqlite3.Connection, table: str, group: Group) -> dict[Any, int]:
    sql = (
        f"select value, count from [{SUMMARY_TABLE}]"
        " where table_name = ? and filter_column = ? and filter_value = ? and facet_column = ?"
    )
    return dict(conn.execute(sql, [table, *group]).fetchall())


def _apply(conn: sqlite3.Connection, table: str, group: Group, delta: Counter[Any]) -> None:
    """Add `delta` to one group's counts: a count that reaches zero goes, a new value comes."""
    where = "table_name = ? and filter_column = ? and filter_value = ? and facet_column = ? and value = ?"
    current = _group(conn, table, group)
    for value, n in delta.items():
        if n == 0:
            continue
        count = current.get(value, 0) + n
        if value in current and count > 0:
            conn.execute(f"update [{SUMMARY_TABLE}] set count = ? where {where}", [count, table, *group, value])
        elif value in current:
            conn.execute(f"delete from [{SUMMARY_TABLE}] where {where}", [table, *group, value])
        else:
            conn.execute(f"insert into [{SUMMARY_TABLE}] values (?, ?, ?, ?, ?, ?)", [table, *group, value, count])


def _summarise_anew(conn: sqlite3.Connection, table: str, index: int, values: set[Any]) -> None:
    """The counts of values that have just become large enough to summarise, counted from their rows."""
    columns = SUMMARISED[table]
    selected = ", ".join(f"[{c}]" for c in columns)
    large = [values if i == index else set() for i in range(len(columns))]
    for value in values:
        rows = conn.execute(f"select {selected} from [{table}] where [{columns[index]}] = ?", [value])
        for (_, found, j, other), n in pairs_of(rows, large).items():
            conn.execute(
                f"insert into [{SUMMARY_TABLE}] values (?, ?, ?, ?, ?, ?)",
                [table, columns[index], str(found), columns[j], other, n],
            )
