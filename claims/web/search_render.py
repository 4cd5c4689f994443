"""A search page rendered as Datasette renders its table pages: the HTML template's extras (`TableView`), the
export links, JSON and headers (`DataView.get`), the template and its JSON link (`BaseView.render`), mirrored from
Datasette 0.65.5 for claims/web/search_page.py."""

from __future__ import annotations

import asyncio
import urllib.parse
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from datasette import __version__
from datasette.utils import (
    add_cors_headers,
    append_querystring,
    await_me_maybe,
    call_with_supported_arguments,
    path_with_format,
    path_with_removed_args,
    path_with_replaced_args,
    to_css_class,
)
from datasette.utils.asgi import Request, Response

from .search import plugins

if TYPE_CHECKING:
    from .search_page import Page, View


def extras(
    view: View,
    description: Any,
    rows: list[Any],
    columns: list[str],
    facet_results: dict[str, Any],
    facets_timed_out: list[str],
) -> Callable[[], Awaitable[dict[str, Any]]]:
    """The HTML template's extras, made only for the HTML page, as Datasette's `extra_template` makes them."""

    async def extra_template() -> dict[str, Any]:
        # imported here: Datasette's views import the plugins, so this module loads before them
        from datasette.views.table import display_columns_and_rows

        datasette, request, db, table = view.datasette, view.request, view.db, view.table
        sortable = {*view.metadata.get("sortable_columns", view.table_columns), "rowid"}
        display_columns, display_rows = await display_columns_and_rows(
            datasette,
            view.database,
            table,
            description,
            rows,
            link_column=True,
            truncate_cells=datasette.setting("truncate_cells_html"),
            sortable_columns=sortable,
        )
        metadata = (datasette.metadata("databases") or {}).get(view.database, {}).get("tables", {}).get(table, {})
        datasette.update_with_inherited_metadata(metadata)
        sort = view.sort
        if not sort and not view.sort_desc and len(view.pks) == 1:
            sort = view.pks[0]
        context = {
            "table_actions": _table_actions(view),
            "use_rowid": False,
            "filters": view.filters,
            "display_columns": display_columns,
            "filter_columns": list(columns) + [c for c in view.table_columns if c not in columns],
            "display_rows": display_rows,
            "facets_timed_out": facets_timed_out,
            "sorted_facet_results": sorted(
                facet_results.values(), key=lambda f: (len(f["results"]), f["name"]), reverse=True
            ),
            "form_hidden_args": _form_hidden_args(request),
            "is_sortable": any(c["sortable"] for c in display_columns),
            "fix_path": datasette.urls.path,
            "path_with_replaced_args": path_with_replaced_args,
            "path_with_removed_args": path_with_removed_args,
            "append_querystring": append_querystring,
            "request": request,
            "sort": sort,
            "sort_desc": view.sort_desc,
            "disable_sort": False,
            "custom_table_templates": [
                f"_table-{to_css_class(view.database)}-{to_css_class(table)}.html",
                f"_table-table-{to_css_class(view.database)}-{to_css_class(table)}.html",
                "_table.html",
            ],
            "metadata": metadata,
            "view_definition": await db.get_view_definition(table),
            "table_definition": await db.get_table_definition(table),
            "datasette_allow_facet": "true" if datasette.setting("allow_facet") else "false",
        }
        context.update(view.extra_context)
        return context

    return extra_template


def _table_actions(view: View) -> Callable[[], Awaitable[list[Any]]]:
    async def table_actions() -> list[Any]:
        links: list[Any] = []
        for hook in plugins().hook.table_actions(
            datasette=view.datasette,
            table=view.table,
            database=view.database,
            actor=view.request.actor,
            request=view.request,
        ):
            extra_links = await await_me_maybe(hook)
            if extra_links:
                links.extend(extra_links)
        return links

    return table_actions


def _form_hidden_args(request: Request) -> list[tuple[str, str]]:
    return [
        (key, value)
        for key in request.args
        if key.startswith("_") and key not in ("_sort", "_sort_desc", "_search", "_next") and "__" not in key
        for value in request.args.getlist(key)
    ]


def _renderer_arguments(datasette: Any, request: Request, data: dict[str, Any]) -> dict[str, Any]:
    """What Datasette hands an output renderer and its `can_render`, of a table page's data."""
    return {
        "datasette": datasette,
        "columns": data.get("columns") or [],
        "rows": data.get("rows") or [],
        "sql": data.get("query", {}).get("sql", None),
        "query_name": data.get("query_name"),
        "database": data["database"],
        "table": data.get("table"),
        "request": request,
        "view_name": "table",
    }


async def render_json(datasette: Any, request: Request, page: Page) -> Response:
    renderer = datasette.renderers["json"][0]
    data = page.data
    result = call_with_supported_arguments(
        renderer, **_renderer_arguments(datasette, request, data), args=request.args, data=data
    )
    if asyncio.iscoroutine(result):
        result = await result
    if isinstance(result, dict):
        return Response(
            body=result.get("body"),
            status=result.get("status_code", 200),
            content_type=result.get("content_type", "text/plain"),
            headers=result.get("headers"),
        )
    return result


async def render_html(datasette: Any, request: Request, page: Page) -> Response:
    data = page.data
    extras = await page.extras()
    url_labels_extra = {"_labels": "on"} if data.get("expandable_columns") else {}
    url_csv = datasette.urls.path(
        path_with_format(request=request, format="csv", extra_qs={"_size": "max", **url_labels_extra})
    )
    context = {
        **data,
        **extras,
        "renderers": await _renderers(datasette, request, data, url_labels_extra),
        "url_csv": url_csv,
        "url_csv_path": url_csv.split("?")[0],
        "url_csv_hidden_args": [
            (key, value)
            for key, value in urllib.parse.parse_qsl(request.query_string)
            if key not in ("_labels", "_facet", "_size")
        ]
        + [("_size", "max")],
        "datasette_version": __version__,
        "settings": datasette.settings_dict(),
    }
    if "metadata" not in context:
        context["metadata"] = datasette.metadata
    return await _render(datasette, request, page.templates, context)


async def _renderers(
    datasette: Any, request: Request, data: dict[str, Any], url_labels_extra: dict[str, str]
) -> dict[str, str]:
    renderers = {}
    for key, (_, can_render) in datasette.renderers.items():
        it_can_render = call_with_supported_arguments(can_render, **_renderer_arguments(datasette, request, data))
        if await await_me_maybe(it_can_render):
            path = path_with_format(request=request, format=key, extra_qs={**url_labels_extra})
            renderers[key] = datasette.urls.path(path)
    return renderers


async def _render(datasette: Any, request: Request, templates: tuple[str, str], context: dict[str, Any]) -> Response:
    """Datasette's `BaseView.render`: the template chosen, its context, and the link to the page's JSON."""
    template = datasette.jinja_env.select_template(templates)
    json_url = datasette.absolute_url(request, datasette.urls.path(path_with_format(request=request, format="json")))
    template_context = {
        **context,
        "database_color": lambda database: "ff0000",
        "select_templates": [f"{'*' if name == template.name else ''}{name}" for name in templates],
        "alternate_url_json": json_url,
    }
    html = await datasette.render_template(template, template_context, request=request, view_name="table")
    return Response.html(html, headers={"Link": f'{json_url}; rel="alternate"; type="application/json+datasette"'})


def with_headers(datasette: Any, request: Request, response: Response) -> Response:
    """Datasette's cache, referrer and CORS headers, and the router's `Vary` for pages that may be personal."""
    ttl = request.args.get("_ttl", None)
    if ttl is None or not ttl.isdigit():
        ttl = datasette.setting("default_cache_ttl")
    if datasette.cache_headers and response.status == 200:
        response.headers["Cache-Control"] = "no-cache" if int(ttl) == 0 else f"max-age={ttl}"
    response.headers["Referrer-Policy"] = "no-referrer"
    if datasette.cors:
        add_cors_headers(response.headers)
    vary = [part.strip() for part in response.headers.pop("vary", "").split(",") if part.strip()]
    response.headers["vary"] = ", ".join([*vary, *(n for n in ("Cookie", "Authorization") if n not in vary)])
    return response
