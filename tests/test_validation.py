"""`claims check`: good seeds pass, and every broken input gets one clear line naming file, line and field."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from claims.cli import cli
from claims.corpus.walk import load_corpus

CLAIMS = "articles/2018-10-02-wsws-iran-missiles-syria.claims.yml"
TEXT = "articles/2018-10-02-wsws-iran-missiles-syria.txt"
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<field>[^:]+): (?P<message>.+)$")


def check(seeds: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["check", "--seeds", str(seeds)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr.splitlines()[:-1]


def replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_number(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_the_seeds_pass(seeds):
    result = CliRunner().invoke(cli, ["check", "--seeds", str(seeds)])
    assert result.exit_code == 0, result.stderr
    # the counts, read with plain PyYAML: every article, claim, speaker and outlet went through the check
    claims_files = sorted((seeds / "articles").glob("*.claims.yml"))
    claims = sum(len(yaml.safe_load(path.read_text(encoding="utf-8"))["claims"]) for path in claims_files)
    speakers = len(yaml.safe_load((seeds / "speakers.yml").read_text(encoding="utf-8"))["speakers"])
    outlets = len(yaml.safe_load((seeds / "outlets.yml").read_text(encoding="utf-8"))["outlets"])
    assert len(claims_files) > 1
    assert (
        f"ok: {len(claims_files)} article(s), {claims} claim(s), {speakers} speaker(s), {outlets} outlet(s)"
        in result.stdout
    )


BROKEN = [
    # (file, old, new, field, message fragment)
    (
        CLAIMS,
        "  kind: indirect\n",
        "  kind: rumour\n",
        "claims[0].kind",
        "Input should be 'direct', 'partial' or 'indirect'",
    ),
    (CLAIMS, "  start: 244\n", "  start: '244'\n", "claims[0].start", "Input should be a valid integer"),
    (CLAIMS, "  verb: claiming\n", "  verb: claiming\n  mood: sure\n", "claims[0].mood", "unknown field"),
    (CLAIMS, "  speaker: irgc\n", "", "claims[0].speaker", "required field is missing"),
    (
        CLAIMS,
        "  start: 244\n  end: 423\n",
        "  start: 245\n  end: 424\n",
        "claims[0].start",
        "the quote is at start 244, end 423",
    ),
    (CLAIMS, "  speaker: irgc\n", "  speaker: nobody\n", "claims[0].speaker", "unknown speaker 'nobody'"),
    (CLAIMS, "  via: washington-post\n", "  via: daily-planet\n", "claims[9].via", "unknown speaker 'daily-planet'"),
    (CLAIMS, "  outlet: wsws\n", "  outlet: pravda\n", "article.outlet", "unknown outlet 'pravda'"),
    (CLAIMS, "  said_from: 2018-10-01\n", "  said_from: 2018-02-30\n", "claims[0].said_from", "valid date"),
    (
        CLAIMS,
        "  said_from: 2018-10-01\n",
        "  said_from: 2018-10-05\n",
        "claims[0].said_to",
        "after publication on 2018-10-02",
    ),
    (CLAIMS, "- id: c-dccf98ee6a2e\n", "- id: c-24933c7ab865\n", "claims[1].id", "duplicate claim id 'c-24933c7ab865'"),
    (
        CLAIMS,
        "  speaker_label: Tehran\n",
        "  speaker_label: Teheran\n",
        "claims[1].speaker_label",
        "not in the article text",
    ),
    (CLAIMS, "  text: 2018-10-02", "  text: missing-", "article.text", "cannot read"),
    (CLAIMS, "  kind: indirect\n", "  kind: [indirect\n", "(file)", "YAML syntax"),
    (CLAIMS, "  verb: claiming\n", "  verb: claiming\n  verb: said\n", "(file)", "duplicate key 'verb'"),
    ("speakers.yml", "    type: government\n", "    type: regime\n", "speakers[0].type", "Input should be"),
    (
        "speakers.yml",
        "speakers:\n",
        "speakers:\n  - {id: irgc, name: IRGC again, type: group}\n",
        "speakers[2].id",
        "duplicate id 'irgc'",
    ),
    (
        "outlets.yml",
        "    url: https://www.wsws.org\n",
        "    url: https://www.wsws.org\n    country: usa\n",
        "outlets[0].country",
        "String should match pattern",
    ),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "field", "message"), BROKEN, ids=[b[3] + ":" + b[4][:20] for b in BROKEN]
)
def test_a_broken_input_gets_one_clear_line(seeds, file, old, new, field, message):
    replace(seeds / file, old, new)
    status, lines = check(seeds)
    assert status == 1
    assert len(lines) == 1, lines
    parsed = LINE.match(lines[0])
    assert parsed, lines[0]
    assert parsed["field"] == field
    assert message in parsed["message"]
    assert Path(parsed["path"]).exists() or "cannot read" in message


def test_the_line_number_points_at_the_field(seeds):
    replace(seeds / CLAIMS, "  speaker: sean-ryan\n", "  speaker: sean-ryn\n")
    _, lines = check(seeds)
    expected = line_number(seeds / CLAIMS, "speaker: sean-ryn")
    assert lines[0].startswith(f"{seeds / CLAIMS}:{expected}: claims[3].speaker: ")


def test_all_problems_are_reported_in_one_run(seeds):
    replace(seeds / CLAIMS, "  speaker: john-bolton\n", "  speaker: bolton\n", count=3)
    replace(seeds / "speakers.yml", "    type: media\n", "    type: press\n")
    status, lines = check(seeds)
    assert status == 1
    assert len(lines) == 4
    assert sum("unknown speaker 'bolton'" in line for line in lines) == 3


def test_non_utf8_text_is_reported_with_its_line(seeds):
    text = seeds / TEXT
    text.write_bytes(text.read_bytes().replace(b"Bill Van Auken", b"Bill Van Auk\xe9n"))
    offset = text.read_bytes().index(b"\xe9")
    _, lines = check(seeds)
    assert lines == [f"{text}:3: (file): not UTF-8 (byte 0xe9 at offset {offset})"]


def test_binary_and_empty_files_are_reported(seeds):
    (seeds / "outlets.yml").write_bytes(b"")
    (seeds / "speakers.yml").write_bytes(b"\x00\x01\x02")
    _, lines = check(seeds)
    assert f"{seeds / 'outlets.yml'}:1: (file): file is empty" in lines
    assert f"{seeds / 'speakers.yml'}:1: (file): binary file (NUL byte)" in lines


def test_a_missing_seeds_directory_is_reported(tmp_path):
    status, lines = check(tmp_path / "nowhere")
    assert status == 1
    assert lines == [f"{tmp_path / 'nowhere'}:1: (directory): seeds directory does not exist"]


def test_a_byte_order_mark_and_crlf_line_ends_simply_work(seeds):
    path = seeds / CLAIMS
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    status, lines = check(seeds)
    assert (status, lines) == (0, [])


def test_the_loaded_corpus_holds_the_verbatim_text(seeds):
    corpus, problems = load_corpus(seeds)
    assert problems == []
    (article,) = [article for article in corpus.articles if article.text_path.name == Path(TEXT).name]
    assert article.text.encode("utf-8") == (seeds / TEXT).read_bytes()


def test_a_dangling_claims_file_is_reported_and_a_directory_loop_is_harmless(seeds):
    (seeds / "articles" / "gone.claims.yml").symlink_to(seeds / "nowhere.claims.yml")
    (seeds / "articles" / "loop").symlink_to(seeds / "articles", target_is_directory=True)
    status, lines = check(seeds)
    assert status == 1
    assert lines == [f"{seeds / 'articles' / 'gone.claims.yml'}:1: (file): No such file or directory"]


def test_a_text_that_changed_under_its_claims_gets_one_line(seeds):
    text, claims_file = seeds / TEXT, seeds / CLAIMS
    recorded = hashlib.sha256(text.read_bytes()).hexdigest()
    replace(text, "Tehran said", "Tehran claimed")
    status, lines = check(seeds)
    changed = hashlib.sha256(text.read_bytes()).hexdigest()
    assert (status, lines) == (
        1,
        [
            f"{claims_file}:{line_number(claims_file, 'sha256:')}: article.sha256: {text.name} changed under its "
            f"claims: its SHA-256 is {changed}, not {recorded}"
        ],
    )
