"""The tables and indexes of the table spec (claims/build/rows.py), made through sqlite-utils, and a database's
drift from it.

Types: str is TEXT, int INTEGER, float REAL; a date and a timestamp are TEXT in ISO 8601 (SQLite has no date or time
type, and sqlite-utils writes datetime columns as TEXT); a union of several types (`str | int`) is a column of no
type (BLOB affinity), which keeps each value as it was written. A table's listing key (`Table.key`) is added once
every row is in, as TEXT NOT NULL DEFAULT '', then computed and indexed (`fill_key`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import types
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlite_utils
from sqlite_utils.db import DescIndex

from ..corpus.models import Record
from .rows import ROW_MODELS
from .tablespec import ColumnSpec, column_names, columns, indexes, table_of

SQL_TYPES: dict[Any, str] = {str: "TEXT", int: "INTEGER", float: "REAL", dt.date: "TEXT", dt.datetime: "TEXT"}
NO_TYPE = "BLOB"  # BLOB affinity: values are stored as they come


def sql_type(spec: ColumnSpec) -> str:
    if isinstance(spec.type, types.UnionType):
        return NO_TYPE
    if spec.type not in SQL_TYPES:
        raise TypeError(f"column {spec.name}: no SQL type for {spec.type!r}; one of {list(SQL_TYPES)} or a union")
    return SQL_TYPES[spec.type]


def create(db: sqlite_utils.Database, model: type[Record]) -> None:
    """Create the model's table (not its indexes: see create_indexes)."""
    specs = columns(model)
    table = table_of(model)
    db.table(table.name).create(
        {spec.name: sql_type(spec) for spec in specs},
        pk=table.pk,
        foreign_keys=[(spec.name, spec.column.references, "id") for spec in specs if spec.column.references],
        not_null={spec.name for spec in specs if not spec.nullable},
    )


def _index_columns(names: list[str]) -> list[str | DescIndex]:
    return [DescIndex(name.removesuffix(" desc")) if name.endswith(" desc") else name for name in names]


def create_indexes(db: sqlite_utils.Database, model: type[Record]) -> None:
    """The indexes the model's columns lead (the listing key's comes with it: see fill_key)."""
    for names, index in indexes(model):
        db.table(table_of(model).name).create_index(_index_columns(names), index.name, unique=index.unique)


def fill_key(db: sqlite_utils.Database, model: type[Record]) -> None:
    """Add the table's listing key, once every row is in, compute it and index it (unique)."""
    table = table_of(model)
    if table.key is not None:
        db.table(table.name).add_column(table.key.name, str, not_null_default="")
        db.execute(f"update [{table.name}] set [{table.key.name}] = {table.key.sql}")
        db.table(table.name).create_index([table.key.name], unique=True)


def insert_sql(model: type[Record]) -> str:
    """The insert of one row: its columns in order."""
    names = column_names(model)
    marks = ", ".join("?" * len(names))
    return f"insert into [{table_of(model).name}] ({', '.join(f'[{n}]' for n in names)}) values ({marks})"


def keyed_insert_sql(model: type[Record]) -> str:
    """The insert of one row into a table whose listing key is already there (an incremental build): the key is
    computed from the row as it goes in, as fill_key computes it for every row."""
    table = table_of(model)
    if table.key is None:
        return insert_sql(model)
    names = ", ".join(f"[{n}]" for n in column_names(model))
    given = ", ".join(f"? as [{n}]" for n in column_names(model))
    return (
        f"insert into [{table.name}] ({names}, [{table.key.name}])"
        f" select {names}, {table.key.sql} from (select {given})"
    )


def values(row: Record) -> tuple[object, ...]:
    """A row model's values as insert_sql takes them."""
    return tuple(row.model_dump(mode="json").values())


def insert(db: sqlite_utils.Database, rows: Iterable[Record], model: type[Record]) -> None:
    db.conn.executemany(insert_sql(model), map(values, rows))


# Drift: a built database compared with the spec, as the schema check reads it.


Columns = tuple[tuple[str, str, bool, str | None, int], ...]


@dataclass(frozen=True)
class Shape:
    """What a table is, as SQLite's pragmas describe it."""

    columns: Columns  # name, type, not null, default, place in the primary key
    foreign_keys: frozenset[tuple[str, str, str]]  # column, other table, other column
    indexes: frozenset[tuple[tuple[str, ...], bool]]  # columns ("count desc" for a descending one), unique

    def differences(self, other: Shape) -> list[str]:
        """What `other` (the database) has that this (the spec) has not, and the other way round."""
        lines = []
        if set(self.columns) == set(other.columns) and self.columns != other.columns:
            lines.append(f"columns in another order: {[column[0] for column in other.columns]}")
        for part in ("columns", "foreign_keys", "indexes"):
            mine, theirs = getattr(self, part), getattr(other, part)
            lines += [f"{part} {item}: in the database, not in the spec" for item in theirs if item not in mine]
            lines += [f"{part} {item}: in the spec, not in the database" for item in mine if item not in theirs]
        return lines


def _pk(table: str | tuple[str, ...] | None, name: str) -> int:
    keys = (table,) if isinstance(table, str) else table or ()
    return keys.index(name) + 1 if name in keys else 0


def _columns_shape(model: type[Record]) -> Columns:
    table = table_of(model)
    shape = tuple(
        (spec.name, sql_type(spec), not spec.nullable, None, _pk(table.pk, spec.name)) for spec in columns(model)
    )
    return shape + (((table.key.name, "TEXT", True, "''", 0),) if table.key else ())


def spec_shape(model: type[Record]) -> Shape:
    key = table_of(model).key
    return Shape(
        _columns_shape(model),
        frozenset((spec.name, spec.column.references, "id") for spec in columns(model) if spec.column.references),
        frozenset((tuple(names), index.unique) for names, index in indexes(model))
        | ({((key.name,), True)} if key else set()),
    )


def _index_shape(conn: sqlite3.Connection, index: str) -> tuple[str, ...]:
    rows = conn.execute("select name, desc, key from pragma_index_xinfo(?) order by seqno", [index]).fetchall()
    return tuple(f"{name} desc" if desc else name for name, desc, key in rows if key)


def database_shape(conn: sqlite3.Connection, table: str) -> Shape:
    info = conn.execute('select name, type, "notnull", dflt_value, pk from pragma_table_info(?)', [table]).fetchall()
    keys = conn.execute('select "from", "table", "to" from pragma_foreign_key_list(?)', [table]).fetchall()
    made = conn.execute("select name, [unique] from pragma_index_list(?) where origin = 'c'", [table]).fetchall()
    return Shape(
        tuple((name, kind, bool(notnull), default, pk) for name, kind, notnull, default, pk in info),
        frozenset(keys),
        frozenset((_index_shape(conn, name), bool(unique)) for name, unique in made),
    )


def _tables(conn: sqlite3.Connection) -> list[str]:
    """The database's ordinary tables: not SQLite's own, not full-text indexes nor their shadow tables."""
    rows = conn.execute("select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%'")
    entries = rows.fetchall()
    virtual = [name for name, sql in entries if sql.upper().startswith("CREATE VIRTUAL TABLE")]
    return [name for name, _ in entries if not any(name == v or name.startswith(f"{v}_") for v in virtual)]


def drift(conn: sqlite3.Connection) -> list[str]:
    """How the database's tables differ from the spec, one line a difference; [] when they agree."""
    models = {table_of(model).name: model for model in ROW_MODELS}
    present = _tables(conn)
    lines = [f"{name}: a table the spec does not have" for name in present if name not in models]
    lines += [f"{name}: not in the database" for name in models if name not in present]
    for name in (name for name in models if name in present):
        lines += [f"{name}: {line}" for line in spec_shape(models[name]).differences(database_shape(conn, name))]
    return lines
