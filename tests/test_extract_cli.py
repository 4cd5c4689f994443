"""`claims extract` and `claims eval` as a user runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import yaml
from click.testing import CliRunner

from claims.cli import cli
from claims.corpus.walk import load_corpus

from .conftest import ROOT, SEED_ARTICLE, SEEDS

ARTICLE = SEED_ARTICLE.with_suffix(".txt")


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_json_output_has_every_promised_field_and_exact_spans():
    result = run("extract", str(ARTICLE), "--published", "2018-10-02", "--format", "json")
    assert result.exit_code == 0, result.stderr
    claims = json.loads(result.stdout)
    text = ARTICLE.read_text(encoding="utf-8")
    assert len(claims) >= 15
    for claim in claims:
        keys = {"kind", "quote", "start", "end", "speaker", "speaker_label", "verb", "via", "said_from", "said_to"}
        assert keys | {"said_precision"} <= set(claim)  # the name the claims files and the tables use
        assert text[claim["start"] : claim["end"]] == claim["quote"]
    moallem = [c for c in claims if c["quote"].startswith("It has even become clear")]
    assert moallem[0]["speaker"] == "Walid al-Moallem"
    assert moallem[0]["said_from"] == "2018-09-29"


def test_a_yaml_draft_written_beside_its_article_passes_claims_check(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    claims_file = seeds / "articles" / f"{SEED_ARTICLE.name}.claims.yml"
    result = run(
        "extract",
        str(seeds / "articles" / ARTICLE.name),
        "--published",
        "2018-10-02",
        "--outlet",
        "wsws",
        "--seeds",
        str(seeds),
    )
    assert result.exit_code == 0, result.stderr
    draft = yaml.safe_load(result.stdout)
    # registry speakers are recognised by name or alias
    speakers = {claim["speaker"] for claim in draft["claims"]}
    assert {"sean-ryan", "john-bolton", "walid-al-moallem", "james-jeffrey"} <= speakers
    claims_file.write_text(result.stdout.split("# New speakers")[0], encoding="utf-8")
    # new speakers are proposed for review, in comments
    proposals = [line for line in result.stdout.splitlines() if line.startswith("#   ")]
    (seeds / "speakers.yml").write_text(
        (seeds / "speakers.yml").read_text() + "\n".join("  " + line[4:] for line in proposals) + "\n"
    )
    corpus, problems = load_corpus(seeds)
    assert [str(p) for p in problems] == []
    (article,) = [article for article in corpus.articles if article.meta.id == SEED_ARTICLE.name]
    assert len(article.claims) == len(draft["claims"])


def test_bad_input_gets_one_clear_line_and_no_traceback(tmp_path):
    cases = {
        "empty.txt": b"",
        "binary.txt": b"\x00\x01\x02PNG",
        "latin1.txt": "caf\xe9 said".encode("latin-1"),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        result = run("extract", str(tmp_path / name))
        assert result.exit_code == 1
        assert result.stderr.startswith(f"{tmp_path / name}: ")
        assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 6_000_000)
    assert "at most" in run("extract", str(big)).stderr


def test_many_articles_at_once_report_failures_by_name(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(ARTICLE, inputs / "good.txt")
    (inputs / "bad.txt").write_bytes(b"\xff\xfe\x00")
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "claims",
        "extract",
        str(inputs),
        "--out",
        str(out),
        "--jobs",
        "2",
        "--published",
        "2018-10-02",
        "--outlet",
        "wsws",
    ]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"{inputs / 'bad.txt'}: line 1: binary file (NUL byte)" in result.stderr
    assert "1 draft(s) in" in result.stderr and "1 failed" in result.stderr
    draft = yaml.safe_load((out / "good.claims.yml").read_text())
    assert len(draft["claims"]) >= 15
    assert (out / "good.txt").read_bytes() == ARTICLE.read_bytes()


def test_eval_prints_precision_recall_and_speaker_accuracy():
    result = run("eval", str(ROOT / "tests" / "gold" / "dev"))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["gold", "found", "match", "P", "R", "F1"]
    assert lines[2].startswith("direct+partial quotes")
    assert lines[3].startswith("reported speech")
    assert lines[4].startswith("speaker right on matched quotes:")


def test_the_gold_sets_are_valid_seeds():
    for part in ("dev", "heldout"):
        corpus, problems = load_corpus(ROOT / "tests" / "gold" / part)
        assert problems == []
        assert len(corpus.articles) >= 8
