"""claims.corpus.yamlfile: the fast reader gives exactly what PyYAML gives (data, lines of values, errors), or
steps aside."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.corpus import claimsfile, yamlfile
from claims.corpus.yamlfile import FileProblem, _compose, _fast_parse, _PlainLoader, _slow_parse, _Unsupported

ROOT = Path(__file__).resolve().parent.parent
OUR_FILES = sorted(
    path
    for directory in (ROOT / "seeds", ROOT / "tests" / "gold")
    for pattern in ("**/*.claims.yml", "**/speakers.yml", "**/outlets.yml")
    for path in directory.glob(pattern)
)


def slow(text: str, loader: type[yaml.SafeLoader | yaml.CSafeLoader] = _PlainLoader) -> Any:
    """PyYAML's answer: (data, lines), or the FileProblem's (line, message), or that it is not YAML."""
    try:
        data, lines = _compose(text, loader)
    except FileProblem as error:
        return ("problem", error.line, error.message)
    except yaml.YAMLError:
        return ("syntax",)
    return repr(data), lines


def fast(text: str) -> Any:
    """The fast reader's answer in slow()'s shape, or None when it steps aside."""
    try:
        data, lines = _fast_parse(text)
    except _Unsupported:
        return None
    return repr(data), lines  # repr: 1, 1.0 and True are equal but not the same


def assert_same_or_unsupported(text: str) -> None:
    """The fast reader steps aside or agrees with both PyYAML loaders (libyaml's is the fallback)."""
    got = fast(text)
    if got is not None:
        assert got == slow(text), text
        if yaml.__with_libyaml__:
            assert got == slow(text, yamlfile._CPlainLoader), text


# (a) Our own files all take the fast path.


def test_our_files_are_found() -> None:
    names = {path.name for path in OUR_FILES}
    assert {"speakers.yml", "outlets.yml"} <= names
    assert sum(name.endswith(".claims.yml") for name in names) >= 40


@pytest.mark.parametrize("path", OUR_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_our_files_take_the_fast_path_and_read_the_same(path: Path) -> None:
    text = yamlfile.read_text(path)
    got = fast(text)
    assert got is not None, "fell back to PyYAML"
    assert got == slow(text)
    assert yamlfile.load(path) == _slow_parse(text)


def test_windows_line_ends_read_the_same() -> None:
    text = yamlfile.read_text(OUR_FILES[0])
    assert fast(text.replace("\n", "\r\n")) == slow(text)


# (b) Random data, written the ways PyYAML and our tools write it.

TRICKY = [
    *("1", "-1", "+1", "0", "010", "0o17", "0x1F", "0b101", "1_000", "1:30", "190:20:30", "1.5", "-.5", "1e3"),
    *("1.0e+3", "6.8523015e+5", ".inf", "-.Inf", ".NaN", "yes", "No", "ON", "off", "y", "n", "true", "False"),
    *("~", "null", "Null", "NULL", "", " ", "2018-10-02", "2001-12-14t21:59:43.10-05:00", "-", "--", "---"),
    *("...", "- a", "? x", ":x", "a: b", "a:b", "a #b", "a#b", "#", "[a]", "{a: 1}", "@x", "`x", "!x", "&x"),
    *("*x", "|", ">", "%x", "'", '"', "''", "=", "<<", " lead", "trail ", "a  b", "\\", "\\n", "C:\\dir"),
    *("https://example.org/a?b=c#d", "Iran's", 'say "no"', "a, b", "[", "]", "é", "\u2028", "\x85", "\ufeff"),
    *("\t", "a\tb", "\n", "a\nb", "\r", "\x00", "\x07", "\x1b", "\xa0", "\ud7ff", "\U0001f600", "\ue000"),
]
KEYS = st.one_of(
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,8}", fullmatch=True),
    st.sampled_from(["id", "claims", "true", "null", "on", "No", "y", "key with space", "1", "a:b", "-x", "é"]),
)
ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(
    list(" \"'#:-[]{},\\!&*|>%@`?\t\n\r\x85\u2028\u2029\ufeff\xa0")
)
STRINGS = st.one_of(
    st.sampled_from(TRICKY), st.text(ALPHABET, max_size=12), st.from_regex(r"[a-z]{1,6}( [a-z]{1,6}){0,3}")
)
SCALARS = st.one_of(
    STRINGS,
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
)
DATA = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, min_size=1, max_size=5),
    max_leaves=25,
)
WORDS = st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,8}", fullmatch=True)


def _block(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    mappings = st.dictionaries(WORDS, children, min_size=1, max_size=5)
    return st.lists(SCALARS | mappings, max_size=4) | mappings


BLOCK_DATA = st.recursive(SCALARS, _block, max_leaves=25)  # mostly what the fast reader takes
DOCUMENTS = st.one_of(
    st.dictionaries(KEYS, DATA, min_size=1, max_size=5),
    st.lists(DATA, min_size=1, max_size=4),
    st.dictionaries(WORDS, BLOCK_DATA, min_size=1, max_size=5),
)


class _IndentedDumper(yaml.SafeDumper):
    """Writes `key:\n  - item`, as people do, where PyYAML writes `key:\n- item`."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


@st.composite
def dumped(draw: st.DrawFn) -> str:
    data = draw(DOCUMENTS)
    dumper = draw(st.sampled_from([yaml.SafeDumper, _IndentedDumper, claimsfile._Dumper]))
    text = yaml.dump(
        data,
        Dumper=dumper,
        default_flow_style=draw(st.sampled_from([False, None])),
        allow_unicode=draw(st.booleans()),
        width=draw(st.sampled_from([80, 100_000])),
        indent=draw(st.sampled_from([2, 4])),
        sort_keys=draw(st.booleans()),
        explicit_start=draw(st.booleans()) and draw(st.booleans()),
    )
    if draw(st.booleans()):
        text = "# yaml-language-server: $schema=x.json\n# a comment\n\n" + text
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dumped())
def test_dumped_data_reads_the_same_or_falls_back(text: str) -> None:
    assert_same_or_unsupported(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, st.lists(st.dictionaries(KEYS, SCALARS, min_size=1, max_size=6), max_size=3), min_size=1))
def test_claims_file_layout_takes_the_fast_path_when_keys_are_plain_words(data: dict[str, Any]) -> None:
    text = yaml.dump(data, Dumper=claimsfile._Dumper, sort_keys=False, allow_unicode=True, width=100_000)
    assert_same_or_unsupported(text)
    plain_keys = all(yamlfile._KEY.fullmatch(f"{key}:") and isinstance(_resolved(key), str) for key in _keys(data))
    strings_on_one_line = not any(c in repr(data) for c in ("\\n", "\\r", "\\x85", "\\u2028", "\\u2029"))
    if plain_keys and strings_on_one_line and _fits_the_subset(text):
        assert fast(text) is not None, text


@settings(max_examples=200, deadline=None)
@given(st.text(ALPHABET, max_size=20), st.booleans())
def test_json_quoted_strings_read_the_same_or_fall_back(value: str, ascii_only: bool) -> None:
    # benchmarks/corpus.py writes strings as JSON; JSON's escapes are a subset of YAML's
    quoted = json.dumps(value, ensure_ascii=ascii_only)
    text = f"a:\n  b: {quoted}\n  c: [{quoted}, x]\n"
    assert_same_or_unsupported(text)
    astral_escaped = ascii_only and max(value, default="a") > "\uffff"  # as surrogate pairs, which YAML does not join
    if value.isprintable() and not astral_escaped:
        assert fast(text) is not None


def _keys(data: Any) -> list[Any]:
    if isinstance(data, dict):
        return [*data, *(key for value in data.values() for key in _keys(value))]
    if isinstance(data, list):
        return [key for value in data for key in _keys(value)]
    return []


def _resolved(key: str) -> Any:
    """The key as the writer sees it: it quotes what any YAML 1.1 reader would take for a boolean or date."""
    return yaml.safe_load(key)


def _fits_the_subset(text: str) -> bool:
    # Things our writer may emit that the fast reader leaves to PyYAML on purpose.
    unusual = ("{}", ": |", ": >", "- |", "- >", "\t", "\\\n", "!!", "\u2028", "\x85", "\ufeff")
    return not any(marker in text for marker in unusual)


# Line-level mutations of a real file: comments, blank lines, odd indentation, broken syntax.

SEED_TEXT = yamlfile.read_text(ROOT / "seeds" / "articles" / "2018-10-02-wsws-iran-missiles-syria.claims.yml")
SEED_LINES = SEED_TEXT.split("\n")
EDITS = st.sampled_from(
    [
        " # comment",
        "  # comment",
        "#",
        " ",
        "",
        ":",
        ": x",
        " x",
        "  ",
        '"',
        "'",
        "[",
        "- ",
        "-",
        "\t",
        " &a",
        " *a",
        " !!str",
        " |",
        "---",
        "...",
        "? ",
        "  extra: 1",
        "x: 1",
        "- x",
        "    - y",
        "id: dup",
    ]
)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = list(SEED_LINES[:40])
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        edit = draw(EDITS)
        how = draw(st.sampled_from(["append", "insert", "prefix"]))
        if how == "append":
            lines[index] += edit
        elif how == "insert":
            lines.insert(index, edit)
        else:
            lines[index] = edit + lines[index]
    return "\n".join(lines)


@settings(max_examples=300, deadline=None)
@given(mutated())
def test_edited_files_read_the_same_or_fall_back(text: str) -> None:
    assert_same_or_unsupported(text)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("ab1 -:#'\"[],\n")), max_size=40))
def test_scraps_read_the_same_or_fall_back(text: str) -> None:
    assert_same_or_unsupported(text)


# (c) Cases by hand.

SAME = [
    "a: 1\nb: two\n",
    "a: 1 # one\nb: 'x' # two\nc: \"y\"  # three\nd: [p, 'q', \"r\"] # four\n",
    "a:\n  b:\n    c: 1\n  d: 2\ne: 3\n",
    "a:\nb:\n",
    "a:   # nothing\n  # deeper comment\nb: 1\n",
    "claims:\n- id: x\n  kind: direct\n- id: y\nafter: 1\n",
    "claims:\n  - id: x\n    list:\n    - 1\n    - two\n  - id: y\n",
    "- a\n- 'b'\n- \"c\"\n- [d]\n- {}\n",
    "a:\n- - x\n",
    "x:\n- a: 1\n  b:\n  - c\n  d: 4\n",
    "a: []\nb: [ ]\nc: [a,b , c]\n",
    'a: "\\/ \\x41 \\u00e9 \\U0001F600 \\N \\_ \\L \\P \\0 \\a \\e \\  \\t \\\\ \\""\n',
    "a: 'it''s'\nb: ''\n",
    "a: 1:30\nb: 0x1F\nc: 010\nd: .inf\ne: -.5\nf: 1_000\ng: ~\nh: yes\ni: No\nj: 2018-10-02\n",
    'a: x:y\nb: C#\nc: a, b\nd: Iran\'s\ne: say "no"\n',
    "  a: 1\n  b: 2\n",
    "a: 1   \nb: x  \n",
    "-   a: 1\n    b: 2\n",
    "a: x\xa0\nb: \xa0y\nc: \u3000z\n",
    "a:\n- x\nb:\n  - y\nc: 1\n",
]


@pytest.mark.parametrize("text", SAME)
def test_the_subset_reads_as_pyyaml_does(text: str) -> None:
    assert_same_or_unsupported(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: two\n",
        "a: 1 # one\nb: 'x' # two\nc: \"y\"  # three\nd: [p, 'q', \"r\"] # four\n",
        "a:\n  b:\n    c: 1\n  d: 2\ne: 3\n",
        "claims:\n- id: x\n  kind: direct\n- id: y\nafter: 1\n",
        "- a\n- 'b'\n- \"c\"\n- [d]\n",
        'a: "\\/ \\x41 \\u00e9 \\U0001F600 \\N \\_ \\L \\P \\0 \\a \\e \\  \\t \\\\ \\""\n',
        "a: 1:30\nb: 0x1F\nc: 010\nd: .inf\ne: -.5\nf: 1_000\ng: ~\nh: yes\ni: No\nj: 2018-10-02\n",
    ],
)
def test_the_subset_takes_the_fast_path(text: str) -> None:
    assert fast(text) is not None
    assert fast(text) == slow(text)


def test_a_line_map_names_keys_items_and_flow_items() -> None:
    text = "# header\narticle:\n  id: x\nclaims:\n- id: a\n  aliases: [p, q]\n-   id: b\n  # gap\n\nend:\n"
    data, lines = _fast_parse(text)
    assert data == {"article": {"id": "x"}, "claims": [{"id": "a", "aliases": ["p", "q"]}, {"id": "b"}], "end": None}
    assert lines == {
        (): 2,
        ("article",): 2,
        ("article", "id"): 3,
        ("claims",): 4,
        ("claims", 0): 5,
        ("claims", 0, "id"): 5,
        ("claims", 0, "aliases"): 6,
        ("claims", 0, "aliases", 0): 6,
        ("claims", 0, "aliases", 1): 6,
        ("claims", 1): 7,
        ("claims", 1, "id"): 7,
        ("end",): 10,
    }
    assert lines == _slow_parse(text)[1]


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: |\n  text\n",
        "a: >\n  text\n",
        "a: {b: 1}\n",
        "? a\n: 1\n",
        "---\na: 1\n",
        "a: 1\n...\n",
        "a:\tb\n",
        "a: b\n  continued\n",
        'a: "two\n  lines"\n',
        '"quoted key": 1\n',
        "'quoted key': 1\n",
        "key with space: 1\n",
        "null: 1\n",
        "1: a\n",
        "a: 'x' y\n",
        'a: "x"#y\n',
        "a: [b, [c]]\n",
        "a: [b,]\n",
        "a: [b\n",
        "a: <<\n",
        "a: =\n",
        "a: b: c\n",
        "a: b:\n",
        "a: - b\n",
        "- \n",
        "-\n  a: 1\n",
        "a: 1\n- b\n",
        "a:\n    b: 1\n  c: 2\n",
        'a: "\\ud800"\n',
        'a: "\\q"\n',
        "a: b\u2028c: d\n",
        "a: 1\nb: 2\na: 3\n",
        "claims:\n- id: x\n  id: y\n",
        "",
        "# only a comment\n",
        "plain scalar\n",
    ],
)
def test_anything_else_falls_back(text: str) -> None:
    assert fast(text) is None
    assert_same_or_unsupported(text)


def test_duplicate_keys_are_reported_at_the_second_key(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("claims:\n- id: x\n  verb: said\n  verb: told\n", encoding="utf-8")
    with pytest.raises(FileProblem) as caught:
        yamlfile.load(path)
    assert (caught.value.line, caught.value.message) == (4, "duplicate key 'verb'")


@pytest.mark.parametrize("text", ["", "\n\n", "# nothing\n  # here\n"])
def test_an_empty_file_is_a_problem(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FileProblem) as caught:
        yamlfile.load(path)
    assert (caught.value.line, caught.value.message) == (1, "file is empty")


def test_syntax_errors_keep_pyyamls_wording(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("a: 1\nb: [c\n", encoding="utf-8")
    with pytest.raises(FileProblem) as caught:
        yamlfile.load(path)
    assert caught.value.message == "YAML syntax: expected ',' or ']', but got '<stream end>'"
    assert caught.value.line == 2  # the end of the stream is after the last line's break: that line is named


def test_a_control_character_is_named_on_its_line(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("a: 1\nb: x\x1fy\n", encoding="utf-8")
    with pytest.raises(FileProblem) as caught:
        yamlfile.load(path)
    assert caught.value.line == 2
    assert caught.value.message == "YAML: unacceptable character #x001f: special characters are not allowed"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: 1\nverb: &v [*v]\n", 2),
        ("a: &x [1, 2]\nb:\n  c: *x\n", 3),
        ("l0: &l0 [x, x, x]\nl1: &l1 [*l0, *l0, *l0]\nl2: [*l1, *l1, *l1]\n", 2),
    ],
)
def test_aliases_of_lists_and_mappings_are_a_problem_at_once(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FileProblem) as caught:
        yamlfile.load(path)
    assert (caught.value.line, caught.value.message) == (
        line,
        "YAML: an alias (*name) of a list or mapping is not supported",
    )


def test_aliases_of_single_values_still_read() -> None:
    assert yamlfile.parse("a: &x 1\nb: *x\n")[0] == {"a": 1, "b": 1}


@pytest.mark.parametrize("text", ["? [a]\n: 1\n", "? {a: 1}\n: 1\n"])
def test_a_list_or_mapping_as_a_key_is_a_problem_not_a_crash(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FileProblem) as caught:
        yamlfile.load(path)
    assert caught.value.line == 1


def test_keys_that_are_not_strings_keep_their_type_and_booleans_stay_words() -> None:
    assert yamlfile.parse("true: 1\nnull: 2\n")[0] == {"true": 1, None: 2}
    assert yamlfile.parse("country: NO\nflag: yes\n")[0] == {"country": "NO", "flag": "yes"}


def test_libyaml_and_pure_python_agree_on_our_files() -> None:
    if not yaml.__with_libyaml__:
        pytest.fail("PyYAML without libyaml: the fallback is the pure-Python loader only")
    for path in OUR_FILES:
        text = yamlfile.read_text(path)
        assert _compose(text, yamlfile._CPlainLoader) == _compose(text, _PlainLoader), path
