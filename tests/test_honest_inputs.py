"""Honest input handling: `claims add` takes no date the page does not give and no text already in the seeds,
`claims extract` reads a saved page as `claims add` does, and `claims export` neither reads a database older than
the seeds nor needs an id for a speaker it can find by name."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from claims.build.building import build
from claims.cli import cli
from claims.corpus.walk import load_corpus

from .conftest import SEED_ARTICLE
from .test_adding import PAGE

UNDATED_PAGE = """<!DOCTYPE html>
<html><head><title>Mayor says bridge will reopen - Example News</title>
<link rel="canonical" href="https://example.org/local/bridge"></head>
<body><nav><a href="/">Home</a> | <a href="/local">Local news menu</a></nav>
<article><h1>Mayor says bridge will reopen</h1>
<p>"The bridge will reopen next month," Mayor Helen Park said on Wednesday.</p>
<p>Engineers said the repairs were nearly complete.</p></article>
<footer>&copy; 2024 Example News. All rights reserved.</footer></body></html>
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def listing(seeds: Path) -> dict[str, bytes]:
    return {str(path.relative_to(seeds)): path.read_bytes() for path in sorted(seeds.rglob("*")) if path.is_file()}


# claims add


def test_add_takes_no_date_from_a_copyright_line(seeds: Path, tmp_path: Path):
    page = tmp_path / "bridge.html"
    page.write_text(UNDATED_PAGE, encoding="utf-8")
    before = listing(seeds)
    result = run("add", str(page), "--outlet", "wsws", "--seeds", str(seeds))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{page}: no publication date found on the page: give it with --published YYYY-MM-DD"
    ]
    assert listing(seeds) == before
    dated = run("add", str(page), "--outlet", "wsws", "--published", "2024-03-08", "--seeds", str(seeds))
    assert dated.exit_code == 0, dated.output
    (claims_file,) = (seeds / "articles").glob("2024-03-08-wsws-mayor-says-bridge-*.claims.yml")
    assert "said_from: 2024-03-06" in claims_file.read_text(encoding="utf-8")  # Wednesday, against the date given


def test_add_says_where_the_date_comes_from(seeds: Path, tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    result = run("add", str(page), "--outlet", "wsws", "--seeds", str(seeds))
    assert result.exit_code == 0, result.output
    assert "published 2018-09-25: the page's own date" in result.output.splitlines()


def test_add_refuses_a_text_already_in_the_seeds_under_another_date(seeds: Path, tmp_path: Path):
    copy = tmp_path / "copy.txt"
    shutil.copyfile(SEED_ARTICLE.with_suffix(".txt"), copy)
    before = listing(seeds)
    result = run("add", str(copy), "--outlet", "wsws", "--published", "2018-10-03", "--seeds", str(seeds))
    assert result.exit_code == 1
    (line,) = result.output.splitlines()
    assert line == (
        f"{copy}: the same text is already in seeds as article '{SEED_ARTICLE.name}' "
        f"({seeds / 'articles' / SEED_ARTICLE.name}.claims.yml)"
    )
    assert listing(seeds) == before


def test_add_refuses_a_page_whose_text_was_added_before(seeds: Path, tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    assert run("add", str(page), "--outlet", "wsws", "--seeds", str(seeds)).exit_code == 0
    before = listing(seeds)
    again = run("add", str(page), "--outlet", "wsws", "--published", "2018-09-26", "--seeds", str(seeds))
    assert again.exit_code == 1
    assert "the same text is already in seeds as article '2018-09-25-wsws-adviser-says-us-troops" in again.output
    assert listing(seeds) == before


# claims extract


def test_extract_reads_a_saved_page_as_add_does(seeds: Path, tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "drafts"
    result = run("extract", str(page), "--outlet", "wsws", "--out", str(out), "--seeds", str(seeds))
    assert result.exit_code == 0, result.output
    draft = yaml.safe_load((out / "page.claims.yml").read_text(encoding="utf-8"))
    article = draft["article"]
    assert article["title"] == "Adviser says US troops will stay in Syria"
    assert (str(article["published"]), article["text"], article["original"]) == ("2018-09-25", "page.txt", "page.html")
    text = (out / "page.txt").read_text(encoding="utf-8")
    assert text.startswith("Adviser says US troops will stay in Syria\n\n") and "<" not in text
    assert (out / "page.html").read_bytes() == page.read_bytes()
    assert draft["claims"] and all("<" not in claim["quote"] for claim in draft["claims"])
    assert all(text[claim["start"] : claim["end"]] == claim["quote"] for claim in draft["claims"])


def test_extract_of_a_page_to_standard_output_says_where_its_text_is(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    result = run("extract", str(page), "--outlet", "wsws")
    assert result.exit_code == 0, result.stderr
    assert "title: Adviser says US troops will stay in Syria" in result.stdout
    assert "DOCTYPE" not in result.stdout and "</p>" not in result.stdout
    assert "written only with --out" in result.stderr


def test_extract_takes_no_date_from_a_copyright_line_either(tmp_path: Path):
    page = tmp_path / "bridge.html"
    page.write_text(UNDATED_PAGE, encoding="utf-8")
    result = run("extract", str(page), "--outlet", "wsws")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{page}: no publication date found on the page: give it with --published YYYY-MM-DD"
    ]
    undated = run("extract", str(page), "--format", "json")  # claims without dates need none
    assert undated.exit_code == 0, undated.stderr
    claims = json.loads(undated.stdout)
    assert claims and all(claim["said_from"] is None for claim in claims)


# claims export


def _records(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


def test_export_refuses_a_database_older_than_the_seeds_or_rebuilds_it(seeds: Path, tmp_path: Path):
    db = tmp_path / "claims.db"
    build(seeds, db)
    total = sum(len(article.claims) for article in load_corpus(seeds)[0].articles)
    claims_file = seeds / "articles" / f"{SEED_ARTICLE.name}.claims.yml"
    text = claims_file.read_text(encoding="utf-8")
    claims_file.write_text(text[: text.index("\n- id:", text.index("\nclaims:") + 9)] + "\n", encoding="utf-8")
    later = db.stat().st_mtime + 5
    os.utime(claims_file, (later, later))
    left = sum(len(article.claims) for article in load_corpus(seeds)[0].articles)
    assert left < total
    stale = run("export", "--db", str(db), "--seeds", str(seeds))
    assert stale.exit_code == 1 and stale.stdout == ""
    assert stale.stderr.splitlines() == [
        f"error: {db} is older than {seeds}: rebuild it with `claims build` (or export --build)"
    ]
    rebuilt = run("export", "--db", str(db), "--seeds", str(seeds), "--build")
    assert rebuilt.exit_code == 0, rebuilt.stderr
    assert len(_records(rebuilt.stdout)) == left  # standard output holds the export alone
    assert f"built {db}" in rebuilt.stderr


def test_export_finds_a_speaker_by_name_or_alias(db_path: Path):
    by_id = _records(run("export", "--db", str(db_path), "--speaker", "donald-trump").stdout)
    assert len(by_id) > 3
    for words in ("Donald Trump", "donald trump", "President Trump"):
        result = run("export", "--db", str(db_path), "--speaker", words)
        assert result.exit_code == 0, result.stderr
        assert _records(result.stdout) == by_id


def test_export_asks_for_an_id_when_a_name_is_several_speakers(seeds: Path, tmp_path: Path):
    registry = seeds / "speakers.yml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(
        text.replace("aliases: [Bolton, ", "aliases: [the adviser, Bolton, ", 1).replace(
            "aliases: [Grisham, ", "aliases: [the adviser, Grisham, ", 1
        ),
        encoding="utf-8",
    )
    db = tmp_path / "claims.db"
    build(seeds, db)
    result = run("export", "--db", str(db), "--seeds", str(seeds), "--speaker", "The Adviser")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: 'The Adviser' names 2 speakers (john-bolton, stephanie-grisham): give one of their ids"
    ]
