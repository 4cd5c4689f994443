"""Turning a validated corpus into the SQLite database that Datasette publishes.

The database is written to a temporary file beside the target and renamed into place only when it is
complete, so a failed or interrupted build leaves the previous database exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import sqlite_utils

from ..corpus.models import Record
from ..corpus.parallel import pool, workers
from ..corpus.sentences import context, sentence_spans
from ..corpus.validation import Article, Problem, Registry
from ..corpus.walk import Shared, walk
from . import history, summary, tables
from .history import add_corrections
from .rows import (
    ROW_MODELS,
    ArticleRow,
    BuildRow,
    ClaimRow,
    FacetCountRow,
    OutletRow,
    SourceRow,
    SpeakerAliasRow,
    SpeakerRow,
)
from .sources import SourceValues, registry_digest, source_values
from .tablespec import column_names, table_of
from .trails import add_trails, group

DEFAULT_DB = Path("build/claims.db")
# The shape of the database this code builds and reads, stamped as SQLite's `user_version`: raise it whenever a
# table or column changes, so that `serve` and `export` never read a database built by another version.
SCHEMA_VERSION = 4

# The tables of the seeds, created before their rows go in; their indexes are made once the rows are in. Every
# table, column and index is defined in claims/build/rows.py.
SEED_TABLES: tuple[type[Record], ...] = (
    OutletRow,
    SpeakerRow,
    SpeakerAliasRow,
    ArticleRow,
    ClaimRow,
    SourceRow,
    BuildRow,
)

# Article texts are not indexed: at a hundred thousand articles that is half the build, and the claims index
# already holds every sentence that carries a claim (context).
FULL_TEXT = {"claims": ["quote", "speaker_label", "context"], "articles": ["title", "author"]}

VIEWS = {
    "attribution_chains": """
select claims.id as claim_id, outlets.name as outlet, via.name as via, speakers.name as speaker,
  claims.verb, claims.kind, claims.quote, claims.article_id
from claims
join outlets on outlets.id = claims.outlet_id
join speakers on speakers.id = claims.speaker_id
left join speakers as via on via.id = claims.via_id
where claims.via_id is not null
order by claims.published, claims.article_id, claims.start""",
    "claims_with_names": """
select claims.id, claims.kind, speakers.name as speaker, speakers.type as speaker_type,
  claims.speaker_label, claims.verb, claims.quote, via.name as via, outlets.name as outlet,
  articles.title as article, articles.url as article_url, claims.published, claims.said_from,
  claims.said_to, claims.said_precision, claims.context
from claims
join speakers on speakers.id = claims.speaker_id
join outlets on outlets.id = claims.outlet_id
join articles on articles.id = claims.article_id
left join speakers as via on via.id = claims.via_id
order by claims.published desc, claims.article_id, claims.start""",
}


class BuildError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass(frozen=True)
class Built:
    articles: int
    claims: int
    speakers: int
    outlets: int
    reused: int | None = None  # articles kept from the last database, when it was updated rather than built anew


def _registry_rows(registry: Registry) -> dict[type[Record], list[Record]]:
    speakers = [registry.speakers[key] for key in sorted(registry.speakers)]
    return {
        OutletRow: [OutletRow(**registry.outlets[key].model_dump()) for key in sorted(registry.outlets)],
        SpeakerRow: [
            SpeakerRow(
                **speaker.model_dump(exclude={"aliases"}),
                aliases=json.dumps(speaker.aliases, ensure_ascii=False),
                claim_count=0,  # counted once the claims are in, and the sort key with them
            )
            for speaker in speakers
        ],
        SpeakerAliasRow: [
            SpeakerAliasRow(speaker_id=s.id, alias=alias) for s in speakers for alias in sorted(set(s.aliases))
        ],
    }


# A row is assembled without a row model (see claim_values): a column takes the value given for it, else the source's
# field of the same name (a claim's `kind`, an article's `title`), in the order of the table's columns.
ARTICLE_ROW = itemgetter(*column_names(ArticleRow))
CLAIM_ROW = itemgetter(*column_names(ClaimRow))
# what the statements are grouped from (trails.CLAIMS_BY_SPEAKER, rowid aside), from a row of the claims table
SAID = itemgetter(
    *(column_names(ClaimRow).index(name) for name in ("speaker_id", "quote", "published", "article_id", "start", "end"))
)


def article_values(article: Article, seeds: Path) -> tuple[object, ...]:
    """The article as a row of the articles table."""
    meta = article.meta
    published = meta.published.isoformat()
    given = {
        "outlet_id": meta.outlet,
        "published": published,
        "path": article.text_path.relative_to(seeds).as_posix(),
        "sha256": article.sha256,
        "collected": meta.collected and meta.collected.isoformat(),
        "claim_count": len(article.claims),
        "text": article.text,  # the text itself, where the metadata names its file
        "sort_key": f"{published} {meta.id}",
    }
    return ARTICLE_ROW(vars(meta) | given)


def claim_values(article: Article) -> list[tuple[object, ...]]:
    """The article's claims as rows of the claims table. The claims are already validated, so the rows are
    assembled directly: a ClaimRow for each would cost more than the rest of the row together (tests check that
    every row is a valid ClaimRow)."""
    spans = sentence_spans(article.text)
    meta = article.meta
    published = meta.published.isoformat()
    shared = {
        "article_id": meta.id,
        "outlet_id": meta.outlet,
        "published": published,
        "collected": meta.collected and meta.collected.isoformat(),
    }
    rows = []
    for claim in sorted(article.claims, key=lambda c: (c.start, c.end, c.id)):
        given = {
            "speaker_id": claim.speaker,
            "via_id": claim.via,
            "said_from": claim.said_from and claim.said_from.isoformat(),
            "said_to": claim.said_to and claim.said_to.isoformat(),
            "context": context(article.text, claim.start, claim.end, spans),
            **claim_keys(claim.id, meta.id, published, claim.start, claim.said_from),
        }
        rows.append(CLAIM_ROW(vars(claim) | shared | given))
    return rows


# Every listing pages on a unique key, so that each row comes once however many share a date: Datasette resumes
# a page after the last row's sort value, and rows tied on it would be skipped or repeated.
POSITIONS = 10**9


def claim_keys(
    claim_id: str, article_id: str, published: str, start: int, said_from: dt.date | None
) -> dict[str, str | None]:
    """A claim's `sort_key` (newest article first, then the article's claims in order of position), `said_key` (by
    the day it was said, undated first) and `said_year`."""
    order = f"{published} {article_id} {POSITIONS - 1 - start:09d} {claim_id}"
    said = said_from.isoformat() if said_from else "0000-00-00"
    return {"said_year": said_from and said[:4], "sort_key": order, "said_key": f"{said} {order}"}


class Rows(NamedTuple):
    """A sound article's rows, ready to insert."""

    article: tuple[object, ...]
    claims: list[tuple[object, ...]]
    source: SourceValues


def article_rows(shared: Shared, article: Article) -> Rows:
    """In a worker: a sound article's row, its claims' rows and its row of `sources`."""
    return Rows(article_values(article, shared.seeds), claim_values(article), source_values(article, shared.seeds))


def _indexes_and_counts(db: sqlite_utils.Database) -> None:
    for model in SEED_TABLES:
        tables.create_indexes(db, model)
    db.execute("update speakers set claim_count = (select count(*) from claims where claims.speaker_id = speakers.id)")


# The unique order of the tables counted or derived after the claims are in (most claims or appearances first, a
# statement's appearances in order, the newest corrections first): each table's listing key, as SQL.
LISTING_KEYS = {table_of(model).name: key.sql for model in ROW_MODELS if (key := table_of(model).key)}


def _listing_keys(db: sqlite_utils.Database) -> None:
    for model in ROW_MODELS:
        tables.fill_key(db, model)


def _search_and_views(db: sqlite_utils.Database) -> None:
    for name, sql in VIEWS.items():
        db.create_view(name, sql.strip())
    for name, fts_columns in FULL_TEXT.items():
        db.table(name).enable_fts(fts_columns, tokenize="porter", create_triggers=False)
        db.table(f"{name}_fts").optimize()


def _facet_summary(db: sqlite_utils.Database, path: Path, jobs: int | None) -> None:
    """Facet counts, counted by worker processes that read the committed rows while this process builds the
    search index (see summary.py)."""
    tables.create(db, FacetCountRow)
    insert = tables.insert_sql(FacetCountRow)
    with pool(jobs) as counters:
        pending = []
        for table in summary.SUMMARISED:
            totals, pair_jobs = summary.pair_jobs(path, db.conn, table, workers(jobs))
            counted = counters.map_async(summary.count_pairs, pair_jobs) if counters else None
            pending.append((table, totals, counted, pair_jobs))
        db.execute("begin")
        _search_and_views(db)
        for table, totals, counted, pair_jobs in pending:
            pairs = counted.get() if counted else [summary.count_pairs(job) for job in pair_jobs]
            db.conn.executemany(insert, summary.summary_rows(table, totals, pairs))
        tables.create_indexes(db, FacetCountRow)
        db.execute("commit")


def insert_rows(conn: sqlite3.Connection, articles: list[Rows]) -> None:
    conn.executemany(tables.insert_sql(ArticleRow), [rows.article for rows in articles])
    conn.executemany(tables.insert_sql(ClaimRow), [claim for rows in articles for claim in rows.claims])
    conn.executemany(tables.insert_sql(SourceRow), [rows.source for rows in articles])


def record_build(db: sqlite_utils.Database, seeds: Path) -> None:
    """What else the database is built from, for the next build to compare (claims/build/sources.py)."""
    db.execute(f"delete from [{table_of(BuildRow).name}]")
    recorded = {"registry": registry_digest(seeds), "history": history.head(seeds)}
    tables.insert(db, [BuildRow(name=name, value=value) for name, value in recorded.items()], BuildRow)


class Writer:
    """Rows into a new database file, in one transaction, in batches. What the statements are grouped from is kept
    as the claims go in, so that they are grouped (in a thread, in Python) while SQLite builds the indexes."""

    BATCH = 5000

    def __init__(self, path: Path, registry: Registry) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.db = sqlite_utils.Database(self.conn)
        self.db.execute("pragma journal_mode = off")
        self.db.execute("pragma synchronous = off")
        self.db.execute("pragma cache_size = -65536")  # 64 MB: smaller index builds stay in memory
        self.db.execute("pragma busy_timeout = 600000")  # waits for the facet counters before writing pages
        self.db.execute("begin")
        for model in SEED_TABLES:
            tables.create(self.db, model)
        for model, rows in _registry_rows(registry).items():
            tables.insert(self.db, rows, model)
        self.pending: list[Rows] = []
        self.counts = [0, 0]
        self.said: list[tuple[object, ...]] = []  # each claim as trails.group reads it

    def add(self, rows: Rows) -> None:
        self.pending.append(rows)
        if len(self.pending) >= self.BATCH // 10:
            self.flush()

    def flush(self) -> None:
        insert_rows(self.conn, self.pending)
        rowid = self.counts[1]  # a new table numbers its rows from 1, in the order they go in
        for said in (SAID(claim) for rows in self.pending for claim in rows.claims):
            rowid += 1
            self.said.append((said[0], rowid, *said[1:]))
        self.counts[0] += len(self.pending)
        self.counts[1] += sum(len(rows.claims) for rows in self.pending)
        self.pending = []

    def finish(self, path: Path, seeds: Path, jobs: int | None) -> tuple[int, int]:
        """Indexes, counts, trails, corrections, search, views and facet summaries, once every row is in."""
        self.flush()
        record_build(self.db, seeds)
        self.said.sort(key=itemgetter(0))  # by speaker, each speaker's claims in the order they went in
        with ThreadPoolExecutor(1) as thread:
            grouping = thread.submit(group, self.said)  # SQLite lets it run while it builds the indexes
            _indexes_and_counts(self.db)
            grouped = grouping.result()
        self.said = []
        (last,) = self.db.execute("select coalesce(max(rowid), 0) from claims").fetchone()
        add_trails(self.db, grouped if last == self.counts[1] else None)  # else read them from the table
        add_corrections(self.db, seeds)
        _listing_keys(self.db)
        self.db.execute("commit")  # the rows are committed, for the facet counters to read them
        _facet_summary(self.db, path, jobs)
        self.db.execute("analyze")
        self.db.execute("pragma journal_mode = delete")
        self.db.execute(f"pragma user_version = {SCHEMA_VERSION}")
        return self.counts[0], self.counts[1]

    def close(self) -> None:
        self.conn.close()


def write_database(seeds: Path, path: Path, jobs: int | None = None) -> Built:
    """Check the seeds and write their database into a new file at `path`; raise BuildError on any problem.
    Files are read, checked and turned into rows on all cores while this process inserts them."""
    walked = walk(seeds, article_rows, jobs)
    problems, registry = walked.problems, walked.registry
    writer = Writer(path, registry)
    try:
        for visit in walked.visits:
            problems += visit.problems
            if not problems and visit.result is not None:  # after the first problem, go on checking but stop writing
                writer.add(visit.result)
        if problems:
            raise BuildError(problems)
        articles, claims = writer.finish(path, seeds, jobs)
    finally:
        writer.close()
    return Built(articles, claims, len(registry.speakers), len(registry.outlets))


def build(seeds: Path, db_path: Path, jobs: int | None = None, reuse: bool = True) -> Built:
    """Validate the seeds and build the database atomically; raise BuildError on any problem. With `reuse`, the
    last database is updated for what changed (see incremental.py) rather than built anew when it can be: the
    spare beside it in place, or else a copy of it. Either way the result is renamed into place."""
    from . import incremental  # it builds on this module's rows and steps

    db_path.parent.mkdir(parents=True, exist_ok=True)
    incremental.remove_stale_files(db_path)
    if reuse and (built := incremental.update_spare(seeds, db_path, jobs)) is not None:
        return built
    temporary = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    try:
        built = incremental.update_copy(seeds, db_path, temporary, jobs) if reuse else None
        if built is None:
            temporary.unlink(missing_ok=True)
            built = write_database(seeds, temporary, jobs)
        incremental.publish(temporary, db_path)
    finally:
        temporary.unlink(missing_ok=True)
    return built
