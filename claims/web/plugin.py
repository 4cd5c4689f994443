"""Datasette plugin: keeps the publication read-only, its CSV safe to open, its facets fast, and shows each claim
in its source sentence."""

from __future__ import annotations

import asyncio
import functools
import json
import sqlite3
import urllib.parse
from pathlib import Path
from typing import Any

from datasette import hookimpl
from datasette.utils import path_with_added_args, path_with_removed_args, tilde_decode, tilde_encode
from datasette.utils.asgi import Response
from markupsafe import Markup

from ..build.rows import KIND_LABELS
from . import pages, search, search_page
from .csv_view import render_csv
from .exports import CSV_VIEW, defuse_csv_responses
from .facets import SummaryColumnFacet
from .provenance import at_the_words, marked
from .search_index import INDEXES

READ_METHODS = {"GET", "HEAD", "OPTIONS"}
CACHE_AN_HOUR = {"Cache-Control": "max-age=3600"}

CLAIM_SOURCE_SQL = """
select claims.*, articles.title as article_title, articles.url as article_url,
  speakers.name as speaker_name, speakers.role as speaker_role, via.name as via_name, outlets.name as outlet_name
from claims
join articles on articles.id = claims.article_id
join speakers on speakers.id = claims.speaker_id
join outlets on outlets.id = claims.outlet_id
left join speakers as via on via.id = claims.via_id
where claims.id = :id
"""

# Every appearance of the claim's statement, first first, each with its chain of hops as one line of names.
TRAIL_SQL = """
select appearances.position, appearances.match, appearances.score, appearances.claim_id, appearances.published,
  outlets.name as outlet_name, articles.title as article_title, appearances.article_id, claims.kind,
  speakers.name as speaker_name,
  (select group_concat(hop_names, ' → ') from (
    select coalesce(from_speaker.name, from_outlet.name, hops.from_id) || ' —' || hops.hop || '→ '
      || coalesce(to_speaker.name, to_outlet.name, hops.to_id) as hop_names
    from hops
    left join speakers as from_speaker on hops.from_type = 'speaker' and from_speaker.id = hops.from_id
    left join outlets as from_outlet on hops.from_type = 'outlet' and from_outlet.id = hops.from_id
    left join speakers as to_speaker on hops.to_type = 'speaker' and to_speaker.id = hops.to_id
    left join outlets as to_outlet on hops.to_type = 'outlet' and to_outlet.id = hops.to_id
    where hops.claim_id = appearances.claim_id order by hops.step
  )) as chain
from appearances
join claims on claims.id = appearances.claim_id
join outlets on outlets.id = appearances.outlet_id
join articles on articles.id = appearances.article_id
join speakers on speakers.id = claims.speaker_id
where appearances.statement_id = :statement and (appearances.position <= :shown or appearances.claim_id = :id)
order by appearances.position
"""
TRAIL_SHOWN = 20  # the first appearances a claim's page lists, and the claim's own

CORRECTIONS_SQL = """
select committed, author, change, fields, before, after, message, [commit]
from corrections where claim_id = :id order by committed, rowid
"""


DENIED_FUNCTIONS = {"fts3_tokenizer"}  # reveals a memory address and registers pointers as tokenizers


def _authorize(action: int, arg1: str | None, arg2: str | None, *_: Any) -> int:
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.set_authorizer(_authorize)


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """Refuse every request that could change something, before Datasette sees it; defuse CSV exports."""

    def wrap(app: Any) -> Any:
        async def read_only(scope: dict, receive: Any, send: Any) -> None:
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            if scope["type"] == "http" and scope["method"] not in READ_METHODS:
                response = Response.text(
                    "Method not allowed: this is a read-only publication.\n", status=405, headers={"Allow": "GET, HEAD"}
                )
                await response.asgi_send(send)
                return
            refused = unsortable(datasette, scope) if scope["type"] == "http" else None
            if refused is not None:
                await _bad_request(scope, refused).asgi_send(send)
                return
            found = search_page.route(datasette, scope)
            answered = await search_page.answer(datasette, scope, receive, found) if found else None
            if answered is not None:
                await answered.asgi_send(send)
                return
            await safe_app(scope, receive, send)

        safe_app = defuse_csv_responses(app)
        return read_only

    return wrap


async def stylesheet() -> Response:
    return Response(pages.STYLESHEET.read_text(), content_type="text/css; charset=utf-8", headers=CACHE_AN_HOUR)


@hookimpl
def register_output_renderer() -> dict[str, Any]:
    # The CSV of a whole view: a reader asks for `.csv`, which the middleware routes here; never listed as a format.
    return {"extension": CSV_VIEW, "render": render_csv, "can_render": lambda: False}


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/-/claims\.css$", stylesheet)]


def _bad_request(scope: dict, message: str) -> Response:
    """A 400 in the shape the page asked for: Datasette's JSON error, or one line of text."""
    if scope["path"].endswith(".json"):
        return Response.json({"ok": False, "error": message.strip(), "status": 400, "title": None}, status=400)
    return Response.text(message, status=400)


def unsortable(datasette: Any, scope: dict) -> str | None:
    """Why a sort the table does not offer is refused (Datasette answers it with a 500), or None. Tables list the
    columns they sort by in metadata.yml: unique keys, so that paging never skips or repeats a row."""
    parts = scope["path"].strip("/").split("/")
    query = urllib.parse.parse_qs(scope.get("query_string", b"").decode("latin-1"))
    asked = [value for name in ("_sort", "_sort_desc") for value in query.get(name, [])]
    if len(parts) != 2 or not asked:
        return None
    table = tilde_decode(parts[1].rsplit(".", 1)[0] if "." in parts[1] else parts[1])
    sortable = datasette.table_metadata(tilde_decode(parts[0]), table).get("sortable_columns")
    if sortable is None or all(value in sortable for value in asked):
        return None
    offered = ", ".join(sortable) or "nothing but its key"
    return f"This table cannot be sorted by {', '.join(asked)}: it can be sorted by {offered}.\n"


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    return [datasette.urls.path("/-/claims.css")]


@hookimpl
def extra_body_script() -> str:
    # Datasette's templates write a bare <html>, filter controls without labels and scrolling tables that a keyboard
    # cannot reach; screen readers and keyboards need all three (axe-core checks them in the browser tests).
    return ACCESSIBILITY_SCRIPT


ACCESSIBILITY_SCRIPT = """
document.documentElement.lang = "en";
const labels = [["_filter_column", "Column to filter by"], ["_filter_op", "How to compare"],
  ["_filter_value", "Value to compare with"], ["_sort_by_desc", "Sort descending"], ["_sort", "Sort by"]];
for (const control of document.querySelectorAll("select[name], input[name]")) {
  const name = control.classList.contains("filter-value") ? "_filter_value" : control.name;
  const found = labels.find(([prefix]) => name.startsWith(prefix));
  if (found && !control.labels?.length && !control.getAttribute("aria-label")) {
    control.setAttribute("aria-label", found[1]);
  }
}
for (const region of document.querySelectorAll(".table-wrapper")) {
  if (region.scrollWidth > region.clientWidth) region.tabIndex = 0;
}
"""


@hookimpl
def startup(datasette: Any) -> Any:
    """Make the in-memory index of each served claims table's facet columns (claims/web/search_index.py) before the
    first reader comes: two seconds at a million claims, in a thread, so searches are fast from the first."""
    threads = [
        INDEXES.start(Path(db.path), table, search.indexed_columns(table))
        for db in datasette.databases.values()
        if not db.is_mutable and db.path
        for table in search.SUMMARISED
    ]

    async def ready() -> None:
        for thread in threads:
            if thread is not None:
                await asyncio.to_thread(thread.join)

    return ready


@hookimpl
def register_facet_classes() -> list[type]:
    return [SummaryColumnFacet]  # beside Datasette's own facets; metadata.yml configures it as "summary"


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    env.filters["highlighted"] = pages.highlighted
    env.filters["has_search_words"] = pages.has_search_words
    env.filters["trust"] = pages.trust
    env.filters["said_words"] = pages.said_words
    env.globals["kind_words"] = pages.KIND_WORDS


# The claims table's references, shown as the names they stand for (the ids stay in the JSON and CSV).
NAMED_REFERENCES = {
    "speaker_id": ("speakers", "name"),
    "via_id": ("speakers", "name"),
    "outlet_id": ("outlets", "name"),
    "article_id": ("articles", "title"),
}


@hookimpl
def render_cell(value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """In the claims table, an unreviewed claim says so where a reader looks, not as a bare word, and a speaker,
    outlet or article shows as its name, linked to its page. In a canned query, the kind of a claim is in words and
    an unreviewed claim says so too."""
    if table is None:  # a canned query's page: its columns are named as the claims table's
        if column == "kind" and value in KIND_LABELS:
            return KIND_LABELS[value]
        return _unreviewed() if column == "review" and value == "unreviewed" else None
    if table != "claims":
        return None
    if column == "review" and value == "unreviewed":
        return _unreviewed()
    if column in NAMED_REFERENCES and value:
        table_name, name_column = NAMED_REFERENCES[column]
        if isinstance(value, dict):  # Datasette has already looked the label up ({"value": ..., "label": ...})
            return _link(datasette, database, table_name, str(value["value"]), value["label"])
        return _named_link(datasette, database, table_name, name_column, str(value))
    return None


def _unreviewed() -> Markup:
    return Markup('<span class="trust trust-unreviewed">⚠ Unreviewed</span>')


def _link(datasette: Any, database: str, table: str, key: str, name: str) -> Markup:
    return Markup('<a href="{}">{}</a>').format(datasette.urls.row(database, table, tilde_encode(key)), name)


def _named_link(datasette: Any, database: str, table: str, name_column: str, key: str) -> Any:
    async def link() -> Markup:
        rows = await datasette.get_database(database).execute(
            f"select [{name_column}] from [{table}] where id = ?", [key]
        )
        return _link(datasette, database, table, key, rows.first()[0] if rows.rows else key)

    return link


def review_links(request: Any) -> dict[str, str]:
    """The claims table's links that hide unreviewed claims and show them again, keeping every other filter."""
    everything = path_with_removed_args(request, {"review"})
    return {"all": everything, "reviewed": path_with_added_args(request, {"review": "reviewed"})}


RANKED_QUERY = "claims_about"  # "Claims about a word", metadata.yml: the best matches first, paged


def best_matches(request: Any, datasette: Any, database: str) -> dict[str, Any] | None:
    """A searched claims table lists the matches newest first, as it lists every claim, and pages them by its key; a
    reader who wants the best matches first is sent to the ranked query with the same words. It searches every
    claim: `filtered` says when the table's other filters will not follow."""
    words = request.args.get("_search", "").strip()
    if not words:
        return None
    url = f"{datasette.urls.database(database)}/{RANKED_QUERY}?{urllib.parse.urlencode({'word': words})}"
    filtered = any(not name.startswith("_") or "__" in name for name in request.args)
    newest = not request.args.get("_sort") and request.args.get("_sort_desc", "sort_key") == "sort_key"
    return {"url": url, "filtered": filtered, "newest": newest}


def split_context(context: str, quote: str) -> tuple[str, str, str]:
    """The context around the quote: (before, quote, after), whitespace collapsed as in the context."""
    words = " ".join(quote.split())
    at = context.find(words)
    if at < 0:
        return context, "", ""
    return context[:at], words, context[at + len(words) :]


@hookimpl
def extra_template_vars(view_name: str, table: str | None, database: str | None, request: Any, datasette: Any) -> Any:
    if view_name == "table" and request is not None:
        config = datasette.plugin_config("claims", database=database, table=table) or {}
        found = {"order_in_words": functools.partial(pages.order_in_words, labels=config.get("order_labels", {}))}
        if table != "claims":
            return found
        return found | {
            "review_links": review_links(request),
            "best_matches": best_matches(request, datasette, database or ""),
            "facet_labels": config.get("facet_labels", {}),
            "value_labels": config.get("value_labels", {}),
        }
    if view_name != "row" or request is None:
        return {}
    if table == "articles":
        return _article(database, request, datasette)
    if table == "speakers":
        return _speaker(database, request, datasette)
    if table != "claims":
        return {}

    async def claim_source() -> dict[str, Any]:
        claim_id = tilde_decode(request.url_vars.get("pks", ""))
        db = datasette.get_database(database)
        result = await db.execute(CLAIM_SOURCE_SQL, {"id": claim_id})
        row = result.first()
        if row is None:
            return {}
        source = dict(row)
        source["before"], source["highlight"], source["after"] = split_context(row["context"], row["quote"])
        source["trust"] = pages.trust(row)
        source["kind_words"] = pages.KIND_WORDS.get(row["kind"], row["kind"])
        if row["article_url"]:
            source["original_at_the_words"] = at_the_words(row["article_url"], row["quote"])
        return {"claim_source": source, **await _trail_and_corrections(db, claim_id)}

    return claim_source


async def _trail_and_corrections(db: Any, claim_id: str) -> dict[str, Any]:
    """The claim's statement trail and its corrections (every build of this schema version has both tables; a
    build without git history has no corrections in them)."""
    found: dict[str, Any] = {}
    statement = (
        await db.execute(
            "select statements.id, statements.appearance_count from appearances"
            " join statements on statements.id = appearances.statement_id where appearances.claim_id = ?",
            [claim_id],
        )
    ).first()
    if statement:
        arguments = {"id": claim_id, "statement": statement["id"], "shown": TRAIL_SHOWN}
        found["claim_trail"] = [dict(row) for row in await db.execute(TRAIL_SQL, arguments)]
        found["claim_trail_count"] = statement["appearance_count"]
    rows = await db.execute(CORRECTIONS_SQL, {"id": claim_id})
    found["claim_corrections"] = [{**row, "detail": what_changed(row["before"], row["after"])} for row in rows]
    return found


def what_changed(before: str, after: str, limit: int = 80) -> str:
    """`verb: "claiming" → "claimed"` for each field a correction changed (whole claims are not spelled out)."""
    old, new = json.loads(before), json.loads(after)
    if not old or not new:
        return ""

    def shown(value: object) -> str:
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= limit else text[: limit - 1] + "…"

    return "; ".join(f"{field}: {shown(old.get(field))} → {shown(new.get(field))}" for field in new)


def _speaker(database: str | None, request: Any, datasette: Any) -> Any:
    """A speaker's page: their counts, one page of their claims and the claims they passed on."""
    try:
        page = int(request.args.get("page", "1"))
    except ValueError:
        page = 1

    async def speaker() -> dict[str, Any]:
        speaker_id = tilde_decode(request.url_vars.get("pks", ""))
        return await pages.speaker_page(datasette.get_database(database), speaker_id, page)

    return speaker


def _article(database: str | None, request: Any, datasette: Any) -> Any:
    """An article's page: its text with every claim marked; opened with ?start=&end= (from a claim), with those
    characters marked instead."""
    try:
        span: tuple[int, int] | None = int(request.args.get("start", "")), int(request.args.get("end", ""))
    except ValueError:
        span = None

    def claim_url(claim_id: str) -> str:
        return datasette.urls.row(database, "claims", tilde_encode(claim_id))

    async def article() -> dict[str, Any]:
        article_id = tilde_decode(request.url_vars.get("pks", ""))
        db = datasette.get_database(database)
        found = await pages.article_page(db, article_id, claim_url)
        parts = marked(found["article"]["text"], *span) if found and span else None
        if parts is not None:
            found["article_span"] = dict(zip(("before", "marked", "after"), parts, strict=True))
        return found

    return article
