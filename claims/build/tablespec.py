"""The table spec: what each field of a row model is as a column of the database, and what readers see of it.

A row model (`claims/build/rows.py`) is one table. Its fields are the columns, in order, with their types (`X | None` is
a nullable X); each field is annotated with a `Column`: its description for readers, the table it refers to, the
index it leads, its place and label as a facet, whether the facet summary counts it and whether the export carries
it. The model's `spec` (a `Table`) names the table and gives its primary key, default order, sortable columns and
listing key.

The spec is per-field metadata on the pydantic row models (`Annotated[str, Column(...)]`, which pydantic keeps in
`FieldInfo.metadata`) rather than a spec module of its own: the row models already are the column names, types and
nullability, and validate rows in the tests, so one declaration per column keeps them from drifting apart; a typed
dataclass, unlike `Field(json_schema_extra=...)`, is checked where it is written.

Everything else is generated from these: the tables and indexes (`claims/build/tables.py`, through sqlite-utils),
metadata.yml's table sections (`claims/build/metadata.py`, `claims schema`), the facet summary's columns
(`claims/web/facets.py`) and the export's columns (`claims/web/records.py`). `claims schema --check` fails when a
generated file, a freshly built database or the export differs from the spec.
"""

from __future__ import annotations

import functools
import operator
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel


@dataclass(frozen=True)
class Index:
    """An index the column leads, then the columns in `then` (`"count desc"` for a descending one)."""

    then: tuple[str, ...] = ()
    unique: bool = False
    name: str | None = None  # sqlite-utils names it `idx_<table>_<columns>` unless given


INDEXED = Index()
UNIQUE = Index(unique=True)
# A filter on the column reads its rows in the listing's order instead of sorting every match.
BY_SORT_KEY = Index(("sort_key",))


@dataclass(frozen=True)
class Facet:
    """The column as a facet: its place among the table's facets, its name and its values in words."""

    order: int
    label: str | None = None
    values: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Column:
    """What a row model's field is as a column (`Annotated[str, Column(...)]`)."""

    description: str  # for readers, in metadata.yml
    references: str | None = None  # the table whose `id` the column holds (a foreign key)
    index: Index | None = None
    facet: Facet | None = None
    summarised: bool = False  # counted at build time in facet_counts (claims/web/facets.py)
    exported: bool = True  # carried by the export's records wherever the table's rows are nested in them


@dataclass(frozen=True)
class ListingKey:
    """A unique key the table is listed and paged by, computed from the other columns once every row is in (the
    trails and the claim counts come after the rows): a column the build adds then, fills with `sql` and indexes."""

    sql: str
    description: str
    name: str = "sort_key"


@dataclass(frozen=True)
class Table:
    """The table a row model is: its name, primary key, default order (ascending or descending), the columns
    readers may sort by (unique keys only: see README, "Every row once") and its listing key, if it has one."""

    name: str
    pk: str | tuple[str, ...] | None = "id"
    sort: str | None = None
    sort_desc: str | None = None
    sortable: tuple[str, ...] = ()
    key: ListingKey | None = None
    # each sortable column's order in words, for the page's heading: column -> (descending, ascending)
    order_words: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class ColumnSpec:
    """One column as the spec gives it: a field's name, its type without None, whether it may be null, and its
    Column."""

    name: str
    type: Any
    nullable: bool
    column: Column


def table_of(model: type[BaseModel]) -> Table:
    spec = getattr(model, "spec", None)
    if not isinstance(spec, Table):
        raise TypeError(f"{model.__name__} has no table spec")
    return spec


def _base(annotation: Any) -> tuple[Any, bool]:
    """The type without None, and whether None was in it: `str | None` is (str, True), `int | str` stays a union."""
    if get_origin(annotation) not in (Union, types.UnionType):
        return annotation, False
    others = tuple(arg for arg in get_args(annotation) if arg is not type(None))
    nullable = len(others) < len(get_args(annotation))
    return functools.reduce(operator.or_, others), nullable


@functools.cache
def columns(model: type[BaseModel]) -> tuple[ColumnSpec, ...]:
    """The model's columns, in order."""
    result = []
    for name, info in model.model_fields.items():
        specs = [item for item in info.metadata if isinstance(item, Column)]
        if len(specs) != 1:
            raise TypeError(f"{model.__name__}.{name} needs one Column annotation")
        base, nullable = _base(info.annotation)
        result.append(ColumnSpec(name, base, nullable, specs[0]))
    return tuple(result)


def column_names(model: type[BaseModel]) -> tuple[str, ...]:
    """The columns of a row, in order (the listing key comes after the rows: see described)."""
    return tuple(spec.name for spec in columns(model))


def described(model: type[BaseModel]) -> dict[str, str]:
    """Every column of the table, its listing key last, and its description for readers."""
    descriptions = {spec.name: spec.column.description for spec in columns(model)}
    key = table_of(model).key
    if key is not None:
        descriptions[key.name] = key.description
    return descriptions


def faceted(model: type[BaseModel]) -> list[ColumnSpec]:
    """The faceted columns, in their order as facets."""
    specs = [spec for spec in columns(model) if spec.column.facet is not None]
    return sorted(specs, key=lambda spec: spec.column.facet.order if spec.column.facet else 0)


def summarised(model: type[BaseModel]) -> list[str]:
    """The columns the facet summary counts: the summarised facets in their order, then the summarised columns that
    are not facets (counted for other pages, such as the timeline)."""
    shown = [spec.name for spec in faceted(model) if spec.column.summarised]
    counted = [spec.name for spec in columns(model) if spec.column.summarised and spec.column.facet is None]
    return shown + counted


def exported(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(spec.name for spec in columns(model) if spec.column.exported)


def indexes(model: type[BaseModel]) -> list[tuple[list[str], Index]]:
    """The indexes the columns lead, as (columns, Index); the listing key's comes with the key."""
    return [([spec.name, *spec.column.index.then], spec.column.index) for spec in columns(model) if spec.column.index]
