"""Whole records to use elsewhere: each claim as one JSON object that needs no joins (JSON Lines), and each
statement as a schema.org `Claim` (JSON-LD).

A statement is one quotation however many articles carry it: the trail tables `statements` and `appearances`
group the claims. A database built without them has one statement per claim, appearing once.

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
from dataclasses import dataclass, fields
from pathlib import Path
from typing import IO, Any

from datasette.utils import tilde_encode

SCHEMA_ORG = "https://schema.org"
TRAIL_TABLES = ("statements", "appearances")

SPEAKER_COLUMNS = ("id", "name", "type", "role", "affiliation", "country", "aliases")
ARTICLE_COLUMNS = ("id", "title", "url", "published", "collected", "author", "sha256")
OUTLET_COLUMNS = ("id", "name", "url", "country")

Record = dict[str, Any]
Link = Callable[[str, str], str]  # (table, primary key) -> URL of that row's page


@dataclass(frozen=True)
class Selection:
    """Which claims or statements to export: every filter given must hold. `claim_ids` and `statement_ids` are
    the rows of one page of the claims or statements table."""

    speaker: str | None = None
    outlet: str | None = None
    claim_ids: tuple[str, ...] | None = None
    statement_ids: tuple[str, ...] | None = None

    def params(self) -> dict[str, str | None]:
        ids = {name: json.dumps(getattr(self, name)) for name in ("claim_ids", "statement_ids")}
        return {"speaker": self.speaker, "outlet": self.outlet, **ids}

    def where(self, conditions: dict[str, str]) -> str:
        used = [conditions[item.name] for item in fields(self) if getattr(self, item.name) is not None]
        return " and ".join(used) or "1"


EVERYTHING = Selection()

CLAIM_IDS = "select value from json_each(:claim_ids)"  # the ids are passed as one JSON array
STATEMENT_IDS = "select value from json_each(:statement_ids)"

# Claims: those of the speaker, of the outlet, on the page; a statement's claims are its appearances.
CLAIM_CONDITIONS = {
    "speaker": "claims.speaker_id = :speaker",
    "outlet": "claims.outlet_id = :outlet",
    "claim_ids": f"claims.id in ({CLAIM_IDS})",
    "statement_ids": f"claims.id in ({STATEMENT_IDS})",
}
TRAIL_CLAIM_CONDITIONS = {
    **CLAIM_CONDITIONS,
    "statement_ids": f"claims.id in (select claim_id from appearances where statement_id in ({STATEMENT_IDS}))",
}
# Statements: a statement is selected whole when its speaker is the one asked for, or when any of its
# appearances is in the outlet or on the page.
STATEMENT_CONDITIONS = {
    "speaker": "statements.speaker_id = :speaker",
    "outlet": "statements.id in (select statement_id from appearances where outlet_id = :outlet)",
    "claim_ids": f"statements.id in (select statement_id from appearances where claim_id in ({CLAIM_IDS}))",
    "statement_ids": f"statements.id in ({STATEMENT_IDS})",
}


def table_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute("select * from pragma_table_info(?)", [table])]


def has_trails(conn: sqlite3.Connection) -> bool:
    """True when the database groups its claims into statements (the trail tables)."""
    names = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
    return all(name in names for name in TRAIL_TABLES)


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
select {select}
from claims
join speakers as speaker on speaker.id = claims.speaker_id
left join speakers as via on via.id = claims.via_id
join articles as article on article.id = claims.article_id
join outlets as outlet on outlet.id = claims.outlet_id
{trail_join}
where {where}
order by claims.article_id, claims.start, claims.id
"""


def _claims_layout(conn: sqlite3.Connection, trails: bool) -> Layout:
    present = set(table_columns(conn, "articles"))  # `collected` is there only in newer databases
    parts = [
        ("claim", _part("claims", table_columns(conn, "claims"))),
        ("speaker", _part("speaker", SPEAKER_COLUMNS)),
        ("via", _part("via", SPEAKER_COLUMNS)),
        ("article", _part("article", [name for name in ARTICLE_COLUMNS if name in present])),
        ("outlet", _part("outlet", OUTLET_COLUMNS)),
    ]
    if trails:
        parts.append(("trail", {"statement_id": "appearances.statement_id", "position": "appearances.position"}))
    return Layout(tuple(parts))


def _speaker(part: Record) -> Record:
    return {**part, "aliases": json.loads(part["aliases"] or "[]")}


def claim_record(parts: dict[str, Record]) -> Record:
    """One claim with everything it refers to nested: its columns, speaker, via, article, outlet, said interval
    and, when the database has them, its statement and position among the statement's appearances."""
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
    if "trail" in parts:
        record["statement_id"] = parts["trail"]["statement_id"]
        record["appearance_position"] = parts["trail"]["position"]
    return record


def claim_records(conn: sqlite3.Connection, selection: Selection = EVERYTHING) -> Iterator[Record]:
    """Every selected claim as a full record, in article order (article ids begin with their date)."""
    trails = has_trails(conn)
    layout = _claims_layout(conn, trails)
    sql = CLAIMS_SQL.format(
        select=layout.select(),
        trail_join="left join appearances on appearances.claim_id = claims.id" if trails else "",
        where=selection.where(TRAIL_CLAIM_CONDITIONS if trails else CLAIM_CONDITIONS),
    )
    for row in conn.execute(sql, selection.params()):
        yield claim_record(layout.split(row))


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
order by statements.first_published, statements.id, appearances.position
"""

CLAIM_STATEMENTS_SQL = """
select {select}
from claims
join speakers as speaker on speaker.id = claims.speaker_id
join articles as article on article.id = claims.article_id
join outlets as outlet on outlet.id = claims.outlet_id
where {where}
order by claims.article_id, claims.start, claims.id
"""


def _statements_layout(trails: bool) -> Layout:
    statement = "statements" if trails else "claims"
    return Layout(
        (
            ("statement", _part(statement, ("id", "quote"))),
            ("speaker", _part("speaker", SPEAKER_COLUMNS)),
            ("said", _part("claims", ("said_from", "said_to"))),
            ("article", _part("article", ("id", "title", "url", "published"))),
            ("outlet", _part("outlet", ("id", "name", "url"))),
        )
    )


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
    """One statement as a schema.org Claim, from its appearances in order (the first is the first published).

    The said interval goes in dateCreated: schema.org's Claim is a CreativeWork, created when it was said;
    temporalCoverage would be the period the claim is about, which we do not know."""
    first = appearances[0]
    works = [news_article(parts) for parts in appearances]
    said = next(filter(None, (said_date(p["said"]["said_from"], p["said"]["said_to"]) for p in appearances)), None)
    statement_id = first["statement"]["id"]
    node = {
        "@type": "Claim",
        "identifier": statement_id,
        "url": link(table, statement_id) if link else None,
        "text": first["statement"]["quote"],
        **attribution(first["speaker"], link),
        "datePublished": works[0]["datePublished"],
        "dateCreated": said,
        "firstAppearance": works[0],
        "appearance": works,
    }
    return _present(node)


def statement_claims(
    conn: sqlite3.Connection, selection: Selection = EVERYTHING, link: Link | None = None
) -> Iterator[Record]:
    """Every selected statement as a schema.org Claim; without trail tables, every claim is its own statement."""
    trails = has_trails(conn)
    layout = _statements_layout(trails)
    sql = (TRAIL_STATEMENTS_SQL if trails else CLAIM_STATEMENTS_SQL).format(
        select=layout.select(), where=selection.where(STATEMENT_CONDITIONS if trails else CLAIM_CONDITIONS)
    )
    rows = map(layout.split, conn.execute(sql, selection.params()))
    for _, appearances in itertools.groupby(rows, key=lambda parts: parts["statement"]["id"]):
        yield claim_node(list(appearances), "statements" if trails else "claims", link)


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


def write_jsonld_document(nodes: Iterable[Record], out: IO[str]) -> int:
    """One JSON-LD document, `{"@context": "https://schema.org", "@graph": [...]}`, one node a line, written
    as the nodes come."""
    out.write(f'{{"@context":{json.dumps(SCHEMA_ORG)},"@graph":[')
    count = 0
    for count, node in enumerate(nodes, 1):
        out.write(("\n" if count == 1 else ",\n") + dumps(node))
    out.write("\n]}\n")
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


def as_text(write: Callable[[Iterable[Record], IO[str]], int], nodes: Iterable[Record]) -> str:
    out = io.StringIO()
    write(nodes, out)
    return out.getvalue()


def row_links(base_url: str, database: str) -> Link:
    """Links to the row pages of a Datasette serving the database at `base_url`."""
    base = base_url.rstrip("/")

    def link(table: str, key: str) -> str:
        return f"{base}/{tilde_encode(database)}/{tilde_encode(table)}/{tilde_encode(key)}"

    return link


def connect(path: Path) -> sqlite3.Connection:
    """The database opened read-only."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def missing_ids(conn: sqlite3.Connection, selection: Selection) -> list[str]:
    """The filters that name a speaker or outlet the database does not have, as `speaker x` / `outlet y`."""
    asked = [("speaker", "speakers", selection.speaker), ("outlet", "outlets", selection.outlet)]
    return [
        f"{name} {key}"
        for name, table, key in asked
        if key is not None and conn.execute(f"select 1 from {table} where id = ?", [key]).fetchone() is None
    ]


class ExportError(Exception):
    """An export that cannot start: no database, or a filter naming nothing in it."""


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
    finally:
        stream.detach()  # sys.stdout stays open


def _to_file(write: Callable[[IO[str]], int], path: Path) -> int:
    """A regular file is written beside the target and renamed into place when complete, so that a failed
    export leaves no half file; a device or a pipe (/dev/null, a FIFO) is written to, never replaced."""
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
    return count


def export_database(
    db: Path, output_format: str, target: str, selection: Selection = EVERYTHING, base_url: str | None = None
) -> int:
    """Export the database at `db` to the file `target` (`-`: standard output); the number of objects written."""
    if not db.is_file():
        raise ExportError(f"{db}: no such database; run `claims build`")
    if Path(target).is_dir():
        raise ExportError(f"{target}: is a directory; --out takes a file")
    with contextlib.closing(connect(db)) as conn:
        missing = missing_ids(conn, selection)
        if missing:
            raise ExportError(f"{db}: no {' and no '.join(missing)}")
        link = row_links(base_url, db.stem) if base_url else None

        def write(out: IO[str]) -> int:
            return export(conn, output_format, out, selection, link)

        return _to_stdout(write) if target == "-" else _to_file(write, Path(target))
