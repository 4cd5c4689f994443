"""`claims build`: the tables, keys, indexes and search the reader relies on, built atomically."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlite_utils
import yaml
from click.testing import CliRunner

from benchmarks.corpus import generate
from claims.build import tables as tables_
from claims.build import trails
from claims.build.building import build
from claims.build.rows import ClaimRow
from claims.build.trails import add_trails
from claims.cli import cli
from claims.corpus.parallel import CHUNK
from claims.web import facets

from .conftest import ROOT, SEED_ARTICLE, SEEDS


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def seed_counts() -> dict[str, int]:
    """The rows each table should hold, counted from the seed files with plain PyYAML."""

    def read(path: Path):
        return yaml.safe_load(path.read_text(encoding="utf-8"))

    speakers = read(SEEDS / "speakers.yml")["speakers"]
    claims_files = sorted((SEEDS / "articles").glob("*.claims.yml"))
    return {
        "outlets": len(read(SEEDS / "outlets.yml")["outlets"]),
        "speakers": len(speakers),
        "speaker_aliases": sum(len(set(speaker.get("aliases") or [])) for speaker in speakers),
        "articles": len(claims_files),
        "claims": sum(len(read(path)["claims"]) for path in claims_files),
    }


def test_tables_and_counts(db_path):
    db = sqlite_utils.Database(db_path)
    counts = {name: db[name].count for name in ("outlets", "speakers", "speaker_aliases", "articles", "claims")}
    assert counts == seed_counts()
    assert counts["articles"] > 1
    # the build's own views and those of the claim trails (claims/build/trails.py)
    assert set(db.view_names()) == {
        "attribution_chains",
        "claims_with_names",
        "statement_trails",
        "repeated_statements",
    }


def test_claims_have_the_promised_columns(db_path):
    columns = set(sqlite_utils.Database(db_path)["claims"].columns_dict)
    assert {
        "id",
        "article_id",
        "outlet_id",
        "speaker_id",
        "via_id",
        "kind",
        "quote",
        "start",
        "end",
        "verb",
        "speaker_label",
        "said_from",
        "said_to",
        "said_precision",
        "context",
    } <= columns
    assert "text" in sqlite_utils.Database(db_path)["articles"].columns_dict
    assert "name" in sqlite_utils.Database(db_path)["speakers"].columns_dict


def test_foreign_keys_are_real_and_hold(db_path):
    db = sqlite_utils.Database(db_path)
    keys = {(fk.column, fk.other_table) for fk in db["claims"].foreign_keys}
    assert keys == {
        ("article_id", "articles"),
        ("outlet_id", "outlets"),
        ("speaker_id", "speakers"),
        ("via_id", "speakers"),
    }
    assert list(db.query("pragma foreign_key_check")) == []


def test_every_faceted_column_is_indexed(db_path):
    db = sqlite_utils.Database(db_path)
    first_columns = {index.columns[0] for index in db["claims"].indexes}
    assert {"speaker_id", "kind", "outlet_id", "via_id", "said_from", "said_precision", "article_id"} <= first_columns


def test_every_quote_stands_at_its_offsets_in_the_stored_text(db_path):
    db = sqlite_utils.Database(db_path)
    texts = {row["id"]: row["text"] for row in db["articles"].rows}
    assert db["claims"].count == seed_counts()["claims"]
    for claim in db["claims"].rows:
        text = texts[claim["article_id"]]
        assert text[claim["start"] : claim["end"]] == claim["quote"]
        # the context collapses whitespace runs (a quote over several paragraphs), and so does the claim page
        assert " ".join(claim["quote"].split()) in claim["context"] or claim["kind"] == "indirect"


def test_the_stored_text_is_the_verbatim_file(db_path):
    row = sqlite_utils.Database(db_path)["articles"].get("2018-10-02-wsws-iran-missiles-syria")
    raw = (SEEDS / row["path"]).read_bytes()
    assert row["text"].encode("utf-8") == raw
    assert row["sha256"] == hashlib.sha256(raw).hexdigest()


def test_context_is_the_sentence_around_the_claim(db_path):
    db = sqlite_utils.Database(db_path)
    row = next(db["claims"].rows_where("speaker_id = 'government-of-russia'"))
    assert row["context"] == (
        "Moscow has responded by offering to deploy Russian S-300 air defense systems to Syria, "
        "which would threaten not only Israeli, but also US warplanes."
    )


def test_full_text_search_over_claims_and_articles(db_path):
    db = sqlite_utils.Database(db_path)
    assert db["claims"].detect_fts() == "claims_fts"
    assert db["articles"].detect_fts() == "articles_fts"
    # every claim whose quote, speaker label or sentence names Raqqa, and only those (plain LIKE on the same columns)
    hits = sorted(row["id"] for row in db["claims"].search("raqqa"))
    where = " or ".join(f"{column} like '%raqqa%'" for column in ("quote", "speaker_label", "context"))
    assert hits == sorted(row[0] for row in db.execute(f"select id from claims where {where}"))
    assert "walid-al-moallem" in {db["claims"].get(claim_id)["speaker_id"] for claim_id in hits}
    assert len(list(db["claims"].search("strike"))) >= 2  # porter stemming: strike finds strikes
    rebels = [row["id"] for row in db["articles"].search("rebels")]  # the seed article's headline
    assert rebels == [row[0] for row in db.execute("select id from articles where title like '%rebel%'")]
    assert "2018-10-02-wsws-iran-missiles-syria" in rebels
    # the text is searched through its claims
    assert "Kermanshah" in db["articles"].get("2018-10-02-wsws-iran-missiles-syria")["text"]
    assert list(db["articles"].search("Kermanshah")) == []


def test_the_file_is_ready_for_immutable_publishing(db_path):
    db = sqlite_utils.Database(db_path)
    assert db.execute("pragma journal_mode").fetchone()[0] == "delete"
    assert not Path(f"{db_path}-wal").exists()


def test_same_input_same_database(tmp_path):
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    build(SEEDS, first)
    build(SEEDS, second)
    assert list(sqlite_utils.Database(first).conn.iterdump()) == list(sqlite_utils.Database(second).conn.iterdump())


def test_a_failed_build_leaves_the_previous_database_untouched(seeds, tmp_path):
    db = tmp_path / "claims.db"
    build(seeds, db)
    before = digest(db)
    claims_file = seeds / "articles" / f"{SEED_ARTICLE.name}.claims.yml"
    assert "speaker: irgc" in claims_file.read_text()
    claims_file.write_text(claims_file.read_text().replace("speaker: irgc", "speaker: nobody"))
    result = CliRunner().invoke(cli, ["build", "--seeds", str(seeds), "--db", str(db)])
    assert result.exit_code == 1
    assert "unknown speaker 'nobody'" in result.stderr
    assert f"build failed; {db} left as it was" in result.stderr
    assert digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.db", "seeds"]


@pytest.mark.parametrize(
    ("module", "step", "reuse"), [("building", "write_database", False), ("incremental", "_apply", True)]
)
def test_a_killed_build_leaves_the_previous_database_untouched(tmp_path, module, step, reuse):
    db = tmp_path / "claims.db"
    build(SEEDS, db)
    before = digest(db)
    # A build (a full one, or an update of the last database) slowed down inside its write step, then killed there.
    script = (
        f"import sys, time, claims.build.building as b, claims.build.{module} as m\n"
        f"original = m.{step}\n"
        "def slow(*args):\n"
        "    original(*args)\n"
        "    print('written', flush=True)\n"
        "    time.sleep(60)\n"
        f"m.{step} = slow\n"
        f"b.build(b.Path({str(SEEDS)!r}), b.Path({str(db)!r}), reuse={reuse})\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "written"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert digest(db) == before
    time.sleep(0.1)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "claims.db"]
    assert all(name.startswith(".claims.db.") for name in leftovers)  # an orphan temp file at most, never the db


def test_every_claim_row_is_a_valid_claim_row(db_path):
    db = sqlite_utils.Database(db_path)
    for row in db["claims"].rows:
        assert ClaimRow.model_validate(row).model_dump(mode="json") == row


def test_a_build_on_every_core_equals_one_on_one_core(tmp_path):
    generate(tmp_path / "seeds", 3 * CHUNK, seed=7, jobs=1)  # enough files for the pool to be used
    one, every = tmp_path / "one.db", tmp_path / "every.db"
    build(tmp_path / "seeds", one, jobs=1)
    build(tmp_path / "seeds", every, jobs=2)
    assert list(sqlite_utils.Database(one).conn.iterdump()) == list(sqlite_utils.Database(every).conn.iterdump())


def test_statements_grouped_while_the_indexes_are_built_equal_those_grouped_from_the_table(tmp_path):
    """The build groups the claims as they go in; add_trails alone reads them back from the claims table."""
    generate(tmp_path / "seeds", 3 * CHUNK, seed=11, jobs=1)
    built = tmp_path / "claims.db"
    build(tmp_path / "seeds", built, jobs=1)
    db = sqlite_utils.Database(built)
    tables = ("statements", "appearances", "hops")
    before = [db.execute(f"select * from {table} order by 1, 2, 3").fetchall() for table in tables]
    assert db["statements"].count < db["claims"].count  # some words repeat
    add_trails(db)
    for model in trails.TABLES:
        tables_.fill_key(db, model)  # as the build does, once the trails are in
    assert [db.execute(f"select * from {table} order by 1, 2, 3").fetchall() for table in tables] == before


@pytest.mark.parametrize("column", sorted(facets.FILTERS))
def test_a_filtered_page_reads_its_rows_in_order_without_sorting(db_path, column):
    db = sqlite_utils.Database(db_path)
    sql = f"select * from claims where [{column}] = 'x' order by sort_key desc limit 51"
    plan = " ".join(row[-1] for row in db.execute(f"explain query plan {sql}").fetchall())
    assert "TEMP B-TREE" not in plan, plan


def test_the_speaker_query_reads_its_rows_in_order_without_sorting(db_path):
    db = sqlite_utils.Database(db_path)
    queries = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["claims"]["queries"]
    plan = db.execute(f"explain query plan {queries['speaker_claims']['sql']}", {"speaker": "Bolton"}).fetchall()
    assert "TEMP B-TREE" not in " ".join(row[-1] for row in plan), plan
