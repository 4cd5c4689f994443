"""`claims speakers rename` and `claims speakers merge`: one speaker's id changed, or two speakers made one, in
`speakers.yml` and in every claim that names them as its `speaker` or `via`.

Every file changes or none does (`claims/intake/editing.py`): the new texts are written beside the files, the
whole corpus is checked on them as `claims check` checks it, and only then are they renamed into place.
Comments and layout stay as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from ruamel.yaml.comments import CommentedSeq

from ..corpus import yamlfile
from ..corpus.models import Slug, SpeakersFile
from ..corpus.validation import (
    SPEAKERS_FILE,
    Problem,
    Registry,
    Uniqueness,
    check_article,
    claims_files,
    ids_of,
    load_model,
    load_registry,
)
from ..corpus.yamlfile import FileProblem
from .editing import Change, Refused, edit_together

REFERENCES = ("speaker", "via")


class SpeakerError(Exception):
    """A request that cannot be done (an unknown id, a new id already taken); the message is one line."""


@dataclass
class Moved:
    """What a rename or a merge changed in the claims files, and the aliases a merge gave its speaker."""

    claims: int = 0
    as_speaker: int = 0
    as_via: int = 0
    vias_dropped: int = 0  # a merge made the via the speaker itself
    files: int = 0
    aliases: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        parts = [f"{self.as_speaker} as speaker", f"{self.as_via} as via"]
        if self.vias_dropped:
            parts.append(f"{self.vias_dropped} via(s) removed: now the speaker itself")
        return f"{self.claims} claim(s) in {self.files} file(s) ({', '.join(parts)})"


def rename(seeds: Path, old: str, new: str) -> Moved:
    """Give speaker `old` the id `new`, in the registry and in every claim; raise SpeakerError or Refused."""
    registry = _registry(seeds)
    _known(registry, seeds, old)
    if new == old:
        raise SpeakerError(f"{old!r} already has that id")
    if new in registry.speakers:
        raise SpeakerError(
            f"speaker {new!r} is already in {seeds / SPEAKERS_FILE}: to make them one, "
            f"`claims speakers merge {old} {new}`"
        )
    _check_id(new)

    def change(data: Any) -> None:
        _entry(data, old)["id"] = new

    return _apply(seeds, registry, change, old, new, Moved())


def merge(seeds: Path, source: str, into: str) -> Moved:
    """Give `source`'s claims to `into`, add `source`'s name and aliases to `into`'s aliases and take `source` out of
    the registry; raise SpeakerError or Refused."""
    if source == into:
        raise SpeakerError(f"cannot merge {source!r} into itself")
    registry = _registry(seeds)
    _known(registry, seeds, source)
    _known(registry, seeds, into)
    moved = Moved()

    def change(data: Any) -> None:
        gone, kept = _entry(data, source), _entry(data, into)
        moved.aliases = _add_aliases(kept, [gone["name"], *gone.get("aliases", [])])
        _remove(data["speakers"], gone)

    return _apply(seeds, registry, change, source, into, moved)


def _registry(seeds: Path) -> Registry:
    registry, problems = load_registry(seeds)
    if problems:
        raise Refused(problems)
    return registry


def _known(registry: Registry, seeds: Path, speaker: str) -> None:
    if speaker not in registry.speakers:
        raise SpeakerError(f"no speaker {speaker!r} in {seeds / SPEAKERS_FILE}")


def _check_id(speaker: str) -> None:
    try:
        TypeAdapter(Slug).validate_python(speaker)
    except ValidationError:
        raise SpeakerError(
            f"{speaker!r} is not a speaker id: lower-case words joined by hyphens, e.g. john-bolton"
        ) from None


def _entry(data: Any, speaker: str) -> Any:
    return next(entry for entry in data["speakers"] if entry.get("id") == speaker)


def _add_aliases(entry: Any, names: list[str]) -> list[str]:
    """Add to a registry entry's aliases the names it does not already have (as name or alias, in any case)."""
    have = {str(name).casefold() for name in [entry["name"], *entry.get("aliases", [])]}
    added = []
    for name in names:
        if str(name).casefold() not in have:
            have.add(str(name).casefold())
            added.append(name)
    if added and "aliases" not in entry:
        aliases = CommentedSeq()
        aliases.fa.set_flow_style()  # as the registry writes short lists: [Tehran, Iran]
        entry["aliases"] = aliases
    entry.get("aliases", []).extend(added)
    return [str(name) for name in added]


def _remove(entries: Any, gone: Any) -> None:
    """Take an entry out of the registry's list, keeping the comment lines above it (often a note over a group of
    entries) above the entry that takes its place."""
    index = next(i for i, entry in enumerate(entries) if entry is gone)
    above = (entries.ca.items.get(index) or [None, None])[1] or []
    del entries[index]
    if above and index < len(entries):
        slot = entries.ca.items.setdefault(index, [None, None, None, None])
        slot[1] = [*above, *(slot[1] or [])]


def _apply(seeds: Path, registry: Registry, change_registry: Change, old: str, new: str, moved: Moved) -> Moved:
    """Change the registry and every claims file that names `old` (it becomes `new`), all checked together."""
    speakers_path = seeds / SPEAKERS_FILE
    changes: dict[Path, Change] = {speakers_path: change_registry}
    for path in _naming(seeds, old):
        changes[path] = _retarget(old, new, moved)
    moved.files = len(changes) - 1
    edit_together(changes, registry, checked=set(), verify=lambda prepared: _corpus_problems(seeds, registry, prepared))
    return moved


def _naming(seeds: Path, speaker: str) -> list[Path]:
    """The claims files with a claim whose speaker or via is `speaker`."""
    found = []
    for path in claims_files(seeds):
        try:
            if speaker.encode() not in path.read_bytes():
                continue  # most files never mention it: skip reading their YAML
            data, _ = yamlfile.load(path)
        except (OSError, FileProblem):
            continue  # unreadable before the change: the check of the corpus reports it
        claims = data.get("claims") if isinstance(data, dict) else None
        if isinstance(claims, list) and any(_names(claim, speaker) for claim in claims):
            found.append(path)
    return found


def _names(claim: Any, speaker: str) -> bool:
    return isinstance(claim, dict) and any(claim.get(name) == speaker for name in REFERENCES)


def _retarget(old: str, new: str, moved: Moved) -> Callable[[Any], None]:
    """A change that makes `old` `new` in every claim's speaker and via; a via that becomes the speaker goes."""

    def change(data: Any) -> None:
        for claim in data["claims"]:
            if not _names(claim, old):
                continue
            moved.claims += 1
            if claim.get("speaker") == old:
                claim["speaker"], moved.as_speaker = new, moved.as_speaker + 1
            if claim.get("via") == old:
                claim["via"], moved.as_via = new, moved.as_via + 1
            if claim.get("via") is not None and claim.get("via") == claim.get("speaker"):
                del claim["via"]
                moved.vias_dropped += 1

    return change


def _corpus_problems(seeds: Path, before: Registry, prepared: dict[Path, Path]) -> list[Problem]:
    """`claims check` of the whole corpus as it would be: the prepared files in place of their originals."""
    speakers_path = seeds / SPEAKERS_FILE
    parsed, _, problems = load_model(prepared[speakers_path], SpeakersFile)
    if parsed is not None and not problems:
        registry = Registry(before.outlets, {speaker.id: speaker for speaker in parsed.speakers})
        uniqueness = Uniqueness()
        for path in claims_files(seeds):
            article, found = check_article(prepared.get(path, path), registry)
            problems += found + (uniqueness.problems(ids_of(article)) if article else [])
    return [_as_original(problem, prepared) for problem in problems]


def _as_original(problem: Problem, prepared: dict[Path, Path]) -> Problem:
    """A problem found in a prepared file, said of the file it will replace."""
    for path, temporary in prepared.items():
        if problem.path == temporary or str(temporary) in problem.message:
            message = problem.message.replace(str(temporary), str(path))
            return Problem(path if problem.path == temporary else problem.path, problem.line, problem.field, message)
    return problem
