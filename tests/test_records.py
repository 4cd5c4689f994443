"""Whole-record exports: JSON Lines of claims and schema.org Claims in JSON-LD, from `claims export` and from
Datasette's `.jsonl` and `.jsonld` pages, checked against the database and against the schema.org vocabulary."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import sqlite3
import stat
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from datasette.app import Datasette
from datasette.utils import parse_metadata
from schema_org import registry

from claims.build.building import LISTING_KEYS
from claims.cli import cli
from claims.corpus.models import SpeakerType
from claims.web import record_renderers, records
from claims.web.serving import SETTINGS, TEMPLATES

from .conftest import ROOT, make_datasette
from .hostile import OUTLETS, QUOTES, SPEAKERS

BOLTON_DIRECT = "c-2b00fb52c44a"  # "last week": said 2018-09-24..2018-09-30
BOLTON_VOWED = "c-9de67b9dcafd"  # said on an unknown date; reprinted in the trail database
REPRINT_CLAIM = "c-reprint0001"
REPRINT_ARTICLE = "2018-10-05-reprint-iran"
SEED_ARTICLE = "2018-10-02-wsws-iran-missiles-syria"
VOWED = f"s-{BOLTON_VOWED[2:]}"  # the statement of the vow in the trail database
JSON_LINES = "application/x-ndjson"
JSON_LD = "application/ld+json"
TRAIL_TABLES = ("statements", "appearances")

# The schema.org check


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _url(value: object) -> bool:
    parts = urlsplit(value) if isinstance(value, str) else None
    return parts is not None and parts.scheme in ("http", "https") and bool(parts.netloc)


def _iso_date(value: object) -> bool:
    """An ISO 8601 date, reduced precision included: 2018-09-29, 2018-W39, 2018-09, 2018."""
    if not isinstance(value, str):
        return False
    completion = "-01-01" if re.fullmatch(r"\d{4}", value) else "-01" if re.fullmatch(r"\d{4}-\d{2}", value) else ""
    try:
        dt.date.fromisoformat(value + completion)
    except ValueError:
        return False
    return True


def _iso_datetime(value: object) -> bool:
    try:
        return isinstance(value, str) and "T" in value and bool(dt.datetime.fromisoformat(value))
    except ValueError:
        return False


DATATYPE_CHECKS = {
    "Text": lambda value: isinstance(value, str),
    "URL": _url,
    "Date": _iso_date,
    "DateTime": _iso_datetime,
    "Number": _number,
    "Float": _number,
    "Integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "Boolean": lambda value: isinstance(value, bool),
}


def _fits_datatype(datatype: str, value: object) -> bool:
    if datatype in DATATYPE_CHECKS:
        return DATATYPE_CHECKS[datatype](value)
    # other kinds of text (CssSelectorType, XPathType...) are text
    return "Text" in registry.DATATYPES.get(datatype, ()) and isinstance(value, str)


def _is_type(name: object) -> bool:
    return isinstance(name, str) and name in registry.CLASS_METADATA and not registry.CLASS_METADATA[name].is_datatype


def schema_problems(node: Any, path: str = "$", ranges: tuple[str, ...] = ()) -> list[str]:
    """Why `node` is not schema.org, one line a problem (none when it is): every @type is a schema.org type and
    lies within the range of the property holding it, every property is one of that type or of its parents,
    every plain value is of a datatype in its property's range. A string where only things are allowed fails."""
    if isinstance(node, list):
        return [problem for i, item in enumerate(node) for problem in schema_problems(item, f"{path}[{i}]", ranges)]
    if not isinstance(node, dict):
        fits = any(_fits_datatype(datatype, node) for datatype in ranges)
        return [] if fits else [f"{path}: {node!r} is not one of {', '.join(ranges)}"]
    kind = node.get("@type")
    if not _is_type(kind):
        return [f"{path}: @type {kind!r} is not a schema.org type"]
    lineage = (kind, *registry.ancestry(kind))
    if ranges and not set(lineage) & set(ranges):
        return [f"{path}: a {kind} is not one of {', '.join(ranges)}"]
    allowed = {name for type_name in lineage for name in registry.CLASS_METADATA[type_name].properties}
    problems = []
    for key, value in node.items():
        if key in ("@type", "@id"):
            continue
        if key not in allowed:
            problems.append(f"{path}: {key} is not a property of {kind}")
            continue
        problems += schema_problems(value, f"{path}.{key}", registry.PROPERTY_BY_SCHEMA[key].ranges)
    return problems


def document_problems(document: dict[str, Any]) -> list[str]:
    """A JSON-LD document of schema.org nodes: @context schema.org, the nodes in @graph."""
    if document.get("@context") != records.SCHEMA_ORG or set(document) != {"@context", "@graph"}:
        return [f"$: not a schema.org JSON-LD document with @graph: {sorted(document)}"]
    return schema_problems(document["@graph"], "$.@graph")


GOOD_CLAIM = {
    "@type": "Claim",
    "text": "We will act.",
    "author": {"@type": "Person", "name": "A. Minister", "affiliation": {"@type": "Organization", "name": "Cabinet"}},
    "datePublished": "2018-10-02",
    "dateCreated": "2018-W39",
    "appearance": [{"@type": "NewsArticle", "headline": "Act", "url": "https://news.example/act"}],
}


def test_the_schema_check_passes_a_good_claim_and_knows_the_vocabulary():
    assert registry.SCHEMA_VERSION >= "29"
    assert schema_problems(GOOD_CLAIM) == []
    assert schema_problems({**GOOD_CLAIM, "author": {"@type": "GovernmentOrganization", "name": "Cabinet"}}) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"spokenBy": "A. Minister"}, "$: spokenBy is not a property of Claim"),
        ({"@type": "Quote"}, "$: @type 'Quote' is not a schema.org type"),
        ({"@type": "Text"}, "$: @type 'Text' is not a schema.org type"),
        (
            {"author": {"@type": "NewsArticle", "name": "x"}},
            "$.author: a NewsArticle is not one of Organization, Person",
        ),
        ({"author": "A. Minister"}, "$.author: 'A. Minister' is not one of Organization, Person"),
        ({"author": {"@type": "Person", "headline": "x"}}, "$.author: headline is not a property of Person"),
        ({"datePublished": "last Tuesday"}, "$.datePublished: 'last Tuesday' is not one of Date, DateTime"),
        (
            {"dateCreated": "2018-09-24/2018-09-30"},
            "$.dateCreated: '2018-09-24/2018-09-30' is not one of Date, DateTime",
        ),
        ({"appearance": [{"@type": "NewsArticle", "url": "news.example"}]}, "$.appearance[0].url: 'news.example'"),
        ({"text": 42}, "$.text: 42 is not one of Text"),
    ],
)
def test_the_schema_check_fails_on_what_schema_org_does_not_have(change: dict, problem: str):
    problems = schema_problems({**GOOD_CLAIM, **change})
    assert len(problems) == 1 and problems[0].startswith(problem), problems


# Databases


def _drop_trails(conn: sqlite3.Connection) -> None:
    """Drop the trail tables and whatever is built on them, for a database without statements."""
    entries = conn.execute("select type, name, coalesce(sql, '') from sqlite_master").fetchall()
    views = [name for kind, name, sql in entries if kind == "view" and re.search(r"statements|appearances", sql)]
    tables = [name for kind, name, _ in entries if kind == "table" and name.startswith(TRAIL_TABLES)]
    for view in views:
        conn.execute(f"drop view [{view}]")
    for table in sorted(tables, key=len):  # a full-text table first drops its shadow tables
        conn.execute(f"drop table if exists [{table}]")


def _copy(db_path: Path, directory: Path) -> sqlite3.Connection:
    directory.mkdir()
    target = directory / "claims.db"  # the database is called `claims` in Datasette
    shutil.copyfile(db_path, target)
    conn = sqlite3.connect(target, isolation_level=None)
    _drop_trails(conn)
    return conn


ORDER_KEYS = ("sort_key", "said_key")


def _insert_copy(conn: sqlite3.Connection, table: str, key: str, changes: dict[str, object]) -> None:
    columns = [row[1] for row in conn.execute("select * from pragma_table_info(?)", [table])]
    row = dict(zip(columns, conn.execute(f"select * from [{table}] where id = ?", [key]).fetchone(), strict=True))
    # unique order keys (sort_key, said_key) of the copy: the original's, then the copy's id
    row.update({name: f"{row[name]} {changes['id']}" for name in ORDER_KEYS if name in row and "id" in changes})
    row.update(changes)
    names = ", ".join(f"[{name}]" for name in row)
    conn.execute(f"insert into [{table}] ({names}) values ({', '.join('?' * len(row))})", list(row.values()))


TRAILS_SQL = """
create table statements (id text primary key, quote text, speaker_id text, first_claim_id text,
  first_article_id text, first_outlet_id text, first_published text, last_published text,
  appearance_count integer, article_count integer, outlet_count integer, sort_key text);
create table appearances (claim_id text primary key, statement_id text, article_id text, outlet_id text,
  published text, position integer, match text, score real, sort_key text);
insert into appearances
  select id, 's-' || substr(id, 3), article_id, outlet_id, published, 1, 'exact', 1.0, null from claims;
update appearances set statement_id = 's-' || substr(:vowed, 3), position = 2 where claim_id = :reprint;
insert into statements
  select statement_id, claims.quote, claims.speaker_id, claim_id, appearances.article_id, appearances.outlet_id,
    appearances.published, appearances.published, 1, 1, 1, null
  from appearances join claims on claims.id = appearances.claim_id where position = 1;
update statements set last_published = '2018-10-05', appearance_count = 2, article_count = 2, outlet_count = 2
  where id = 's-' || substr(:vowed, 3);
"""


@pytest.fixture(scope="module")
def trail_db(db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed database with trail tables, and one quotation (John Bolton's vow) reprinted three days later by
    another outlet, dated there: one statement with two appearances, every other claim a statement of its own."""
    directory = tmp_path_factory.mktemp("trail") / "db"
    conn = _copy(db_path, directory)
    conn.execute(
        "insert into outlets (id, name, url) values ('reprint-daily', 'Reprint Daily', 'https://reprint.example')"
    )
    reprinted = {"outlet_id": "reprint-daily", "published": "2018-10-05"}
    article = {"id": REPRINT_ARTICLE, "url": "https://reprint.example/iran", **reprinted}
    _insert_copy(conn, "articles", SEED_ARTICLE, article)
    dated = {"said_from": "2018-10-01", "said_to": "2018-10-01", "said_precision": "day", "said_phrase": "on Monday"}
    _insert_copy(
        conn, "claims", BOLTON_VOWED, {"id": REPRINT_CLAIM, "article_id": REPRINT_ARTICLE, **reprinted, **dated}
    )
    for statement in TRAILS_SQL.split(";"):
        if statement.strip():
            conn.execute(statement, {"vowed": BOLTON_VOWED, "reprint": REPRINT_CLAIM})
    for table in ("statements", "appearances"):
        conn.execute(f"update [{table}] set sort_key = {LISTING_KEYS[table]}")
    conn.close()
    return directory / "claims.db"


CROWD = 150  # the further appearances of Bolton's vow in the crowd database, one an article
CROWD_APPEARANCES = CROWD + 2


def _crowd_claim(position: int) -> str:
    return f"c-crowd{position:06d}"


def _crowd_article(position: int) -> str:
    return f"2018-10-06-crowd-{position:03d}"


@pytest.fixture(scope="module")
def crowd_db(trail_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The trail database with Bolton's vow reprinted by 150 more articles, one a day apart from the reprint: one
    statement with 152 appearances (positions 3 to 152 in article order)."""
    target = tmp_path_factory.mktemp("crowd") / "claims.db"
    shutil.copyfile(trail_db, target)
    conn = sqlite3.connect(target, isolation_level=None)
    vowed = f"s-{BOLTON_VOWED[2:]}"
    for position in range(3, CROWD_APPEARANCES + 1):
        article, claim = _crowd_article(position), _crowd_claim(position)
        url = f"https://reprint.example/crowd/{position}"
        _insert_copy(conn, "articles", REPRINT_ARTICLE, {"id": article, "url": url, "published": "2018-10-06"})
        _insert_copy(conn, "claims", REPRINT_CLAIM, {"id": claim, "article_id": article, "published": "2018-10-06"})
        conn.execute(
            "insert into appearances values (?, ?, ?, 'reprint-daily', '2018-10-06', ?, 'exact', 1.0, null)",
            [claim, vowed, article, position],
        )
    conn.execute(
        "update statements set appearance_count = ?, article_count = ?, last_published = '2018-10-06' where id = ?",
        [CROWD_APPEARANCES, CROWD_APPEARANCES, vowed],
    )
    for table in ("statements", "appearances"):
        conn.execute(f"update [{table}] set sort_key = {LISTING_KEYS[table]}")
    conn.close()
    return target


def _rows(db: Path, sql: str, params: Any = (), row: Any = dict) -> list[Any]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [row(values) for values in conn.execute(sql, params)]
    finally:
        conn.close()


def _export(db: Path, output_format: str, selection: records.Selection = records.EVERYTHING, **options: Any) -> str:
    out = io.StringIO()
    with contextlib.closing(records.connect(db)) as conn:
        records.export(conn, output_format, out, selection, **options)
    return out.getvalue()


def _count(db: Path, table: str, speaker: str | None = None) -> int:
    where = " where speaker_id = ?" if speaker else ""
    return _rows(db, f"select count(*) as n from {table}{where}", [speaker] if speaker else [])[0]["n"]


def _ds_path(ds: Any) -> Path:
    return Path(ds.get_database("claims").path)


def _lines(text: str) -> list[dict[str, Any]]:
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


# JSON Lines


def test_every_claim_is_one_line_with_its_columns(db_path: Path):
    exported = _lines(_export(db_path, "jsonl"))
    claims = {row["id"]: row for row in _rows(db_path, "select * from claims")}
    assert sorted(record["id"] for record in exported) == sorted(claims)
    assert len(exported) == len(claims) > 20
    for record in exported:
        assert {key: record[key] for key in claims[record["id"]]} == claims[record["id"]]


def test_records_nest_the_speaker_the_via_the_article_and_the_outlet(db_path: Path):
    speakers = {row["id"]: row for row in _rows(db_path, "select * from speakers")}
    articles = {row["id"]: row for row in _rows(db_path, "select * from articles")}
    outlets = {row["id"]: row for row in _rows(db_path, "select * from outlets")}
    for record in _lines(_export(db_path, "jsonl")):
        speaker = speakers[record["speaker_id"]]
        assert record["speaker"] == {
            **{key: speaker[key] for key in ("id", "name", "type", "role", "affiliation", "country")},
            "aliases": json.loads(speaker["aliases"]),
        }
        if record["via_id"] is None:
            assert record["via"] is None
        else:
            assert record["via"]["id"] == record["via_id"]
            assert record["via"]["name"] == speakers[record["via_id"]]["name"]
            assert isinstance(record["via"]["aliases"], list)
        article = articles[record["article_id"]]
        assert set(record["article"]) >= {"id", "title", "url", "published", "author", "sha256"}
        assert {key: article[key] for key in record["article"]} == record["article"]
        assert "text" not in record["article"]
        assert record["outlet"] == outlets[record["outlet_id"]]
        said = record["said"]
        assert [said["from"], said["to"], said["precision"], said["phrase"]] == [
            record["said_from"],
            record["said_to"],
            record["said_precision"],
            record["said_phrase"],
        ]
        assert record["quote"] == article["text"][record["start"] : record["end"]]


def test_a_second_hand_claim_names_its_intermediary(db_path: Path):
    records_ = {record["id"]: record for record in _lines(_export(db_path, "jsonl"))}
    officials = records_["c-b934eaf64105"]
    assert officials["speaker"]["name"] == "Senior Pentagon officials (unnamed)"
    assert officials["via"]["name"] == "The Wall Street Journal"
    assert "Wall Street Journal" in officials["via"]["aliases"]
    assert records_[BOLTON_DIRECT]["said"] == {
        "from": "2018-09-24",
        "to": "2018-09-30",
        "precision": "week",
        "phrase": records_[BOLTON_DIRECT]["said_phrase"],
    }


def test_records_carry_their_statement_and_their_place_among_its_appearances(trail_db: Path):
    trail = {record["id"]: record for record in _lines(_export(trail_db, "jsonl"))}
    assert len(trail) == _count(trail_db, "claims") == _count(trail_db, "statements") + 1
    vowed = f"s-{BOLTON_VOWED[2:]}"
    assert (trail[BOLTON_VOWED]["statement_id"], trail[BOLTON_VOWED]["appearance_position"]) == (vowed, 1)
    assert (trail[REPRINT_CLAIM]["statement_id"], trail[REPRINT_CLAIM]["appearance_position"]) == (vowed, 2)
    assert trail[REPRINT_CLAIM]["outlet"]["name"] == "Reprint Daily"
    assert trail[REPRINT_CLAIM]["quote"] == trail[BOLTON_VOWED]["quote"]


# JSON-LD


def _graph(text: str) -> list[dict[str, Any]]:
    document = json.loads(text)
    assert document_problems(document) == []
    assert {node["@type"] for node in document["@graph"]} == {"Claim"}
    return document["@graph"]


def test_the_json_ld_of_the_seed_database_is_schema_org(db_path: Path, trail_db: Path):
    for db in (db_path, trail_db):
        _graph(_export(db, "jsonld"))
        _graph(_export(db, "jsonld", link=records.row_links("https://claims.example/", "claims")))


def _by_first_claim(db: Path) -> dict[str, dict[str, Any]]:
    """The JSON-LD Claims of a database, by the id of their statement's first claim."""
    graph = {node["identifier"]: node for node in _graph(_export(db, "jsonld"))}
    first = dict(_rows(db, "select id, first_claim_id from statements", row=tuple))
    assert set(graph) == set(first)
    return {first[statement]: node for statement, node in graph.items()}


def test_a_statement_of_one_appearance_is_its_claim_in_its_article(db_path: Path):
    graph = _by_first_claim(db_path)
    single = {
        row[0] for row in _rows(db_path, "select first_claim_id from statements where appearance_count = 1", row=tuple)
    }
    assert len(single) > 0.9 * len(graph)
    claims = {row["id"]: row for row in _rows(db_path, "select * from claims")}
    articles = {row["id"]: row for row in _rows(db_path, "select * from articles")}
    outlets = {row["id"]: row for row in _rows(db_path, "select * from outlets")}
    for claim_id, node in graph.items():
        if claim_id not in single:
            continue
        assert node["text"] == claims[claim_id]["quote"]
        article = articles[claims[claim_id]["article_id"]]
        outlet = outlets[article["outlet_id"]]
        assert node["appearance"] == [node["firstAppearance"]]
        assert node["firstAppearance"] == {
            "@type": "NewsArticle",
            "identifier": article["id"],
            "headline": article["title"],
            "url": article["url"],
            "datePublished": article["published"],
            "publisher": {
                "@type": "Organization",
                "identifier": outlet["id"],
                "name": outlet["name"],
                "url": outlet["url"],
            },
        }
        assert node["datePublished"] == article["published"]
        assert "url" not in node  # no base URL given


def test_speakers_become_people_or_organizations(db_path: Path):
    graph = _by_first_claim(db_path)
    bolton = graph[BOLTON_VOWED]["author"]
    (speaker,) = _rows(db_path, "select * from speakers where id = 'john-bolton'")
    assert bolton == {
        "@type": "Person",
        "identifier": "john-bolton",
        "name": "John Bolton",
        "alternateName": json.loads(speaker["aliases"]),
        "jobTitle": speaker["role"],
        "affiliation": {"@type": "Organization", "name": speaker["affiliation"]},
    }
    assert "Bolton" in bolton["alternateName"]
    assert graph["c-dccf98ee6a2e"]["author"]["@type"] == "Organization"  # the Government of Iran
    assert graph["c-38fb67cd5dd3"]["author"]["@type"] == "Organization"  # The Wall Street Journal (media)
    assert graph["c-24933c7ab865"]["author"]["parentOrganization"]["name"] == "Government of Iran"  # the IRGC
    anonymous = graph["c-b934eaf64105"]["author"]
    assert (anonymous["@type"], anonymous["name"]) == ("Person", "Senior Pentagon officials (unnamed)")
    documents = graph["c-d5a59d35eb0e"]
    assert documents["author"] == {"@type": "Organization", "name": "US government"}
    assert documents["isBasedOn"]["@type"] == "CreativeWork"
    assert documents["isBasedOn"]["name"] == "US strategy documents of late 2017"


def test_every_type_of_speaker_has_a_schema_org_type():
    assert set(records.AGENT_TYPES) | records.DOCUMENT_TYPES == set(SpeakerType)
    assert not set(records.AGENT_TYPES) & records.DOCUMENT_TYPES
    assert all(_is_type(schema_type) for schema_type in records.AGENT_TYPES.values())


def test_the_said_interval_is_the_date_created_at_its_precision(db_path: Path):
    graph = _by_first_claim(db_path)
    assert graph["c-54a1b342c5c5"]["dateCreated"] == "2018-09-29"  # on Saturday
    assert graph[BOLTON_DIRECT]["dateCreated"] == "2018-W39"  # last week
    assert graph["c-d5a59d35eb0e"]["dateCreated"] == "2017"  # late last year
    assert "dateCreated" not in graph[BOLTON_VOWED]  # unknown
    assert all("temporalCoverage" not in node for node in graph.values())


@pytest.mark.parametrize(
    ("said_from", "said_to", "date"),
    [
        ("2018-09-29", "2018-09-29", "2018-09-29"),
        ("2018-09-24", "2018-09-30", "2018-W39"),
        ("2018-10-02", "2018-10-02", "2018-10-02"),
        ("2018-09-26", "2018-10-02", "2018"),  # a past week across two ISO weeks and two months
        ("2018-10-01", "2018-10-31", "2018-10"),
        ("2017-09-01", "2017-12-31", "2017"),
        ("2018-12-31", "2019-01-06", "2019-W01"),  # ISO week 1 of 2019 begins in 2018
        ("2017-12-01", "2018-01-31", None),
        (None, None, None),
    ],
)
def test_said_dates(said_from: str | None, said_to: str | None, date: str | None):
    assert records.said_date(said_from, said_to) == date


def test_a_statement_lists_every_appearance_first_one_first(trail_db: Path):
    link = records.row_links("https://claims.example", "claims")
    graph = {node["identifier"]: node for node in _graph(_export(trail_db, "jsonld", link=link))}
    assert len(graph) == _count(trail_db, "claims") - 1  # two claims are one statement
    vowed = graph[f"s-{BOLTON_VOWED[2:]}"]
    assert vowed["url"] == f"https://claims.example/claims/statements/s-{BOLTON_VOWED[2:]}"
    assert [work["publisher"]["name"] for work in vowed["appearance"]] == ["World Socialist Web Site", "Reprint Daily"]
    assert vowed["firstAppearance"] == vowed["appearance"][0]
    assert vowed["appearance"][1]["url"] == "https://reprint.example/iran"
    assert vowed["datePublished"] == "2018-10-02"
    assert vowed["dateCreated"] == "2018-10-01"  # dated only where it was reprinted
    assert vowed["author"]["url"] == "https://claims.example/claims/speakers/john-bolton"


def test_filters_select_whole_statements(trail_db: Path):
    reprint = records.Selection(outlet="reprint-daily")
    (node,) = _graph(_export(trail_db, "jsonld", reprint))
    assert len(node["appearance"]) == 2
    assert [record["id"] for record in _lines(_export(trail_db, "jsonl", reprint))] == [REPRINT_CLAIM]
    bolton = _graph(_export(trail_db, "jsonld", records.Selection(speaker="john-bolton")))
    appearances = [len(node["appearance"]) for node in bolton]
    assert sorted(appearances)[-1] == 2 and sum(appearances) == _count(trail_db, "claims", "john-bolton")
    assert {node["author"]["identifier"] for node in bolton} == {"john-bolton"}


def test_json_ld_lines_stand_alone(trail_db: Path):
    lines = _lines(_export(trail_db, "jsonld-lines"))
    assert len(lines) == _count(trail_db, "statements")
    for node in lines:
        assert node["@context"] == records.SCHEMA_ORG
        assert schema_problems({key: value for key, value in node.items() if key != "@context"}) == []


# The command


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["export", *args])


def test_claims_export_filters_by_speaker_and_outlet(db_path: Path):
    result = _run("--db", str(db_path), "--speaker", "john-bolton")
    assert result.exit_code == 0, result.output
    exported = _lines(result.stdout)
    count = _count(db_path, "claims", "john-bolton")
    assert len(exported) == count >= 3 and {record["speaker_id"] for record in exported} == {"john-bolton"}
    assert f"exported {count} claim(s)" in result.stderr
    both = _run("--db", str(db_path), "--speaker", "walid-al-moallem", "--outlet", "wsws")
    assert both.exit_code == 0
    assert [(r["speaker_id"], r["outlet_id"]) for r in _lines(both.stdout)] == [("walid-al-moallem", "wsws")] * 6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--speaker", "nobody"], "no speaker nobody"),
        (["--outlet", "nowhere"], "no outlet nowhere"),
    ],
)
def test_claims_export_refuses_filters_that_name_nothing(db_path: Path, args: list[str], message: str):
    result = _run("--db", str(db_path), *args)
    assert result.exit_code == 1 and message in result.stderr and result.stdout == ""


def _error_line(result: Any) -> str:
    """The one line a failed export writes: `error: ...`, exit status 1, no traceback, nothing on stdout."""
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exc_info
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ") and result.stdout == "", (result.stderr, result.stdout)
    return line


def test_claims_export_without_a_database_or_into_a_directory(db_path: Path, tmp_path: Path):
    assert "no such database" in _error_line(_run("--db", str(tmp_path / "missing.db")))
    assert "is a directory" in _error_line(_run("--db", str(db_path), "--out", str(tmp_path)))


def test_claims_export_into_a_missing_directory_is_one_error_line(db_path: Path, tmp_path: Path):
    target = tmp_path / "nonexistent" / "dir" / "x.jsonl"
    line = _error_line(_run("--db", str(db_path), "--out", str(target)))
    assert line == f"error: {target}: No such file or directory"
    assert list(tmp_path.iterdir()) == []


def _sqlite_file(path: Path, sql: str) -> None:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.executescript(sql)


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda path: path.write_bytes(b"claims, but not SQLite\n" * 200), "file is not a database"),
        (lambda path: path.write_bytes(os.urandom(4096)), "file is not a database"),
        (lambda path: _sqlite_file(path, "create table other (x)"), "no such table"),
        (lambda path: _sqlite_file(path, "create table speakers (id); create table outlets (id)"), "no such table"),
    ],
)
@pytest.mark.parametrize("output_format", records.FORMATS)
def test_claims_export_of_what_is_not_a_claims_database_is_one_error_line(
    tmp_path: Path, make: Any, problem: str, output_format: str
):
    db = tmp_path / "claims.db"
    make(db)
    target = tmp_path / "out.jsonl"
    line = _error_line(_run("--db", str(db), "--format", output_format, "--out", str(target)))
    assert line.startswith(f"error: {db}: ") and problem in line, line
    assert sorted(path.name for path in tmp_path.iterdir()) == ["claims.db"]  # no half file left


def test_claims_export_by_speaker_takes_every_statement_the_speaker_appears_in(trail_db: Path, tmp_path: Path):
    """Bolton's vow, reprinted with Walid al-Moallem as its speaker: a statement of two speakers, first Bolton's."""
    db = tmp_path / "claims.db"
    shutil.copyfile(trail_db, db)
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("update claims set speaker_id = 'walid-al-moallem' where id = ?", [REPRINT_CLAIM])
    for speaker in ("walid-al-moallem", "john-bolton"):
        result = _run("--db", str(db), "--format", "jsonld", "--speaker", speaker)
        assert result.exit_code == 0, result.output
        graph = {node["identifier"]: node for node in _graph(result.stdout)}
        assert len(graph) == _count(db, "claims", speaker)  # the speaker's statements, the vow among them
        vow = graph[VOWED]
        assert [work["identifier"] for work in vow["appearance"]] == [SEED_ARTICLE, REPRINT_ARTICLE]  # whole
        assert vow["author"]["identifier"] == "john-bolton"  # the first speaker
    records_ = _lines(_run("--db", str(db), "--speaker", "walid-al-moallem").stdout)
    assert REPRINT_CLAIM in {record["id"] for record in records_}
    assert {record["speaker_id"] for record in records_} == {"walid-al-moallem"}


def test_claims_export_writes_a_json_ld_file(trail_db: Path, tmp_path: Path):
    target = tmp_path / "claims.jsonld"
    args = ["--db", str(trail_db), "--format", "jsonld", "--out", str(target), "--base-url", "https://claims.example"]
    result = _run(*args, "--speaker", "john-bolton")
    assert result.exit_code == 0, result.output
    graph = _graph(target.read_text(encoding="utf-8"))
    assert len(graph) == _count(trail_db, "claims", "john-bolton") - 1  # the reprint is a second appearance
    assert all(node["url"].startswith("https://claims.example/claims/statements/s-") for node in graph)
    assert [path.name for path in tmp_path.iterdir()] == ["claims.jsonld"]  # nothing left beside it


def test_claims_export_writes_into_a_pipe_without_replacing_it(db_path: Path, tmp_path: Path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    read: list[str] = []
    # a daemon: if the export never opens the pipe, the reader stays blocked without holding up the run
    reader = threading.Thread(target=lambda: read.append(pipe.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    result = _run("--db", str(db_path), "--speaker", "john-bolton", "--out", str(pipe))
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(pipe.stat().st_mode)  # still a pipe: never renamed over
    reader.join(timeout=30)
    assert len(_lines(read[0])) == _count(db_path, "claims", "john-bolton")


# Datasette


async def _get(ds: Any, path: str, content_type: str) -> Any:
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    assert response.headers["content-type"] == content_type
    assert response.headers["x-content-type-options"] == "nosniff"
    return response


async def test_the_claims_page_as_json_lines_respects_its_filters(ds: Any):
    response = await _get(ds, "/claims/claims.jsonl?speaker_id=john-bolton", JSON_LINES)
    exported = _lines(response.text)
    page = (await ds.client.get("/claims/claims.json?speaker_id=john-bolton&_shape=objects")).json()["rows"]
    assert [record["id"] for record in exported] == [row["id"] for row in page]  # in the page's order
    assert {record["speaker"]["name"] for record in exported} == {"John Bolton"}


async def test_the_claims_page_as_json_ld_respects_its_filters(ds: Any):
    response = await _get(ds, "/claims/claims.jsonld?speaker_id=walid-al-moallem&kind=direct", JSON_LD)
    graph = _graph(response.text)
    # the seed database has trails, so each Claim is the statement its claims appear in
    direct = _rows(
        _ds_path(ds),
        "select distinct statement_id from appearances join claims on claims.id = appearances.claim_id"
        " where speaker_id = 'walid-al-moallem' and kind = 'direct'",
    )
    assert sorted(node["identifier"] for node in graph) == sorted(row["statement_id"] for row in direct)
    assert {node["author"]["name"] for node in graph} == {"Walid al-Moallem"}
    assert all(node["url"] == f"http://localhost/claims/statements/{node['identifier']}" for node in graph)


async def _view_ids(ds: Any, path: str) -> list[str]:
    """The ids of a table's whole view, in its order, paged through Datasette's own JSON."""
    ids, token = [], ""
    while True:
        answer = (await ds.client.get(f"{path}&_shape=objects&_size=max{token}")).json()
        ids += [row["id"] for row in answer["rows"]]
        if not answer.get("next"):
            return ids
        token = f"&_next={answer['next']}"


async def _link(ds: Any, page: str, extension: str) -> str:
    """The href of a table page's link to a format, as a reader clicks it."""
    html = (await ds.client.get(page)).text
    found = re.findall(rf'href="(/claims/[a-z]+\.{extension}[^"]*)"', html)
    assert found, (page, extension)
    return found[0].replace("&amp;", "&")


@pytest.mark.parametrize("page", ["/claims/claims", "/claims/claims?kind=partial", "/claims/claims?_sort=said_key"])
async def test_the_claims_table_links_export_its_whole_filtered_view(ds: Any, page: str):
    """Not the 50 rows on screen: every row of the filtered view, each once, in the view's order."""
    view = await _view_ids(ds, page.replace("/claims/claims", "/claims/claims.json") + ("&" if "?" in page else "?"))
    where = " where kind = 'partial'" if "kind=" in page else ""
    assert len(view) == len(set(view)) == _rows(_ds_path(ds), f"select count(*) as n from claims{where}")[0]["n"]
    lines = _lines((await _get(ds, await _link(ds, page, "jsonl"), JSON_LINES)).text)
    assert [record["id"] for record in lines] == view
    graph = _graph((await _get(ds, await _link(ds, page, "jsonld"), JSON_LD)).text)
    statements = _rows(
        _ds_path(ds), f"select statement_id, claims.id from appearances join claims on claims.id = claim_id{where}"
    )
    assert sorted(node["identifier"] for node in graph) == sorted({row["statement_id"] for row in statements})


async def test_the_seeds_claims_jsonl_has_every_claim_however_the_page_is_sized_or_paged(ds: Any):
    claims = _count(_ds_path(ds), "claims")
    assert claims > 50  # more than one page on screen
    first = (await ds.client.get("/claims/claims.json?_size=10")).json()
    # the link on the second page of ten carries the page's _next and _size; it exports the view all the same
    link = await _link(ds, f"/claims/claims?_size=10&_next={first['next']}", "jsonl")
    assert "_next=" in link and "_size=10" in link
    exported = [record["id"] for record in _lines((await _get(ds, link, JSON_LINES)).text)]
    assert len(exported) == len(set(exported)) == claims
    assert "link" not in (await ds.client.get(link)).headers  # no next page to point to


@pytest.mark.parametrize("sort", ["", "_sort=sort_key", "_sort=said_key", "_sort_desc=said_key"])
async def test_a_view_longer_than_max_returned_rows_streams_every_row_once_in_order(db_path: Path, sort: str):
    """Page after page of keys, as Datasette pages the view itself."""
    ds = _datasette(db_path, max_returned_rows=7)
    view = await _view_ids(ds, f"/claims/claims.json?{sort}")
    assert len(view) == len(set(view)) == _count(db_path, "claims") > 7 * 20
    exported = _lines((await _get(ds, f"/claims/claims.jsonl?{sort}&_size=5", JSON_LINES)).text)
    assert [record["id"] for record in exported] == view


async def test_the_csv_link_beside_them_exports_the_whole_view_too(db_path: Path):
    ds = _datasette(db_path, max_returned_rows=7)
    partial = _rows(db_path, "select id from claims where kind = 'partial'")
    assert len(partial) > 7
    first = (await ds.client.get("/claims/claims.json?kind=partial&_size=5")).json()
    for page in ("/claims/claims?kind=partial&_size=5", f"/claims/claims?kind=partial&_size=5&_next={first['next']}"):
        link = await _link(ds, page, "csv")
        response = await ds.client.get(link)
        assert response.status_code == 200, (link, response.text[:300])
        exported = [row["id"] for row in csv.DictReader(io.StringIO(response.text))]
        assert sorted(exported) == sorted(row["id"] for row in partial)
    # a request that says how to stream is left to Datasette
    page = await ds.client.get("/claims/claims.csv?kind=partial&_size=5&_stream=")
    assert len(list(csv.DictReader(io.StringIO(page.text)))) == 5


async def test_a_whole_view_is_sent_as_it_is_made(db_path: Path):
    """In pieces of at most max_returned_rows records, not as one body built in memory."""
    ds = _datasette(db_path, max_returned_rows=20)
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/claims/claims.jsonl",
        "raw_path": b"/claims/claims.jsonl",
        "query_string": b"_size=20",
        "headers": [(b"host", b"localhost")],
    }
    await ds.app()(scope, receive, send)
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 200
    bodies = [message["body"] for message in sent[1:]]
    assert sent[-1].get("more_body", False) is False
    assert len(bodies) >= _count(db_path, "claims") // 20
    assert all(body.decode().count("\n") <= 20 for body in bodies)
    assert len(_lines(b"".join(bodies).decode())) == _count(db_path, "claims")


async def test_a_claim_page_has_its_record_and_its_claim(ds: Any):
    record = _lines((await _get(ds, f"/claims/claims/{BOLTON_DIRECT}.jsonl", JSON_LINES)).text)
    assert [r["id"] for r in record] == [BOLTON_DIRECT]
    (node,) = _graph((await _get(ds, f"/claims/claims/{BOLTON_DIRECT}.jsonld", JSON_LD)).text)
    [(statement,)] = [
        tuple(row.values())
        for row in _rows(_ds_path(ds), f"select statement_id from appearances where claim_id = '{BOLTON_DIRECT}'")
    ]
    assert node["identifier"] == statement and node["dateCreated"] == "2018-W39"


async def test_the_statements_table_as_json_ld(trail_db: Path):
    ds = make_datasette(trail_db)
    graph = _graph((await _get(ds, "/claims/statements.jsonld?_size=max", JSON_LD)).text)
    assert len(graph) == _count(trail_db, "statements")
    vowed = f"s-{BOLTON_VOWED[2:]}"
    (node,) = _graph((await _get(ds, f"/claims/statements/{vowed}.jsonld", JSON_LD)).text)
    assert node["identifier"] == vowed and len(node["appearance"]) == 2
    assert node["url"] == f"http://localhost/claims/statements/{vowed}"
    claims = _lines((await _get(ds, f"/claims/statements/{vowed}.jsonl", JSON_LINES)).text)
    assert [record["id"] for record in claims] == [BOLTON_VOWED, REPRINT_CLAIM]
    on_claims_page = _graph((await _get(ds, "/claims/claims.jsonld?outlet_id=reprint-daily", JSON_LD)).text)
    assert [node["identifier"] for node in on_claims_page] == [vowed]


async def test_table_pages_link_to_the_formats_where_they_apply(ds: Any):
    html = (await ds.client.get("/claims/claims?speaker_id=john-bolton")).text
    assert 'href="/claims/claims.jsonl?speaker_id=john-bolton' in html
    assert 'href="/claims/claims.jsonld?speaker_id=john-bolton' in html
    speakers = (await ds.client.get("/claims/speakers")).text
    assert ".jsonl" not in speakers and ".jsonld" not in speakers
    assert (await ds.client.get("/claims/speakers.jsonld")).status_code == 404
    assert (await ds.client.get("/claims/claims_with_names.jsonl")).status_code == 404


@pytest.mark.parametrize(("database", "size"), [("db_path", 5), ("db_path", 1000), ("crowd_db", 20)])
async def test_the_claims_view_as_json_ld_lists_each_claims_article_once(
    database: str, size: int, request: pytest.FixtureRequest
):
    """Each page of the view's keys gives the statements of its claims with only those claims' articles, and each
    statement's first appearance: the whole view lists every claim's article, an article once per statement
    (an indirect claim and the partial quote inside it are one appearance) when the view fits one page."""
    db = request.getfixturevalue(database)
    ds = _datasette(db, max_returned_rows=size)
    firsts = dict(_rows(db, "select id, first_article_id from statements", row=tuple))
    listed: Counter[tuple[str, str]] = Counter()
    for node in _graph((await _get(ds, f"/claims/claims.jsonld?_size={min(size, 50)}", JSON_LD)).text):
        listed.update((node["identifier"], work["identifier"]) for work in node["appearance"])
        assert node["firstAppearance"]["identifier"] == firsts[node["identifier"]]
    pairs = _rows(db, "select distinct statement_id, article_id from appearances", row=tuple)
    assert set(listed) == set(pairs)
    if size >= _count(db, "claims"):
        assert listed == Counter(pairs)
    # the seeds have statements with two claims in one article, listed once as an appearance
    claims_per_pair = Counter(_rows(db, "select statement_id, article_id from appearances", row=tuple))
    assert database != "db_path" or max(claims_per_pair.values()) > 1


async def test_a_statement_page_exports_its_first_appearances_and_says_how_many(crowd_db: Path):
    ds = make_datasette(crowd_db)
    limit = record_renderers.APPEARANCE_LIMIT
    assert limit == 100 < CROWD_APPEARANCES
    first = [SEED_ARTICLE, REPRINT_ARTICLE, *map(_crowd_article, range(3, limit + 1))]
    (node,) = _graph((await _get(ds, f"/claims/statements/{VOWED}.jsonld", JSON_LD)).text)
    assert [work["identifier"] for work in node["appearance"]] == first
    assert node["firstAppearance"]["identifier"] == SEED_ARTICLE
    assert node["url"] == f"http://localhost/claims/statements/{VOWED}"  # where the others are
    lines = _lines((await _get(ds, f"/claims/statements/{VOWED}.jsonl", JSON_LINES)).text)
    assert [record["article_id"] for record in lines] == first
    assert [record["appearance_position"] for record in lines] == list(range(1, limit + 1))
    assert {record["appearance_count"] for record in lines} == {CROWD_APPEARANCES}
    # the command stays complete
    (whole,) = [node for node in _graph(_export(crowd_db, "jsonld")) if node["identifier"] == VOWED]
    assert len(whole["appearance"]) == CROWD_APPEARANCES
    exported = [record for record in _lines(_export(crowd_db, "jsonl")) if record["statement_id"] == VOWED]
    assert len(exported) == CROWD_APPEARANCES


async def test_a_claim_page_exports_its_own_appearance_and_the_first(crowd_db: Path):
    ds = make_datasette(crowd_db)
    last = _crowd_claim(CROWD_APPEARANCES)
    (node,) = _graph((await _get(ds, f"/claims/claims/{last}.jsonld", JSON_LD)).text)
    assert node["identifier"] == VOWED
    assert [work["identifier"] for work in node["appearance"]] == [_crowd_article(CROWD_APPEARANCES)]
    assert node["firstAppearance"]["identifier"] == SEED_ARTICLE and node["datePublished"] == "2018-10-02"
    (record,) = _lines((await _get(ds, f"/claims/claims/{last}.jsonl", JSON_LINES)).text)
    assert (record["id"], record["appearance_position"], record["appearance_count"]) == (last, *[CROWD_APPEARANCES] * 2)


def _datasette(db: Path, **changes: int) -> Datasette:
    """Datasette as `claims serve` runs it, with some settings changed."""
    settings = {name: int(value) if value.isdigit() else value == "on" for name, value in SETTINGS.items()}
    metadata = parse_metadata((ROOT / "metadata.yml").read_text())
    return Datasette(immutables=[str(db)], metadata=metadata, settings=settings | changes, template_dir=str(TEMPLATES))


async def test_the_statements_view_gives_every_statement_with_its_first_claims(crowd_db: Path):
    max_rows = 10
    ds = _datasette(crowd_db, max_returned_rows=max_rows)
    path = "/claims/statements.{}?_sort=id&_size=5"
    view = await _view_ids(ds, "/claims/statements.json?_sort=id&")
    assert len(view) == len(set(view)) == _count(crowd_db, "statements") > max_rows
    lines = _lines((await _get(ds, path.format("jsonl"), JSON_LINES)).text)
    # each statement's claims together, in the view's order: the vow's first ten, one each for the others
    assert list(dict.fromkeys(record["statement_id"] for record in lines)) == view
    vowed = [record for record in lines if record["statement_id"] == VOWED]
    assert [record["appearance_position"] for record in vowed] == list(range(1, max_rows + 1))
    assert {record["appearance_count"] for record in vowed} == {CROWD_APPEARANCES}
    graph = _graph((await _get(ds, path.format("jsonld"), JSON_LD)).text)
    assert [node["identifier"] for node in graph] == view
    assert [len(node["appearance"]) for node in graph if node["identifier"] == VOWED] == [max_rows]
    (node,) = _graph((await _get(ds, f"/claims/statements/{VOWED}.jsonld", JSON_LD)).text)
    assert len(node["appearance"]) == max_rows  # one statement: up to max_returned_rows of its appearances
    # with the default settings, up to APPEARANCE_LIMIT claims of each statement
    lines = _lines((await _get(make_datasette(crowd_db), path.format("jsonl"), JSON_LINES)).text)
    assert sum(record["statement_id"] == VOWED for record in lines) == record_renderers.APPEARANCE_LIMIT
    assert len({record["statement_id"] for record in lines}) == _count(crowd_db, "statements")


SLOW_SQL = "with recursive n(i) as (select 1 union all select i + 1 from n where i < 10000000) select count(*) from n"


def _slowly(records_of: Callable[..., Iterator[Any]], after: int = 0) -> Callable[..., Iterator[Any]]:
    """`records_of`, made to run 10 million steps of SQL (a second or two) before each page after the first `after`."""
    calls = []

    def slow(conn: sqlite3.Connection, *args: Any) -> Iterator[Any]:
        calls.append(1)
        if len(calls) > after:
            conn.execute(SLOW_SQL).fetchone()
        yield from records_of(conn, *args)

    return slow


@pytest.mark.parametrize("extension", ["jsonl", "jsonld"])
@pytest.mark.parametrize("page", ["claims/{claim}", "statements/{statement}", "claims", "statements"])
async def test_a_format_past_the_sql_time_limit_answers_an_error(
    crowd_db: Path, monkeypatch: pytest.MonkeyPatch, extension: str, page: str
):
    for name in ("claim_records", "statement_claims"):
        monkeypatch.setattr(records, name, _slowly(getattr(records, name)))
    ds = _datasette(crowd_db, sql_time_limit_ms=100)
    path = f"/claims/{page.format(claim=BOLTON_VOWED, statement=VOWED)}.{extension}"
    response = await ds.client.get(path)
    assert response.status_code == 503, response.text[:300]
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.startswith("error: this export took longer than the 100 ms time limit")


@pytest.mark.parametrize("extension", ["jsonl", "jsonld"])
async def test_a_view_that_runs_past_the_time_limit_midway_ends_with_an_error_line(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, extension: str
):
    for name in ("claim_records", "statement_claims"):
        monkeypatch.setattr(records, name, _slowly(getattr(records, name), after=1))
    ds = _datasette(db_path, sql_time_limit_ms=100, max_returned_rows=20)
    response = await ds.client.get(f"/claims/claims.{extension}?_size=20")
    assert response.status_code == 200  # sent with the first page
    *body, last = response.text.splitlines()
    assert last.startswith("error: this export took longer than the 100 ms time limit")
    if extension == "jsonl":
        assert len(_lines("\n".join(body) + "\n")) == 20  # the first page, whole
    else:
        with pytest.raises(json.JSONDecodeError):
            json.loads(response.text)  # an unclosed document: no reader takes it for a whole one


async def test_the_formats_only_read(ds: Any):
    for method in ("post", "put", "delete"):
        response = await ds.client.request(method.upper(), "/claims/claims.jsonl")
        assert response.status_code == 405


# Hostile text


def test_hostile_text_stays_exact_in_json_lines_and_json_ld(hostile_db: Path):
    exported = _lines(_export(hostile_db, "jsonl"))
    assert sorted(record["quote"] for record in exported) == sorted(quote for quote, *_ in QUOTES)
    names = {speaker["id"]: speaker["name"] for speaker in SPEAKERS}
    assert all(record["speaker"]["name"] == names[record["speaker_id"]] for record in exported)
    assert {record["outlet"]["name"] for record in exported} == {OUTLETS[0]["name"]}
    graph = _graph(_export(hostile_db, "jsonld"))
    assert sorted(node["text"] for node in graph) == sorted(quote for quote, *_ in QUOTES)
    assert {node["appearance"][0]["publisher"]["name"] for node in graph} == {OUTLETS[0]["name"]}


async def test_hostile_text_stays_exact_on_the_served_formats(hostile_db: Path):
    ds = make_datasette(hostile_db)
    body = (await _get(ds, "/claims/claims.jsonl?_size=max", JSON_LINES)).text
    assert sorted(record["quote"] for record in _lines(body)) == sorted(quote for quote, *_ in QUOTES)
    assert "'=HYPERLINK" not in body  # not defused: that is for CSV only
    graph = _graph((await _get(ds, "/claims/claims.jsonld?_size=max", JSON_LD)).text)
    assert {node["author"]["name"] for node in graph} == {speaker["name"] for speaker in SPEAKERS}
