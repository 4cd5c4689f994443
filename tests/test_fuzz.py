"""Fuzzing with hypothesis: extraction never breaks its spans, `claims check` never crashes, and a draft made by
`claims extract` goes through check and build into the database unchanged.

The example counts are kept small so the file runs in well under a minute on two cores; hypothesis keeps the
failures it finds in .hypothesis/ (not committed) and replays them first on the next run.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from claims.cli import cli
from claims.extraction import extract

from .conftest import SEED_ARTICLE, SEEDS

# a field may hold a colon when a key does ("article:article"), so the field ends at the first ": "
PROBLEM = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<field>\S.*?): (?P<message>.+)$")
SUMMARY = re.compile(r"^(\d+) problem\(s\) found$")
PUBLISHED = dt.date(2018, 10, 2)

# No deadline (the machine is noisy), one bug reported per test, and no "explain" phase: it reruns failing
# examples under a tracer, which alone can take most of a minute. The module-scoped seeds fixture is
# deliberately shared by all examples of a test (each example rewrites the one file it changes).
BOUNDED = settings(
    deadline=None,
    report_multiple_bugs=False,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Article text: news-like fragments, every kind of quotation mark, odd spaces and line ends, unicode that
# changes length when its case changes (İ, ß, ﬁ), combining marks, and now and then a very long token.

QUOTE_MARKS = ["“", "”", '"', "'", "‘", "’", "«", "»", "„", "‹", "›", "「", "」", "''", "``"]
NAMES = [
    "John Smith",
    "Ana Lopez",
    "Mr. Smith",
    "Dr. Jane O'Neil",
    "President Vladimir Putin",
    "Walid al-Moallem",
    "the Pentagon",
    "Tehran",
    "officials",
    "senior officials",
    "the Journal",
    "He",
    "she",
    "they",
    "İsmail Öztürk",
    "Jürgen Straße",
]
WORDS = [
    "said",
    "says",
    "told reporters",
    "warned",
    "added",
    "according to",
    "cites",
    "as stating that",
    "claimed that",
    "said that",
    "on Saturday",
    "last week",
    "late last year",
    "on 29 September",
    "the vote would pass",
    "we will not back down",
    "Iran",
    "the war",
    "No.",
    "U.S.",
    "e.g.",
]
SPACES = [" ", " ", " ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "\t", "\u00a0", "\u2028", "\u2029", "\x85", "\x0c"]
PUNCTUATION = [", ", ". ", ".", ",", ": ", "; ", "? ", "! ", " — ", " – ", "...", "…", " (", ") ", "-"]
UNICODE = ["é", "ß", "İ", "ﬁ", "ǅ", "🙂", "👩‍👩‍👧", "e\u0301", "\u200b", "\u200f", "مرحبا", "中文", "ΣΑΣ", "\ufeff"]

long_token = st.builds(
    lambda unit, count: unit * count,
    st.sampled_from(["a", "é", "x ", '"', "«", "“a", "said ", "."]),
    st.integers(500, 3000),
)
fragment = st.one_of(
    st.sampled_from(QUOTE_MARKS),
    st.sampled_from(NAMES),
    st.sampled_from(WORDS),
    st.sampled_from(SPACES),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(UNICODE),
    st.text(max_size=12),
)


@st.composite
def quotation(draw: st.DrawFn) -> str:
    """A whole attributed quotation, so that the extractor has something to find."""
    opening, closing = draw(st.sampled_from([('"', '"'), ("“", "”"), ("«", "»"), ("‘", "’"), ("„", "“")]))
    words = draw(st.lists(st.sampled_from(WORDS + NAMES), min_size=1, max_size=8))
    name, verb = draw(st.sampled_from(NAMES)), draw(st.sampled_from(["said", "warned", "added", "told reporters"]))
    inner = " ".join(words).capitalize()
    return draw(
        st.sampled_from([f"{opening}{inner},{closing} {name} {verb}. ", f"{name} {verb}: {opening}{inner}.{closing} "])
    )


news_text = st.lists(st.one_of(fragment, fragment, fragment, quotation()), max_size=60).map("".join)
article_text = news_text | st.builds(lambda a, b, c: a + b + c, news_text, long_token, news_text)


def check_spans(text: str, published: dt.date | None) -> None:
    for claim in extract(text, published):
        assert 0 <= claim.start <= claim.end <= len(text), claim
        assert text[claim.start : claim.end] == claim.quote, claim
        assert claim.kind in {"direct", "partial", "indirect"}, claim


@settings(BOUNDED, max_examples=600)
@given(text=article_text, published=st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)))
@example(text="", published=None)
@example(text='"İİİ said," İsmail said. “ß” ', published=PUBLISHED)
@example(text='He said: "\r\n\r\n"We will."\r\n', published=PUBLISHED)
def test_extraction_spans_are_always_exact(text: str, published: dt.date | None) -> None:
    check_spans(text, published)


def test_the_seed_article_and_its_crlf_version_keep_exact_spans() -> None:
    text = SEED_ARTICLE.with_suffix(".txt").read_text(encoding="utf-8")
    check_spans(text, PUBLISHED)
    check_spans(text.replace("\n", "\r\n"), PUBLISHED)


def test_unclosed_quotation_marks_do_not_take_quadratic_time() -> None:
    """20,000 opening marks that never close: a linear scan takes milliseconds."""
    for text in ["“" * 20_000, "“a " * 7_000]:
        began = time.perf_counter()
        extract(text, PUBLISHED)
        elapsed = time.perf_counter() - began
        assert elapsed < 1.0, f"{len(text):,} characters starting {text[:3]!r} took {elapsed:.1f} s"


# `claims extract` on a file holding that text


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


@contextmanager
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def proposed_speakers(draft: str) -> list[dict[str, Any]]:
    """The speakers a YAML draft proposes, in the comment block at its end ("#   - id: ..." lines)."""
    block = "".join(line[4:] + "\n" for line in draft.splitlines() if line.startswith("#   "))
    return yaml.safe_load(block) or []


def seeds_with_a_draft(directory: Path, text: str) -> tuple[Path, Result]:
    """A seeds directory holding the article, and if `claims extract` drafts it, the draft and the registries.

    This is the minimal mechanical completion a reviewer does: the draft goes beside its text as it is, the new
    speakers it proposes in comments go into speakers.yml as proposed (names and types unreviewed), and the
    outlet given with --outlet is in outlets.yml.
    """
    seeds = directory / "seeds"
    (seeds / "articles").mkdir(parents=True)
    article = seeds / "articles" / "2018-10-02-herald-talks.txt"
    article.write_bytes(text.encode("utf-8"))
    (seeds / "outlets.yml").write_text("outlets:\n  - id: herald\n    name: The Herald\n", encoding="utf-8")
    (seeds / "speakers.yml").write_text("speakers: []\n", encoding="utf-8")
    result = invoke("extract", str(article), "--published", "2018-10-02", "--outlet", "herald", "--seeds", str(seeds))
    if result.exit_code == 0:
        article.with_name(f"{article.stem}.claims.yml").write_text(result.stdout, encoding="utf-8")
        speakers = {"speakers": proposed_speakers(result.stdout)}
        (seeds / "speakers.yml").write_text(yaml.safe_dump(speakers, allow_unicode=True), encoding="utf-8")
    return seeds, result


def assert_one_line_or_ok(result: Result, article: Path) -> None:
    assert result.exit_code in (0, 1)
    if result.exit_code == 1:
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(f"{article}: "), result.stderr


@settings(BOUNDED, max_examples=150)
@given(text=news_text | st.text(max_size=200))
@example(text="")
@example(text="\ufeff")
@example(text="a\x00b")
@example(text='\ufeff"We will not back down," Ana Lopez said on Saturday.\r\n')
@example(text='"We will not\x85back down," Ana Lopez said.\n')  # NEL is a line break to YAML
@example(text='«Said,» John Smith said. saidJohn Smith said: "Said." ')  # found by hypothesis
def test_extract_command_gives_a_draft_or_one_line(text: str) -> None:
    with scratch() as directory:
        article = directory / "a.txt"
        article.write_bytes(text.encode("utf-8"))
        result = invoke("extract", str(article), "--format", "json", "--seeds", str(directory / "no-seeds"))
        assert_one_line_or_ok(result, article)
        if result.exit_code == 0:
            as_read = text.removeprefix("\ufeff")  # the text as read: a leading BOM dropped
            for claim in json.loads(result.stdout):
                assert as_read[claim["start"] : claim["end"]] == claim["quote"]
        # the YAML draft, completed, passes `claims check`
        seeds, result = seeds_with_a_draft(directory, text)
        assert_one_line_or_ok(result, seeds / "articles" / "2018-10-02-herald-talks.txt")
        if result.exit_code == 0:
            checked = invoke("check", "--seeds", str(seeds))
            assert (checked.exit_code, checked.stderr) == (0, ""), checked.stderr


# Any claims file content: valid, or one `path:line: field: message` line per problem, exit status 0 or 1


SEED_CLAIMS = SEED_ARTICLE.with_suffix(".claims.yml")
YAML_TOKENS = [
    "article:",
    "claims:",
    "- ",
    "  ",
    "    ",
    "\n",
    "\n- ",
    "id: ",
    "kind: direct",
    "start: ",
    "end: ",
    "quote: ",
    "speaker: irgc",
    "text: ",
    "published: 2018-10-02",
    "2018-02-30",
    "[",
    "]",
    "{",
    "}",
    ", ",
    ": ",
    "'",
    '"',
    "#",
    "&a ",
    "*a",
    "!!str ",
    "!!binary ",
    "!!python/object:os.system ",
    "? ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "|\n",
    ">-\n",
    "\t",
    "\r\n",
    "~",
    "null",
    "true",
    "-1",
    "1e309",
    "0x1F",
    "99999999999999999999999",
    ".nan",
]
yamlish = st.lists(st.one_of(st.sampled_from(YAML_TOKENS), st.text(max_size=6)), max_size=40).map("".join)

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["2018-10-02", "2018-02-30", "2018-13-01", "1e3", "", " ", "direct", "day", "irgc"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _plain_load(text: str) -> Any:
    """The seed claims file as data, dates kept as the strings people write."""
    loader = yaml.SafeLoader(text)
    loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


SEED_DATA = _plain_load(SEED_CLAIMS.read_text(encoding="utf-8"))

Mutation = Callable[[st.DrawFn, dict[str, Any]], None]


def _some_record(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """The article or one of the claims."""
    claims = [c for c in data.get("claims") or [] if isinstance(c, dict)]
    return draw(st.sampled_from([data["article"], *claims]))


def drop_key(draw: st.DrawFn, data: dict[str, Any]) -> None:
    record = _some_record(draw, data)
    if record:
        del record[draw(st.sampled_from(sorted(record)))]


def change_value(draw: st.DrawFn, data: dict[str, Any]) -> None:
    record = _some_record(draw, data)
    if record:
        record[draw(st.sampled_from(sorted(record)))] = draw(VALUES)


def add_unknown_key(draw: st.DrawFn, data: dict[str, Any]) -> None:
    _some_record(draw, data)[draw(st.sampled_from(["mood", "notes", "speakr", "Start"]))] = draw(VALUES)


def shift_offsets(draw: st.DrawFn, data: dict[str, Any]) -> None:
    claim = _some_record(draw, data)
    for name in ("start", "end"):
        if isinstance(claim.get(name), int):
            claim[name] += draw(st.integers(-5000, 5000))


def duplicate_claim(draw: st.DrawFn, data: dict[str, Any]) -> None:
    if isinstance(data["claims"], list) and data["claims"]:
        data["claims"].append(copy.deepcopy(draw(st.sampled_from(data["claims"]))))


def replace_claims(draw: st.DrawFn, data: dict[str, Any]) -> None:
    data["claims"] = draw(st.sampled_from([[], None, {}, "none", [None], [1, 2]]))


MUTATIONS: list[Mutation] = [drop_key, change_value, add_unknown_key, shift_offsets, duplicate_claim, replace_claims]


@st.composite
def mutated_seed(draw: st.DrawFn) -> str:
    data = copy.deepcopy(SEED_DATA)
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=4)):
        mutation(draw, data)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)
    lines = text.splitlines(keepends=True)
    edit = draw(st.sampled_from(["none", "none", "duplicate line", "delete line", "insert", "truncate"]))
    at = draw(st.integers(0, max(0, len(lines) - 1)))
    if edit == "duplicate line":
        lines.insert(at, lines[at])
    elif edit == "delete line":
        del lines[at]
    elif edit == "insert":
        lines.insert(at, draw(yamlish) + "\n")
    elif edit == "truncate":
        lines = lines[:at]
    return "".join(lines)


@pytest.fixture(scope="module")
def fuzz_seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of seeds/ whose claims file each example overwrites."""
    return Path(shutil.copytree(SEEDS, tmp_path_factory.mktemp("fuzz") / "seeds"))


def assert_check_is_clean(seeds: Path, claims_path: Path) -> None:
    result = invoke("check", "--seeds", str(seeds))
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 0:
        assert result.stderr == ""
        return
    *problems, summary = result.stderr.splitlines()
    counted = SUMMARY.match(summary)
    assert counted and int(counted[1]) == len(problems) >= 1, result.stderr
    # YAML also breaks lines at NEL, LS and PS, as str.splitlines does
    line_count = max(1, len(claims_path.read_text(encoding="utf-8", errors="replace").splitlines()))
    for problem in problems:
        parsed = PROBLEM.match(problem)
        assert parsed, problem
        if parsed["path"] == str(claims_path):
            assert 1 <= int(parsed["line"]) <= line_count, f"{problem} (the file has {line_count} lines)"


def _write_claims(seeds: Path, content: str) -> Path:
    path = seeds / "articles" / SEED_CLAIMS.name
    path.write_bytes(content.encode("utf-8"))
    return path


@settings(BOUNDED, max_examples=300)
@given(content=mutated_seed())
def test_check_on_a_mutated_seed_claims_file(content: str, fuzz_seeds: Path) -> None:
    assert_check_is_clean(fuzz_seeds, _write_claims(fuzz_seeds, content))


@settings(BOUNDED, max_examples=300)
@given(content=yamlish | st.text(max_size=100))
@example(content="? [a]\n: b\n")  # a key that is a list
@example(content="article: &a [*a]\n")  # an alias inside itself
@example(content='article:\n  id: "x\n')  # a quote that never closes
def test_check_on_random_yamlish_text(content: str, fuzz_seeds: Path) -> None:
    assert_check_is_clean(fuzz_seeds, _write_claims(fuzz_seeds, content))


# Round trip: a generated article -> `claims extract` -> registries completed -> check -> build -> the database

FIRST = ["Maria", "John", "Ahmed", "Li", "Olga", "Pierre", "Grace", "İlker"]
LAST = ["Santos", "Miller", "Haddad", "Wei", "Petrova", "Dubois", "Okafor", "Åström"]
ROLES = ["the finance minister", "a party spokesman", "the mayor"]
ORGS = ["The Interior Ministry", "The Pentagon", "The United Nations", "Amnesty International"]
SAYINGS = ["We will not back down", "The vote will pass", "There is no crisis in the region", "Nobody was hurt"]
CLAUSES = ["the talks had failed", "prices would rise again", "the border would stay closed", "the army had left"]
TEMPLATES = [
    '"{saying}," {name} said.',
    "“{saying},” said {name}, {role}.",
    "{name} said that {clause}.",
    "{org} said on Monday that {clause}.",
    "According to {name}, {clause}.",
    '{name} said last week: "{saying}."',
    "“{saying},” {name} warned on Saturday.",
]


@st.composite
def generated_article(draw: st.DrawFn) -> str:
    paragraphs = []
    for _ in range(draw(st.integers(1, 6))):
        sentence = draw(st.sampled_from(TEMPLATES)).format(
            saying=draw(st.sampled_from(SAYINGS)),
            name=f"{draw(st.sampled_from(FIRST))} {draw(st.sampled_from(LAST))}",
            role=draw(st.sampled_from(ROLES)),
            org=draw(st.sampled_from(ORGS)),
            clause=draw(st.sampled_from(CLAUSES)),
        )
        paragraphs.append(sentence)
    line_end = draw(st.sampled_from(["\n", "\r\n"]))
    return line_end.join(["Talks collapse", "", "Jane Doe 2 October 2018", "", *paragraphs, ""])


@settings(BOUNDED, max_examples=40)
@given(text=generated_article())
def test_a_draft_goes_through_check_and_build_unchanged(text: str) -> None:
    with scratch() as directory:
        seeds, result = seeds_with_a_draft(directory, text)
        assert result.exit_code == 0, result.stderr
        draft = yaml.safe_load(result.stdout)
        assert draft["claims"], "the templates always hold an attributed claim"
        checked = invoke("check", "--seeds", str(seeds))
        assert checked.exit_code == 0, checked.stderr
        db = directory / "claims.db"
        built = invoke("build", "--seeds", str(seeds), "--db", str(db))
        assert built.exit_code == 0, built.stderr

        with closing(sqlite3.connect(db)) as connection:
            rows = connection.execute('select id, kind, quote, start, "end", speaker_id, via_id from claims').fetchall()
        expected = [
            (c["id"], c["kind"], c["quote"], c["start"], c["end"], c["speaker"], c.get("via")) for c in draft["claims"]
        ]
        assert sorted(rows) == sorted(expected)
        as_read = text  # no BOM here, so the text as read is the text written
        assert all(as_read[start:end] == quote for _, _, quote, start, end, _, _ in rows)
