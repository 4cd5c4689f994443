"""The facets of a search counted without reading its rows.

A search on a common word matches a tenth of a million claims; reading nine columns of each of them costs about as
much as the rest of the page together. The database is immutable while it is served, so each faceted column of the
claims table is held in memory once, as one small integer a row (a numpy array indexed by rowid: about 11 bytes a
claim), and a search's counts are a `bincount` over the rowids its full-text index returns. Equality filters on
those columns (`?speaker_id=...`, a facet clicked) narrow the rowids the same way; anything else is counted from
the rows as before (claims/web/facets.py).

The arrays are made in a thread of their own when the server starts (a few seconds at a million claims, one
`GROUP BY` a column over its index); until then, and for a database that is not immutable, nothing is indexed
and the pages count as they did. An index is kept only while the file it was made from is the one on disk.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from datasette.utils import escape_sqlite

NO_ROW = 0  # the code of a rowid no row has; a column's values are coded from 1

Identity = tuple[str, int, int, int]  # path, inode, size, modification time: the file an index was made from


@dataclass(frozen=True)
class IndexedColumn:
    values: tuple[Any, ...]  # values[code - 1] is the value of that code; NULL is a value too
    codes: np.ndarray  # codes[rowid]
    lookup: dict[Any, int]  # the code of each value
    textual: bool  # every value is text (or NULL): `column = 'x'` then compares text with text, as the index does

    @classmethod
    def of(cls, values: Sequence[Any], codes: np.ndarray) -> IndexedColumn:
        lookup = {value: code for code, value in enumerate(values, start=1)}
        return cls(tuple(values), codes, lookup, all(value is None or isinstance(value, str) for value in values))


@dataclass(frozen=True)
class FacetIndex:
    """Every row's value of each indexed column, by rowid."""

    columns: dict[str, IndexedColumn]
    size: int  # the table's rows

    def rows(self, rowids: np.ndarray) -> np.ndarray:
        """The rowids that are rows of the table (a full-text index may in principle hold others)."""
        codes = next(iter(self.columns.values())).codes
        inside = rowids[(rowids >= 0) & (rowids < len(codes))]
        return inside[codes[inside] != NO_ROW]

    def equal(self, rowids: np.ndarray, column: str, value: str) -> np.ndarray:
        """The rows among `rowids` whose column equals `value`, as SQL's `column = 'value'` on a text column."""
        indexed = self.columns[column]
        code = indexed.lookup.get(value) if value is not None else None
        if code is None:
            return rowids[:0]
        return rowids[indexed.codes[rowids] == code]

    def top(self, rowids: np.ndarray, column: str, limit: int) -> list[tuple[Any, int]]:
        """The most frequent non-null values among the rows, ties broken by value, as the facets order them."""
        indexed = self.columns[column]
        counts = np.bincount(indexed.codes[rowids], minlength=len(indexed.values) + 1)
        counts[NO_ROW] = 0
        if None in indexed.lookup:
            counts[indexed.lookup[None]] = 0
        codes = np.flatnonzero(counts)
        if len(codes) > limit > 0:  # only the values that can be among the first `limit`, ties included
            least = np.partition(counts[codes], len(codes) - limit)[len(codes) - limit]
            codes = codes[counts[codes] >= least]
        found = [(indexed.values[code - 1], int(counts[code])) for code in codes]
        found.sort(key=lambda item: (-item[1], str(item[0])))
        return found[:limit]


def load(path: Path, table: str, columns: Sequence[str]) -> FacetIndex:
    """Read each column's value of every row, one GROUP BY over its index a column."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)) as conn:
        low, high, rows = conn.execute(
            f"select coalesce(min(rowid), 0), coalesce(max(rowid), 0), count(*) from {escape_sqlite(table)}"
        ).fetchone()
        if low < 0 or high > 2 * rows + 1000:
            raise ValueError(f"{table}: rowids from {low} to {high} for {rows} rows cannot index an array")
        return FacetIndex({column: _column(conn, table, column, high + 1) for column in columns}, rows)


def _column(conn: sqlite3.Connection, table: str, column: str, size: int) -> IndexedColumn:
    name = escape_sqlite(column)
    groups = conn.execute(f"select {name}, group_concat(rowid) from {escape_sqlite(table)} group by {name}").fetchall()
    codes = np.zeros(size, dtype=_smallest(len(groups)))
    for code, (_, rowids) in enumerate(groups, start=1):
        codes[as_rowids(rowids)] = code
    return IndexedColumn.of([value for value, _ in groups], codes)


def _smallest(values: int) -> type[np.unsignedinteger]:
    """The narrowest unsigned type that holds the codes 0 to `values`."""
    return next(kind for kind in (np.uint8, np.uint16, np.uint32) if values <= np.iinfo(kind).max)


def as_rowids(joined: str | None) -> np.ndarray:
    """`group_concat(rowid)` as an array of rowids (parsed in C: a tenth of a million in a millisecond or two)."""
    if not joined:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(joined, dtype=np.int64, sep=",")


def identity(path: Path) -> Identity | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return str(path), stat.st_ino, stat.st_size, stat.st_mtime_ns


Key = tuple[Identity, str]  # the file and the table


class Indexes:
    """The indexes made so far, one for each file and table, each made once in a thread of its own."""

    def __init__(self) -> None:
        self._made: dict[Key, FacetIndex | None] = {}  # None: the table cannot be indexed
        self._making: dict[Key, threading.Thread] = {}
        self._lock = threading.Lock()

    def get(self, path: Path, table: str, columns: Sequence[str]) -> FacetIndex | None:
        """The table's index if it is ready for the file now on disk; otherwise start making it and return None."""
        current = identity(path)
        if current is None:
            return None
        made = self._made.get((current, table))
        if made is not None and set(columns) <= set(made.columns):
            return made
        if (current, table) not in self._made:
            self.start(path, table, columns)
        return None

    def start(self, path: Path, table: str, columns: Sequence[str]) -> threading.Thread | None:
        """The thread that makes the index, one a file and table at a time; None when it is made already (or the
        file is gone)."""
        current = identity(path)
        if current is None or (current, table) in self._made:
            return None
        with self._lock:
            thread = self._making.get((current, table))
            if thread is None:
                thread = threading.Thread(target=self._make, args=(current, path, table, list(columns)), daemon=True)
                self._making[(current, table)] = thread
                thread.start()
        return thread

    def _make(self, current: Identity, path: Path, table: str, columns: list[str]) -> None:
        made: FacetIndex | None = None  # a table that cannot be indexed is counted from its rows, as before
        try:
            made = load(path, table, columns)
        except (sqlite3.Error, ValueError):
            pass
        finally:
            with self._lock:
                if identity(path) == current:  # else another file took its place while this one was read
                    stale = [key for key in self._made if key[0][0] == current[0] and key[0] != current]
                    for key in stale:
                        del self._made[key]
                    self._made[(current, table)] = made
                del self._making[(current, table)]

    def wait(self, path: Path, table: str, columns: Sequence[str]) -> FacetIndex | None:
        """The index, made now if need be (for tests, and servers that would rather wait)."""
        thread = self.start(path, table, columns)
        if thread is not None:
            thread.join()
        return self.get(path, table, columns)


INDEXES = Indexes()


def selected(index: FacetIndex, rowids: np.ndarray, equal: Iterable[tuple[str, str]]) -> np.ndarray | None:
    """The rows among the rowids that are rows and meet every (column, value) equality; None when an equality is on
    a column that holds other values than text, which SQL would compare by its own rules."""
    rows = index.rows(rowids)  # a full-text index gives each rowid once
    for column, value in equal:
        if not index.columns[column].textual:
            return None
        rows = index.equal(rows, column, value)
    return rows
