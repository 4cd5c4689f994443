"""`claims check --fix`: filling in and correcting what an article's text already determines.

That is a claim's `id` (made from its article, kind and quote, as a draft's is), its `start` and `end` (where its
quote is in the text) and the article's `sha256` (of the text file's bytes). Offsets that do not point at the quote
are corrected when the text settles where it is: the quote occurs once, or the given start (or end) is at one of
its places. A quote that occurs more than once is never guessed at: `claims check` lists its places. Fixes are
planned on the file as `claims check` reads it and written through `editing`, so a file is written only when the
result passes `claims check`; otherwise it is left as it was.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ruamel.yaml import YAMLError

from ..corpus import yamlfile
from ..corpus.models import Kind, claim_id
from ..corpus.validation import Problem, Registry, field_name, read_yaml
from ..corpus.yamlfile import FileProblem, Location
from . import editing

KINDS = frozenset(kind.value for kind in Kind)


@dataclass(frozen=True)
class Fix:
    """One value to set: `key` of the mapping at `location`; a missing key goes after `after` (first if None)."""

    location: Location
    key: str
    value: str | int
    after: str | None
    old: Any = None

    @property
    def field(self) -> str:
        return field_name((*self.location, self.key))

    def describe(self) -> str:
        return f"filled in: {self.value}" if self.old is None else f"fixed: {self.old!r} -> {self.value}"


@dataclass
class Outcome:
    """What --fix did to one claims file: the fixes it found and, when they could not be written, why."""

    path: Path
    fixes: list[Fix]
    lines: dict[Location, int] = dataclasses.field(repr=False)
    problems: list[Problem] = dataclasses.field(default_factory=list)

    @property
    def written(self) -> bool:
        return bool(self.fixes) and not self.problems

    def line(self, fix: Fix) -> int:
        return yamlfile.line_of(self.lines, (*fix.location, fix.key))

    def report(self) -> Iterator[str]:
        """One line per fix written, or one line saying why the file was left as it was."""
        if self.written:
            for fix in self.fixes:
                yield f"{self.path}:{self.line(fix)}: {fix.field}: {fix.describe()}"
        elif self.fixes:
            fields = ", ".join(fix.field for fix in self.fixes)
            first = min(self.line(fix) for fix in self.fixes)
            yield f"{self.path}:{first}: (file): not fixed, left as it was until its problems are settled: {fields}"


def fix_file(path: Path, registry: Registry) -> Outcome:
    """Fill in and correct what the text determines in one claims file, written only if it then passes the check."""
    data, lines, problems = read_yaml(path)
    read = None if problems else _text(path, data)
    fixes = plan(data, *read) if read else []
    outcome = Outcome(path, fixes, lines)
    if not fixes:
        return outcome
    try:
        editing.edit(path, _apply(fixes), registry)
    except editing.Refused as refused:
        outcome.problems = _at_original_lines(refused.problems, path, lines)
    except YAMLError as error:  # ruamel.yaml reads a little less than PyYAML does
        first = str(error).strip().splitlines()[0]
        outcome.problems = [Problem(path, 1, "(file)", f"--fix cannot rewrite this file's YAML: {first}")]
    return outcome


def _text(path: Path, data: Any) -> tuple[str, str] | None:
    """The article's text and the SHA-256 of its bytes, or None when they cannot be read (check says why)."""
    article = data.get("article") if isinstance(data, dict) else None
    name = article.get("text") if isinstance(article, dict) else None
    if not isinstance(name, str) or not name:
        return None
    try:
        content = (path.parent / name).read_bytes()
        text = yamlfile.decode(content)
    except (OSError, FileProblem):
        return None
    return (text, hashlib.sha256(content).hexdigest()) if text else None


def plan(data: Any, text: str, digest: str) -> list[Fix]:
    """The fixes a claims file's data needs, given its article's text and the SHA-256 of the text's bytes."""
    article = data.get("article") if isinstance(data, dict) else None
    claims = data.get("claims") if isinstance(data, dict) else None
    fixes: list[Fix] = []
    if isinstance(article, dict) and article.get("sha256") is None:
        fixes.append(Fix(("article",), "sha256", digest, after="text"))
    if not isinstance(claims, list):
        return fixes
    article_id = article.get("id") if isinstance(article, dict) else None
    seen = {claim.get("id") for claim in claims if isinstance(claim, dict)}
    for index, claim in enumerate(claims):
        if isinstance(claim, dict):
            offsets = _offset_fixes(("claims", index), claim, text)
            fixes += _id_fixes(("claims", index), claim, article_id, _start(claim, offsets), seen)
            fixes += offsets
    return fixes


def _offset(value: Any) -> int | None:
    """An offset as the model takes it (a plain integer, not negative), or None."""
    return value if type(value) is int and value >= 0 else None


def _offset_fixes(location: Location, claim: dict[str, Any], text: str) -> list[Fix]:
    quote = claim.get("quote")
    if not isinstance(quote, str) or not quote:
        return []
    start, end = _offset(claim.get("start")), _offset(claim.get("end"))
    if start is not None and end == start + len(quote) and text[start:end] == quote:
        return []
    place = settled_place(text, quote, start, end)
    if place is None:
        return []
    wanted = {"start": (place, "quote"), "end": (place + len(quote), "start")}
    return [
        Fix(location, key, value, after, claim.get(key))
        for key, (value, after) in wanted.items()
        if _offset(claim.get(key)) != value
    ]


def settled_place(text: str, quote: str, start: int | None, end: int | None) -> int | None:
    """Where the quote is, when the text settles it: the given start or end is at one of its places (but not both
    at different ones), or it has only one place. None when the person has to pick."""
    given = {start} if start is not None and text.startswith(quote, start) else set()
    if end is not None and end >= len(quote) and text.startswith(quote, end - len(quote)):
        given.add(end - len(quote))
    if given:
        return given.pop() if len(given) == 1 else None
    first = text.find(quote)
    return first if first >= 0 and text.find(quote, first + 1) < 0 else None


def _start(claim: dict[str, Any], offsets: list[Fix]) -> int | None:
    fixed = [fix.value for fix in offsets if fix.key == "start"]
    return fixed[0] if fixed and isinstance(fixed[0], int) else _offset(claim.get("start"))


def _id_fixes(
    location: Location, claim: dict[str, Any], article_id: Any, start: int | None, seen: set[Any]
) -> list[Fix]:
    """The id a claim without one gets: the one `claims add` would have given it, told apart by its place
    when the article already has that id."""
    quote, kind = claim.get("quote"), claim.get("kind")
    if claim.get("id") not in (None, "") or not isinstance(article_id, str) or kind not in KINDS:
        return []
    if not isinstance(quote, str) or not quote:
        return []
    identifier = claim_id(article_id, kind, quote)
    if identifier in seen and start is not None:
        identifier = claim_id(article_id, kind, f"{quote}@{start}")
    if identifier in seen:
        return []
    seen.add(identifier)
    return [Fix(location, "id", identifier, after=None)]


def _apply(fixes: list[Fix]) -> editing.Change:
    def change(data: Any) -> None:
        for fix in fixes:
            mapping = data
            for part in fix.location:
                mapping = mapping[part]
            if fix.key in mapping:
                mapping[fix.key] = fix.value
            else:
                keys = list(mapping)
                position = keys.index(fix.after) + 1 if fix.after in keys else 0 if fix.after is None else len(keys)
                mapping.insert(position, fix.key, fix.value)

    return change


_LAST_PART = re.compile(r"(?:\.[^.\[\]]+|\[\d+\])\Z")


def _at_original_lines(problems: list[Problem], path: Path, lines: dict[Location, int]) -> list[Problem]:
    """Problems found in the fixed file, at their lines in the file as it is (fixes may have added lines)."""
    by_field = {field_name(location): line for location, line in lines.items() if location}
    return [replace(p, line=_line(by_field, p.field, p.line)) if p.path == path else p for p in problems]


def _line(by_field: dict[str, int], name: str, fallback: int) -> int:
    """The line of a field, or of the nearest field around it that the file has."""
    while name:
        if name in by_field:
            return by_field[name]
        shorter = _LAST_PART.sub("", name)
        if shorter == name:
            break
        name = shorter
    return fallback


def fix_all(paths: list[Path], registry: Registry) -> list[Outcome]:
    return [fix_file(path, registry) for path in paths]
