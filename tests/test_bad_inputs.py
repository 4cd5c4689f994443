"""Broken seeds, one fault each: `claims check` exits 1 with exactly the one line in the case's expected.txt.

Every directory in tests/bad_inputs/ that holds an `expected.txt` is a complete tiny seeds directory (its
expected.txt aside) with one thing wrong; `_base/` is the valid corpus the cases were made from. Inputs that
git does not keep well (binary, not UTF-8, enormous, symlinks, no directory at all) are made from `_base/`
at run time. Paths in the expected lines are relative to the seeds directory; the directory itself is `.`.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from claims.cli import cli

CASES_DIR = Path(__file__).resolve().parent / "bad_inputs"
BASE = CASES_DIR / "_base"
CLAIMS_BIN = Path(sys.executable).with_name("claims")
PROBLEM = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<field>[^:]+): (?P<message>.+)$")
SUMMARY = re.compile(r"^\d+ problem\(s\) found$")
TWENTY_ONE_MB = 21_000_000

FILE_CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "expected.txt").is_file())

Make = Callable[[Path], None]
RUNTIME_CASES: dict[str, tuple[Make, str]] = {}


def runtime_case(expected: str) -> Callable[[Make], Make]:
    """Register a case made at run time from `_base/`; its name is the function's, with hyphens."""

    def register(make: Make) -> Make:
        RUNTIME_CASES[make.__name__.replace("_", "-")] = (make, expected)
        return make

    return register


def _replace_bytes(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert data.count(old) == 1, old
    path.write_bytes(data.replace(old, new))


def _pad_to(path: Path, size: int, filler: bytes) -> None:
    """Make a file exactly `size` bytes by appending lines of `filler`."""
    data = path.read_bytes()
    line = filler * 99 + b"\n"
    padding = line * ((size - len(data)) // len(line))
    path.write_bytes(data + padding + b" " * (size - len(data) - len(padding)))
    assert path.stat().st_size == size


@runtime_case("articles/x.txt:5: (file): binary file (NUL byte)")
def binary_article_text(seeds: Path) -> None:
    _replace_bytes(seeds / "articles/x.txt", b"She added", b"She\x00added")


@runtime_case("articles/x.txt:3: (file): not UTF-8 (byte 0xe9 at offset 39)")
def latin1_article_text(seeds: Path) -> None:
    _replace_bytes(seeds / "articles/x.txt", b"Jane Doe", "Jane Doé".encode("latin-1"))


@runtime_case("articles/x.claims.yml:3: (file): binary file (NUL byte)")
def binary_claims_file(seeds: Path) -> None:
    (seeds / "articles/x.claims.yml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")


@runtime_case("articles/x.claims.yml:6: (file): not UTF-8 (byte 0xe9 at offset 166)")
def latin1_claims_file(seeds: Path) -> None:
    _replace_bytes(seeds / "articles/x.claims.yml", b"Jane Doe", "Jane Doé".encode("latin-1"))


@runtime_case(
    "articles/x.claims.yml:4: (file): YAML: unacceptable character #x001f: special characters are not allowed"
)
def control_character_in_claims_file(seeds: Path) -> None:
    _replace_bytes(seeds / "articles/x.claims.yml", b"says budget", b"says\x1fbudget")


@runtime_case("speakers.yml:3: (file): binary file (NUL byte)")
def binary_registry(seeds: Path) -> None:
    (seeds / "speakers.yml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")


@runtime_case("articles/x.txt:1: (file): file is 21,000,000 bytes, more than the 20,000,000 allowed")
def enormous_article_text(seeds: Path) -> None:
    _pad_to(seeds / "articles/x.txt", TWENTY_ONE_MB, b"a")


@runtime_case("articles/x.claims.yml:1: (file): file is 21,000,000 bytes, more than the 20,000,000 allowed")
def enormous_claims_file(seeds: Path) -> None:
    _pad_to(seeds / "articles/x.claims.yml", TWENTY_ONE_MB, b"#")


@runtime_case("articles/gone.claims.yml:1: (file): No such file or directory")
def dangling_claims_symlink(seeds: Path) -> None:
    (seeds / "articles/gone.claims.yml").symlink_to("nowhere.claims.yml")


@runtime_case("articles/loop.claims.yml:1: (file): Too many levels of symbolic links")
def claims_symlink_loop(seeds: Path) -> None:
    # loop.claims.yml -> loop-b.yml -> loop.claims.yml: one claims file, and it cannot be opened
    (seeds / "articles/loop.claims.yml").symlink_to("loop-b.yml")
    (seeds / "articles/loop-b.yml").symlink_to("loop.claims.yml")


@runtime_case("articles/x.claims.yml:9: article.text: cannot read articles/x.txt: No such file or directory")
def dangling_article_text_symlink(seeds: Path) -> None:
    (seeds / "articles/x.txt").unlink()
    (seeds / "articles/x.txt").symlink_to("x-original.txt")


@runtime_case(".:1: (directory): seeds directory does not exist")
def seeds_directory_missing(seeds: Path) -> None:
    shutil.rmtree(seeds)


ALL_CASES = [*FILE_CASES, *RUNTIME_CASES]


def make_case(name: str, seeds: Path) -> str:
    """Lay the case out as a seeds directory at `seeds`; return the line it must produce."""
    if name in RUNTIME_CASES:
        make, expected = RUNTIME_CASES[name]
        shutil.copytree(BASE, seeds)
        make(seeds)
        return expected
    shutil.copytree(CASES_DIR / name, seeds, ignore=shutil.ignore_patterns("expected.txt"))
    return (CASES_DIR / name / "expected.txt").read_text(encoding="utf-8").rstrip("\n")


def relative(output: str, seeds: Path) -> str:
    """Output with the seeds directory's own path taken out: `articles/x.txt`, and `.` for the directory."""
    return output.replace(f"{seeds}{os.sep}", "").replace(str(seeds), ".")


@dataclass
class Outcome:
    status: int
    stdout: str
    stderr: str

    def problems(self, seeds: Path) -> list[str]:
        """The problem lines: stderr without its closing count."""
        lines = relative(self.stderr, seeds).splitlines()
        if lines and SUMMARY.match(lines[-1]):
            lines.pop()
        return lines


def run_cli(*args: str) -> Outcome:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return Outcome(result.exit_code, result.stdout, result.stderr)


def run_process(*args: str, timeout: float = 60) -> Outcome:
    result = subprocess.run([str(CLAIMS_BIN), *args], capture_output=True, text=True, timeout=timeout)
    return Outcome(result.returncode, result.stdout, result.stderr)


def assert_one_line(outcome: Outcome, seeds: Path, expected: str) -> None:
    assert "Traceback" not in outcome.stdout + outcome.stderr, outcome.stderr
    problems = outcome.problems(seeds)
    assert (outcome.status, problems) == (1, [expected])
    assert PROBLEM.match(problems[0]), problems[0]


def test_there_are_enough_cases_and_the_base_is_valid():
    assert len(ALL_CASES) >= 45
    outcome = run_cli("check", "--seeds", str(BASE))
    assert (outcome.status, outcome.stdout) == (0, "ok: 1 article(s), 3 claim(s), 3 speaker(s), 1 outlet(s)\n")


@pytest.mark.parametrize("name", ALL_CASES)
def test_check_reports_the_one_expected_line(name: str, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    expected = make_case(name, seeds)
    assert_one_line(run_cli("check", "--seeds", str(seeds)), seeds, expected)


PROCESS_SAMPLE = [
    "yaml-tab-indentation",
    "yaml-duplicate-key-claim",
    "type-string-for-int",
    "offset-not-matching-quote",
    "duplicate-claim-id-across-files",
    "date-february-30",
    "latin1-article-text",
    "claims-symlink-loop",
    "seeds-directory-missing",
]


@pytest.mark.parametrize("name", PROCESS_SAMPLE)
def test_the_installed_command_reports_the_same_line(name: str, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    expected = make_case(name, seeds)
    assert_one_line(run_process("check", "--seeds", str(seeds)), seeds, expected)


BUILD_SAMPLE = [
    "yaml-unclosed-quote",
    "type-list-for-str",
    "unknown-field-claim",
    "missing-claim-speaker",
    "offset-out-of-range",
    "duplicate-article-id",
    "unknown-via",
    "said-after-publication",
    "enum-bad-kind",
    "empty-claims-file",
    "binary-article-text",
]


@pytest.fixture(scope="module")
def good_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("good") / "claims.db"
    outcome = run_cli("build", "--seeds", str(BASE), "--db", str(db))
    assert outcome.status == 0, outcome.stderr
    return db


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", BUILD_SAMPLE)
def test_a_failed_build_leaves_the_database_as_it_was(name: str, tmp_path: Path, good_db: Path) -> None:
    seeds = tmp_path / "seeds"
    make_case(name, seeds)
    db = tmp_path / "db" / "claims.db"
    db.parent.mkdir()
    shutil.copyfile(good_db, db)
    before = sha256(db)
    outcome = run_cli("build", "--seeds", str(seeds), "--db", str(db))
    assert outcome.status == 1
    assert "Traceback" not in outcome.stderr
    assert PROBLEM.match(outcome.stderr.splitlines()[0]), outcome.stderr  # the line itself is checked above
    assert sha256(db) == before
    assert [p.name for p in db.parent.iterdir()] == ["claims.db"]  # no temporary file left behind


# YAML aliases: an alias inside itself, and a few lines that expand to 9**9 values ("billion laughs"). Whatever
# the one line says, it must come quickly and without a traceback; run as a process so a hang is cut off.

ALIAS_BOMB = "notes:\n  l0: &l0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"  l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 9)
)
ALIAS_CASES = {
    "recursive-alias": ("  verb: said\n", "  verb: &verb [*verb]\n"),
    "alias-bomb": ("  via: daily-planet\n", "  via: daily-planet\n" + ALIAS_BOMB),
    # deeper than Python's recursion limit: PyYAML's composer recurses once per level
    "deep-nesting": ("  verb: said\n", "  verb: " + "[" * 1100 + "]" * 1100 + "\n"),
}


@pytest.mark.parametrize("name", ALIAS_CASES)
def test_yaml_aliases_get_one_line_quickly(name: str, tmp_path: Path) -> None:
    seeds = Path(shutil.copytree(BASE, tmp_path / "seeds"))
    _replace_bytes(seeds / "articles/x.claims.yml", *(part.encode() for part in ALIAS_CASES[name]))
    try:
        outcome = run_process("check", "--seeds", str(seeds), timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail("claims check still running after 10 s")
    assert "Traceback" not in outcome.stderr, outcome.stderr[-2000:]
    problems = outcome.problems(seeds)
    assert (outcome.status, len(problems)) == (1, 1), problems
    assert problems[0].startswith("articles/x.claims.yml:"), problems


# Inputs that must simply work.


def _bom(path: Path) -> None:
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def _crlf(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))


def _yaml_files(seeds: Path) -> list[Path]:
    return [seeds / "outlets.yml", seeds / "speakers.yml", seeds / "articles/x.claims.yml"]


def _crlf_text(seeds: Path) -> None:
    """CRLF in the article text: offsets count the characters as read, so each `\\r` before a quote moves it."""
    text = (seeds / "articles/x.txt").read_text(encoding="utf-8")
    claims = (seeds / "articles/x.claims.yml").read_text(encoding="utf-8")
    for name in ("start", "end"):
        claims = re.sub(
            rf"^  {name}: (\d+)$",
            lambda m, name=name: f"  {name}: {int(m[1]) + text[: int(m[1])].count(chr(10))}",
            claims,
            flags=re.MULTILINE,
        )
    (seeds / "articles/x.claims.yml").write_text(claims, encoding="utf-8", newline="\n")
    _crlf(seeds / "articles/x.txt")


def bom_on_yaml(seeds: Path) -> None:
    for path in _yaml_files(seeds):
        _bom(path)


def bom_on_text(seeds: Path) -> None:
    _bom(seeds / "articles/x.txt")


def crlf_in_yaml(seeds: Path) -> None:
    for path in _yaml_files(seeds):
        _crlf(path)


def crlf_in_text(seeds: Path) -> None:
    _crlf_text(seeds)


def bom_and_crlf_everywhere(seeds: Path) -> None:
    _crlf_text(seeds)
    for path in _yaml_files(seeds):
        _crlf(path)
    for path in [*_yaml_files(seeds), seeds / "articles/x.txt"]:
        _bom(path)


def directory_symlink_loop(seeds: Path) -> None:
    (seeds / "articles/up").symlink_to("..", target_is_directory=True)


WORKING = [bom_on_yaml, bom_on_text, crlf_in_yaml, crlf_in_text, bom_and_crlf_everywhere, directory_symlink_loop]


@pytest.mark.parametrize("make", WORKING, ids=[m.__name__ for m in WORKING])
def test_these_inputs_simply_work(make: Make, tmp_path: Path) -> None:
    seeds = Path(shutil.copytree(BASE, tmp_path / "seeds"))
    make(seeds)
    outcome = run_cli("check", "--seeds", str(seeds))
    assert (outcome.status, outcome.stderr) == (0, "")
    assert outcome.stdout == "ok: 1 article(s), 3 claim(s), 3 speaker(s), 1 outlet(s)\n"


def test_crlf_text_offsets_count_the_carriage_returns(tmp_path: Path) -> None:
    """The same offsets as in the LF text are wrong once the text has CRLF line ends."""
    seeds = Path(shutil.copytree(BASE, tmp_path / "seeds"))
    _crlf(seeds / "articles/x.txt")
    problems = run_cli("check", "--seeds", str(seeds)).problems(seeds)
    assert problems[0] == (
        "articles/x.claims.yml:14: claims[0].start: text[56:87] is not the quote; the quote is at start 60, end 91"
    )
