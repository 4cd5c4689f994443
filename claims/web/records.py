"""Whole records to use elsewhere: each claim as one JSON object that needs no joins (JSON Lines), and each
statement as a schema.org `Claim` (JSON-LD).

A statement is one quotation however many articles carry it: the trail tables `statements` and `appearances`
group the claims.

What is exported is either a `Selection` (`claims export`: everything, or what a speaker or an outlet is part of,
statements whole) or a `Page` (a Datasette renderer: some rows of the claims or statements table, in the order
given; `record_renderers` exports a filtered view as a run of pages). A page of claims gives those claims; as
schema.org Claims, the statements they are appearances of, each listing the articles of only the page's claims as
its `appearance` (and its `firstAppearance`), so a run of pages lists every claim's article once. A page of
statements gives each statement's claims from the first, up to the page's `appearance_limit` of them.

An appearance is an article (`claims.build.trails`): a statement's claims in one article share a position, and a
Claim's `appearance` lists each article once.

Everything here reads one row at a time and yields one object at a time, so exporting a million claims runs in
constant memory: nothing holds more than one statement's appearances.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import itertools
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import IO, Any

from datasette.utils import tilde_encode

from ..build.rows import ArticleRow, ClaimRow, OutletRow, SpeakerRow
from ..build.tablespec import exported

SCHEMA_ORG = "https://schema.org"

# The columns of each part of a claim's record: those the table spec marks exported (claims/build/rows.py).
CLAIM_COLUMNS = exported(ClaimRow)
SPEAKER_COLUMNS = exported(SpeakerRow)
ARTICLE_COLUMNS = exported(ArticleRow)
OUTLET_COLUMNS = exported(OutletRow)

Record = dict[str, Any]
Link = Callable[[str, str], str]  # (table, primary key) -> URL of that row's page


@dataclass(frozen=True)
class Selection:
    """Which claims or statements `claims export` writes: every filter given must hold."""

    speaker: str | None = None
    outlet: str | None = None

    def params(self) -> dict[str, str | None]:
        return {"speaker": self.speaker, "outlet": self.outlet}

    def where(self, conditions: dict[str, str]) -> str:
        used = [conditions[item.name] for item in fields(self) if getattr(self, item.name) is not None]
        return " and ".join(used) or "1"


EVERYTHING = Selection()

# Claims: those of the speaker, of the outlet.
CLAIM_CONDITIONS = {"speaker": "claims.speaker_id = :speaker", "outlet": "claims.outlet_id = :outlet"}
# Statements: a statement is selected whole when any of its appearances is the speaker's or in the outlet (its
# own speaker is its first appearance's: a statement first attributed to someone else is the speaker's too).
STATEMENT_CONDITIONS = {
    "speaker": "statements.id in (select appearances.statement_id from claims"
    " join appearances on appearances.claim_id = claims.id where claims.speaker_id = :speaker)",
    "outlet": "statements.id in (select statement_id from appearances where outlet_id = :outlet)",
}

PAGE_TABLES = ("claims", "statements")
NO_LIMIT = 2**62


@dataclass(frozen=True)
class Page:
    """Some rows of the claims or statements table (`table`), by primary key in the order to export them. On the
    statements table, each statement gives at most its first `appearance_limit` claims (by position); all of them
    when None."""

    table: str
    ids: tuple[str, ...]
    appearance_limit: int | None = None

    def __post_init__(self) -> None:
        if self.table not in PAGE_TABLES:
            raise ValueError(f"no page of {self.table!r}; one of {', '.join(PAGE_TABLES)}")

    def params(self) -> dict[str, Any]:
        limit = NO_LIMIT if self.appearance_limit is None else self.appearance_limit
        return {"ids": json.dumps(self.ids), "appearance_limit": limit}


# A page's rows as `chosen(claim_id, rank)`: rank orders the output as the page. The ids come as one JSON array.
PAGE_CLAIMS = "chosen(claim_id, rank) as (select value, key from json_each(:ids))"
# A page of statements gives each statement's first claims. The claims of one appearance (one article) share its
# position; the trails are written in order, so the rowid orders them by offset.
PAGE_STATEMENTS = """
page(statement_id, rank) as (select value, key from json_each(:ids)),
chosen(claim_id, rank) as (
  select appearances.claim_id, page.rank
  from page cross join appearances
  where appearances.rowid in (
    select limited.rowid from appearances as limited where limited.statement_id = page.statement_id
    order by limited.position, limited.rowid limit :appearance_limit)
)"""
# As schema.org Claims, a page of claims gives the statements of its claims, each ranked by its first claim on the
# page, with those claims (listed) and the statement's first appearance (listed only when it is on the page).
PAGE_CLAIMS_STATEMENTS = """
page(claim_id, rank) as (select value, key from json_each(:ids)),
ranked(statement_id, rank) as (
  select appearances.statement_id, min(page.rank)
  from page cross join appearances
  where appearances.claim_id = page.claim_id
  group by appearances.statement_id
),
chosen(claim_id, rank, listed) as (
  select claim_id, min(rank), max(listed) from (
    select page.claim_id, ranked.rank, 1 as listed
    from page cross join appearances cross join ranked
    where appearances.claim_id = page.claim_id and ranked.statement_id = appearances.statement_id
    union all
    select statements.first_claim_id, ranked.rank, 0
    from ranked cross join statements
    where statements.id = ranked.statement_id
  )
  group by claim_id
)"""


@dataclass(frozen=True)
class Layout:
    """The columns of one query, in parts: part name -> {key in the output: SQL expression}."""

    parts: tuple[tuple[str, dict[str, str]], ...]

    def select(self) -> str:
        return ", ".join(expression for _, columns in self.parts for expression in columns.values())

    def split(self, row: tuple[Any, ...]) -> dict[str, Record]:
        values = iter(row)
        return {
            name: dict(zip(columns, itertools.islice(values, len(columns)), strict=True))
            for name, columns in self.parts
        }


def _part(alias: str, names: Iterable[str]) -> dict[str, str]:
    return {name: f"[{alias}].[{name}]" for name in names}


# Claims


CLAIMS_SQL = """
{with_}
select {select}
from {source}
join speakers as speaker on speaker.id = claims.speaker_id
left join speakers as via on via.id = claims.via_id
join articles as article on article.id = claims.article_id
join outlets as outlet on outlet.id = claims.outlet_id
left join appearances on appearances.claim_id = claims.id
left join statements on statements.id = appearances.statement_id
where {where}
order by {order}
"""
CLAIMS_LAYOUT = Layout(
    (
        ("claim", _part("claims", CLAIM_COLUMNS)),
        ("speaker", _part("speaker", SPEAKER_COLUMNS)),
        ("via", _part("via", SPEAKER_COLUMNS)),
        ("article", _part("article", ARTICLE_COLUMNS)),
        ("outlet", _part("outlet", OUTLET_COLUMNS)),
        (
            "trail",
            {
                "statement_id": "appearances.statement_id",
                "position": "appearances.position",
                "appearance_count": "statements.appearance_count",
            },
        ),
    )
)


def _speaker(part: Record) -> Record:
    return {**part, "aliases": json.loads(part["aliases"] or "[]")}


def claim_record(parts: dict[str, Record]) -> Record:
    """One claim with everything it refers to nested: its columns, speaker, via, article, outlet, said interval,
    its statement, its position among the statement's appearances and how many appearances the statement has (a
    page of statements may give only the first ones)."""
    claim = parts["claim"]
    record = {
        **claim,
        "speaker": _speaker(parts["speaker"]),
        "via": _speaker(parts["via"]) if parts["via"]["id"] is not None else None,
        "article": parts["article"],
        "outlet": parts["outlet"],
        "said": {
            "from": claim["said_from"],
            "to": claim["said_to"],
            "precision": claim["said_precision"],
            "phrase": claim["said_phrase"],
        },
    }
    record["statement_id"] = parts["trail"]["statement_id"]
    record["appearance_position"] = parts["trail"]["position"]
    record["appearance_count"] = parts["trail"]["appearance_count"]
    return record


def _claims_sql(selection: Selection | Page) -> dict[str, str]:
    """The parts of CLAIMS_SQL that depend on what is selected."""
    if isinstance(selection, Selection):
        where = selection.where(CLAIM_CONDITIONS)
        return {"with_": "", "source": "claims", "where": where, "order": "claims.article_id, claims.start, claims.id"}
    if selection.table == "statements":
        chosen, order = PAGE_STATEMENTS, "chosen.rank, appearances.position, appearances.rowid"
    else:
        chosen, order = PAGE_CLAIMS, "chosen.rank"
    source = "chosen cross join claims on claims.id = chosen.claim_id"
    return {"with_": f"with {chosen}", "source": source, "where": "1", "order": order}


def claim_records(conn: sqlite3.Connection, selection: Selection | Page = EVERYTHING) -> Iterator[Record]:
    """Every selected claim as a full record: of a Selection in article order (article ids begin with their date),
    of a Page in the page's order, a statement's claims by their position."""
    sql = CLAIMS_SQL.format(select=CLAIMS_LAYOUT.select(), **_claims_sql(selection))
    for row in conn.execute(sql, selection.params()):
        yield claim_record(CLAIMS_LAYOUT.split(row))


def export_drift(conn: sqlite3.Connection) -> list[str]:
    """How the parts of an exported claim (the first with a via, else the first) differ from the columns the table
    spec marks exported, one line a part; [] when they agree."""
    records = list(itertools.islice(claim_records(conn), 1000))
    record = next((r for r in records if r["via"] is not None), records[0] if records else None)
    if record is None:
        return ["export: no claim to export"]
    keys = list(record)
    parts = {
        "claim": (keys[: keys.index("speaker")], exported(ClaimRow)),
        "speaker": (list(record["speaker"]), exported(SpeakerRow)),
        "via": (list(record["via"] or record["speaker"]), exported(SpeakerRow)),
        "article": (list(record["article"]), exported(ArticleRow)),
        "outlet": (list(record["outlet"]), exported(OutletRow)),
    }
    return [
        f"export: a claim's {part} has {found}, the spec exports {list(expected)}"
        for part, (found, expected) in parts.items()
        if found != list(expected)
    ]


# Statements as schema.org Claims

TRAIL_STATEMENTS_SQL = """
select {select}
from statements
join speakers as speaker on speaker.id = statements.speaker_id
join appearances on appearances.statement_id = statements.id
join claims on claims.id = appearances.claim_id
join articles as article on article.id = claims.article_id
join outlets as outlet on outlet.id = claims.outlet_id
where {where}
order by statements.first_published, statements.id, appearances.position, appearances.rowid
"""

PAGE_TRAIL_STATEMENTS_SQL = """
with {chosen}
select {select}
from chosen
cross join appearances on appearances.claim_id = chosen.claim_id
join statements on statements.id = appearances.statement_id
join speakers as speaker on speaker.id = statements.speaker_id
join claims on claims.id = appearances.claim_id
join articles as article on article.id = claims.article_id
join outlets as outlet on outlet.id = claims.outlet_id
order by chosen.rank, appearances.position, appearances.rowid
"""


def _statements_layout(selection: Selection | Page) -> Layout:
    # whether a row goes in its statement's `appearance` list (1) or is only its `firstAppearance` (0)
    listed = "chosen.listed" if isinstance(selection, Page) and selection.table == "claims" else "1"
    return Layout(
        (
            ("statement", _part("statements", ("id", "quote"))),
            ("speaker", _part("speaker", SPEAKER_COLUMNS)),
            ("said", _part("claims", ("said_from", "said_to"))),
            ("article", _part("article", ("id", "title", "url", "published"))),
            ("outlet", _part("outlet", ("id", "name", "url"))),
            ("appearance", {"listed": listed}),
        )
    )


def _statements_sql(selection: Selection | Page, select: str) -> str:
    """The query of the selected statements' appearances, each statement's together, first ones first."""
    if isinstance(selection, Selection):
        return TRAIL_STATEMENTS_SQL.format(select=select, where=selection.where(STATEMENT_CONDITIONS))
    chosen = PAGE_CLAIMS_STATEMENTS if selection.table == "claims" else PAGE_STATEMENTS
    return PAGE_TRAIL_STATEMENTS_SQL.format(chosen=chosen, select=select)


def _present(node: Record) -> Record:
    """The node without empty values: JSON-LD leaves out what is not known."""
    return {key: value for key, value in node.items() if value is not None and value != []}


# The schema.org type of each type of speaker. Anonymous sources ("senior Pentagon officials") are people
# speaking without their names, even when plural: an Organization would say an institution spoke on the record,
# which is what anonymous sourcing is not. A document is in DOCUMENT_TYPES instead: see attribution.
AGENT_TYPES = {
    "person": "Person",
    "anonymous": "Person",
    "government": "Organization",
    "organisation": "Organization",
    "media": "Organization",
    "group": "Organization",
}
DOCUMENT_TYPES = {"document"}


def _organization(name: str | None) -> Record | None:
    return {"@type": "Organization", "name": name} if name else None


def _named(schema_type: str, speaker: Record, link: Link | None) -> Record:
    return {
        "@type": schema_type,
        "identifier": speaker["id"],
        "name": speaker["name"],
        "alternateName": json.loads(speaker["aliases"] or "[]"),
        "url": link("speakers", speaker["id"]) if link else None,
    }


def agent(speaker: Record, link: Link | None = None) -> Record:
    """The speaker as a schema.org Person (with its role as jobTitle) or Organization."""
    schema_type = AGENT_TYPES[speaker["type"]]
    affiliation = _organization(speaker["affiliation"])
    if schema_type == "Person":
        extra = {"jobTitle": speaker["role"], "affiliation": affiliation}
    else:
        extra = {"description": speaker["role"], "parentOrganization": affiliation}
    return _present(_named(schema_type, speaker, link) | extra)


def attribution(speaker: Record, link: Link | None = None) -> Record:
    """Who the claim is by. A document ("US strategy documents") is neither a Person nor an Organization: the
    claim is based on it (isBasedOn a CreativeWork) and its author is the organisation it comes from, if known."""
    if speaker["type"] not in DOCUMENT_TYPES:
        return {"author": agent(speaker, link)}
    document = _present(_named("CreativeWork", speaker, link) | {"description": speaker["role"]})
    return _present({"author": _organization(speaker["affiliation"]), "isBasedOn": document})


def news_article(parts: dict[str, Record]) -> Record:
    article, outlet = parts["article"], parts["outlet"]
    publisher = _present(
        {"@type": "Organization", "identifier": outlet["id"], "name": outlet["name"], "url": outlet["url"]}
    )
    return _present(
        {
            "@type": "NewsArticle",
            "identifier": article["id"],
            "headline": article["title"],
            "url": article["url"],
            "datePublished": article["published"],
            "publisher": publisher,
        }
    )


def said_date(said_from: str | None, said_to: str | None) -> str | None:
    """The finest ISO 8601 date that holds the whole said interval: a day, an ISO week (2018-W39), a month or a
    year; None when unknown or wider than a year."""
    if said_from is None or said_to is None:
        return None
    first, last = dt.date.fromisoformat(said_from), dt.date.fromisoformat(said_to)
    if first == last:
        return first.isoformat()
    if first.isocalendar()[:2] == last.isocalendar()[:2]:
        year, week, _ = first.isocalendar()
        return f"{year}-W{week:02d}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.year}-{first.month:02d}"
    return str(first.year) if first.year == last.year else None


def claim_node(appearances: list[dict[str, Record]], table: str, link: Link | None = None) -> Record:
    """One statement as a schema.org Claim, from its appearances in order, the first published first: `appearance`
    lists those marked listed, `firstAppearance` is the first.

    The said interval goes in dateCreated (the first of these appearances that dates it): schema.org's Claim is a
    CreativeWork, created when it was said; temporalCoverage would be the period the claim is about, which we do
    not know."""
    first = appearances[0]
    said = next(filter(None, (said_date(p["said"]["said_from"], p["said"]["said_to"]) for p in appearances)), None)
    statement_id = first["statement"]["id"]
    first_work = news_article(first)
    node = {
        "@type": "Claim",
        "identifier": statement_id,
        "url": link(table, statement_id) if link else None,
        "text": first["statement"]["quote"],
        **attribution(first["speaker"], link),
        "datePublished": first_work["datePublished"],
        "dateCreated": said,
        "firstAppearance": first_work,
        "appearance": listed_articles(appearances),
    }
    return _present(node)


def listed_articles(appearances: list[dict[str, Record]]) -> list[Record]:
    """The articles of the listed appearances, in order, each once: a statement's claims in one article (a partial
    quote inside the reported speech that holds it) are one appearance."""
    seen: set[str] = set()
    works = []
    for parts in appearances:
        if parts["appearance"]["listed"] and parts["article"]["id"] not in seen:
            seen.add(parts["article"]["id"])
            works.append(news_article(parts))
    return works


def statement_claims(
    conn: sqlite3.Connection, selection: Selection | Page = EVERYTHING, link: Link | None = None
) -> Iterator[Record]:
    """Every selected statement as a schema.org Claim. A Selection gives whole statements; a Page, what the module
    says."""
    layout = _statements_layout(selection)
    sql = _statements_sql(selection, layout.select())
    rows = map(layout.split, conn.execute(sql, selection.params()))
    for _, appearances in itertools.groupby(rows, key=lambda parts: parts["statement"]["id"]):
        yield claim_node(list(appearances), "statements", link)


# Writing


def dumps(node: Record) -> str:
    """Compact JSON with the text exactly as it is (no ASCII escapes); newlines in text stay escaped."""
    return json.dumps(node, ensure_ascii=False, separators=(",", ":"))


def write_json_lines(nodes: Iterable[Record], out: IO[str]) -> int:
    count = 0
    for node in nodes:
        out.write(dumps(node) + "\n")
        count += 1
    return count


JSONLD_OPENING = f'{{"@context":{json.dumps(SCHEMA_ORG)},"@graph":['
JSONLD_CLOSING = "\n]}\n"


def write_jsonld_nodes(nodes: Iterable[Record], out: IO[str], written: int = 0) -> int:
    """The nodes of a JSON-LD `@graph`, one a line, after `written` nodes already written; how many in all."""
    for node in nodes:
        out.write(("\n" if written == 0 else ",\n") + dumps(node))
        written += 1
    return written


def write_jsonld_document(nodes: Iterable[Record], out: IO[str]) -> int:
    """One JSON-LD document, `{"@context": "https://schema.org", "@graph": [...]}`, one node a line, written
    as the nodes come."""
    out.write(JSONLD_OPENING)
    count = write_jsonld_nodes(nodes, out)
    out.write(JSONLD_CLOSING)
    return count


def with_context(nodes: Iterable[Record]) -> Iterator[Record]:
    """Nodes that stand alone, each with its own @context (for JSON Lines of JSON-LD)."""
    for node in nodes:
        yield {"@context": SCHEMA_ORG, **node}


FORMATS = ("jsonl", "jsonld", "jsonld-lines")


def export(
    conn: sqlite3.Connection,
    output_format: str,
    out: IO[str],
    selection: Selection = EVERYTHING,
    link: Link | None = None,
) -> int:
    """Write the selection in one of FORMATS; the number of objects written.

    jsonl: one claim record a line. jsonld: one JSON-LD document whose @graph holds one Claim per statement,
    the file that JSON-LD tools and schema.org validators read. jsonld-lines: the same Claims one a line, each
    with its @context, for tools that read a stream instead of loading a whole document."""
    if output_format == "jsonl":
        return write_json_lines(claim_records(conn, selection), out)
    nodes = statement_claims(conn, selection, link)
    if output_format == "jsonld":
        return write_jsonld_document(nodes, out)
    if output_format == "jsonld-lines":
        return write_json_lines(with_context(nodes), out)
    raise ValueError(f"unknown format {output_format!r}; one of {', '.join(FORMATS)}")


def row_links(base_url: str, database: str) -> Link:
    """Links to the row pages of a Datasette serving the database at `base_url`."""
    base = base_url.rstrip("/")

    def link(table: str, key: str) -> str:
        return f"{base}/{tilde_encode(database)}/{tilde_encode(table)}/{tilde_encode(key)}"

    return link


def connect(path: Path) -> sqlite3.Connection:
    """The database opened read-only."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def speaker_id(conn: sqlite3.Connection, speaker: str) -> str:
    """The id of the speaker that `speaker` names: an id, else a name or an alias (in any case). A name that is
    nobody's comes back as it is (missing_ids reports it); one that several speakers share is an ExportError."""
    if conn.execute("select 1 from speakers where id = ?", [speaker]).fetchone():
        return speaker
    rows = conn.execute(
        "select id from speakers where name = :words collate nocase"
        " union select speaker_id from speaker_aliases where alias = :words collate nocase order by 1",
        {"words": speaker.strip()},
    ).fetchall()
    if len(rows) > 1:
        ids = ", ".join(row[0] for row in rows)
        raise ExportError(f"{speaker!r} names {len(rows)} speakers ({ids}): give one of their ids")
    return rows[0][0] if rows else speaker


def missing_ids(conn: sqlite3.Connection, selection: Selection) -> list[str]:
    """The filters that name a speaker or outlet the database does not have, as `speaker x` / `outlet y`."""
    asked = [("speaker", "speakers", selection.speaker), ("outlet", "outlets", selection.outlet)]
    return [
        f"{name} {key}"
        for name, table, key in asked
        if key is not None and conn.execute(f"select 1 from {table} where id = ?", [key]).fetchone() is None
    ]


class ExportError(Exception):
    """An export that cannot be done: no database, a file that is not one, a filter naming nothing in it, an output
    that cannot be written. Its text is the one line `claims export` prints."""

    def __str__(self) -> str:
        return f"error: {super().__str__()}"


def _to_stdout(write: Callable[[IO[str]], int]) -> int:
    sys.stdout.flush()
    stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
    try:
        count = write(stream)
        stream.flush()
        return count
    except BrokenPipeError:
        # the reader stopped early (`| head`) and has what it wanted; what is left goes nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:  # a full disk under a redirection
        raise ExportError(f"standard output: {error.strerror or error}") from None
    finally:
        stream.detach()  # sys.stdout stays open


def _to_file(write: Callable[[IO[str]], int], path: Path) -> int:
    """A regular file is written beside the target and renamed into place when complete, so that a failed
    export leaves no half file; a device or a pipe (/dev/null, a FIFO) is written to, never replaced."""
    try:
        if path.exists() and not path.is_file():
            with path.open("w", encoding="utf-8", newline="\n") as out:
                return write(out)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with temporary.open("w", encoding="utf-8", newline="\n") as out:
                count = write(out)
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    except OSError as error:  # no such directory, no permission, a full disk: said of the file asked for
        raise ExportError(f"{path}: {error.strerror or error}") from None
    return count


def export_database(
    db: Path, output_format: str, target: str, selection: Selection = EVERYTHING, base_url: str | None = None
) -> int:
    """Export the database at `db` to the file `target` (`-`: standard output); the number of objects written."""
    if not db.is_file():
        raise ExportError(f"{db}: no such database; run `claims build`")
    if Path(target).is_dir():
        raise ExportError(f"{target}: is a directory; --out takes a file")
    try:
        with contextlib.closing(connect(db)) as conn:
            if selection.speaker is not None:
                selection = replace(selection, speaker=speaker_id(conn, selection.speaker))
            missing = missing_ids(conn, selection)
            if missing:
                raise ExportError(f"{db}: no {' and no '.join(missing)}")
            link = row_links(base_url, db.stem) if base_url else None

            def write(out: IO[str]) -> int:
                return export(conn, output_format, out, selection, link)

            return _to_stdout(write) if target == "-" else _to_file(write, Path(target))
    except sqlite3.DatabaseError as error:  # not SQLite, not a claims database, damaged
        raise ExportError(f"{db}: {error}") from None
