"""The claims table's page with a search, answered by the plugin's middleware as Datasette would answer it.

Its HTML and its JSON come from Datasette's own templates, filters, facets, labels and links, built as Datasette
0.65.5's `TableView` builds them (its steps are mirrored here, and in claims/web/search_render.py for `DataView`
and `BaseView`), with the search read faster (claims/web/search.py). Anything else (another format, `_where`,
`_through`, `_facet`, a cookie or credentials, an error) is left to Datasette. tests/test_search.py checks that both
give the same pages, byte for byte but for the time they took.
"""

from __future__ import annotations

import functools
import itertools
import re
import time
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from datasette.database import QueryInterrupted
from datasette.filters import Filters
from datasette.utils import (
    CustomRow,
    await_me_maybe,
    compound_keys_after_sql,
    escape_sqlite,
    path_from_row_pks,
    path_with_replaced_args,
    tilde_decode,
    tilde_encode,
    to_css_class,
    urlsafe_components,
    value_as_boolean,
)
from datasette.utils.asgi import Request, Response
from datasette.views.base import DatasetteError, ureg

from .search import SUMMARISED, Matched, matched_rows, plugins, search_clause, searched, walked
from .search_render import extras, render_html, render_json, with_headers

TABLE_PATH = re.compile(r"^/(?P<database>[^/.]+)/(?P<table>[^/.]+)(?:\.(?P<format>json))?$")

# The query-string arguments a search page may carry to be answered here; any other (`_where`, `_through`,
# `_facet`, `_trace`, `_timelimit`, `_filter_column`...) leaves the page to Datasette.
ACCEPTED = frozenset(
    {
        *("_search", "_searchmode", "_sort", "_sort_desc", "_next", "_size", "_facet_size", "_view", "_ttl"),
        *("_labels", "_label", "_shape", "_json", "_json_infinity", "_nl", "_nocount", "_nofacet", "_nosuggest"),
        *("_col", "_nocol"),
    }
)
PERSONAL = (b"cookie", b"authorization")


@dataclass(frozen=True)
class Route:
    database: str
    table: str
    format: str | None


def route(datasette: Any, scope: dict[str, Any]) -> Route | None:
    """The claims table page this request asks for, when it is a search answered here; else None."""
    if scope["type"] != "http" or scope["method"] != "GET" or datasette.setting("base_url") != "/":
        return None
    if any(key.lower() in PERSONAL for key, _ in scope.get("headers", [])):
        return None  # a reader's own page: Datasette's privacy rules apply
    path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1").partition("?")[0]
    match = TABLE_PATH.match(path)
    if match is None or tilde_decode(match["table"]) not in SUMMARISED:
        return None
    query = urllib.parse.parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    if len(query.get("_search", [])) != 1 or not query["_search"][0].strip():
        return None
    if any(name.startswith("_") and "__" not in name and name not in ACCEPTED for name in query):
        return None
    return Route(tilde_decode(match["database"]), tilde_decode(match["table"]), match["format"])


async def answer(datasette: Any, scope: dict[str, Any], receive: Any, found: Route) -> Response | None:
    """The page, as Datasette would answer it, or None to leave it to Datasette."""
    await datasette.invoke_startup()
    if datasette.setting("force_https_urls") and scope.get("scheme") != "https":
        scope = dict(scope, scheme="https")
    if await _actor(datasette, Request(scope, receive)) is not None:
        return None
    kwargs = {"database": found.database, "table": found.table, "format": found.format}
    tokens: list[bool] = []
    csrftoken = functools.partial(tokens.append, True)  # a form that posts would need Datasette's CSRF cookie
    request = Request(dict(scope, actor=None, url_route={"kwargs": kwargs}, csrftoken=csrftoken), receive)
    try:
        response = await _respond(datasette, request, found)
    except Exception:  # whatever went wrong, Datasette answers the page: its error, or its page
        return None
    return None if tokens else response


async def _actor(datasette: Any, request: Request) -> Any:
    for actor in plugins().hook.actor_from_request(datasette=datasette, request=request):
        actor = await await_me_maybe(actor)
        if actor:
            return actor
    return None


async def _respond(datasette: Any, request: Request, found: Route) -> Response | None:
    await datasette.refresh_schemas()
    started = time.perf_counter()
    page = await build(datasette, request, default_labels=found.format is None)
    if page is None:
        return None
    data = page.data
    data["query_ms"] = (time.perf_counter() - started) * 1000
    for key in ("source", "source_url", "license", "license_url"):
        value = datasette.metadata(key)
        if value:
            data[key] = value
    response = await (render_json(datasette, request, page) if found.format else render_html(datasette, request, page))
    return with_headers(datasette, request, response)


@dataclass
class Page:
    """What Datasette's table view returns: the data, the template's extras, the templates."""

    data: dict[str, Any]
    extras: Callable[[], Awaitable[dict[str, Any]]]
    templates: tuple[str, str]


@dataclass
class View:
    """The table view's state as Datasette's `TableView._data_traced` builds it, step by step."""

    datasette: Any
    request: Request
    db: Any
    database: str
    table: str
    pks: list[str] = field(default_factory=list)
    table_columns: list[str] = field(default_factory=list)
    specified_columns: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    private: bool = False
    filters: Any = None
    where_clauses: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    human_descriptions: list[str] = field(default_factory=list)
    extra_context: dict[str, Any] = field(default_factory=dict)
    search_clause: str = ""
    sort: str | None = None
    sort_desc: str | None = None
    order_by: str = ""
    page_size: int = 0
    extra_args: dict[str, Any] = field(default_factory=dict)
    nocount: bool = False
    nofacet: bool = False
    nosuggest: bool = False


@dataclass(frozen=True)
class Queries:
    """The page's SQL, as Datasette writes it: its rows, their count, and the rows its facets count."""

    rows: str
    count: str
    count_params: dict[str, Any]
    facets: str
    paged: bool  # a page after the first (`_next`)


@dataclass(frozen=True)
class Rows:
    """The page's rows, labelled where asked, and its next page."""

    rows: list[Any]
    columns: list[str]
    description: Any
    truncated: bool
    expanded: list[str]
    expandable: list[Any]
    next_value: Any
    next_url: str | None


async def build(datasette: Any, request: Request, default_labels: bool) -> Page | None:
    """Datasette's table view of the request (`TableView._data_traced`), its search read faster; None when the
    request is not the search this page knows."""
    view = await _view(datasette, request)
    if view is None or not await _select(view):
        return None
    queries = _queries(view)
    matched = await matched_rows(datasette, request, view.database, view.table)
    page = await _rows(view, queries, matched, default_labels)
    count = await _count(view, queries.count, queries.count_params, matched)
    facet_results, facets_timed_out, suggested = await _facets(
        view, queries.facets, queries.count_params, count, queries.paged
    )
    data = {
        "database": view.database,
        "table": view.table,
        "is_view": False,
        "human_description_en": _human_description(view),
        "rows": page.rows[: view.page_size],
        "truncated": page.truncated,
        "filtered_table_rows_count": count,
        "expanded_columns": page.expanded,
        "expandable_columns": page.expandable,
        "columns": page.columns,
        "primary_keys": view.pks,
        "units": view.metadata.get("units", {}),
        "query": {"sql": queries.rows, "params": view.params},
        "facet_results": facet_results,
        "suggested_facets": suggested,
        "next": (page.next_value and str(page.next_value)) or None,
        "next_url": page.next_url,
        "private": view.private,
        "allow_execute_sql": await datasette.permission_allowed(
            request.actor, "execute-sql", view.database, default=True
        ),
    }
    template_extras = extras(view, page.description, page.rows, page.columns, facet_results, facets_timed_out)
    css = f"{to_css_class(view.database)}-{to_css_class(view.table)}"
    return Page(data, template_extras, (f"table-{css}.html", "table.html"))


def _queries(view: View) -> Queries:
    """The count and the facets' rows before the page's `_next`, which narrows the page's rows only. (Datasette 0.65
    counts the facets after it, so that a second page's facets counted fewer claims than its heading.)"""
    table = escape_sqlite(view.table)
    where = f"where {' and '.join(view.where_clauses)} " if view.where_clauses else ""
    count, count_params = f"select count(*) from {table} {where}", dict(**view.params)
    every_column = ", ".join(escape_sqlite(t) for t in view.table_columns)
    facets = f"select {every_column} from {table} {where}"
    _next = view.request.args.get("_next")
    _page_after(view, _next)
    where = f"where {' and '.join(view.where_clauses)} " if view.where_clauses else ""
    order_by = f"order by {view.order_by}" if view.order_by else ""
    _page_size(view)
    selected = ", ".join(escape_sqlite(t) for t in view.specified_columns)
    rows = f"select {selected} from {table} {where}{order_by} limit {view.page_size + 1}"
    return Queries(rows, count, count_params, facets, bool(_next))


async def _rows(view: View, queries: Queries, matched: Matched | None, default_labels: bool) -> Rows:
    """The page's rows, read by the faster plan when there is one: the rows Datasette's SQL selects."""
    search = searched(view.request.args, view.table, view.metadata)
    sql = walked(queries.rows, view.search_clause, matched, search, view.page_size) if view.order_by else queries.rows
    results = await view.db.execute(sql, view.params, truncate=True, **view.extra_args)
    columns = [r[0] for r in results.description]
    rows, expanded, expandable = await _labelled(view, columns, list(results.rows), default_labels)
    next_value, next_url, rows = await _next_page(view, rows)
    return Rows(rows, columns, results.description, results.truncated, expanded, expandable, next_value, next_url)


async def _view(datasette: Any, request: Request) -> View | None:
    """The table, its columns and the reader's right to see it; None for anything but a visible table."""
    table = tilde_decode(request.url_vars["table"])
    try:
        db = datasette.get_database(route=tilde_decode(request.url_vars["database"]))
    except KeyError:
        return None
    database = db.name
    if await datasette.get_canned_query(database, table, request.actor):
        return None
    if await db.get_view_definition(table) or not await db.table_exists(table):
        return None
    visible, private = await datasette.check_visibility(
        request.actor,
        permissions=[("view-table", (database, table)), ("view-database", database), "view-instance"],
    )
    pks = await db.primary_keys(table)
    if not visible or not pks:
        return None
    view = View(datasette, request, db, database, table, pks=pks, private=private)
    view.table_columns = await db.table_columns(table)
    view.specified_columns = _columns_to_select(view)
    view.metadata = datasette.table_metadata(database, table)
    view.nocount = bool(request.args.get("_nocount"))
    view.nofacet = bool(request.args.get("_nofacet"))
    view.nosuggest = bool(request.args.get("_nosuggest"))
    if request.args.get("_shape") in ("array", "object"):
        view.nocount = view.nofacet = True
    return view


def _columns_to_select(view: View) -> list[str]:
    args, table_columns = view.request.args, view.table_columns
    columns = list(table_columns)
    if "_col" in args:
        columns = list(view.pks)
        bad = [column for column in args.getlist("_col") if column not in table_columns]
        if bad:
            raise DatasetteError("_col={} - invalid columns".format(", ".join(bad)), status=400)
        columns.extend(dict.fromkeys(args.getlist("_col")))
    if "_nocol" in args:
        bad = [c for c in args.getlist("_nocol") if (c not in table_columns) or (c in view.pks)]
        if bad:
            raise DatasetteError("_nocol={} - invalid columns".format(", ".join(bad)), status=400)
        columns = [column for column in columns if column not in args.getlist("_nocol")]
    return columns


async def _select(view: View) -> bool:
    """The filters, the search and the sort, as Datasette builds them; False when the search is not Datasette's
    own full-text clause, which is the one this page knows how to read faster."""
    request = view.request
    filter_args = [
        (key, value)
        for key in request.args
        if not (key.startswith("_") and "__" not in key)
        for value in request.args.getlist(key)
    ]
    view.filters = Filters(sorted(filter_args), view.metadata.get("units", {}), ureg)
    view.where_clauses, view.params = view.filters.build_where_clauses(view.table)
    for hook in plugins().hook.filters_from_request(
        request=request, table=view.table, database=view.database, datasette=view.datasette
    ):
        arguments = await await_me_maybe(hook)
        if arguments:
            view.where_clauses.extend(arguments.where_clauses)
            view.params.update(arguments.params)
            view.human_descriptions.extend(arguments.human_descriptions)
            view.extra_context.update(arguments.extra_context)
    view.search_clause = await search_clause(view.datasette, view.database, view.table, request.args)
    if view.where_clauses.count(view.search_clause) != 1:
        return False
    return _sort(view)


def _sort(view: View) -> bool:
    sortable = set(view.metadata.get("sortable_columns", view.table_columns))
    sort, sort_desc = view.request.args.get("_sort"), view.request.args.get("_sort_desc")
    if not sort and not sort_desc:
        sort, sort_desc = view.metadata.get("sort"), view.metadata.get("sort_desc")
    if (sort and sort_desc) or (sort and sort not in sortable) or (sort_desc and sort_desc not in sortable):
        return False  # Datasette explains the refusal
    view.sort, view.sort_desc = sort, sort_desc
    view.order_by = ", ".join(escape_sqlite(pk) for pk in view.pks)
    if sort:
        view.order_by = escape_sqlite(sort)
    if sort_desc:
        view.order_by = f"{escape_sqlite(sort_desc)} desc"
    return True


def _page_after(view: View, _next: str | None) -> None:
    """`?_next=`: the rows after the previous page's last, as Datasette's keyset paging selects them."""
    if not _next:
        return
    params, sort, sort_desc = view.params, view.sort, view.sort_desc
    components = urlsafe_components(_next)
    sort_value = None
    if (sort or sort_desc) and len(components) > 1:
        sort_value = components[0]
        if _next.split(",")[0] == "$null":
            sort_value = None
        components = components[1:]
    next_by_pk_clauses = []
    if len(components) == len(view.pks):
        param_len = len(params)
        next_by_pk_clauses.append(compound_keys_after_sql(view.pks, param_len))
        for i, pk_value in enumerate(components):
            params[f"p{param_len + i}"] = pk_value
    if not (sort or sort_desc):
        view.where_clauses.extend(next_by_pk_clauses)
        return
    column = escape_sqlite(sort or sort_desc)
    next_clauses = " and ".join(next_by_pk_clauses)
    if sort_value is None:
        if sort_desc:
            view.where_clauses.append(f"({column} is null and {next_clauses})")
        else:
            view.where_clauses.append(f"({column} is not null or ({column} is null and {next_clauses}))")
    else:
        op, p = (">" if sort else "<"), len(params)
        extra_desc_only = "" if sort else f" or {column} is null"
        view.where_clauses.append(f"({column} {op} :p{p}{extra_desc_only} or ({column} = :p{p} and {next_clauses}))")
        params[f"p{len(params)}"] = sort_value
    view.order_by = f"{view.order_by}, {', '.join(escape_sqlite(pk) for pk in view.pks)}"


def _page_size(view: View) -> None:
    datasette, request = view.datasette, view.request
    page_size = request.args.get("_size") or view.metadata.get("size")
    if not page_size:
        view.page_size = datasette.page_size
        return
    if page_size == "max":
        page_size = datasette.max_returned_rows
    try:
        size = int(page_size)
    except ValueError:
        raise DatasetteError("_size must be a positive integer", status=400) from None
    if size < 0 or size > datasette.max_returned_rows:
        raise DatasetteError("_size out of range", status=400)
    view.page_size = size
    view.extra_args["page_size"] = size


async def _count(view: View, count_sql: str, params: dict[str, Any], matched: Matched | None) -> Any:
    if view.nocount:
        return None
    if matched is not None:
        return len(matched[1])
    try:
        return (await view.db.execute(count_sql, params)).rows[0][0]
    except QueryInterrupted:
        return None


async def _facets(
    view: View, sql: str, params: dict[str, Any], count: Any, paged: bool
) -> tuple[dict[str, Any], list[str], list[dict[str, Any]]]:
    """Every facet class's results, in Datasette's order; the suggestions when the settings ask for them."""
    datasette, request = view.datasette, view.request
    if not datasette.setting("allow_facet") and any(arg.startswith("_facet") for arg in request.args):
        raise DatasetteError("_facet= is not allowed", status=400)
    classes = list(itertools.chain.from_iterable(plugins().hook.register_facet_classes()))
    instances = [
        klass(
            datasette,
            request,
            view.database,
            sql=sql,
            params=params,
            table=view.table,
            metadata=view.metadata,
            row_count=count,
        )
        for klass in classes
    ]
    results: dict[str, Any] = {}
    timed_out: list[str] = []
    if not view.nofacet:
        for instance in instances:
            found, missed = await instance.facet_results()
            for info in found:
                key, i = info["name"], 1
                while key in results:
                    i += 1
                    key = f"{info['name']}_{i}"
                results[key] = info
            timed_out.extend(missed)
    suggested: list[dict[str, Any]] = []
    wanted = datasette.setting("suggest_facets") and datasette.setting("allow_facet")
    if wanted and not paged and not view.nofacet and not view.nosuggest:
        for instance in instances:
            suggested.extend(await instance.suggest())
    return results, timed_out, suggested


async def _labelled(
    view: View, columns: list[str], rows: list[Any], default_labels: bool
) -> tuple[list[Any], list[str], list[Any]]:
    """The rows with each foreign key expanded to its label where asked (`_labels`, `_label`, and HTML)."""
    db, args = view.db, view.request.args
    expandable = [
        (fk, await db.label_column_for_table(fk["other_table"])) for fk in await db.foreign_keys_for_table(view.table)
    ]
    try:
        all_labels = value_as_boolean(args.get("_labels", ""))
    except ValueError:
        all_labels = default_labels
    wanted = args.getlist("_label") if "_label" in args else None
    if wanted is None and all_labels:
        wanted = [fk["column"] for fk, _ in expandable]
    expanded: list[str] = []
    labels: dict[tuple[str, Any], str] = {}
    for fk, _ in expandable:
        column = fk["column"]
        if not wanted or column not in wanted or column not in columns:
            continue
        expanded.append(column)
        values = [row[columns.index(column)] for row in rows]
        labels.update(await view.datasette.expand_foreign_keys(view.database, view.table, column, values))
    if labels:
        rows = [_with_labels(row, columns, labels) for row in rows]
    return rows, expanded, expandable


def _with_labels(row: Any, columns: list[str], labels: dict[tuple[str, Any], str]) -> CustomRow:
    new_row = CustomRow(columns)
    for column in row.keys():  # noqa: SIM118 (a sqlite3.Row iterates over its values)
        value = row[column]
        if (column, value) in labels and value is not None:
            new_row[column] = {"value": value, "label": labels[(column, value)]}
        else:
            new_row[column] = value
    return new_row


async def _next_page(view: View, rows: list[Any]) -> tuple[Any, str | None, list[Any]]:
    """The `_next` token and link when there are more rows, and the page's rows."""
    page_size, sort, sort_desc = view.page_size, view.sort, view.sort_desc
    if not 0 < page_size < len(rows):
        return None, None, rows
    next_value: Any = path_from_row_pks(rows[-2], view.pks, False)
    if sort or sort_desc:
        try:
            prefix = rows[-2][sort or sort_desc]
        except IndexError:  # the sort column is not selected (`_col`)
            prefix = await _sort_value(view, rows)
        if isinstance(prefix, dict) and "value" in prefix:
            prefix = prefix["value"]
        prefix = "$null" if prefix is None else tilde_encode(str(prefix))
        next_value = f"{prefix},{next_value}"
        added_args = {"_next": next_value, **({"_sort": sort} if sort else {"_sort_desc": sort_desc})}
    else:
        added_args = {"_next": next_value}
    datasette, request = view.datasette, view.request
    next_url = datasette.absolute_url(request, datasette.urls.path(path_with_replaced_args(request, added_args)))
    return next_value, next_url, rows[:page_size]


async def _sort_value(view: View, rows: list[Any]) -> Any:
    """The sort column's value of the page's last row, looked up by its key."""
    where = " and ".join(f"{escape_sqlite(pk)} = :pk{i}" for i, pk in enumerate(view.pks))
    column = escape_sqlite(view.sort or view.sort_desc or "")
    sql = f"select {column} from {escape_sqlite(view.table)} where {where}"
    return (await view.db.execute(sql, {f"pk{i}": rows[-2][pk] for i, pk in enumerate(view.pks)})).single_value()


def _human_description(view: View) -> str:
    human = view.filters.human_description_en(extra=view.human_descriptions)
    if view.sort or view.sort_desc:
        sorted_by = "sorted by {}{}".format(view.sort or view.sort_desc, " descending" if view.sort_desc else "")
        human = " ".join([b for b in [human, sorted_by] if b])
    return human
