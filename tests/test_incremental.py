"""An incremental build (`build(..., reuse=True)`: the database already at the path is reused, unchanged articles keep
their rows) gives the same database as a full one (`reuse=False`) of the same seeds: the same schema and version,
every table and view row for row (rowids aside), the same search results, and it says how many articles it kept.

The seeds are changed at random by a seeded generator, always validly: claims edited or dropped, articles added,
moved, retitled, re-dated, given another outlet or deleted, texts extended, files touched, the registry changed, a
facet value pushed across MIN_SUMMARISED_ROWS. Each case runs rounds of changes on a copy of seeds/ or on a
generated corpus, most committed to git so that the corrections change too, and compares the incremental database
with a full build after each. A failed build leaves the database as it was."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import random
import re
import shutil
import sqlite3
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from benchmarks.corpus import generate
from claims.build.building import FULL_TEXT, SCHEMA_VERSION, BuildError, Built, build
from claims.build.summary import MIN_SUMMARISED_ROWS
from claims.corpus import yamlfile
from claims.corpus.models import UNSURE_MATCHES, Kind
from claims.corpus.walk import load_corpus

from .conftest import SEEDS

Data = dict[str, Any]
Row = tuple[tuple[str, Any], ...]
CLAIMS = ".claims.yml"
CLAIMS_HEAD = "# yaml-language-server: $schema=../../schema/claims-file.schema.json\n"
KINDS = [kind.value for kind in Kind]
VERBS = ("said", "warned", "insisted", "told reporters", "claimed", "added")
TITLE_WORDS = ("zephyrine", "quillwort", "marzipan", "obsidian")  # words no article has, for the search index
GENERATED_ARTICLES = 300  # about 3,000 claims: some facet values pass MIN_SUMMARISED_ROWS, others nearly do


# --- The build, as the incremental contract has it ------------------------------------------------------------------


def build_incremental(seeds: Path, db: Path) -> Built:
    return build(seeds, db, jobs=1, reuse=True)


def build_full(seeds: Path, db: Path) -> Built:
    return build(seeds, db, jobs=1, reuse=False)


# --- Seeds files ------------------------------------------------------------------------------------------------------


def read(path: Path) -> Data:
    """A seeds file as `claims check` reads it (dates as text)."""
    return yamlfile.load(path)[0]


def write(path: Path, data: Data, head: str = CLAIMS_HEAD) -> None:
    dumped = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=10**6)
    path.write_text(head + dumped, encoding="utf-8")


def text_of(path: Path, data: Data) -> Path:
    return path.parent / data["article"]["text"]


def seed_files(seeds: Path) -> dict[str, bytes]:
    """The registry and every file under articles/, by path relative to the seeds."""
    paths = [seeds / "outlets.yml", seeds / "speakers.yml", *sorted((seeds / "articles").iterdir())]
    return {path.relative_to(seeds).as_posix(): path.read_bytes() for path in paths}


def backdate(seeds: Path, before: dict[str, bytes], after: dict[str, bytes], when: float) -> None:
    """The files that changed or came get the modification time `when`, as if written then: long enough before
    the build for it to trust sizes and times and read only what they say changed (git's racily clean files)."""
    for name, data in after.items():
        if before.get(name) != data:
            os.utime(seeds / name, (when, when))


def unchanged(before: dict[str, bytes], after: dict[str, bytes]) -> int:
    """The articles whose claims file (at the same path) and text are the same bytes as before."""
    count = 0
    for name, data in after.items():
        if name.endswith(CLAIMS) and before.get(name) == data:
            text = f"articles/{yamlfile.parse(data.decode())[0]['article']['text']}"
            count += before.get(text) == after[text]
    return count


def assert_valid(seeds: Path) -> int:
    """The seeds pass `claims check`; return how many articles they have."""
    corpus, problems = load_corpus(seeds)
    assert [str(problem) for problem in problems] == []
    return len(corpus.articles)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Repo:
    """The seeds directory as a git repository whose commits have fixed authors and dates (day n of March 2024)."""

    def __init__(self, root: Path) -> None:
        self.root, self.days = root, 0
        self.git("init", "-q", "-b", "main")

    def git(self, *arguments: str) -> None:
        date = f"2024-03-{self.days + 1:02d}T12:00:00+00:00"
        names = {"GIT_AUTHOR_NAME": "Ann Editor", "GIT_COMMITTER_NAME": "Ann Editor", "GIT_AUTHOR_DATE": date}
        emails = {"GIT_AUTHOR_EMAIL": "ann@example.org", "GIT_COMMITTER_EMAIL": "ann@example.org"}
        settings = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_COMMITTER_DATE": date}
        # without the variables a git hook sets, which would point `git -C` at another repository
        inherited = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
        environment = {**inherited, **names, **emails, **settings}
        done = subprocess.run(["git", "-C", str(self.root), *arguments], capture_output=True, env=environment)
        assert done.returncode == 0, done.stderr.decode()

    def commit(self, message: str) -> None:
        self.days += 1
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)


# --- Comparing two databases ------------------------------------------------------------------------------------------

TOKEN = re.compile(r"[A-Za-z]{4,}")


def connect(path: Path) -> contextlib.closing[sqlite3.Connection]:
    return contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True))


def typed(row: Sequence[Any]) -> Row:
    """A row whose values carry their type, so that 1 and 1.0 or '2019' and 2019 differ, and rows always sort."""
    return tuple((type(value).__name__, value) for value in row)


def relations(conn: sqlite3.Connection) -> tuple[list[str], list[str]]:
    """The tables and views whose rows are compared, and the full-text tables (their shadow tables are left out)."""
    found = conn.execute("select name, sql from sqlite_master where type in ('table', 'view') order by name").fetchall()
    search = [name for name, sql in found if sql and sql.upper().startswith("CREATE VIRTUAL TABLE")]
    shadow = tuple(f"{name}_" for name in search)
    plain = [name for name, _ in found if not name.startswith(("sqlite_", *shadow)) and name not in search]
    return plain, search


def schema(conn: sqlite3.Connection) -> list[tuple[str, str, str, str | None]]:
    query = "select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_stat%'"
    return sorted(conn.execute(query).fetchall(), key=typed)


# Columns that say when and how the files were read, not what they hold: they differ between two builds of the same
# files whenever the files were touched, copied or read at another moment.
IGNORED = {"sources": {"stamp"}}


def rows(conn: sqlite3.Connection, name: str) -> list[Row]:
    columns = [row[1] for row in conn.execute(f"pragma table_info([{name}])") if row[1] not in IGNORED.get(name, ())]
    return sorted(typed(row) for row in conn.execute(f"select {', '.join(f'[{c}]' for c in columns)} from [{name}]"))


def analysed(conn: sqlite3.Connection, search: list[str]) -> list[tuple[str, str | None]]:
    """The tables and indexes sqlite_stat1 has statistics for, the full-text index's own tables aside. Which ones,
    not the statistics themselves: the query planner goes without them for a table or index left out."""
    shadow = tuple(f"{name}_" for name in search)
    pairs = conn.execute("select tbl, idx from sqlite_stat1").fetchall()
    return sorted((pair for pair in pairs if not pair[0].startswith(shadow)), key=typed)


def matches(conn: sqlite3.Connection, table: str, word: str) -> list[tuple[str, float]]:
    """The ids of the rows a full-text query finds, with their rank (which reads the index's statistics too)."""
    sql = (
        f"select [{table}].id, round(bm25([{table}_fts]), 6) from [{table}_fts]"
        f" join [{table}] on [{table}].rowid = [{table}_fts].rowid where [{table}_fts] match ? order by 1"
    )
    return conn.execute(sql, [f'"{word}"']).fetchall()


def search_words(paths: Sequence[Path], rng: random.Random, count: int = 20) -> dict[str, list[str]]:
    """For each full-text table, words to search for: some from rows that differ between the databases (edited,
    added or removed claims and titles), some from anywhere."""
    chosen: dict[str, list[str]] = {}
    for table, columns in FULL_TEXT.items():
        texts = []
        for path in paths:
            with connect(path) as conn:
                texts.append(set(conn.execute(f"select id, {', '.join(map('[{}]'.format, columns))} from [{table}]")))
        differing = set.union(*texts) - set.intersection(*texts)
        changed = sorted({w.lower() for row in differing for text in row[1:] if text for w in TOKEN.findall(text)})
        every = sorted(
            {w.lower() for row in set.union(*texts) for text in row[1:] if text for w in TOKEN.findall(text)}
        )
        picked = rng.sample(changed, min(count, len(changed))) + rng.sample(every, min(count, len(every)))
        chosen[table] = sorted(set(picked) | set(TITLE_WORDS))
    return chosen


def fts_consistent(path: Path, search: list[str]) -> None:
    """FTS5's own check of each full-text index against its content table."""
    conn = sqlite3.connect(path)
    try:
        for name in search:
            conn.execute(f"insert into [{name}]([{name}], rank) values('integrity-check', 1)")
    finally:
        conn.close()


def differences(name: str, left: list[Row], right: list[Row]) -> str:
    only_left = sorted(set(left) - set(right))
    only_right = sorted(set(right) - set(left))
    shown = "\n".join(
        [*(f"  incremental only: {row}" for row in only_left[:3]), *(f"  full only: {row}" for row in only_right[:3])]
    )
    return f"{name}: {len(left)} rows against {len(right)}, {len(only_left)} and {len(only_right)} differ\n{shown}"


def sound(conn: sqlite3.Connection) -> None:
    assert conn.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"
    assert conn.execute("pragma integrity_check").fetchall() == [("ok",)]
    assert conn.execute("pragma foreign_key_check").fetchall() == []


def mismatches(left: sqlite3.Connection, right: sqlite3.Connection, words: dict[str, list[str]]) -> list[str]:
    """Everything that differs between two databases, each in a line or a few."""
    found = [] if schema(left) == schema(right) else ["the schema (sqlite_master) differs"]
    names, search = relations(right)
    if relations(left) != (names, search):
        found.append(f"tables and views differ: {relations(left)} against {(names, search)}")
    if analysed(left, search) != analysed(right, search):
        mine, theirs = set(analysed(left, search)), set(analysed(right, search))
        found.append(f"sqlite_stat1: incremental only {sorted(mine - theirs)}, full only {sorted(theirs - mine)}")
    for name in sorted(set(names) & set(relations(left)[0])):
        mine, theirs = rows(left, name), rows(right, name)
        if mine != theirs:
            found.append(differences(name, mine, theirs))
    for table, table_words in words.items():
        found += [
            f"{table}_fts match {w!r}" for w in table_words if matches(left, table, w) != matches(right, table, w)
        ]
    return found


def assert_same_database(incremental: Path, full: Path, words: dict[str, list[str]]) -> None:
    with connect(incremental) as left, connect(full) as right:
        sound(left)
        sound(right)
        found = mismatches(left, right, words)
        search = relations(right)[1]
    assert not found, "\n".join(found)
    for path in (incremental, full):
        fts_consistent(path, search)


# --- Changing the seeds, validly --------------------------------------------------------------------------------------


@dataclass
class Editor:
    """What the changes of one round work on: the seeds, the random generator, and the full build of the seeds
    as they were before the round (to find repeated statements and the most quoted speaker)."""

    seeds: Path
    rng: random.Random
    reference: Path
    _speakers: list[str] | None = field(default=None, repr=False)
    _claim_ids: set[str] | None = field(default=None, repr=False)

    def paths(self) -> list[Path]:
        return sorted((self.seeds / "articles").glob(f"*{CLAIMS}"))

    def speakers(self) -> list[str]:
        if self._speakers is None:
            self._speakers = [entry["id"] for entry in read(self.seeds / "speakers.yml")["speakers"]]
        return self._speakers

    def outlets(self) -> list[str]:
        return [entry["id"] for entry in read(self.seeds / "outlets.yml")["outlets"]]

    def claim_ids(self) -> set[str]:
        if self._claim_ids is None:
            self._claim_ids = {claim["id"] for path in self.paths() for claim in read(path)["claims"]}
        return self._claim_ids

    def path_of(self, article_id: str) -> Path | None:
        return next((path for path in self.paths() if read(path)["article"]["id"] == article_id), None)

    def article_ids(self) -> set[str]:
        return {read(path)["article"]["id"] for path in self.paths()}

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        with connect(self.reference) as conn:
            return conn.execute(sql).fetchall()

    def other_speaker(self, *besides: str | None) -> str:
        return self.rng.choice([speaker for speaker in self.speakers() if speaker not in besides])


ClaimEdit = Callable[[Editor, Data, Data], None]  # the editor, the article's metadata, the claim
ArticleEdit = Callable[[Editor, Path, Data], None]  # the editor, the claims file, its data
Step = Callable[[Editor], None]


def new_verb(editor: Editor, _: Data, claim: Data) -> None:
    claim["verb"] = editor.rng.choice([verb for verb in VERBS if verb != claim["verb"]])


def new_speaker(editor: Editor, _: Data, claim: Data) -> None:
    claim["speaker"] = editor.other_speaker(claim["speaker"], claim.get("via"))


def new_via(editor: Editor, _: Data, claim: Data) -> None:
    if claim.pop("via", None) is None:
        claim["via"] = editor.other_speaker(claim["speaker"])


def new_kind(editor: Editor, _: Data, claim: Data) -> None:
    claim["kind"] = editor.rng.choice([kind for kind in KINDS if kind != claim["kind"]])


def new_review(_: Editor, __: Data, claim: Data) -> None:
    if claim.get("review", "reviewed") == "reviewed":
        claim["review"] = "unreviewed"
    elif claim.get("speaker_match") not in UNSURE_MATCHES:  # a reviewed claim's speaker must be sure
        claim["review"] = "reviewed"


def new_date(_: Editor, meta: Data, claim: Data) -> None:
    """Dated the day of publication (never after it), or undated."""
    if claim.get("said_precision", "unknown") == "unknown":
        claim.update(said_from=meta["published"], said_to=meta["published"], said_precision="day")
    else:
        claim.pop("said_from", None)
        claim.pop("said_to", None)
        claim["said_precision"] = "unknown"


CLAIM_EDITS: tuple[ClaimEdit, ...] = (new_verb, new_speaker, new_via, new_kind, new_review, new_date)


def edit_a_claim(editor: Editor, _: Path, data: Data) -> None:
    if data["claims"]:
        editor.rng.choice(CLAIM_EDITS)(editor, data["article"], editor.rng.choice(data["claims"]))


def drop_a_claim(editor: Editor, _: Path, data: Data) -> None:
    if data["claims"]:
        data["claims"].pop(editor.rng.randrange(len(data["claims"])))


def retitle(editor: Editor, _: Path, data: Data) -> None:
    data["article"]["title"] += f" {editor.rng.choice(TITLE_WORDS)}"


def later(day: str, days: int) -> str:
    return (dt.date.fromisoformat(str(day)) + dt.timedelta(days=days)).isoformat()


def republish(editor: Editor, _: Path, data: Data) -> None:
    """Later (never earlier: no claim may be said after publication), which may make it another's first appearance."""
    data["article"]["published"] = later(data["article"]["published"], editor.rng.randint(1, 400))


def new_outlet(editor: Editor, _: Path, data: Data) -> None:
    data["article"]["outlet"] = editor.rng.choice([o for o in editor.outlets() if o != data["article"]["outlet"]])


def extend_text(editor: Editor, path: Path, data: Data) -> None:
    """A paragraph added at the end of the text (every offset stays), and the SHA-256 if the file records one."""
    text = text_of(path, data)
    extended = text.read_bytes() + f"\n\nAn editor's note was added ({editor.rng.randrange(10**6)}).\n".encode()
    text.write_bytes(extended)
    if data["article"].get("sha256"):
        data["article"]["sha256"] = hashlib.sha256(extended).hexdigest()


ARTICLE_EDITS: tuple[ArticleEdit, ...] = (
    edit_a_claim,
    edit_a_claim,
    edit_a_claim,
    drop_a_claim,
    retitle,
    republish,
    new_outlet,
    extend_text,
)


def edit(editor: Editor, path: Path) -> None:
    data = read(path)
    for _ in range(editor.rng.randint(1, 3)):
        editor.rng.choice(ARTICLE_EDITS)(editor, path, data)
    write(path, data)


def fresh_claim_id(editor: Editor, article_id: str, index: int) -> str:
    made = "c-" + hashlib.sha1(f"{article_id} {index}".encode()).hexdigest()[:12]
    assert made not in editor.claim_ids()
    editor.claim_ids().add(made)
    return made


def add_copy(editor: Editor, source: Path) -> Path:
    """A copy of an article under a new id and new claim ids, published the same day or up to a month later, half
    the time in another outlet: every claim of it is a repeat of the source's."""
    data = read(source)
    meta = data["article"]
    new_id = f"{meta['id'][:100].rstrip('-')}-copy-{editor.rng.randrange(16**6):06x}"
    shutil.copyfile(text_of(source, data), source.parent / f"{new_id}.txt")
    meta.update(id=new_id, text=f"{new_id}.txt", published=later(meta["published"], editor.rng.randint(0, 30)))
    if editor.rng.random() < 0.5:
        meta["outlet"] = editor.rng.choice(editor.outlets())
    for index, claim in enumerate(data["claims"]):
        claim["id"] = fresh_claim_id(editor, new_id, index)
    path = source.parent / f"{new_id}{CLAIMS}"
    write(path, data)
    return path


def delete(path: Path) -> None:
    text_of(path, read(path)).unlink()
    path.unlink()


def move(path: Path) -> None:
    """The claims file renamed (first in path order now); its text and its content stay as they were."""
    path.rename(path.with_name(f"0-moved-{path.name}"))


def touch(path: Path) -> None:
    """The same bytes written again, with a newer modification time: not a change."""
    for each in (path, text_of(path, read(path))):
        each.write_bytes(each.read_bytes())
        os.utime(each, (each.stat().st_atime + 1000, each.stat().st_mtime + 1000))


def mix(edits: int = 0, adds: int = 0, deletes: int = 0, moves: int = 0, touches: int = 0) -> Step:
    """Edit, delete, move and touch different articles, and add copies of others."""

    def step(editor: Editor) -> None:
        paths = editor.paths()
        for source in editor.rng.sample(paths, adds):
            add_copy(editor, source)
        chosen = iter(editor.rng.sample(paths, edits + deletes + moves + touches))
        for count, change in ((edits, lambda p: edit(editor, p)), (deletes, delete), (moves, move), (touches, touch)):
            for _ in range(count):
                change(next(chosen))

    return step


REPEATED = (
    "select statements.id, appearances.article_id, appearances.claim_id from appearances"
    " join statements on statements.id = appearances.statement_id"
    " where statements.appearance_count > 1 order by statements.id, appearances.position, appearances.claim_id"
)


def repeated(editor: Editor) -> list[list[tuple[str, str]]]:
    """The appearances (article, claim) of each repeated statement whose articles are all still there, first
    appearance first."""
    found: dict[str, list[tuple[str, str]]] = {}
    for statement, article, claim in editor.query(REPEATED):
        found.setdefault(statement, []).append((article, claim))
    present = editor.article_ids()
    return [found[key] for key in sorted(found) if all(article in present for article, _ in found[key])]


def delete_repeated(first: bool) -> Step:
    """Delete the article of a repeated statement's first appearance (the statement's id, its positions and its
    first outlet change) or of its last."""

    def step(editor: Editor) -> None:
        trail = editor.rng.choice(repeated(editor))
        path = editor.path_of(trail[0 if first else -1][0])
        assert path is not None
        delete(path)

    return step


def respeak_repeated(editor: Editor) -> None:
    """Another speaker for one appearance of a repeated statement: the words no longer join for a short quote."""
    article, claim_id = editor.rng.choice(editor.rng.choice(repeated(editor)))
    path = editor.path_of(article)
    assert path is not None
    data = read(path)
    new_speaker(editor, data["article"], next(c for c in data["claims"] if c["id"] == claim_id))
    write(path, data)


def top_speaker(editor: Editor) -> str:
    [(top,)] = editor.query("select speaker_id from claims group by 1 order by count(*) desc, 1 limit 1")
    return top


def shake_top_speaker(files: int) -> Step:
    """The most quoted speaker (whose counts fill facet_counts under every large value) loses claims to others and
    has some unreviewed or dropped, in `files` of its articles, and gains claims in a few others."""

    def step(editor: Editor) -> None:
        top = top_speaker(editor)
        quoting = [path for path in editor.paths() if any(c["speaker"] == top for c in read(path)["claims"])]
        for path in editor.rng.sample(quoting, min(files, len(quoting))):
            data = read(path)
            for claim in [claim for claim in data["claims"] if claim["speaker"] == top]:
                change = editor.rng.randrange(3)
                if change == 0:
                    new_speaker(editor, data["article"], claim)
                elif change == 1:
                    claim["review"] = "unreviewed"
                else:
                    data["claims"].remove(claim)
            write(path, data)
        for path in editor.rng.sample([path for path in editor.paths() if path not in quoting], 3):
            data = read(path)
            for claim in data["claims"][:3]:
                if claim.get("via") != top:
                    claim["speaker"] = top
            write(path, data)

    return step


def kind_counts(editor: Editor) -> Counter[str]:
    return Counter(claim["kind"] for path in editor.paths() for claim in read(path)["claims"])


def cross_threshold(up: bool) -> Step:
    """Change kinds so that one kind crosses MIN_SUMMARISED_ROWS (up: its facet_counts rows appear; down: they go),
    in as few files as can be: those with the most claims of the kind given up."""

    def step(editor: Editor) -> None:
        counts = kind_counts(editor)
        if up:
            target = max((k for k in KINDS if counts[k] < MIN_SUMMARISED_ROWS), key=lambda k: counts[k])
            donor, need = counts.most_common(1)[0][0], MIN_SUMMARISED_ROWS - counts[target] + 3
        else:
            donor = min((k for k in KINDS if counts[k] >= MIN_SUMMARISED_ROWS), key=lambda k: counts[k])
            target, need = min(KINDS, key=lambda k: counts[k]), counts[donor] - MIN_SUMMARISED_ROWS + 3
        given = {path: sum(c["kind"] == donor for c in read(path)["claims"]) for path in editor.paths()}
        for path in sorted(given, key=lambda path: (-given[path], path)):
            if need <= 0:
                break
            data = read(path)
            for claim in [claim for claim in data["claims"] if claim["kind"] == donor][:need]:
                claim["kind"], need = target, need - 1
            write(path, data)
        crossed = kind_counts(editor)[target if up else donor]
        assert crossed >= MIN_SUMMARISED_ROWS if up else crossed < MIN_SUMMARISED_ROWS

    return step


def change_registry(editor: Editor) -> None:
    """The most quoted speaker renamed, an alias added, an unquoted speaker removed, a new speaker given claims, an
    outlet renamed and a new outlet given an article."""
    speakers_file, outlets_file = editor.seeds / "speakers.yml", editor.seeds / "outlets.yml"
    top = top_speaker(editor)
    quoted = {row[0] for row in editor.query("select speaker_id from claims union select via_id from claims")}
    speakers = read(speakers_file)
    entries = speakers["speakers"]
    next(entry for entry in entries if entry["id"] == top)["name"] += " (renamed)"
    editor.rng.choice(entries).setdefault("aliases", []).append("Zz Alias")
    unquoted = [entry for entry in entries if entry["id"] not in quoted]
    if unquoted:
        entries.remove(editor.rng.choice(unquoted))
    entries.append({"id": "zz-new-speaker", "name": "Zz New Speaker", "type": "person", "aliases": ["Zz"]})
    write(speakers_file, speakers, head="")
    outlets = read(outlets_file)
    editor.rng.choice(outlets["outlets"])["name"] += " (renamed)"
    outlets["outlets"].append({"id": "zz-new-outlet", "name": "Zz New Outlet", "country": "GB"})
    write(outlets_file, outlets, head="")
    editor._speakers = None
    for path in editor.rng.sample(editor.paths(), 3):
        data = read(path)
        for claim in data["claims"][:2]:
            if claim.get("via") != "zz-new-speaker":
                claim["speaker"] = "zz-new-speaker"
        data["article"]["outlet"] = "zz-new-outlet"
        write(path, data)


# --- The cases ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Round:
    steps: tuple[Step, ...]
    commit: bool = True  # an uncommitted round leaves the corrections as they were
    # The round changes few enough files (under a quarter, an edit or a move counting twice: it replaces one article
    # and reads another) for the build to update the database; a round that changes the registry or more files
    # may make it build anew (`reused` None).
    update: bool = True


@dataclass(frozen=True)
class Case:
    name: str
    corpus: str  # "seeds" (a copy of seeds/) or "generated"
    seed: int
    rounds: tuple[Round, ...]
    backdate: bool = True  # files written long before each build (else: just before it, "racily clean")


# Seeds/ has 17 articles: a round may change 4 files to stay an update. The generated corpus has 300.
CASES = (
    Case(
        "seeds-mixed",
        "seeds",
        1,
        (
            Round((mix(edits=1, adds=1, deletes=1, touches=3),)),
            Round((mix(edits=1, moves=1),), commit=False),
            Round((mix(adds=2, deletes=2),)),
        ),
        backdate=False,
    ),
    Case(
        "seeds-repeated-statements",
        "seeds",
        2,
        (
            Round((delete_repeated(first=True), respeak_repeated, mix(adds=1))),
            Round((delete_repeated(first=False), mix(edits=1))),
        ),
    ),
    Case(
        "seeds-registry",
        "seeds",
        3,
        (Round((change_registry, mix(edits=2, adds=1)), update=False), Round((mix(edits=1, deletes=1),))),
    ),
    Case(
        "generated-mixed",
        "generated",
        4,
        (
            Round((delete_repeated(first=True), mix(edits=12, adds=4, deletes=4, moves=2, touches=5))),
            Round(()),  # nothing changes
        ),
    ),
    Case(
        "generated-top-speaker",
        "generated",
        5,
        (
            Round((shake_top_speaker(files=12), cross_threshold(up=True))),
            Round((mix(edits=5, adds=2, deletes=2), delete_repeated(first=False), cross_threshold(up=False))),
        ),
    ),
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated") / "seeds"
    generate(out, GENERATED_ARTICLES, seed=11, jobs=1, speakers=300)
    return out


def same_counts(built: Built, full: Built) -> None:
    for name in ("articles", "claims", "speakers", "outlets"):
        assert getattr(built, name) == getattr(full, name), name


# --- The tests --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_an_incremental_build_equals_a_full_one(case: Case, generated: Path, tmp_path: Path) -> None:
    seeds = Path(shutil.copytree(SEEDS if case.corpus == "seeds" else generated, tmp_path / "seeds"))
    long_ago = time.time() - 30 * 86400
    if case.backdate:
        backdate(seeds, {}, seed_files(seeds), long_ago)
    repo = Repo(seeds)
    repo.commit("The corpus")
    db, rng = tmp_path / "claims.db", random.Random(case.seed)
    build(seeds, db, jobs=1)  # nothing to reuse yet
    reference = tmp_path / "full-0.db"
    shutil.copyfile(db, reference)
    spare_from: dict[str, bytes] | None = None  # the files the spare beside the database was built from
    for number, round_ in enumerate(case.rounds, 1):
        before, editor = seed_files(seeds), Editor(seeds, rng, reference)
        for step in round_.steps:
            step(editor)
        articles = assert_valid(seeds)
        if round_.commit:
            repo.commit(f"Round {number}")
        after = seed_files(seeds)
        if case.backdate:
            backdate(seeds, before, after, long_ago + number * 3600)
        # an update starts from the spare (the database before the last one) when there is one and not too much
        # changed since it was built, else from a copy of the database: it keeps the articles unchanged since
        kept = {unchanged(before, after)} | ({unchanged(spare_from, after)} if spare_from is not None else set())
        built = build_incremental(seeds, db)
        spare_from = before
        reference = tmp_path / f"full-{number}.db"
        full = build_full(seeds, reference)
        assert full.articles == articles
        same_counts(built, full)
        assert_same_database(db, reference, search_words([reference, tmp_path / f"full-{number - 1}.db"], rng))
        if round_.update:
            assert built.reused in kept, f"round {number}: {kept} of {articles} articles unchanged"
        else:
            assert built.reused is None or built.reused in kept, f"round {number}: {kept} of {articles} unchanged"


BROKEN_FILES = ("unknown-speaker", "yaml-syntax", "duplicate-claim-id", "duplicate-article-id", "speaker-removed")


def break_seeds(editor: Editor, how: str, source: Path) -> None:
    """One thing `claims check` refuses: in a new file made from `source` (an unchanged file, so that a duplicate id is
    one a kept article already has), or (speaker-removed) in the registry, under unchanged files."""
    if how == "speaker-removed":
        speaker = top_speaker(editor)
        speakers = read(editor.seeds / "speakers.yml")
        speakers["speakers"] = [entry for entry in speakers["speakers"] if entry["id"] != speaker]
        write(editor.seeds / "speakers.yml", speakers, head="")
        return
    original = read(source)
    path = add_copy(editor, source)
    data = read(path)
    if how == "unknown-speaker":
        data["claims"][0]["speaker"] = "nobody-at-all"
    elif how == "duplicate-claim-id":
        data["claims"][-1]["id"] = original["claims"][-1]["id"]
    elif how == "duplicate-article-id":
        data["article"]["id"] = original["article"]["id"]
    write(path, data)
    if how == "yaml-syntax":
        path.write_text(path.read_text(encoding="utf-8") + "claims: [\n", encoding="utf-8")


@pytest.mark.parametrize("how", BROKEN_FILES)
def test_a_failed_incremental_build_leaves_the_database_untouched(how: str, seeds: Path, tmp_path: Path) -> None:
    db = tmp_path / "claims.db"
    build(seeds, db, jobs=1)
    reference = tmp_path / "first.db"
    shutil.copyfile(db, reference)
    saved, listing = digest(db), sorted(os.listdir(tmp_path))
    editor, before = Editor(seeds, random.Random(7), reference), seed_files(seeds)
    mix(edits=1)(editor)  # a valid change, which a failed build must not apply either (few: the build updates)
    source = next(path for path in editor.paths() if before[path.relative_to(seeds).as_posix()] == path.read_bytes())
    break_seeds(editor, how, source)
    with pytest.raises(BuildError) as failed:
        build_incremental(seeds, db)
    assert failed.value.problems
    assert digest(db) == saved
    assert sorted(os.listdir(tmp_path)) == listing  # no temporary file left beside it


def test_a_rebuild_after_a_failed_one_equals_a_full_build(seeds: Path, tmp_path: Path) -> None:
    db = tmp_path / "claims.db"
    build(seeds, db, jobs=1)
    reference = tmp_path / "first.db"
    shutil.copyfile(db, reference)
    editor, before = Editor(seeds, random.Random(8), reference), seed_files(seeds)
    mix(edits=1, deletes=1)(editor)
    broken = add_copy(editor, editor.paths()[0])
    data = read(broken)
    data["claims"][0]["speaker"] = "nobody-at-all"
    write(broken, data)
    with pytest.raises(BuildError):
        build_incremental(seeds, db)
    delete(broken)
    assert_valid(seeds)
    built = build_incremental(seeds, db)
    assert built.reused == unchanged(before, seed_files(seeds))
    build_full(seeds, tmp_path / "full.db")
    assert_same_database(db, tmp_path / "full.db", search_words([tmp_path / "full.db", reference], editor.rng))


def test_a_rebuild_without_changes_reuses_every_article(seeds: Path, tmp_path: Path) -> None:
    db = tmp_path / "claims.db"
    first = build(seeds, db, jobs=1)
    saved = tmp_path / "first.db"
    shutil.copyfile(db, saved)
    for path in sorted((seeds / "articles").glob(f"*{CLAIMS}")):
        touch(path)  # newer files, the same bytes
    built = build_incremental(seeds, db)
    assert built.reused == built.articles == first.articles
    same_counts(built, first)
    assert_same_database(db, saved, search_words([saved], random.Random(9)))
