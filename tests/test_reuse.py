"""How an incremental build reuses files: the spare beside the published database is updated in place only when
no server reads it, a same-size change written right after a build is still seen, and the command says what it
kept. (That an update equals a full build is tests/test_incremental.py.)"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claims.build.building import build
from claims.build.incremental import SERVED, spare_of
from claims.cli import cli
from claims.web.serving import served_link

from .conftest import ROOT

SEEDS = ROOT / "seeds"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)  # copy2: the files keep their old modification times
    return copy


def first_claims_file(seeds: Path) -> Path:
    return sorted((seeds / "articles").glob("*.claims.yml"))[0]


def change_a_verb(path: Path, old: str = "verb: said", new: str = "verb: sAid") -> None:
    """A change that keeps the file's size: only its digest can tell."""
    text = path.read_text(encoding="utf-8")
    assert old in text and len(old) == len(new)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def verbs(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {verb for (verb,) in conn.execute("select verb from claims")}
    finally:
        conn.close()


def test_the_spare_is_updated_in_place_and_swapped_with_the_published_file(seeds, tmp_path):
    db = tmp_path / "claims.db"
    build(seeds, db, jobs=1)
    assert not spare_of(db).exists()  # nothing published before the first build
    build(seeds, db, jobs=1)  # nothing changed: a copy of the database, the first one kept as the spare
    spare_inode, published_inode = spare_of(db).stat().st_ino, db.stat().st_ino
    change_a_verb(first_claims_file(seeds))
    built = build(seeds, db, jobs=1)
    assert built.reused == built.articles - 1
    assert db.stat().st_ino == spare_inode  # the spare, brought up to date, is published
    assert spare_of(db).stat().st_ino == published_inode  # and the file it replaced is the new spare
    assert "sAid" in verbs(db)


def test_a_spare_a_server_still_reads_is_never_written(seeds, tmp_path):
    db = tmp_path / "claims.db"
    build(seeds, db, jobs=1)
    build(seeds, db, jobs=1)
    served = served_link(spare_of(db))  # as if a server had started on the file that is now the spare
    before = served.read_bytes()
    change_a_verb(first_claims_file(seeds))
    build(seeds, db, jobs=1)
    assert served.read_bytes() == before  # updated on a copy instead
    assert "sAid" in verbs(db) and "sAid" not in verbs(served)


def test_the_links_of_servers_no_longer_running_are_removed(seeds, tmp_path):
    db = tmp_path / "claims.db"
    build(seeds, db, jobs=1)
    build(seeds, db, jobs=1)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / SERVED / gone.stdout.strip() / "claims.db"
    stale.parent.mkdir(parents=True)
    os.link(spare_of(db), stale)  # a server that served the spare's file, and has since died
    spare_inode = spare_of(db).stat().st_ino
    change_a_verb(first_claims_file(seeds))
    build(seeds, db, jobs=1)
    assert not stale.parent.exists()
    assert db.stat().st_ino == spare_inode  # so the spare could be updated in place
    assert "sAid" in verbs(db)


def test_a_same_size_change_right_after_a_build_is_seen(seeds, tmp_path):
    db = tmp_path / "claims.db"
    path = first_claims_file(seeds)
    change_a_verb(path)  # written just before the build reads it
    build(seeds, db, jobs=1)
    stat = path.stat()
    change_a_verb(path, "verb: sAid", "verb: SAID")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same size and time: a second write in one tick
    assert build(seeds, db, jobs=1).reused is not None
    assert "SAID" in verbs(db)


def test_the_command_says_how_many_articles_it_kept(seeds, tmp_path):
    db = tmp_path / "claims.db"
    arguments = ["build", "--seeds", str(seeds), "--db", str(db)]
    first = CliRunner().invoke(cli, arguments)
    assert first.exit_code == 0 and "unchanged" not in first.output
    change_a_verb(first_claims_file(seeds))
    again = CliRunner().invoke(cli, arguments)
    articles = len(list((seeds / "articles").glob("*.claims.yml")))
    assert f"({articles - 1} article(s) unchanged since the last build)" in again.output
    full = CliRunner().invoke(cli, [*arguments, "--full"])
    assert full.exit_code == 0 and "unchanged" not in full.output


def statement_rows(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("select id, rowid from statements"))
    finally:
        conn.close()


def test_an_update_writes_anew_only_the_statements_that_hold_the_changed_claims(seeds, tmp_path):
    db = tmp_path / "claims.db"
    build(seeds, db, jobs=1)
    before = statement_rows(db)
    path = first_claims_file(seeds)
    change_a_verb(path)
    assert build(seeds, db, jobs=1).reused is not None
    after = statement_rows(db)
    written = {identifier for identifier, rowid in after.items() if before.get(identifier) != rowid}
    conn = sqlite3.connect(db)
    article = conn.execute("select article_id from sources where path = ?", [path.relative_to(seeds).as_posix()])
    (article_id,) = article.fetchone()
    sql = "select distinct statement_id from appearances where article_id = ?"
    holding = {identifier for (identifier,) in conn.execute(sql, [article_id])}
    conn.close()
    assert written == holding and 0 < len(written) < len(after) / 4
    assert after.keys() == before.keys()


def test_a_build_removes_what_killed_builds_left_and_keeps_what_running_ones_hold(seeds, tmp_path):
    db = tmp_path / "claims.db"
    build(seeds, db, jobs=1)
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(finished.stdout)  # a process that has ended, as a killed build has
    left = [tmp_path / f".claims.db.{dead}.tmp", tmp_path / f".claims.db.{dead}.old"]
    held = tmp_path / f".claims.db.{os.getppid()}.tmp"  # a process still running
    for path in [*left, held]:
        path.write_bytes(b"a partial database")
    build(seeds, db, jobs=1)
    assert not any(path.exists() for path in left)
    assert held.exists() and spare_of(db).exists() and db.exists()
