"""Datasette plugin: keeps the publication read-only, its CSV safe to open, its facets fast, and shows each claim
in its source sentence."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from datasette import hookimpl
from datasette.utils import tilde_decode
from datasette.utils.asgi import Response

from .exports import defuse_csv_responses
from .facets import use_summary_facets
from .pagination import order_first_pages_by_key
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


@hookimpl
def startup(datasette: Any) -> None:
    use_summary_facets()
    order_first_pages_by_key()


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
        db = datasette.get_database(database)
        result = await db.execute(CLAIM_SOURCE_SQL, {"id": claim_id})
        row = result.first()
        if row is None:
            return {}
        source = dict(row)
        source["before"], source["highlight"], source["after"] = split_context(row["context"], row["quote"])
        if row["article_url"]:
            source["original_at_the_words"] = at_the_words(row["article_url"], row["quote"])
        return {"claim_source": source, **await _trail_and_corrections(db, claim_id)}

    return claim_source


async def _trail_and_corrections(db: Any, claim_id: str) -> dict[str, Any]:
    """The claim's statement trail and its corrections, where the database has them (a build without git
    history has no corrections; every build has trails)."""
    found: dict[str, Any] = {}
    if await db.table_exists("appearances"):
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
    if await db.table_exists("corrections"):
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
