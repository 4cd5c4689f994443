"""`claims speakers rename` and `claims speakers merge`: the registry and every claim that names the speaker change
together, checked as `claims check` checks them before anything is written, comments and layout kept."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from claims.cli import cli
from claims.corpus.walk import load_corpus


def speakers(seeds: Path, *args: str):
    return CliRunner().invoke(cli, ["speakers", *args, "--seeds", str(seeds)])


def snapshot(seeds: Path) -> dict[str, bytes]:
    return {str(path.relative_to(seeds)): path.read_bytes() for path in sorted(seeds.rglob("*")) if path.is_file()}


def registry(seeds: Path) -> dict[str, dict]:
    return {s["id"]: s for s in yaml.safe_load((seeds / "speakers.yml").read_text(encoding="utf-8"))["speakers"]}


def references(seeds: Path, speaker: str) -> list[tuple[str, str]]:
    """(claim id, field) of every claim whose speaker or via is `speaker`."""
    corpus, problems = load_corpus(seeds)
    assert problems == []
    return [
        (claim.id, name)
        for article in corpus.articles
        for claim in article.claims
        for name in ("speaker", "via")
        if getattr(claim, name) == speaker
    ]


def changed_files(before: dict[str, bytes], seeds: Path) -> set[str]:
    after = snapshot(seeds)
    assert set(after) == set(before)  # nothing left beside the files
    return {name for name in before if before[name] != after[name]}


def test_rename_changes_the_registry_and_every_claim_and_nothing_else(seeds: Path):
    before, named = snapshot(seeds), references(seeds, "donald-trump")
    files = [path for path in (seeds / "articles").glob("*.claims.yml") if "donald-trump" in path.read_text()]
    assert len(named) > len(files) > 1
    result = speakers(seeds, "rename", "donald-trump", "donald-j-trump")
    assert result.exit_code == 0, result.output
    assert f"{len(named)} claim(s) in {len(files)} file(s)" in result.output
    assert references(seeds, "donald-trump") == []
    assert references(seeds, "donald-j-trump") == named  # the same claims, in the same fields
    assert registry(seeds)["donald-j-trump"]["name"] == "Donald Trump"
    assert "donald-trump" not in registry(seeds)
    assert changed_files(before, seeds) == {"speakers.yml", *(str(path.relative_to(seeds)) for path in files)}
    # only the id changed, line for line: comments, quoting and layout are as they were
    old, new = before["speakers.yml"].decode().splitlines(), (seeds / "speakers.yml").read_text().splitlines()
    assert [(a, b) for a, b in zip(old, new, strict=True) if a != b] == [
        ("  - id: donald-trump", "  - id: donald-j-trump")
    ]


def test_rename_changes_a_via(seeds: Path):
    named = references(seeds, "stephanie-grisham")
    assert {field for _, field in named} == {"via"}
    result = speakers(seeds, "rename", "stephanie-grisham", "grisham")
    assert result.exit_code == 0, result.output
    assert f"{len(named)} claim(s) in 1 file(s) (0 as speaker, {len(named)} as via)" in result.output
    assert references(seeds, "grisham") == named


def test_merge_moves_the_claims_and_the_names_and_removes_the_speaker(seeds: Path):
    _add_speaker(seeds, "  - id: trump\n    name: Trump the president\n    type: person\n    aliases: [Trump, POTUS]\n")
    article = next((seeds / "articles").glob("2019-01-04-*.claims.yml"))
    article.write_text(article.read_text().replace("speaker: donald-trump", "speaker: trump", 1))
    trump, both = references(seeds, "trump"), references(seeds, "donald-trump")
    assert len(trump) == 1
    result = speakers(seeds, "merge", "trump", "donald-trump")
    assert result.exit_code == 0, result.output
    assert "1 claim(s) in 1 file(s)" in result.output
    assert "'Trump the president', 'POTUS'" in result.output  # "Trump" it had already
    assert sorted(references(seeds, "donald-trump")) == sorted(both + trump)
    merged = registry(seeds)
    assert "trump" not in merged
    assert merged["donald-trump"]["aliases"][-2:] == ["Trump the president", "POTUS"]
    assert merged["donald-trump"]["aliases"].count("Trump") == 1


def test_a_merge_that_makes_the_via_the_speaker_drops_the_via(seeds: Path):
    vias = references(seeds, "stephanie-grisham")
    result = speakers(seeds, "merge", "stephanie-grisham", "donald-trump")
    assert result.exit_code == 0, result.output
    assert f"{len(vias)} via(s) removed: now the speaker itself" in result.output
    corpus, problems = load_corpus(seeds)
    assert problems == []
    claims = {claim.id: claim for article in corpus.articles for claim in article.claims}
    assert all(claims[claim_id].via is None for claim_id, _ in vias)


def test_a_merge_keeps_the_comments_above_the_speaker_it_removes(seeds: Path):
    text = (seeds / "speakers.yml").read_text()
    note = "  # People and bodies of the articles added on 2026-11-24"
    assert f"{note}" in text and text.index(note) < text.index("  - id: donald-trump")
    assert speakers(seeds, "merge", "donald-trump", "john-bolton").exit_code == 0
    after = (seeds / "speakers.yml").read_text()
    assert note in after and "id: donald-trump" not in after
    assert after.index(note) < after.index("  - id: stephanie-grisham")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rename", "nobody", "somebody"], "error: no speaker 'nobody' in"),
        (["rename", "donald-trump", "john-bolton"], "error: speaker 'john-bolton' is already in"),
        (["rename", "donald-trump", "Donald Trump"], "error: 'Donald Trump' is not a speaker id"),
        (["merge", "nobody", "john-bolton"], "error: no speaker 'nobody' in"),
        (["merge", "john-bolton", "nobody"], "error: no speaker 'nobody' in"),
        (["merge", "john-bolton", "john-bolton"], "error: cannot merge 'john-bolton' into itself"),
    ],
)
def test_requests_that_cannot_be_done_get_one_line_and_change_nothing(seeds: Path, args: list[str], message: str):
    before = snapshot(seeds)
    result = speakers(seeds, *args)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(message), line
    assert snapshot(seeds) == before


def test_a_corpus_that_would_not_pass_check_is_refused_and_no_file_changes(seeds: Path):
    # a claims file that does not name the speaker, broken: the change is checked on the whole corpus
    other = next((seeds / "articles").glob("2019-01-23-*.claims.yml"))
    assert "donald-trump" not in other.read_text()
    other.write_text(other.read_text().replace("verb: said", "verb: said\n  via: nobody-at-all", 1))
    before = snapshot(seeds)
    result = speakers(seeds, "rename", "donald-trump", "donald-j-trump")
    assert result.exit_code == 1
    assert f"{other}:" in result.stderr and "unknown speaker 'nobody-at-all'" in result.stderr
    assert "nothing changed" in result.stderr
    assert snapshot(seeds) == before


def test_the_check_runs_on_the_new_files_before_any_is_written(seeds: Path, monkeypatch: pytest.MonkeyPatch):
    """A rename whose new files would not validate (here: a via made the speaker itself) writes nothing."""
    article = next((seeds / "articles").glob("2019-10-08-*.claims.yml"))
    assert "via: stephanie-grisham" in article.read_text()
    monkeypatch.setattr("claims.intake.registry._retarget", _careless_retarget)
    before = snapshot(seeds)
    result = speakers(seeds, "rename", "stephanie-grisham", "grisham")
    assert result.exit_code == 1
    assert f"{article}:" in result.stderr and "via is the speaker itself" in result.stderr
    assert snapshot(seeds) == before


def _careless_retarget(old: str, new: str, moved: object):
    def change(data: dict) -> None:
        for claim in data["claims"]:
            if claim.get("via") == old:
                claim["via"] = claim["speaker"]

    return change


def _add_speaker(seeds: Path, entry: str) -> None:
    path = seeds / "speakers.yml"
    path.write_text(path.read_text(encoding="utf-8") + entry, encoding="utf-8")
