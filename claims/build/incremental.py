"""Incremental builds: the last database updated for what changed in the seeds, instead of built anew.

A claims file whose stamp and digest (claims/build/sources.py) match the last build keeps its article's rows;
changed, added and removed files have their articles' rows replaced. What is derived from the rows is updated
for what changed and comes out as a full build writes it: the search index (rows out and in), the speakers'
counts and keys, the statements that hold the changed claims or whose grouping they change (trail_update.py), the
facet summary (by the counts of the rows that went and came), and the corrections when the git history moved. A
different registry, schema version or a change to more than a quarter of the files makes a full build instead. The
update is made on the spare in place (in a transaction) or on a copy of the database, renamed into place by the
caller, so a running server never sees it change and a failed update leaves it as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from ..corpus.validation import Ids, Problem, claims_files
from ..corpus.walk import walk
from . import history, summary, tables
from .building import FULL_TEXT, SCHEMA_VERSION, BuildError, Built, Rows, article_rows, insert_rows, record_build
from .rows import BuildRow, CorrectionRow, SourceRow, SpeakerRow
from .sources import Changes, changes, registry_digest
from .tablespec import table_of
from .trail_update import Said, update_trails

MOST_CHANGED = 0.25  # past this share of the files changed, a full build is faster than an update
CLAIMS = "claims"


@dataclass(frozen=True)
class Recorded:
    """What the last database was built from."""

    sources: dict[str, tuple[str, str, str, str]]  # path -> article id, text path, stamp, digest
    registry: str
    history: str


def recorded(db_path: Path) -> Recorded | None:
    """What the database at db_path was built from, or None when it cannot be updated."""
    if not db_path.is_file():
        return None
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        if conn.execute("pragma user_version").fetchone()[0] != SCHEMA_VERSION:
            return None
        built = dict(conn.execute(f"select name, value from [{table_of(BuildRow).name}]").fetchall())
        sql = f"select path, article_id, text_path, stamp, digest from [{table_of(SourceRow).name}]"
        sources = {path: tuple(rest) for path, *rest in conn.execute(sql)}
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
    return Recorded(sources, built.get("registry", ""), built.get("history", ""))


SERVED = ".served"  # beside the database: a folder per `claims serve` process, with its own link to the database


def remove_stale_links(db_path: Path) -> None:
    """The links of servers no longer running (claims/web/serving.py), which would keep a spare from being used."""
    folder = db_path.parent / SERVED
    for stale in folder.glob("*") if folder.is_dir() else []:
        if stale.name.isdigit() and not _running(int(stale.name)):
            shutil.rmtree(stale, ignore_errors=True)


def remove_stale_files(db_path: Path) -> None:
    """What builds that were killed left beside the database: their temporary files (`.claims.db.PID.tmp`, as big as
    the database) and the links they held while publishing (`.claims.db.PID.old`). A running build's stay."""
    for stale in db_path.parent.glob(f".{glob.escape(db_path.name)}.*"):
        pid = stale.name.removeprefix(f".{db_path.name}.").removesuffix(stale.suffix)
        if stale.suffix in (".tmp", ".old") and pid.isdigit() and not _running(int(pid)):
            stale.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def spare_of(db_path: Path) -> Path:
    """Where the database before the published one is kept, to be brought up to date by the next build."""
    return db_path.with_name(f".{db_path.name}.spare")


def update_spare(seeds: Path, db_path: Path, jobs: int | None) -> Built | None:
    """Bring the spare (the database published before the last build) up to date in place and publish it, the
    published one becoming the spare; None when there is no spare to update, or a server may still read it: `claims
    serve` serves a hard link of its own (claims/web/serving.py), so a file with more than one link is in use."""
    spare = spare_of(db_path)
    remove_stale_links(db_path)
    try:
        handle = spare.open("rb")
    except OSError:
        return None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # one build at a time updates the spare
        except OSError:
            return None
        if os.fstat(handle.fileno()).st_nlink != 1:
            return None
        built = _update(seeds, spare, spare, jobs)
    if built is not None:
        publish(spare, db_path)
    return built


def update_copy(seeds: Path, db_path: Path, temporary: Path, jobs: int | None) -> Built | None:
    """The published database updated for what changed in `seeds`, written to `temporary` (a copy of it); None
    when a full build is needed instead."""
    return _update(seeds, db_path, temporary, jobs)


def publish(new: Path, db_path: Path) -> None:
    """Put `new` in place of the published database at once; the database it replaces becomes the spare."""
    if db_path.exists():
        held = db_path.with_name(f".{db_path.name}.{os.getpid()}.old")
        with contextlib.suppress(OSError):  # a file system without hard links keeps no spare
            os.link(db_path, held)
        os.replace(new, db_path)
        if held.exists():
            os.replace(held, spare_of(db_path))
    else:
        os.replace(new, db_path)


def _update(seeds: Path, source: Path, target: Path, jobs: int | None) -> Built | None:
    """The database at `source` updated for what changed in `seeds`, at `target`: the same file, updated in place
    (in a transaction), or a copy of it. None when a full build is needed instead. Raises BuildError with the
    changed files' problems."""
    last = recorded(source)
    if last is None or last.registry != registry_digest(seeds):
        return None
    paths = claims_files(seeds)
    found = changes(seeds, paths, last.sources, source.stat().st_mtime_ns)
    if len(found.read) + len(found.replaced) > MOST_CHANGED * max(len(paths), 1):
        return None
    came = _checked_rows(seeds, source, found, last, jobs)
    in_place = source == target
    if not in_place:
        shutil.copyfile(source, target)
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        db = sqlite_utils.Database(conn)
        # in place, a crash must roll back (the journal); a copy is thrown away instead
        pragmas = (
            ("cache_size = -65536",) if in_place else ("journal_mode = off", "synchronous = off", "cache_size = -65536")
        )
        for pragma in pragmas:
            db.execute(f"pragma {pragma}")
        db.execute("begin")
        _apply(db, seeds, found, came, last.history)
        record_build(db, seeds)
        conn.execute("commit")
        counts = [conn.execute(f"select count(*) from [{name}]").fetchone()[0] for name in _COUNTED]
    finally:
        conn.close()
    return Built(*counts, reused=len(found.kept))


_COUNTED = ("articles", CLAIMS, "speakers", "outlets")


def _checked_rows(seeds: Path, db_path: Path, found: Changes, last: Recorded, jobs: int | None) -> list[Rows]:
    """The rows of the changed and new files, checked as a full build checks them, their ids against the kept
    articles' too; raise BuildError on any problem."""
    walked = walk(seeds, article_rows, jobs, only=found.read)
    problems, came = walked.problems, []
    paths_of = {article_id: path for path, (article_id, *_) in last.sources.items()}
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        for visit in walked.visits:
            problems += visit.problems
            if visit.ids is not None:
                problems += _kept_duplicates(conn, visit.ids, set(found.replaced.values()), paths_of, seeds)
            if visit.result is not None:
                came.append(visit.result)
    finally:
        conn.close()
    if problems:
        raise BuildError(problems)
    return came


def _kept_duplicates(
    conn: sqlite3.Connection, ids: Ids, replaced: set[str], paths_of: dict[str, str], seeds: Path
) -> list[Problem]:
    """Ids of a changed file that a kept article already uses."""
    found = []
    article_id, line = ids.article
    if article_id not in replaced and conn.execute("select 1 from articles where id = ?", [article_id]).fetchone():
        message = f"duplicate article id {article_id!r} (also in {seeds / paths_of.get(article_id, '?')})"
        found.append(Problem(Path(ids.path), line, "article.id", message))
    lines = {claim_id: (index, line) for index, (claim_id, line) in enumerate(ids.claims)}
    sql = f"select id, article_id from {CLAIMS} where id in (select value from json_each(?))"
    for claim_id, owner in conn.execute(sql, [json.dumps(list(lines))]):
        if owner not in replaced:
            index, line = lines[claim_id]
            message = f"duplicate claim id {claim_id!r} (also in {seeds / paths_of.get(owner, '?')})"
            found.append(Problem(Path(ids.path), line, f"claims[{index}].id", message))
    return found


def _apply(db: sqlite_utils.Database, seeds: Path, found: Changes, came: list[Rows], history_was: str) -> None:
    replaced = json.dumps(sorted(set(found.replaced.values())))
    gone = _rows_going(db, replaced)
    _remove(db, replaced, found)
    first_new = db.execute(f"select coalesce(max(rowid), 0) from {CLAIMS}").fetchone()[0]
    first_article = db.execute("select coalesce(max(rowid), 0) from articles").fetchone()[0]
    insert_rows(db.conn, came)
    _index_new(db, {CLAIMS: first_new, "articles": first_article})
    for path, stamp in found.restamped.items():
        db.execute(f"update [{table_of(SourceRow).name}] set stamp = ? where path = ?", [stamp, path])
    speakers = {said.speaker_id for said in gone.claims.values()} | {
        row[0] for row in db.execute(_NEW_SPEAKERS, [first_new])
    }
    _count_speakers(db, speakers)
    update_trails(db, speakers, gone.claims, first_new)
    if history.head(seeds) != history_was:
        db.table(table_of(CorrectionRow).name).drop()
        history.add_corrections(db, seeds)
        tables.fill_key(db, CorrectionRow)
        db.execute(f"analyze [{table_of(CorrectionRow).name}]")  # the other tables keep their statistics: the
        # planner needs their shape, which a few articles do not change
    columns = ", ".join(f"[{c}]" for c in summary.SUMMARISED[CLAIMS])
    came_summary = db.execute(f"select {columns} from {CLAIMS} where rowid > ?", [first_new]).fetchall()
    summary.update_summary(db.conn, CLAIMS, gone.summarised, came_summary)


_NEW_SPEAKERS = f"select distinct speaker_id from {CLAIMS} where rowid > ?"


@dataclass(frozen=True)
class Going:
    """What the claims of the replaced articles leave behind: each claim as statements are grouped from it, by id,
    and their summarised values."""

    claims: dict[str, Said]
    summarised: list[tuple[object, ...]]


def _rows_going(db: sqlite_utils.Database, replaced: str) -> Going:
    said = ", ".join(f"[{c}]" for c in Said._fields)
    columns = ", ".join(f"[{c}]" for c in summary.SUMMARISED[CLAIMS])
    sql = f"select id, {said}, {columns} from {CLAIMS} where article_id in (select value from json_each(?))"
    rows = db.execute(sql, [replaced]).fetchall()
    width = len(Said._fields) + 1
    return Going({row[0]: Said(*row[1:width]) for row in rows}, [tuple(row[width:]) for row in rows])


def _remove(db: sqlite_utils.Database, replaced: str, found: Changes) -> None:
    """The replaced articles' rows out of their tables and the search index."""
    owner = {CLAIMS: "article_id", "articles": "id"}
    for table, columns in FULL_TEXT.items():
        listed = ", ".join(f"[{c}]" for c in columns)
        where = f"[{owner[table]}] in (select value from json_each(?))"
        db.execute(
            f"insert into [{table}_fts] ([{table}_fts], rowid, {listed}) select 'delete', rowid, {listed}"
            f" from [{table}] where {where}",
            [replaced],
        )
        db.execute(f"delete from [{table}] where {where}", [replaced])
    db.execute(
        f"delete from [{table_of(SourceRow).name}] where path in (select value from json_each(?))",
        [json.dumps(sorted(found.replaced))],
    )


def _index_new(db: sqlite_utils.Database, after: dict[str, int]) -> None:
    """The new rows into the search index."""
    for table, columns in FULL_TEXT.items():
        listed = ", ".join(f"[{c}]" for c in columns)
        db.execute(
            f"insert into [{table}_fts] (rowid, {listed}) select rowid, {listed} from [{table}] where rowid > ?",
            [after[table]],
        )


def _count_speakers(db: sqlite_utils.Database, speakers: set[str]) -> None:
    key = table_of(SpeakerRow).key
    assert key is not None
    where = "where id in (select value from json_each(?))"
    chosen = [json.dumps(sorted(speakers))]
    db.execute(
        f"update speakers set claim_count = (select count(*) from {CLAIMS} where speaker_id = speakers.id) {where}",
        chosen,
    )
    db.execute(f"update speakers set [{key.name}] = {key.sql} {where}", chosen)
