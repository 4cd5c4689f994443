"""Each claim's corrections, read from the git history of the claims files under seeds/.

One `git log` lists every commit that touched a claims file below seeds (first parent only: a merge counts
as one commit, diffed against its first parent) and the blob of each file's new version; one
`git cat-file --batch` reads those blobs. Consecutive versions of the files a commit touched are compared
claim by claim, by id, across files, so a renamed file or a claim moved to another file is no retraction.
Only commits count: the work tree, the index and untracked files are never looked at. History is an extra:
no git, no repository or nothing committed gives no rows, and a version that cannot be read is skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from ..corpus import yamlfile
from ..corpus.models import Claim
from ..corpus.validation import CLAIMS_SUFFIX
from . import tables
from .rows import CorrectionRow
from .tablespec import indexes

# The table and its indexes are CorrectionRow's (claims/build/rows.py); its listing key is filled by the build.
INDEXES = [names for names, _ in indexes(CorrectionRow)]
ADDED, CHANGED, RETRACTED = "added", "changed", "retracted"

GIT_TIMEOUT = 120  # seconds; history must never hang a build
# Set by git hooks, relative to the hook's directory: they would point `git -C seeds` at the wrong place.
_LOCATION_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_INDEX_FILE")
_LOG = [
    "log",
    "--first-parent",
    "--diff-merges=first-parent",
    "--reverse",
    "--raw",
    "--no-renames",  # a rename is a deletion and an addition; claims are matched by id across files anyway
    "--no-abbrev",
    "--no-color",
    "--no-show-signature",
    "-z",
    "--format=%H%x00%ct%x00%aN%x00%s",
    "--",
    f":(glob)**/*{CLAIMS_SUFFIX}",
]
_HEADER_FIELDS = 4
_FIELD_ORDER = {name: index for index, name in enumerate(Claim.model_fields)}


@dataclass(frozen=True)
class _Commit:
    sha: str
    committed: dt.datetime
    author: str
    message: str
    files: list[tuple[str, str | None]]  # path of a claims file, blob of its new version (None: deleted)


@dataclass(frozen=True)
class _Version:
    """One readable version of a claims file."""

    article_id: str | None
    claims: dict[str, dict[str, Any]]  # by id, in file order


_Located = dict[str, tuple[str, dict[str, Any]]]  # claim id -> its article id and the claim


def corrections(seeds: Path) -> list[CorrectionRow]:
    """Per claim, a row for each commit that added, changed or retracted it, oldest commit first."""
    commits = _log(seeds)
    blobs = _blobs(seeds, {blob for commit in commits for _, blob in commit.files if blob is not None})
    versions = {sha: _version(data) for sha, data in blobs.items()}
    files: dict[str, tuple[str, dict[str, dict[str, Any]]]] = {}  # path -> last readable version
    rows: list[CorrectionRow] = []
    for commit in commits:
        before: _Located = {}
        after: _Located = {}
        for path, blob in commit.files:
            version = None if blob is None else versions.get(blob)
            if blob is not None and version is None:
                continue  # unreadable at this commit: the last readable version stands
            _locate(before, files.pop(path, None))
            if version is not None:
                files[path] = (version.article_id or _article_id(path), version.claims)
                _locate(after, files[path])
        rows += _rows(commit, before, after)
    return rows


def add_corrections(db: sqlite_utils.Database, seeds: Path) -> int:
    """Create the corrections table (even when there is no history) and fill it; return its row count.
    Works inside the caller's transaction if there is one, and commits its own work if there is none."""
    rows = corrections(seeds)
    db.execute("savepoint corrections")
    try:
        tables.create(db, CorrectionRow)
        tables.insert(db, rows, CorrectionRow)
        tables.create_indexes(db, CorrectionRow)
    except BaseException:
        db.execute("rollback to corrections")
        raise
    finally:
        db.execute("release corrections")
    return len(rows)


def head(seeds: Path) -> str:
    """The commit the history is read at, or "" outside a git repository: the corrections change only with it."""
    output = _git(seeds, ["rev-parse", "HEAD"])
    return output.decode().strip() if output else ""


def _git(seeds: Path, arguments: list[str], given: bytes | None = None) -> bytes | None:
    """A git command's output, run in seeds; None when git is missing or fails."""
    environment = {key: value for key, value in os.environ.items() if key not in _LOCATION_VARIABLES}
    try:
        done = subprocess.run(
            ["git", "-C", str(seeds), *arguments],
            input=given,
            capture_output=True,
            env=environment,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _log(seeds: Path) -> list[_Commit]:
    """The commits that touched claims files below seeds, oldest first, with the files they touched."""
    output = _git(seeds, _LOG)
    if not output:
        return []
    tokens = output.decode("utf-8", errors="replace").split("\0")
    commits: list[_Commit] = []
    position = 0
    while position + _HEADER_FIELDS <= len(tokens):
        sha, timestamp, author, message = tokens[position : position + _HEADER_FIELDS]
        position += _HEADER_FIELDS
        files: list[tuple[str, str | None]] = []
        while position < len(tokens) and tokens[position].lstrip("\n").startswith(":"):
            position = _raw_entry(tokens, position, files)
        committed = dt.datetime.fromtimestamp(int(timestamp), dt.UTC)
        commits.append(_Commit(sha.lstrip("\n"), committed, author, message, files))
    return commits


def _raw_entry(tokens: list[str], position: int, files: list[tuple[str, str | None]]) -> int:
    """Read one `:old-mode new-mode old-blob new-blob status` entry and its path(s); return what follows."""
    _, _, _, blob, status = tokens[position].lstrip("\n").split()
    if status[0] in "RC":  # not asked for (--no-renames); read as the old path going and the new one coming
        old, new = tokens[position + 1 : position + 3]
        if status[0] == "R":
            files.append((old, None))
        files.append((new, blob))
        return position + 3
    files.append((tokens[position + 1], None if status == "D" else blob))
    return position + 2


def _blobs(seeds: Path, shas: set[str]) -> dict[str, bytes]:
    """The content of each blob, read by one `git cat-file --batch`; anything else (a submodule's commit,
    a missing object) is left out."""
    if not shas:
        return {}
    output = _git(seeds, ["cat-file", "--batch"], "".join(f"{sha}\n" for sha in shas).encode())
    blobs: dict[str, bytes] = {}
    position = 0
    while output and position < len(output):
        end = output.index(b"\n", position)
        header = output[position:end].decode("ascii", errors="replace").split()
        position = end + 1
        if len(header) == 3:
            size = int(header[2])
            if header[1] == "blob":
                blobs[header[0]] = output[position : position + size]
            position += size + 1
    return blobs


def _version(data: bytes) -> _Version | None:
    """A claims file's article id and claims by id, or None when it cannot be read as a claims file."""
    try:
        parsed, _ = yamlfile.parse(yamlfile.decode(data))
    except (yamlfile.FileProblem, RecursionError):  # PyYAML recurses once per level of nesting
        return None
    if not isinstance(parsed, dict):
        return None
    items = parsed.get("claims") or []
    if not isinstance(items, list) or not all(isinstance(c, dict) and isinstance(c.get("id"), str) for c in items):
        return None
    claims = {item["id"]: item for item in items}
    if len(claims) != len(items):
        return None  # the same id twice: which one a later version changed is anyone's guess
    article = parsed.get("article")
    article_id = article.get("id") if isinstance(article, dict) else None
    return _Version(article_id if isinstance(article_id, str) else None, claims)


def _article_id(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(CLAIMS_SUFFIX)


def _locate(located: _Located, version: tuple[str, dict[str, dict[str, Any]]] | None) -> None:
    if version is not None:
        article_id, claims = version
        for claim_id, claim in claims.items():
            located[claim_id] = (article_id, claim)


def _rows(commit: _Commit, before: _Located, after: _Located) -> Iterator[CorrectionRow]:
    """The changes between the claims of the touched files before and after a commit: additions and changes
    in the order of the new files, then retractions in the order of the old ones."""
    for claim_id, (article_id, claim) in after.items():
        if claim_id not in before:
            yield _row(commit, claim_id, article_id, ADDED, [], {}, _ordered(claim))
            continue
        old = before[claim_id][1]
        changed = _changed(old, claim)
        if changed:
            old_values, new_values = ({name: values.get(name) for name in changed} for values in (old, claim))
            yield _row(commit, claim_id, article_id, CHANGED, changed, old_values, new_values)
    for claim_id, (article_id, claim) in before.items():
        if claim_id not in after:
            yield _row(commit, claim_id, article_id, RETRACTED, [], _ordered(claim), {})


def _changed(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The fields whose values differ. A missing field and a null one are the same; 1 and 1.0 (or "1") are not
    the same text."""
    return [
        name
        for name in _field_order(old.keys() | new.keys())
        if type(old.get(name)) is not type(new.get(name)) or old.get(name) != new.get(name)
    ]


def _field_order(names: Iterable[str]) -> list[str]:
    """The model's field order, then fields it does not know, alphabetically."""
    return sorted(names, key=lambda name: (_FIELD_ORDER.get(name, len(_FIELD_ORDER)), name))


def _ordered(claim: dict[str, Any]) -> dict[str, Any]:
    return {name: claim[name] for name in _field_order(claim)}


def _row(
    commit: _Commit,
    claim_id: str,
    article_id: str,
    change: str,
    fields: list[str],
    before: dict[str, Any],
    after: dict[str, Any],
) -> CorrectionRow:
    return CorrectionRow(
        claim_id=claim_id,
        article_id=article_id,
        commit=commit.sha,
        committed=commit.committed,
        author=commit.author,
        change=change,
        fields=_json(fields),
        before=_json(before),
        after=_json(after),
        message=commit.message,
    )


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
