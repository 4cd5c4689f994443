"""Reading `seeds/` and checking everything in it: one `Problem` per thing wrong, all of them in one pass."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import yamlfile
from .models import ArticleMeta, Claim, ClaimsFile, Outlet, OutletsFile, Speaker, SpeakersFile
from .parallel import ordered_map
from .yamlfile import FileProblem, Location

CLAIMS_SUFFIX = ".claims.yml"
OUTLETS_FILE = "outlets.yml"
SPEAKERS_FILE = "speakers.yml"

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


@dataclass
class Article:
    """An article as read from seeds: its metadata, verbatim text and claims."""

    meta: ArticleMeta
    text: str
    claims: list[Claim]
    claims_path: Path
    text_path: Path
    sha256: str
    lines: dict[Location, int] = field(repr=False)


@dataclass(frozen=True)
class Registry:
    outlets: dict[str, Outlet]
    speakers: dict[str, Speaker]
    invalid_ids: frozenset[str] = frozenset()  # registry entries already reported as invalid
    unread: frozenset[str] = frozenset()  # "outlet", "speaker": registries that could not be read at all

    def unknown(self, kind: str, ref: str) -> bool:
        """True when a reference names no entry of a registry that was read."""
        known = self.outlets if kind == "outlet" else self.speakers
        return ref not in known and ref not in self.invalid_ids and kind not in self.unread


@dataclass
class Corpus:
    outlets: dict[str, Outlet]
    speakers: dict[str, Speaker]
    articles: list[Article]
    invalid_ids: set[str] = field(default_factory=set)  # registry entries already reported as invalid


Checked = tuple[Article | None, list[Problem]]


def field_name(location: Location) -> str:
    """('claims', 3, 'start') -> 'claims[3].start'."""
    name = ""
    for part in location:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "(file)"


def _messages(error: ValidationError) -> Iterator[tuple[Location, str]]:
    for detail in error.errors(include_url=False):
        location = tuple(detail["loc"])
        if detail["type"] == "extra_forbidden":
            yield location, "unknown field"
        elif detail["type"] == "missing":
            yield location, "required field is missing"
        else:
            message = detail["msg"].removeprefix("Value error, ")
            given = detail.get("input")
            if isinstance(given, str | int | float) and detail["type"] != "value_error":
                message += f" (got {given!r})"
            yield location, message


def read_yaml(path: Path) -> tuple[Any, dict[Location, int], list[Problem]]:
    """A YAML file's data and the line of every value, or the problem that stops it being read."""
    try:
        data, lines = yamlfile.load(path)
    except FileProblem as error:
        return None, {}, [Problem(path, error.line, "(file)", error.message)]
    except OSError as error:
        return None, {}, [Problem(path, 1, "(file)", error.strerror or str(error))]
    return data, lines, []


def load_model(path: Path, model: type[M]) -> tuple[M | None, dict[Location, int], list[Problem]]:
    """Parse and validate one YAML file against a model."""
    data, lines, problems = read_yaml(path)
    if problems:
        return None, lines, problems
    return validate(path, data, lines, model)


def validate(
    path: Path, data: Any, lines: dict[Location, int], model: type[M]
) -> tuple[M | None, dict[Location, int], list[Problem]]:
    """Validate parsed data against a model; what is valid of invalid data is kept (see _salvage)."""
    try:
        return model.model_validate(data), lines, []
    except ValidationError as error:
        problems = [
            Problem(path, yamlfile.line_of(lines, location), field_name(location), message)
            for location, message in _messages(error)
        ]
        return _salvage(model, data), lines, problems


def _salvage(model: type[M], data: Any) -> M | None:
    """The valid parts of an invalid file: list entries that validate on their own are kept, so that one
    bad entry neither hides the problems of the others nor makes every reference to them dangle."""
    if not isinstance(data, dict) or not set(data) <= set(model.model_fields):
        return None
    parts: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        value = data.get(name)
        item_type = get_args(info.annotation)[0] if get_origin(info.annotation) is list else None
        if item_type is None:
            try:
                parts[name] = TypeAdapter(info.annotation).validate_python(value)
            except ValidationError:
                return None
        else:
            parts[name] = _valid_items(item_type, value) if isinstance(value, list) else []
    return model.model_construct(**parts)


def _valid_items(item_type: type, items: list[Any]) -> list[Any]:
    """The items that validate, each validated once."""
    adapter = TypeAdapter(item_type)
    valid = []
    for item in items:
        try:
            valid.append(adapter.validate_python(item))
        except ValidationError:
            continue
    return valid


def _registry(path: Path, model: type[M], key: str) -> tuple[dict[str, Any] | None, set[str], list[Problem]]:
    """The valid entries of a registry by id (None if the file cannot be read at all, so that references to
    it are not reported one by one), and the ids of the entries that are not valid."""
    if not path.is_file():
        return None, set(), [Problem(path, 1, "(file)", "registry file is missing")]
    data, lines, problems = read_yaml(path)
    if problems:
        return None, set(), problems
    parsed, lines, problems = validate(path, data, lines, model)
    if parsed is None:
        return None, set(), problems
    records: dict[str, Any] = {}
    for index, record in enumerate(getattr(parsed, key)):
        if record.id in records:
            line = yamlfile.line_of(lines, (key, index, "id"))
            problems.append(Problem(path, line, f"{key}[{index}].id", f"duplicate id {record.id!r}"))
        records[record.id] = record
    entries = data.get(key) if isinstance(data, dict) else None
    ids = {e.get("id") for e in entries if isinstance(e, dict)} if isinstance(entries, list) else set()
    invalid = {i for i in ids if isinstance(i, str) and i not in records}
    return records, invalid, problems


def load_registry(seeds: Path) -> tuple[Registry, list[Problem]]:
    """The outlets and speakers of a seeds directory."""
    outlets, invalid_outlets, problems = _registry(seeds / OUTLETS_FILE, OutletsFile, "outlets")
    speakers, invalid_speakers, speaker_problems = _registry(seeds / SPEAKERS_FILE, SpeakersFile, "speakers")
    registry = Registry(
        outlets or {},
        speakers or {},
        frozenset(invalid_outlets | invalid_speakers),
        unread=frozenset(name for name, found in (("outlet", outlets), ("speaker", speakers)) if found is None),
    )
    return registry, problems + speaker_problems


def claims_files(seeds: Path) -> list[Path]:
    """Every claims file below seeds/, dangling symlinks included so that they are reported, not skipped."""
    return sorted(p for p in seeds.rglob(f"*{CLAIMS_SUFFIX}") if not p.is_dir())


def load_article(path: Path) -> tuple[Article | None, list[Problem]]:
    """Read one claims file and its text, and check that every quote stands at its offsets."""
    parsed, lines, problems = load_model(path, ClaimsFile)
    if parsed is None:
        return None, problems
    text_path = path.parent / parsed.article.text
    try:
        data = text_path.read_bytes()
        text = yamlfile.decode(data)
    except FileProblem as error:
        return None, [*problems, Problem(text_path, error.line, "(file)", error.message)]
    except OSError as error:
        line = yamlfile.line_of(lines, ("article", "text"))
        message = f"cannot read {text_path}: {error.strerror or error}"
        return None, [*problems, Problem(path, line, "article.text", message)]
    if not text:
        return None, [*problems, Problem(text_path, 1, "(file)", "file is empty")]
    digest = hashlib.sha256(data).hexdigest()
    recorded = parsed.article.sha256
    if recorded is not None and recorded != digest:
        line = yamlfile.line_of(lines, ("article", "sha256"))
        message = f"{text_path.name} changed under its claims: its SHA-256 is {digest}, not {recorded}"
        return None, [*problems, Problem(path, line, "article.sha256", message)]
    article = Article(parsed.article, text, parsed.claims, path, text_path, digest, lines)
    return article, problems + list(_span_problems(article))


def check_article(path: Path, registry: Registry) -> Checked:
    """One claims file checked on its own and against the registry (not yet against other articles)."""
    article, problems = load_article(path)
    if article is not None:
        problems += _reference_problems(article, registry)
    return article, problems


def _span_problems(article: Article) -> Iterator[Problem]:
    text = article.text
    for index, claim in enumerate(article.claims):
        where = ("claims", index)
        if text[claim.start : claim.end] != claim.quote:
            found = text.find(claim.quote)
            hint = (
                f"; the quote is at start {found}, end {found + len(claim.quote)}"
                if found >= 0
                else ("; the quote is nowhere in the text")
            )
            yield _at(article, (*where, "start"), f"text[{claim.start}:{claim.end}] is not the quote{hint}")
        if claim.speaker_label not in text:
            yield _at(article, (*where, "speaker_label"), f"{claim.speaker_label!r} is not in the article text")


def _at(article: Article, location: Location, message: str) -> Problem:
    return Problem(article.claims_path, yamlfile.line_of(article.lines, location), field_name(location), message)


def _reference_problems(article: Article, registry: Registry) -> Iterator[Problem]:
    meta = article.meta
    if registry.unknown("outlet", meta.outlet):
        yield _at(article, ("article", "outlet"), f"unknown outlet {meta.outlet!r}: not in {OUTLETS_FILE}")
    for index, claim in enumerate(article.claims):
        where = ("claims", index)
        for name in ("speaker", "via"):
            ref = getattr(claim, name)
            if ref is not None and registry.unknown("speaker", ref):
                yield _at(article, (*where, name), f"unknown speaker {ref!r}: not in {SPEAKERS_FILE}")
        if claim.via is not None and claim.via == claim.speaker:
            yield _at(article, (*where, "via"), "via is the speaker itself")
        if claim.said_to is not None and claim.said_to > meta.published:
            yield _at(article, (*where, "said_to"), f"said {claim.said_to}, after publication on {meta.published}")


@dataclass(frozen=True)
class Ids:
    """What the corpus-wide uniqueness check needs of an article: its ids and their lines (the path as text,
    as it crosses between processes a million times)."""

    path: str
    article: tuple[str, int]
    claims: list[tuple[str, int]]


def ids_of(article: Article) -> Ids:
    def line(location: Location) -> int:
        return yamlfile.line_of(article.lines, location)

    claims = [(claim.id, line(("claims", index, "id"))) for index, claim in enumerate(article.claims)]
    return Ids(str(article.claims_path), (article.meta.id, line(("article", "id"))), claims)


class Uniqueness:
    """Article and claim ids seen so far across the corpus, to report the second use of an id."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.articles: dict[str, int] = {}
        self.claims: dict[str, int] = {}  # values index `paths`: a million claims cost about 100 MB here

    def problems(self, ids: Ids) -> list[Problem]:
        self.paths.append(ids.path)
        here = len(self.paths) - 1
        found = []
        article_id, line = ids.article
        first = self.articles.setdefault(article_id, here)
        if first != here:
            message = f"duplicate article id {article_id!r} (also in {self.paths[first]})"
            found.append(Problem(Path(ids.path), line, "article.id", message))
        in_file: set[str] = set()
        for index, (claim_id, line) in enumerate(ids.claims):
            first = self.claims.setdefault(claim_id, here)
            if first != here or claim_id in in_file:
                message = f"duplicate claim id {claim_id!r} (also in {self.paths[first]})"
                found.append(Problem(Path(ids.path), line, f"claims[{index}].id", message))
            in_file.add(claim_id)
        return found


_shared: Registry | None = None  # the registry in a worker process, sent once by ordered_map's setup


def share_registry(registry: Registry) -> None:
    global _shared
    _shared = registry


@dataclass(frozen=True)
class Summary:
    """What a worker sends back of a checked file: enough to count it and check its ids, not its text."""

    ids: Ids | None
    claims: int
    problems: list[Problem]


def check_shared(path: Path) -> Checked:
    """check_article against the registry that share_registry gave this worker process."""
    assert _shared is not None
    return check_article(path, _shared)


def _check_shared(path: Path) -> Summary:
    article, problems = check_shared(path)
    return Summary(ids_of(article) if article else None, len(article.claims) if article else 0, problems)


def start(seeds: Path) -> tuple[Registry, list[Path], list[Problem]]:
    """The registry and the claims files of a seeds directory, or the problems that stop a scan."""
    if not seeds.is_dir():
        return Registry({}, {}), [], [Problem(seeds, 1, "(directory)", "seeds directory does not exist")]
    if not any(seeds.iterdir()):
        return Registry({}, {}), [], [Problem(seeds, 1, "(directory)", "seeds directory is empty")]
    registry, problems = load_registry(seeds)
    paths = claims_files(seeds)
    if not paths:
        problems.append(Problem(seeds, 1, "(directory)", f"no *{CLAIMS_SUFFIX} files"))
    return registry, paths, problems


def scan(seeds: Path, jobs: int | None = 1) -> tuple[Registry, list[Problem], Iterator[Summary]]:
    """The registry with its problems, and every claims file checked, lazily and in path order, on `jobs`
    processes: only the articles being checked are held in memory."""
    registry, paths, problems = start(seeds)
    return registry, problems, _checked(registry, paths, jobs)


def _checked(registry: Registry, paths: list[Path], jobs: int | None) -> Iterator[Summary]:
    uniqueness = Uniqueness()
    for summary in ordered_map(_check_shared, paths, jobs, share_registry, (registry,)):
        if summary.ids is not None:
            summary.problems.extend(uniqueness.problems(summary.ids))
        yield summary


def load_corpus(seeds: Path) -> tuple[Corpus, list[Problem]]:
    """Everything in a seeds directory, articles and their texts included, with every problem found in it."""
    registry, paths, problems = start(seeds)
    uniqueness = Uniqueness()
    articles: list[Article] = []
    for path in paths:
        article, found = check_article(path, registry)
        problems += found
        if article is not None:
            problems += uniqueness.problems(ids_of(article))
            articles.append(article)
    return Corpus(registry.outlets, registry.speakers, articles, set(registry.invalid_ids)), problems
