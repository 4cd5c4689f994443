"""What a database was built from, so that the next build can tell what changed: each claims file with a stamp
(sizes and modification times, cheap to read) and a digest (SHA-256 of the file and of its text, read only when
the stamp differs, as git does), and a digest of the registry. Rows of `sources` and `build` (claims/build/rows.py).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus.validation import OUTLETS_FILE, SPEAKERS_FILE, Article

RACY_NS = 2_000_000_000  # files written less than 2 s before a build ended are compared by digest next time

SourceValues = tuple[str, str, str, str, str]  # a row of `sources`: path, article_id, text_path, stamp, digest


def stamp(claims_path: Path | str, text_path: Path | str) -> str:
    """Sizes and modification times of a claims file and its text; "" when either cannot be read."""
    try:
        files = [os.stat(claims_path), os.stat(text_path)]
    except OSError:
        return ""
    return " ".join(f"{found.st_size}:{found.st_mtime_ns}" for found in files)


def digest(claims_path: Path, text_sha256: str) -> str:
    """The digest of a claims file and its text (whose SHA-256 the file records and the check verifies)."""
    return f"{hashlib.sha256(claims_path.read_bytes()).hexdigest()} {text_sha256}"


def source_values(article: Article, seeds: Path) -> SourceValues:
    """A checked article's row of `sources`."""
    return (
        article.claims_path.relative_to(seeds).as_posix(),
        article.meta.id,
        article.text_path.relative_to(seeds).as_posix(),
        stamp(article.claims_path, article.text_path),
        digest(article.claims_path, article.sha256),
    )


def registry_digest(seeds: Path) -> str:
    """SHA-256 of the registry files as they are (missing ones count as empty)."""
    hashed = hashlib.sha256()
    for name in (OUTLETS_FILE, SPEAKERS_FILE):
        path = seeds / name
        hashed.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"") + b"\0")
    return hashed.hexdigest()


@dataclass
class Changes:
    """The claims files of a seeds directory against those a database was built from."""

    kept: dict[str, str] = field(default_factory=dict)  # path -> article id: unchanged files
    restamped: dict[str, str] = field(default_factory=dict)  # path -> stamp: unchanged files touched since
    read: list[Path] = field(default_factory=list)  # changed and new files, to check and insert
    replaced: dict[str, str] = field(default_factory=dict)  # path -> article id: changed and removed files' articles


def changes(seeds: Path, paths: list[Path], built: dict[str, tuple[str, str, str, str]], built_at: int) -> Changes:
    """Which files changed since the build recorded in `built` (path -> article id, text path, stamp, digest),
    which ended at `built_at` (the database file's modification time, in nanoseconds)."""
    found = Changes()
    names = [_name(path, seeds) for path in paths]
    root = str(seeds)
    for path, name in zip(paths, names, strict=True):
        if name not in built:
            found.read.append(path)
            continue
        article_id, text_name, old_stamp, old_digest = built[name]
        text_path = os.path.join(root, text_name)  # strings, not Paths: a hundred thousand of them
        now = stamp(path, text_path)
        if _same(now, old_stamp, built_at) or _same_digest(path, Path(text_path), old_digest):
            found.kept[name] = article_id
            if now != old_stamp:
                found.restamped[name] = now
        else:
            found.read.append(path)
            found.replaced[name] = article_id
    present = set(names)
    found.replaced |= {name: row[0] for name, row in built.items() if name not in present}
    return found


def _name(path: Path, seeds: Path) -> str:
    """The path below seeds/, as `sources.path` holds it."""
    full, root = str(path), str(seeds) + os.sep
    if os.sep == "/" and full.startswith(root):
        return full[len(root) :]
    return path.relative_to(seeds).as_posix()


def _same(now: str, old: str, built_at: int) -> bool:
    """The same stamp, on files written well before the build read them: a file changed within the clock's
    granularity of its stamp being read could keep its size and time (git's "racily clean" files)."""
    return bool(now) and now == old and max(int(part.split(":")[1]) for part in now.split()) < built_at - RACY_NS


def _same_digest(claims_path: Path, text_path: Path, old_digest: str) -> bool:
    if not (claims_path.is_file() and text_path.is_file()):
        return False
    return digest(claims_path, hashlib.sha256(text_path.read_bytes()).hexdigest()) == old_digest
