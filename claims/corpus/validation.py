"""Reading `seeds/` and checking everything in it: one `Problem` per thing wrong, all of them in one pass."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import yamlfile
from .models import UNSURE_MATCHES, ArticleMeta, Claim, ClaimsFile, Outlet, OutletsFile, Review, Speaker, SpeakersFile
from .yamlfile import FileProblem, Location

CLAIMS_SUFFIX = ".claims.yml"
OUTLETS_FILE = "outlets.yml"
SPEAKERS_FILE = "speakers.yml"
SPAN_LENGTH = "end - start is"  # how the Claim model's own offset check begins its message
SHOWN_PLACES = 5  # of a quote that occurs more often, only the first few are listed

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
    positions: list[int] | None = field(default=None, repr=False)  # each claim's index in the file, when it differs

    def location(self, index: int) -> Location:
        """Where the claim at `index` of `claims` is in the file: the claims that do not validate are left out."""
        return ("claims", self.positions[index] if self.positions is not None else index)


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
        elif detail["type"] in DATE_ERRORS:
            yield location, _date_message(detail)
        elif location[:1] == ("claims",) and location[2:] == ("id",) and detail["type"] == "string_pattern_mismatch":
            yield location, claim_id_message(detail["input"])
        else:
            message = detail["msg"].removeprefix("Value error, ")
            given = detail.get("input")
            if isinstance(given, str | int | float) and detail["type"] != "value_error":
                message += f" (got {given!r})"
            yield location, message


DATE_ERRORS = {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"}
DATE_FORM = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CLAIM_ID_FORM = re.compile(r"^c-[0-9a-f]{12}$")  # what models.claim_id makes and the README documents


def _date_message(detail: Any) -> str:
    """'12/03/2024' is not a date in the form YYYY-MM-DD; a date of that form that does not exist says why."""
    given = detail.get("input")
    reason = (detail.get("ctx") or {}).get("error")
    if isinstance(given, str) and DATE_FORM.match(given) and reason:
        return f"{given!r} is not a valid date: {reason}"
    return f"{given!r} is not a date in the form YYYY-MM-DD"


def claim_id_message(given: object) -> str:
    return f"{given!r} is not a claim id: 'c-' and 12 hexadecimal digits, e.g. 'c-0123456789ab'"


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
    """Every claims file below seeds/, dangling symlinks included so that they are reported, not skipped, in the
    order of their paths' parts (as sorted Paths are). Linked folders are not entered, as Path.rglob does not; this
    walks strings, not Paths, which at a hundred thousand files is several times quicker."""
    found = []
    for folder, _, names in os.walk(seeds):  # `names` holds no folder: a linked one stays in the folders listed
        parts = tuple(os.path.relpath(folder, seeds).split(os.sep)) if folder != str(seeds) else ()
        found.extend((*parts, name) for name in names if name.endswith(CLAIMS_SUFFIX))
    return [seeds.joinpath(*parts) for parts in sorted(found)]


def load_article(path: Path) -> tuple[Article | None, list[Problem]]:
    """Read one claims file and its text, and check that every quote stands at its offsets."""
    raw, lines, problems = read_yaml(path)
    if problems:
        return None, problems
    parsed, lines, problems = validate(path, raw, lines, ClaimsFile)
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
    article = Article(parsed.article, text, parsed.claims, path, text_path, digest, lines, _positions(raw, parsed))
    return article, _placed(problems, raw, text) + list(_span_problems(article))


def _positions(raw: Any, parsed: ClaimsFile) -> list[int] | None:
    """The index in the file of each claim that validated, when some did not (None: all did)."""
    items = raw.get("claims") if isinstance(raw, dict) else None
    if not isinstance(items, list) or len(items) == len(parsed.claims):
        return None
    adapter = TypeAdapter(Claim)
    positions = []
    for index, item in enumerate(items):
        try:
            adapter.validate_python(item)
        except ValidationError:
            continue
        positions.append(index)
    return positions


def check_article(path: Path, registry: Registry) -> Checked:
    """One claims file checked on its own and against the registry (not yet against other articles)."""
    article, problems = load_article(path)
    if article is not None:
        problems += _reference_problems(article, registry)
        problems += _review_problems(article)
        problems += _claim_id_problems(article)
    return article, problems


def _claim_id_problems(article: Article) -> list[Problem]:
    """Claim ids not of the documented form that the model's looser pattern lets through ('c-' and 11 digits)."""
    return [
        _at(article, ("claims", index, "id"), claim_id_message(claim.id))
        for index, claim in enumerate(article.claims)
        if not CLAIM_ID_FORM.match(claim.id)
    ]


def quote_places(text: str, quote: str) -> list[int]:
    """Every offset at which the quote starts in the text."""
    places: list[int] = []
    found = text.find(quote)
    while found >= 0:
        places.append(found)
        found = text.find(quote, found + 1)
    return places


def where_quote_is(text: str, quote: str) -> str:
    """Where the quote is in the text, for a message: its one place, or every place with the words around it."""
    places = quote_places(text, quote)
    if not places:
        return "the quote is nowhere in the text"
    if len(places) == 1:
        return f"the quote is at start {places[0]}, end {places[0] + len(quote)}"
    shown = " or ".join(
        f"at start {at}, end {at + len(quote)} ({_surroundings(text, at, at + len(quote))!r})"
        for at in places[:SHOWN_PLACES]
    )
    more = f", or {len(places) - SHOWN_PLACES} more places" if len(places) > SHOWN_PLACES else ""
    return f"the quote occurs {len(places)} times: {shown}{more}"


_LAST_WORDS = re.compile(r"(?:\S+\s+){0,4}\S*\Z")
_FIRST_WORDS = re.compile(r"\A\S*(?:\s+\S+){0,4}")


def _surroundings(text: str, start: int, end: int) -> str:
    """A few words either side of text[start:end], which is shown as [...]: 'Lopez said: "[...]," on Thursday'."""
    before = _LAST_WORDS.search(text[max(0, start - 80) : start])
    after = _FIRST_WORDS.match(text[end : end + 80])
    return re.sub(r"\s+", " ", f"{before[0] if before else ''}[...]{after[0] if after else ''}")


def _placed(problems: list[Problem], data: Any, text: str) -> list[Problem]:
    """The problems with a claim's offsets (given by the model: missing, mistyped, the wrong length), each told
    where the claim's quote is in the text."""
    claims = data.get("claims") if isinstance(data, dict) else None
    if not problems or not isinstance(claims, list):
        return problems
    quotes: dict[str, str] = {}
    for index, claim in enumerate(claims):
        quote = claim.get("quote") if isinstance(claim, dict) else None
        if isinstance(quote, str) and quote:
            quotes.update({field_name(("claims", index, key)): quote for key in ("start", "end")})
            quotes[field_name(("claims", index))] = quote
    return [
        replace(problem, message=f"{problem.message}; {where_quote_is(text, quotes[problem.field])}")
        if problem.field in quotes and _about_offsets(problem)
        else problem
        for problem in problems
    ]


def _about_offsets(problem: Problem) -> bool:
    return problem.field.endswith((".start", ".end")) or problem.message.startswith(SPAN_LENGTH)


def _span_problems(article: Article) -> Iterator[Problem]:
    text = article.text
    for index, claim in enumerate(article.claims):
        where = ("claims", index)
        if text[claim.start : claim.end] != claim.quote:
            message = f"text[{claim.start}:{claim.end}] is not the quote; {where_quote_is(text, claim.quote)}"
            yield _at(article, (*where, "start"), message)
        if claim.speaker_label not in text:
            yield _at(article, (*where, "speaker_label"), f"{claim.speaker_label!r} is not in the article text")


def _review_problems(article: Article) -> Iterator[Problem]:
    """A claim is not reviewed while its speaker match is unsure: a person confirms the match first."""
    for index, claim in enumerate(article.claims):
        if claim.review == Review.reviewed and claim.speaker_match in UNSURE_MATCHES:
            who = "speaker and via" if claim.via else "speaker"
            message = (
                f"{claim.speaker_match!r} is unsure, but the claim is reviewed: check its {who} against the text, then"
                " set `speaker_match: confirmed` (or leave the claim `review: unreviewed`)"
            )
            yield _at(article, ("claims", index, "speaker_match"), message)


def _at(article: Article, location: Location, message: str) -> Problem:
    if location[:1] == ("claims",) and len(location) > 1 and isinstance(location[1], int):
        location = (*article.location(location[1]), *location[2:])
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

    claims = [(claim.id, line((*article.location(index), "id"))) for index, claim in enumerate(article.claims)]
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


def start(seeds: Path, paths: list[Path] | None = None) -> tuple[Registry, list[Path], list[Problem]]:
    """The registry and the claims files of a seeds directory (or `paths`, when the caller has chosen them), or the
    problems that stop a scan."""
    if not seeds.is_dir():
        return Registry({}, {}), [], [Problem(seeds, 1, "(directory)", "seeds directory does not exist")]
    if not any(seeds.iterdir()):
        return Registry({}, {}), [], [Problem(seeds, 1, "(directory)", "seeds directory is empty")]
    registry, problems = load_registry(seeds)
    if paths is not None:
        return registry, paths, problems
    paths = claims_files(seeds)
    if not paths:
        problems.append(Problem(seeds, 1, "(directory)", f"no *{CLAIMS_SUFFIX} files"))
    return registry, paths, problems
