"""Corrections: each claim's additions, changes and retractions, read from the git history of seeds/."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
import yaml

from claims.build import history
from claims.build.history import add_corrections, corrections
from claims.build.rows import CorrectionRow

Claim = dict[str, Any]


class Repo:
    """A throwaway git repository whose commits have fixed authors and dates (day n of March 2024)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.seeds = root / "seeds"
        self.days = 0
        root.mkdir()
        self.git("init", "-q", "-b", "main")

    def environment(self, author: str = "Ann Editor") -> dict[str, str]:
        date = f"2024-03-{max(self.days, 1):02d}T12:00:00+02:00"  # day 0: before the first commit
        return {
            **os.environ,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": "author@example.org",
            "GIT_COMMITTER_NAME": "Committer",
            "GIT_COMMITTER_EMAIL": "committer@example.org",
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
        }

    def git(self, *arguments: str, author: str = "Ann Editor", given: bytes | None = None) -> str:
        done = subprocess.run(
            ["git", "-C", str(self.root), *arguments],
            input=given,
            capture_output=True,
            env=self.environment(author),
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        return done.stdout.decode()

    def write(self, path: str, text: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, message: str, author: str = "Ann Editor") -> str:
        """Commit everything in the work tree; return the commit's sha."""
        self.days += 1
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, author=author)
        return self.head()

    def merge(self, branch: str, message: str) -> str:
        self.days += 1
        self.git("merge", "-q", "--no-ff", branch, "-m", message)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()


def claim(claim_id: str, quote: str, speaker: str = "ann", **changes: object) -> Claim:
    return {
        "id": claim_id,
        "kind": "direct",
        "quote": quote,
        "start": 0,
        "end": len(quote),
        "speaker": speaker,
        "speaker_label": speaker.title(),
        "verb": "said",
        "said_precision": "unknown",
        **changes,
    }


def claims_file(article_id: str, *claims: Claim) -> str:
    article = {"id": article_id, "title": "T", "outlet": "o", "published": "2018-10-02", "text": f"{article_id}.txt"}
    return yaml.safe_dump({"article": article, "claims": list(claims)}, sort_keys=False, allow_unicode=True)


def summary(rows: list[CorrectionRow]) -> list[tuple[object, ...]]:
    return [
        (row.message, row.change, row.claim_id, row.article_id, json.loads(row.fields), json.loads(row.before),
         json.loads(row.after))
        for row in rows
    ]  # fmt: skip


@pytest.fixture(autouse=True)
def no_repository_above(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git must not find a repository above the test's directory (one holding /tmp, say)."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))


A1 = claim("c-a1", "We will win.")
A2 = claim("c-a2", "No comment.", "bob")
B1 = claim("c-b1", "It is over.", "cat")
A1_CORRECTED = {**A1, "quote": "We will surely win.", "end": 19}
A2_CORRECTED = {**A2, "speaker": "dan"}
B1_CORRECTED = {**B1, "verb": "claimed"}
A1_LABELLED = {**A1_CORRECTED, "speaker_label": "Ann Smith"}
A3 = claim("c-a3", "Later.")
A4 = claim("c-a4", "From the side.")


@pytest.fixture
def story(tmp_path: Path) -> tuple[Repo, dict[str, str]]:
    """A history with every kind of commit; returns the repository and the sha of each commit by message."""
    repo = Repo(tmp_path / "repo")
    shas: dict[str, str] = {}
    a, b = "seeds/articles/a.claims.yml", "seeds/articles/b.claims.yml"
    repo.write(a, claims_file("a", A1, A2))
    repo.write(b, claims_file("b", dict(reversed(B1.items()))))  # keys in no particular order
    repo.write("seeds/outlets.yml", "outlets: []\n")
    shas["Add two articles"] = repo.commit("Add two articles")
    repo.write(a, claims_file("a", A1_CORRECTED, A2_CORRECTED))
    shas["Correct a quote and a speaker"] = repo.commit("Correct a quote and a speaker", author="Bob Fixer")
    repo.write(a, claims_file("a", A1_CORRECTED))
    shas["Retract a claim"] = repo.commit("Retract a claim")
    repo.write("seeds/speakers.yml", "speakers: []\n")
    repo.write("README.md", "hello\n")
    shas["Registry and readme only"] = repo.commit("Registry and readme only")
    repo.git("mv", b, "seeds/articles/b-renamed.claims.yml")
    shas["Rename b"] = repo.commit("Rename b")
    b = "seeds/articles/2018/b.claims.yml"
    (repo.root / b).parent.mkdir()
    repo.git("mv", "seeds/articles/b-renamed.claims.yml", b)
    repo.write(b, claims_file("b", B1_CORRECTED))
    shas["Move b and correct its verb"] = repo.commit("Move b and correct its verb")
    repo.write(a, claims_file("a", A1_CORRECTED, A3).replace("claims:", "claims: [", 1))
    shas["Break a"] = repo.commit("Break a")
    repo.write(a, claims_file("a", A1_LABELLED, A3))
    shas["Fix a"] = repo.commit("Fix a")
    repo.git("rm", "-q", b)
    shas["Delete b"] = repo.commit("Delete b")
    repo.git("checkout", "-q", "-b", "side")
    repo.write(a, claims_file("a", A1_LABELLED, A3, A4))
    shas["Side: add a claim"] = repo.commit("Side: add a claim")
    repo.git("checkout", "-q", "main")
    repo.write("seeds/outlets.yml", "outlets: [] # still none\n")
    shas["Main: outlets"] = repo.commit("Main: outlets")
    shas["Merge side"] = repo.merge("side", "Merge side")
    # none of this is committed
    repo.write(a, claims_file("a"))
    repo.write("seeds/articles/c.claims.yml", claims_file("c", claim("c-c1", "Untracked.")))
    repo.write("seeds/articles/d.claims.yml", claims_file("d", claim("c-d1", "Staged.")))
    repo.git("add", "seeds/articles/d.claims.yml")
    return repo, shas


def test_every_kind_of_commit_gives_its_rows_in_order(story: tuple[Repo, dict[str, str]]) -> None:
    repo, _ = story
    assert summary(corrections(repo.seeds)) == [
        ("Add two articles", "added", "c-a1", "a", [], {}, A1),
        ("Add two articles", "added", "c-a2", "a", [], {}, A2),
        ("Add two articles", "added", "c-b1", "b", [], {}, B1),
        (
            "Correct a quote and a speaker", "changed", "c-a1", "a", ["quote", "end"],
            {"quote": "We will win.", "end": 12}, {"quote": "We will surely win.", "end": 19},
        ),
        ("Correct a quote and a speaker", "changed", "c-a2", "a", ["speaker"], {"speaker": "bob"}, {"speaker": "dan"}),
        ("Retract a claim", "retracted", "c-a2", "a", [], A2_CORRECTED, {}),
        ("Move b and correct its verb", "changed", "c-b1", "b", ["verb"], {"verb": "said"}, {"verb": "claimed"}),
        # compared with the last version that could be read, from before "Break a"
        ("Fix a", "changed", "c-a1", "a", ["speaker_label"], {"speaker_label": "Ann"}, {"speaker_label": "Ann Smith"}),
        ("Fix a", "added", "c-a3", "a", [], {}, A3),
        ("Delete b", "retracted", "c-b1", "b", [], B1_CORRECTED, {}),
        ("Merge side", "added", "c-a4", "a", [], {}, A4),
    ]  # fmt: skip


def test_rows_name_their_commit_author_and_date(story: tuple[Repo, dict[str, str]]) -> None:
    repo, shas = story
    rows = corrections(repo.seeds)
    days = {message: day for day, message in enumerate(shas, 1)}
    assert [row.commit for row in rows] == [shas[row.message] for row in rows]
    assert {row.message: row.author for row in rows}["Correct a quote and a speaker"] == "Bob Fixer"
    assert {row.author for row in rows if row.message != "Correct a quote and a speaker"} == {"Ann Editor"}
    assert [row.committed for row in rows] == [
        dt.datetime(2024, 3, days[row.message], 10, tzinfo=dt.UTC) for row in rows
    ]
    assert rows[0].model_dump(mode="json")["committed"] == "2024-03-01T10:00:00Z"


def test_whole_claims_and_fields_follow_the_model_order(story: tuple[Repo, dict[str, str]]) -> None:
    repo, _ = story
    rows = corrections(repo.seeds)
    assert rows[2].after.startswith('{"id": "c-b1", "kind": "direct", "quote": ')  # written in reverse
    assert list(json.loads(rows[2].after)) == list(B1)
    assert rows[3].fields == '["quote", "end"]'


@pytest.mark.parametrize(
    "unreadable",
    [
        "article: {id: a\nclaims: [\n",  # not YAML
        "- a list\n",
        "claims: {c-a1: 1}\n",
        "claims:\n- kind: direct\n",  # a claim without an id
        "claims:\n- id: c-a1\n- id: c-a1\n",
        "claims: []\n\0",
        "claims: " + "[" * 5000 + "]" * 5000 + "\n",
    ],
)
def test_a_version_that_cannot_be_read_is_skipped(tmp_path: Path, unreadable: str) -> None:
    repo = Repo(tmp_path / "repo")
    path = "seeds/articles/a.claims.yml"
    repo.write(path, claims_file("a", A1, A2))
    repo.commit("Good")
    repo.write(path, unreadable)
    repo.commit("Bad")
    repo.write(path, claims_file("a", A1_CORRECTED, A2))
    repo.commit("Good again")
    assert [(row.message, row.change, row.claim_id) for row in corrections(repo.seeds)] == [
        ("Good", "added", "c-a1"),
        ("Good", "added", "c-a2"),
        ("Good again", "changed", "c-a1"),
    ]


def test_a_file_first_committed_broken_is_added_once_it_can_be_read(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    path = "seeds/articles/a.claims.yml"
    repo.write(path, "claims: [\n")
    repo.commit("Broken")
    repo.write(path, claims_file("a", A1))
    repo.commit("Fixed")
    assert summary(corrections(repo.seeds)) == [("Fixed", "added", "c-a1", "a", [], {}, A1)]


def test_a_claim_moved_to_another_file_is_no_retraction(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.write("seeds/articles/a.claims.yml", claims_file("a", A1, A2))
    repo.commit("Add")
    repo.write("seeds/articles/a.claims.yml", claims_file("a", A1))
    repo.write("seeds/articles/b.claims.yml", claims_file("b", A2_CORRECTED))
    repo.commit("Split")
    assert summary(corrections(repo.seeds))[2:] == [
        ("Split", "changed", "c-a2", "b", ["speaker"], {"speaker": "bob"}, {"speaker": "dan"})
    ]


def test_only_claims_files_below_seeds_count(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.write("seeds/articles/a.claims.yml", claims_file("a", A1))
    repo.write("tests/gold/b.claims.yml", claims_file("b", A2))
    repo.write("seeds/articles/c.yml", claims_file("c", A3))
    repo.commit("Add")
    assert [row.claim_id for row in corrections(repo.seeds)] == ["c-a1"]
    assert [row.claim_id for row in corrections(repo.seeds / "articles")] == ["c-a1"]


def test_not_a_repository_gives_nothing(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    (seeds / "articles").mkdir(parents=True)
    (seeds / "articles" / "a.claims.yml").write_text(claims_file("a", A1))
    assert corrections(seeds) == []
    assert corrections(tmp_path / "missing") == []


def test_untracked_files_and_a_repository_without_commits_give_nothing(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    path = repo.seeds / "articles" / "a.claims.yml"
    repo.write("seeds/articles/a.claims.yml", claims_file("a", A1))
    assert corrections(repo.seeds) == []  # no commit at all
    path.unlink()
    repo.write("README.md", "hello\n")
    repo.commit("Readme")
    repo.write("seeds/articles/a.claims.yml", claims_file("a", A1))
    assert corrections(repo.seeds) == []


def test_without_git_there_is_no_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = Repo(tmp_path / "repo")
    repo.write("seeds/articles/a.claims.yml", claims_file("a", A1))
    repo.commit("Add")
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    assert corrections(repo.seeds) == []


def test_a_git_hook_environment_does_not_mislead_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = Repo(tmp_path / "repo")
    repo.write("seeds/articles/a.claims.yml", claims_file("a", A1))
    repo.commit("Add")
    monkeypatch.setenv("GIT_DIR", ".git")  # as git sets it for a hook, relative to the top of the work tree
    monkeypatch.setenv("GIT_INDEX_FILE", ".git/index")
    assert [row.claim_id for row in corrections(repo.seeds)] == ["c-a1"]


def test_many_untracked_files_cost_one_quick_git_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = Repo(tmp_path / "repo")
    repo.write("README.md", "hello\n")
    repo.commit("Readme")
    articles = repo.seeds / "articles"
    articles.mkdir(parents=True)
    text = claims_file("x", A1)
    for number in range(5000):
        (articles / f"{number}.claims.yml").write_text(text)
    calls: list[list[str]] = []
    run = subprocess.run

    def counted(command: list[str], **options: Any) -> subprocess.CompletedProcess[bytes]:
        calls.append(command)
        return run(command, **options)

    monkeypatch.setattr(history.subprocess, "run", counted)
    started = time.perf_counter()
    assert corrections(repo.seeds) == []
    assert time.perf_counter() - started < 0.5
    assert len(calls) == 1


def generated_history(root: Path, commits: int = 200, articles: int = 40, claims: int = 25) -> Path:
    """A repository whose seeds have `commits` commits: articles added, then claims corrected, retracted and
    added at random; written by one `git fast-import`. Returns the seeds directory."""
    repo = Repo(root)
    generator = random.Random(7)
    files: dict[str, list[Claim]] = {}
    stream = bytearray()
    for number in range(commits):
        if number < articles:
            name = f"seeds/articles/article-{number:03d}.claims.yml"
            files[name] = [
                claim(f"c-{number:03d}{index:08x}", f"Quote {index} of {number}.") for index in range(claims)
            ]
        else:
            name = generator.choice(sorted(files))
            _edit(files[name], generator, number)
        content = claims_file(name.rsplit("/", 1)[1].removesuffix(".claims.yml"), *files[name]).encode()
        message = f"Commit {number}".encode()
        stamp = f"Ann Editor <ann@example.org> {1_700_000_000 + number * 3600} +0000"
        stream += f"commit refs/heads/main\nmark :{number + 1}\nauthor {stamp}\ncommitter {stamp}\n".encode()
        stream += b"data %d\n%s\n" % (len(message), message)
        if number:
            stream += f"from :{number}\n".encode()
        stream += f"M 100644 inline {name}\n".encode() + b"data %d\n%s\n" % (len(content), content)
    repo.git("fast-import", "--quiet", given=bytes(stream))
    repo.git("reset", "-q", "--hard")  # fast-import leaves the work tree empty
    return repo.seeds


def _edit(claims: list[Claim], generator: random.Random, number: int) -> None:
    index = generator.randrange(len(claims))
    action = generator.choice(["quote", "speaker", "retract", "add"])
    if action == "quote":
        claims[index] = {**claims[index], "quote": f"Corrected in {number}.", "end": len(f"Corrected in {number}.")}
    elif action == "speaker":
        claims[index] = {**claims[index], "speaker": f"speaker-{number}"}
    elif action == "retract" and len(claims) > 1:
        del claims[index]
    else:
        claims.append(claim(f"c-new{number:08x}", f"Added in {number}."))


def test_a_history_of_200_commits_takes_well_under_a_second(tmp_path: Path) -> None:
    seeds = generated_history(tmp_path / "repo")
    started = time.perf_counter()
    rows = corrections(seeds)
    elapsed = time.perf_counter() - started
    assert len({row.commit for row in rows}) == 200
    assert sum(row.change == "added" for row in rows[:1000]) == 1000  # 40 articles of 25 claims
    assert elapsed < 1.0, f"{elapsed:.2f} s"


def test_add_corrections_writes_a_table_sqlite_utils_reads_back(story: tuple[Repo, dict[str, str]]) -> None:
    repo, _ = story
    path = repo.root.parent / "claims.db"
    count = add_corrections(sqlite_utils.Database(path), repo.seeds)
    db = sqlite_utils.Database(path)  # a new connection: the rows are committed
    table = db["corrections"]
    assert count == table.count == 11
    assert table.pks == ["claim_id", "commit"]
    assert list(table.columns_dict) == list(CorrectionRow.model_fields)
    assert all(column.notnull for column in table.columns)
    assert sorted(index.columns for index in table.indexes if not index.name.startswith("sqlite_")) == sorted(
        history.INDEXES
    )
    expected = [row.model_dump(mode="json") for row in corrections(repo.seeds)]
    assert list(table.rows_where(order_by="rowid")) == expected
    assert [CorrectionRow.model_validate(row) for row in table.rows_where(order_by="rowid")] == corrections(repo.seeds)


def test_add_corrections_stays_inside_the_callers_transaction(story: tuple[Repo, dict[str, str]]) -> None:
    repo, _ = story
    connection = sqlite3.connect(repo.root.parent / "claims.db", isolation_level=None)
    db = sqlite_utils.Database(connection)
    db.execute("begin")
    assert add_corrections(db, repo.seeds) == 11
    assert connection.in_transaction
    db.execute("rollback")
    assert "corrections" not in db.table_names()
    db.execute("begin")
    add_corrections(db, repo.seeds)
    db.execute("commit")
    assert db["corrections"].count == 11


def test_add_corrections_without_history_makes_an_empty_table(tmp_path: Path) -> None:
    db = sqlite_utils.Database(tmp_path / "claims.db")
    assert add_corrections(db, tmp_path / "seeds") == 0
    assert db["corrections"].exists()
    assert db["corrections"].count == 0
