"""Changing claims files in place, for the review page, `claims check --fix` and `claims speakers`.

Each change is made on the file's own YAML, read and written back by ruamel.yaml's round trip, so comments, key
order and layout stay as the person left them. The changed file is checked as `claims check` checks it, and only
then written, atomically (a temporary file beside it, then a rename); a change that would not validate is refused
with `claims check`'s one-line messages and leaves the file untouched. Several files change together or not at
all: all are checked before the first is written.
"""

from __future__ import annotations

import codecs
import io
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from ..corpus.validation import Problem, Registry, check_article

Change = Callable[[Any], None]
Verify = Callable[[dict[Path, Path]], list[Problem]]  # the prepared files (path -> new text) -> problems


class Refused(Exception):
    """A change that would leave a file that does not validate; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class Pending:
    """A file's new text, checked and written beside it, waiting to replace it."""

    path: Path
    temporary: Path


_DASH = re.compile(r"^( *)- ", re.MULTILINE)


def _yaml(like: str = "") -> YAML:
    """A round-trip YAML (comments, order, quotes and flow style kept) that indents lists as the text `like` does:
    claims files put a list's dashes under its key, speakers.yml two spaces in."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 100_000  # never fold a long quote onto two lines
    dash = _DASH.search(like)
    offset = len(dash[1]) if dash else 0
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    return yaml


def load_round_trip(path: Path) -> Any:
    """A YAML file as ruamel.yaml's round-trip objects (dicts and lists that remember their comments)."""
    return _yaml().load(path.read_text(encoding="utf-8"))


def dumped(data: Any, like: str = "") -> str:
    """The YAML text of `data`, laid out like the text it was read from."""
    buffer = io.StringIO()
    _yaml(like).dump(data, buffer)
    return buffer.getvalue()


def prepare(path: Path, change: Change, registry: Registry | None = None) -> Pending:
    """Apply `change` to a copy of the file's YAML, write it beside the file and check it there (as a claims
    file when `registry` is given); raise Refused, leaving nothing behind, if it does not validate."""
    content = path.read_bytes()
    original = content.decode("utf-8-sig").replace("\r\n", "\n")
    data = _yaml().load(original)
    change(data)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    # a byte-order mark and CRLF line ends, which `claims check` accepts, are kept as the file had them
    encoding = "utf-8-sig" if content.startswith(codecs.BOM_UTF8) else "utf-8"
    newline = "\r\n" if b"\r\n" in content else "\n"
    temporary.write_text(dumped(data, like=original), encoding=encoding, newline=newline)
    if registry is None:
        return Pending(path, temporary)
    _, problems = check_article(temporary, registry)
    if problems:
        temporary.unlink()
        raise Refused([Problem(path, p.line, p.field, p.message) if p.path == temporary else p for p in problems])
    return Pending(path, temporary)


def commit(pending: Iterable[Pending]) -> None:
    for item in pending:
        os.replace(item.temporary, item.path)


def discard(pending: Iterable[Pending]) -> None:
    for item in pending:
        item.temporary.unlink(missing_ok=True)


def edit(path: Path, change: Change, registry: Registry) -> None:
    """Change one claims file, checked first, atomically."""
    commit([prepare(path, change, registry)])


def edit_together(
    changes: dict[Path, Change], registry: Registry, checked: set[Path], verify: Verify | None = None
) -> None:
    """Change several files (claims files, and the registry files in `changes` that are not in `checked`) so that
    either every one is written or none is. `verify`, when given, checks the prepared files together (each path
    with the temporary file that holds its new text) before the first is written: its problems refuse the change."""
    pending: list[Pending] = []
    try:
        for path, change in changes.items():
            pending.append(prepare(path, change, registry if path in checked else None))
        problems = verify({item.path: item.temporary for item in pending}) if verify else []
        if problems:
            raise Refused(problems)
    except BaseException:
        discard(pending)
        raise
    commit(pending)
