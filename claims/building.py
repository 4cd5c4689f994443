"""Turning a validated corpus into the SQLite database that Datasette publishes.

The database is written to a temporary file beside the target and renamed into place only when it is
complete, so a failed or interrupted build leaves the previous database exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import get_args

import sqlite_utils
from pydantic import BaseModel

from .models import ArticleRow, ClaimRow, OutletRow, SpeakerAliasRow, SpeakerRow
from .sentences import context, sentence_spans
from .validation import Corpus, Problem, load_corpus

DEFAULT_DB = Path("build/claims.db")

# table name, row model, primary key, foreign keys (column, other table, other column)
TABLES: list[tuple[str, type[BaseModel], str | tuple[str, ...], list[tuple[str, str, str]]]] = [
    ("outlets", OutletRow, "id", []),
    ("speakers", SpeakerRow, "id", []),
    ("speaker_aliases", SpeakerAliasRow, ("speaker_id", "alias"), [("speaker_id", "speakers", "id")]),
    ("articles", ArticleRow, "id", [("outlet_id", "outlets", "id")]),
    (
        "claims",
        ClaimRow,
        "id",
        [
            ("article_id", "articles", "id"),
            ("outlet_id", "outlets", "id"),
            ("speaker_id", "speakers", "id"),
            ("via_id", "speakers", "id"),
        ],
    ),
]

INDEXES: dict[str, list[list[str]]] = {
    "speakers": [["type"], ["country"]],
    "speaker_aliases": [["alias"]],
    "articles": [["outlet_id"], ["published"]],
    "claims": [
        ["speaker_id", "said_from"],
        ["article_id", "start"],
        ["outlet_id"],
        ["via_id"],
        ["kind"],
        ["said_from"],
        ["said_precision"],
        ["verb"],
        ["published"],
    ],
}

FULL_TEXT = {"claims": ["quote", "speaker_label", "context"], "articles": ["title", "text"]}

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


SQL_TYPES: dict[object, type] = {str: str, int: int, dt.date: str}


def _optional(annotation: object) -> bool:
    return type(None) in get_args(annotation)


def columns(model: type[BaseModel]) -> dict[str, type]:
    """Column name -> sqlite-utils type, read off a row model (`X | None` is a nullable X)."""
    result = {}
    for name, info in model.model_fields.items():
        base = next((a for a in get_args(info.annotation) if a is not type(None)), info.annotation)
        result[name] = SQL_TYPES[base]
    return result


def not_null(model: type[BaseModel]) -> set[str]:
    return {name for name, info in model.model_fields.items() if not _optional(info.annotation)}


def _rows(corpus: Corpus, seeds: Path) -> dict[str, Iterable[BaseModel]]:
    claim_counts = Counter(claim.speaker for article in corpus.articles for claim in article.claims)
    speakers = [corpus.speakers[key] for key in sorted(corpus.speakers)]
    return {
        "outlets": [OutletRow(**corpus.outlets[key].model_dump()) for key in sorted(corpus.outlets)],
        "speakers": [
            SpeakerRow(
                **speaker.model_dump(exclude={"aliases"}),
                aliases=json.dumps(speaker.aliases, ensure_ascii=False),
                claim_count=claim_counts[speaker.id],
            )
            for speaker in speakers
        ],
        "speaker_aliases": [
            SpeakerAliasRow(speaker_id=s.id, alias=alias) for s in speakers for alias in sorted(set(s.aliases))
        ],
        "articles": _article_rows(corpus, seeds),
        "claims": _claim_rows(corpus),
    }


def _article_rows(corpus: Corpus, seeds: Path) -> Iterator[ArticleRow]:
    for article in sorted(corpus.articles, key=lambda a: a.meta.id):
        meta = article.meta
        yield ArticleRow(
            id=meta.id,
            title=meta.title,
            outlet_id=meta.outlet,
            author=meta.author,
            published=meta.published,
            url=meta.url,
            path=article.text_path.relative_to(seeds).as_posix(),
            sha256=hashlib.sha256(article.text_path.read_bytes()).hexdigest(),
            claim_count=len(article.claims),
            text=article.text,
        )


def _claim_rows(corpus: Corpus) -> Iterator[ClaimRow]:
    for article in sorted(corpus.articles, key=lambda a: a.meta.id):
        spans = sentence_spans(article.text)
        for claim in sorted(article.claims, key=lambda c: (c.start, c.end, c.id)):
            yield ClaimRow(
                id=claim.id,
                article_id=article.meta.id,
                outlet_id=article.meta.outlet,
                speaker_id=claim.speaker,
                via_id=claim.via,
                kind=claim.kind,
                quote=claim.quote,
                start=claim.start,
                end=claim.end,
                verb=claim.verb,
                speaker_label=claim.speaker_label,
                said_from=claim.said_from,
                said_to=claim.said_to,
                said_precision=claim.said_precision,
                said_phrase=claim.said_phrase,
                published=article.meta.published,
                context=context(article.text, claim.start, claim.end, spans),
            )


def write_database(corpus: Corpus, seeds: Path, path: Path) -> None:
    """Write the whole database into a new file at `path`."""
    db = sqlite_utils.Database(sqlite3.connect(path, isolation_level=None))
    db.execute("pragma journal_mode = off")
    db.execute("pragma synchronous = off")
    rows = _rows(corpus, seeds)
    with db.atomic():
        for name, model, pk, foreign_keys in TABLES:
            table = db.table(name)
            table.create(columns(model), pk=pk, foreign_keys=foreign_keys, not_null=not_null(model))
            table.insert_all((row.model_dump(mode="json") for row in rows[name]), batch_size=1000)
            for index_columns in INDEXES.get(name, []):
                table.create_index(index_columns)
        for name, sql in VIEWS.items():
            db.create_view(name, sql.strip())
    for name, fts_columns in FULL_TEXT.items():
        db.table(name).enable_fts(fts_columns, tokenize="porter", create_triggers=False)
        db.table(f"{name}_fts").optimize()
    db.execute("analyze")
    db.execute("pragma journal_mode = delete")
    db.vacuum()
    db.close()


def build(seeds: Path, db_path: Path) -> Corpus:
    """Validate the seeds and build the database atomically; raise BuildError on any problem."""
    corpus, problems = load_corpus(seeds)
    if problems:
        raise BuildError(problems)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    try:
        write_database(corpus, seeds, temporary)
        os.replace(temporary, db_path)
    finally:
        temporary.unlink(missing_ok=True)
    return corpus
