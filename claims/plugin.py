"""Datasette plugin: keeps the publication read-only, its CSV safe to open, its facets fast, and shows each claim
in its source sentence."""

from __future__ import annotations

import sqlite3
from typing import Any

from datasette import hookimpl
from datasette.utils import tilde_decode
from datasette.utils.asgi import Response

from .exports import defuse_csv_responses
from .facets import use_summary_facets
from .provenance import at_the_words, marked

READ_METHODS = {"GET", "HEAD", "OPTIONS"}

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


@hookimpl
def startup(datasette: Any) -> None:
    use_summary_facets()


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
            await safe_app(scope, receive, send)

        safe_app = defuse_csv_responses(app)
        return read_only

    return wrap


def split_context(context: str, quote: str) -> tuple[str, str, str]:
    """The context around the quote: (before, quote, after), whitespace collapsed as in the context."""
    words = " ".join(quote.split())
    at = context.find(words)
    if at < 0:
        return context, "", ""
    return context[:at], words, context[at + len(words) :]


@hookimpl
def extra_template_vars(view_name: str, table: str | None, database: str | None, request: Any, datasette: Any) -> Any:
    if view_name != "row" or request is None:
        return {}
    if table == "articles":
        return _article_span(database, request, datasette)
    if table != "claims":
        return {}

    async def claim_source() -> dict[str, Any]:
        claim_id = tilde_decode(request.url_vars.get("pks", ""))
        result = await datasette.get_database(database).execute(CLAIM_SOURCE_SQL, {"id": claim_id})
        row = result.first()
        if row is None:
            return {}
        source = dict(row)
        source["before"], source["highlight"], source["after"] = split_context(row["context"], row["quote"])
        if row["article_url"]:
            source["original_at_the_words"] = at_the_words(row["article_url"], row["quote"])
        return {"claim_source": source}

    return claim_source


def _article_span(database: str | None, request: Any, datasette: Any) -> Any:
    """On an article's page opened with ?start=&end= (from a claim), its text with those characters marked."""
    try:
        start, end = int(request.args.get("start", "")), int(request.args.get("end", ""))
    except ValueError:
        return {}

    async def article_span() -> dict[str, Any]:
        article_id = tilde_decode(request.url_vars.get("pks", ""))
        result = await datasette.get_database(database).execute("select text from articles where id = ?", [article_id])
        row = result.first()
        parts = marked(row["text"], start, end) if row else None
        if parts is None:
            return {}
        return {"article_span": dict(zip(("before", "marked", "after"), parts, strict=True))}

    return article_span
