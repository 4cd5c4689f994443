from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from claims.cli import cli
from claims.corpus.models import UNSURE_MATCHES, Speaker
from claims.corpus.walk import load_corpus
from claims.extraction import Extracted
from claims.intake import adding
from claims.intake.drafting import GUESS_CONFIDENCE, draft_claims
from claims.intake.matching import UNIDENTIFIED, SpeakerIndex

PAGE = """<!DOCTYPE html>
<html><head><title>Adviser says US troops will stay in Syria - Example News</title>
<meta property="og:title" content="Adviser says US troops will stay in Syria">
<link rel="canonical" href="https://example.org/world/adviser-syria">
<meta name="date" content="2018-09-25"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World news menu</a></nav>
<article><h1>Adviser says US troops will stay in Syria</h1>
<p>"We're not going to leave as long as Iranian troops are outside Iranian borders, and that includes Iranian
proxies and militias," Bolton told reporters in New York on Monday.</p>
<p>"The strikes were a clear message to the enemies of Iran," said Brigadier General Amir Hatami, speaking to
state television on Tuesday.</p>
<p>Syria's foreign minister Walid al-Moallem said the coalition had done everything but fight terrorism.</p>
</article><footer>Copyright Example News, all rights reserved</footer></body></html>
"""


def add(seeds: Path, article: Path, *args: str):
    return CliRunner().invoke(cli, ["add", str(article), "--seeds", str(seeds), *args])


def test_a_saved_page_becomes_clean_text_the_page_is_kept_and_the_draft_passes_check(seeds, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    result = add(seeds, page, "--outlet", "wsws", "--licence", "CC BY 2.5", "--collected", "2026-11-24")
    assert result.exit_code == 0, result.output
    stem = seeds / "articles" / "2018-09-25-wsws-adviser-says-us-troops-will-stay-in-syria"
    text = stem.with_suffix(".txt").read_text(encoding="utf-8")
    assert text.startswith("Adviser says US troops will stay in Syria\n\n")
    assert "menu" not in text and "Copyright" not in text
    assert stem.with_suffix(".html").read_bytes() == page.read_bytes()

    corpus, problems = load_corpus(seeds)
    assert problems == []
    article = next(a for a in corpus.articles if a.meta.id == stem.name)
    assert article.meta.url == "https://example.org/world/adviser-syria"
    assert str(article.meta.collected) == "2026-11-24" and article.meta.licence == "CC BY 2.5"
    assert article.meta.original == stem.name + ".html"
    assert article.meta.sha256 == hashlib.sha256(stem.with_suffix(".txt").read_bytes()).hexdigest()
    assert all(c.origin == "extracted" and c.review == "unreviewed" for c in article.claims)
    assert all(0 < c.confidence <= 1 for c in article.claims)
    by_quote = {c.quote[:20]: c for c in article.claims}
    assert by_quote["We're not going to l"].speaker == "john-bolton"  # known from the registry, across articles
    assert by_quote["The strikes were a c"].speaker_match == "new"


def test_new_speakers_are_added_to_the_registry_under_a_review_note(seeds, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    before = (seeds / "speakers.yml").read_text(encoding="utf-8")
    assert add(seeds, page, "--outlet", "wsws").exit_code == 0
    after = (seeds / "speakers.yml").read_text(encoding="utf-8")
    assert after.startswith(before)
    assert "# added by `claims add` for 2018-09-25-wsws-adviser-says-us-troops" in after
    added = yaml.safe_load(after[len(before) :].replace("  - ", "- ", 1).replace("\n  ", "\n"))
    hatami = next(s for s in added if s["id"] == "amir-hatami")
    assert hatami["type"] == "person"
    assert not {s["id"] for s in added} & {"john-bolton", "walid-al-moallem"}


def test_an_unsure_match_is_flagged_not_merged(seeds, tmp_path):
    text = tmp_path / "article.txt"
    text.write_text(
        "Iran warned\n\nBill Van Auken 3 October 2018\n\n"
        'Iranian Foreign Minister Mohammed Javad Zarif said on Tuesday that "the United States will regret'
        ' its sanctions on the Iranian people."\n',
        encoding="utf-8",
    )
    speakers = seeds / "speakers.yml"
    speakers.write_text(
        speakers.read_text(encoding="utf-8")
        + "  - id: mohammad-javad-zarif\n    name: Mohammad Javad Zarif\n    type: person\n",
        encoding="utf-8",
    )
    result = add(seeds, text, "--outlet", "wsws")
    assert result.exit_code == 0, result.output
    claims = yaml.safe_load(next((seeds / "articles").glob("2018-10-03-*.claims.yml")).read_text())["claims"]
    assert claims and {(c["speaker"], c["speaker_match"]) for c in claims} == {("mohammad-javad-zarif", "fuzzy")}
    assert f"unsure speaker matches: {len(claims)} ({len(claims)} by fuzzy)" in result.output


def test_plain_text_is_kept_byte_for_byte(seeds, tmp_path):
    text = tmp_path / "article.txt"
    text.write_bytes(b'Title\r\n\r\n"It works," Bolton said.\r\n')
    assert add(seeds, text, "--outlet", "wsws", "--published", "2018-10-05").exit_code == 0
    copied = seeds / "articles" / "2018-10-05-wsws-title.txt"
    assert copied.read_bytes() == text.read_bytes()
    assert not copied.with_suffix(".html").exists()


def test_bad_requests_get_one_line_and_leave_seeds_as_they_were(seeds, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    listing = sorted((seeds / "articles").iterdir())
    result = add(seeds, page, "--outlet", "nowhere")
    assert result.exit_code == 1
    assert result.output.strip().endswith(
        "unknown outlet 'nowhere': add it to " + str(seeds / "outlets.yml") + " first"
    )
    undated = tmp_path / "undated.txt"
    undated.write_text("No date here\n\nJust text.\n", encoding="utf-8")
    assert "no publication date found" in add(seeds, undated, "--outlet", "wsws").output
    empty = tmp_path / "empty.html"
    empty.write_text("<html><head><title>x</title></head><body><script>var a;</script></body></html>", "utf-8")
    assert "no article text found" in add(seeds, empty, "--outlet", "wsws").output
    assert sorted((seeds / "articles").iterdir()) == listing
    assert add(seeds, page, "--outlet", "wsws").exit_code == 0
    again = add(seeds, page, "--outlet", "wsws")
    assert again.exit_code == 1 and "already added" in again.output


def _claims(seeds: Path, stem_start: str) -> list[dict]:
    (path,) = (seeds / "articles").glob(f"{stem_start}*.claims.yml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))["claims"]


def _speakers(seeds: Path) -> dict[str, dict]:
    return {s["id"]: s for s in yaml.safe_load((seeds / "speakers.yml").read_text(encoding="utf-8"))["speakers"]}


@dataclass
class PrintedLine:
    """One unsure match as `claims add` prints it: `path:line: field 'words' ... -> id: unsure (how): why`."""

    path: Path
    line: int
    field: str
    rest: str


UNSURE_LINE = re.compile(r"^(?P<path>\S+\.claims\.yml):(?P<line>\d+): (?P<field>speaker|via) (?P<rest>.*)$")


def _unsure_lines(output: str) -> list[PrintedLine]:
    found = (UNSURE_LINE.match(line) for line in output.splitlines())
    return [PrintedLine(Path(m["path"]), int(m["line"]), m["field"], m["rest"]) for m in found if m]


def _line_text(line: PrintedLine) -> str:
    return line.path.read_text(encoding="utf-8").splitlines()[line.line - 1]


def _unsure_count(output: str) -> int:
    found = re.search(r"unsure speaker matches: (\d+|none)", output)
    assert found, output
    return 0 if found[1] == "none" else int(found[1])


def _register(seeds: Path, entries: str) -> None:
    speakers = seeds / "speakers.yml"
    speakers.write_text(speakers.read_text(encoding="utf-8") + entries, encoding="utf-8")


RAIL_REGISTRY = """  - id: department-of-transport
    name: Department of Transport
    type: government
  - id: dana-reyes
    name: Dana Reyes
    type: person
    role: freight operator
"""
RAIL_ARTICLE = """Rail inspections to be tightened after Eastfield derailment

A spokesperson for the Department of Transport said the new inspection rules would take effect in March.

The United States Department of Defense said its own rail spurs near the base would be checked as well.

Dana Reyes, who runs a freight yard beside the line, said she had warned the council for years.

According to the city's mayor, Helen Park, the council is reviewing every crossing in the district.
"""


def _by_quote(claims: list[dict], start: str) -> dict:
    return next(c for c in claims if c["quote"].startswith(start))


def test_bodies_inside_longer_words_are_found_flagged_and_printed_at_their_line(seeds, tmp_path):
    # the seeds registry has the US Department of Defense under the alias "Department of Defense"
    assert "Department of Defense" in _speakers(seeds)["us-department-of-defense"]["aliases"]
    _register(seeds, RAIL_REGISTRY)
    before = _speakers(seeds)
    article = tmp_path / "rail.txt"
    article.write_text(RAIL_ARTICLE, encoding="utf-8")
    result = add(seeds, article, "--outlet", "wsws", "--published", "2024-03-05")
    assert result.exit_code == 0, result.output
    claims = _claims(seeds, "2024-03-05-")
    transport = _by_quote(claims, "the new inspection rules")
    assert (transport["speaker"], transport["speaker_match"]) == ("department-of-transport", "contains")
    defense = _by_quote(claims, "its own rail spurs")
    assert (defense["speaker"], defense["speaker_match"]) == ("us-department-of-defense", "contains")
    # the mayor's words are never surely someone else's
    mayor = next(c for c in claims if "reviewing every crossing" in c["quote"])
    assert mayor["speaker"] == "helen-park" or mayor["speaker_match"] in UNSURE_MATCHES
    # no fragment of a body's name, and nothing that is no name, becomes a speaker: only the mayor is new
    added = {key: value for key, value in _speakers(seeds).items() if key not in before}
    assert added == {"helen-park": {"id": "helen-park", "name": "Helen Park", "type": "person"}}
    # each unsure match is printed at the line of its claim's speaker, and counted
    lines = _unsure_lines(result.output)
    flagged = [c for c in claims if c["speaker_match"] in UNSURE_MATCHES]
    assert _unsure_count(result.output) == len(lines) == len(flagged) >= 2
    assert {_line_text(line) for line in lines} == {f"  speaker: {c['speaker']}" for c in flagged}
    transport_line = next(line for line in lines if "-> department-of-transport:" in line.rest)
    assert transport_line.path == seeds / "articles" / f"{article_id_of(claims, seeds)}.claims.yml"
    assert "A spokesperson for the Department of Transport" in transport_line.rest
    assert "unsure (contains)" in transport_line.rest
    assert load_corpus(seeds)[1] == []


def article_id_of(claims: list[dict], seeds: Path) -> str:
    (path,) = (seeds / "articles").glob("2024-03-05-*.claims.yml")
    return path.name.removesuffix(".claims.yml")


INSPECTIONS = """Regulator defends its record

The rail regulator has been criticised before. It said inspections in 2019 had found no faults.

Is Halvorsen right? The board thinks the checks went far enough.

Unlike Moreau, the board said the line was safe.
"""


def _extracted(text: str, quote: str, label: str, name: str, is_person: bool = False) -> Extracted:
    start = text.index(quote)
    return Extracted(
        kind="indirect",
        quote=quote,
        start=start,
        end=start + len(quote),
        speaker=name,
        speaker_label=label,
        verb="said",
        is_person=is_person,
    )


MOREAU = Speaker(id="luc-moreau", name="Luc Moreau", type="person")


def test_words_that_are_no_name_never_become_a_registry_speaker():
    # labels a poor extraction gives for these sentences: pieces of clauses, never names
    extracted = [
        _extracted(INSPECTIONS, "had found no faults", "It said inspections in 2019", "It said inspections in 2019"),
        _extracted(INSPECTIONS, "the checks went far enough", "Is Halvorsen", "Is Halvorsen"),
        _extracted(INSPECTIONS, "the line was safe", "Unlike Moreau", "Moreau"),
    ]
    drafted = draft_claims(extracted, INSPECTIONS, "regulator", SpeakerIndex.of({MOREAU.id: MOREAU}))
    assert drafted.new_speakers == [UNIDENTIFIED]
    assert [(c.speaker, c.speaker_match) for c in drafted.claims] == [
        ("unidentified-speaker", "unidentified"),
        ("unidentified-speaker", "unidentified"),
        ("luc-moreau", "unidentified"),  # the registry speaker the words resemble
    ]
    assert all(c.confidence <= GUESS_CONFIDENCE for c in drafted.claims)
    assert [(note.claim, note.field) for note in drafted.notes] == [(0, "speaker"), (1, "speaker"), (2, "speaker")]
    assert "'It said inspections in 2019' is no name or description" in drafted.notes[0].why
    # once the placeholder is in the registry, another article's claims go to it
    registry = SpeakerIndex.of({MOREAU.id: MOREAU, UNIDENTIFIED.id: UNIDENTIFIED})
    again = draft_claims(extracted, INSPECTIONS, "regulator-again", registry)
    assert again.new_speakers == []
    assert [c.speaker for c in again.claims] == ["unidentified-speaker", "unidentified-speaker", "luc-moreau"]


COUNCIL = """Council votes on rents

Helen Park opened the meeting. Helen Park said the council was ready. Later she said the vote would pass.

Fitness was a big factor for the players, and he said they had worked on it.
"""


def test_a_new_speaker_reached_only_through_a_pronoun_is_unsure():
    extracted = [
        _extracted(COUNCIL, "the council was ready", "Helen Park", "Helen Park", is_person=True),
        _extracted(COUNCIL, "the vote would pass", "she", "Helen Park", is_person=True),
        _extracted(COUNCIL, "they had worked on it", "he", "Fitness", is_person=True),
    ]
    drafted = draft_claims(extracted, COUNCIL, "council", SpeakerIndex.of({}))
    # "she" is Helen Park, whom another claim names plainly; nothing names "Fitness" but the pronoun
    assert [(c.speaker, c.speaker_match) for c in drafted.claims] == [
        ("helen-park", "new"),
        ("helen-park", "new"),
        ("fitness", "description"),
    ]
    assert [(note.claim, note.words) for note in drafted.notes] == [(2, "he")]


def test_a_registry_alias_in_the_label_never_takes_the_person_the_extractor_found(seeds, tmp_path):
    assert "Washington" in _speakers(seeds)["government-of-the-united-states"]["aliases"]
    article = tmp_path / "rally.txt"
    article.write_text(
        'Rally draws crowd\n\nActress Kerry Washington spoke at the rally on Monday.\n\n"We need change now,"'
        " Washington said.\n",
        encoding="utf-8",
    )
    result = add(seeds, article, "--outlet", "wsws", "--published", "2024-05-01")
    assert result.exit_code == 0, result.output
    (claim,) = _claims(seeds, "2024-05-01-")
    assert (claim["speaker"], claim["speaker_match"]) == ("kerry-washington", "new")
    assert _speakers(seeds)["kerry-washington"] == {
        "id": "kerry-washington",
        "name": "Kerry Washington",
        "type": "person",
    }


def test_nothing_fails_after_the_registry_is_written(seeds, tmp_path, monkeypatch):
    # no input makes the unsure lines fail; were they read after speakers.yml is written, it would keep its new
    # speakers while the article's files are taken back
    def fail(*args):
        raise RuntimeError("unsure lines failed")

    monkeypatch.setattr(adding, "_unsure_lines", fail)
    registry = (seeds / "speakers.yml").read_text(encoding="utf-8")
    listing = sorted((seeds / "articles").iterdir())
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    with pytest.raises(RuntimeError):
        adding.add(page, seeds, "wsws")
    assert (seeds / "speakers.yml").read_text(encoding="utf-8") == registry
    assert sorted((seeds / "articles").iterdir()) == listing


@pytest.mark.parametrize("sentence", ["John Bolton said the talks had failed.", "Sean Ryan said the base was quiet."])
def test_no_unsure_match_says_none_and_prints_no_line(seeds, tmp_path, sentence):
    article = tmp_path / "article.txt"
    article.write_text(f"Talks\n\n{sentence}\n", encoding="utf-8")
    result = add(seeds, article, "--outlet", "wsws", "--published", "2018-10-03")
    assert result.exit_code == 0, result.output
    assert [c["speaker_match"] for c in _claims(seeds, "2018-10-03-")] == ["name"]
    assert "unsure speaker matches: none" in result.output
    assert _unsure_lines(result.output) == []


def test_a_description_is_never_a_sure_match_and_a_new_one_is_anonymous(seeds, tmp_path):
    first = tmp_path / "first.txt"
    first.write_text("Road closed\n\nA police spokesman said the road would reopen on Monday.\n", encoding="utf-8")
    assert add(seeds, first, "--outlet", "wsws", "--published", "2018-10-03").exit_code == 0
    assert _speakers(seeds)["police-spokesman"]["type"] == "anonymous"
    # new to the registry, but only described: not a sure match
    assert [c["speaker_match"] for c in _claims(seeds, "2018-10-03-")] == ["description"]
    # another article's police spokesman is probably someone else: taken, but flagged
    second = tmp_path / "second.txt"
    second.write_text("Bridge shut\n\nA police spokesman said the bridge was unsafe.\n", encoding="utf-8")
    result = add(seeds, second, "--outlet", "wsws", "--published", "2018-10-04")
    assert result.exit_code == 0, result.output
    claims = _claims(seeds, "2018-10-04-")
    assert [(c["speaker"], c["speaker_match"]) for c in claims] == [("police-spokesman", "description")]
    assert "unsure speaker matches: 1 (1 by description)" in result.output
    assert load_corpus(seeds)[1] == []


def test_an_unsure_via_flags_its_claim(seeds, tmp_path):
    text = tmp_path / "article.txt"
    text.write_text(
        "Talks fail\n\nThe Daily Telegram cites John Bolton as stating that the talks had failed.\n",
        encoding="utf-8",
    )
    result = add(seeds, text, "--outlet", "wsws", "--published", "2018-10-03")
    assert result.exit_code == 0, result.output
    (claim,) = _claims(seeds, "2018-10-03-")
    assert (claim["speaker"], claim["via"], claim["speaker_match"]) == ("john-bolton", "daily-telegraph", "fuzzy")
    assert "unsure speaker matches: 1 (1 by fuzzy)" in result.output
    (line,) = _unsure_lines(result.output)
    assert line.field == "via" and "-> daily-telegraph: unsure (fuzzy)" in line.rest
    assert _line_text(line) == "  via: daily-telegraph"


def test_a_surname_alone_is_flagged_even_when_it_is_an_alias(seeds, tmp_path):
    assert "Lagakos" in _speakers(seeds)["alex-lagakos"]["aliases"]
    text = tmp_path / "article.txt"
    text.write_text('Wards full\n\n"The ward is full," said Lagakos, a nurse at the city hospital.\n', encoding="utf-8")
    result = add(seeds, text, "--outlet", "wsws", "--published", "2018-10-03")
    assert result.exit_code == 0, result.output
    (claim,) = _claims(seeds, "2018-10-03-")
    assert (claim["speaker"], claim["speaker_match"]) == ("alex-lagakos", "surname")
    assert "unsure speaker matches: 1 (1 by surname)" in result.output


def test_new_speakers_follow_the_registrys_own_list_indentation(seeds, tmp_path):
    speakers = seeds / "speakers.yml"
    before = yaml.safe_load(speakers.read_text(encoding="utf-8"))
    speakers.write_text(yaml.safe_dump(before, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert "\n- id: " in speakers.read_text(encoding="utf-8")  # PyYAML's default: the list at column 0
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    result = add(seeds, page, "--outlet", "wsws")
    assert result.exit_code == 0, result.output
    after = yaml.safe_load(speakers.read_text(encoding="utf-8"))["speakers"]
    assert after[: len(before["speakers"])] == before["speakers"]  # the last speaker's aliases untouched
    assert "amir-hatami" in {s["id"] for s in after[len(before["speakers"]) :]}
    assert load_corpus(seeds)[1] == []


def test_new_speakers_that_cannot_be_appended_leave_everything_as_it_was(seeds, tmp_path):
    speakers = seeds / "speakers.yml"
    registry = yaml.safe_load(speakers.read_text(encoding="utf-8"))
    flow = yaml.safe_dump(registry, sort_keys=False, default_flow_style=True, width=100_000)
    speakers.write_text(flow, encoding="utf-8")
    listing = sorted((seeds / "articles").iterdir())
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    result = add(seeds, page, "--outlet", "wsws")
    assert result.exit_code == 1
    assert "speakers.yml" in result.output and "Traceback" not in result.output
    assert speakers.read_text(encoding="utf-8") == flow
    assert sorted((seeds / "articles").iterdir()) == listing


LONG_WORDS = "abcdefghijkl bcdefghijklm cdefghijklmn defghijklmno efghijklmnop fghijklmnopq ghijklmnopqr"


def test_the_article_id_is_the_file_stem_within_the_slug_limit(seeds, tmp_path):
    stems = []
    for n, last in enumerate(["hijklmnopqrs", "zyxwvutsrqpo"]):
        text = tmp_path / f"article{n}.txt"
        text.write_text(f"{LONG_WORDS} {last} and more words\n\nBolton said the talks had failed.\n", "utf-8")
        result = add(seeds, text, "--outlet", "wsws", "--published", "2018-10-03")
        assert result.exit_code == 0, result.output
        (path,) = set((seeds / "articles").glob("2018-10-03-*.claims.yml")) - set(stems)
        stems.append(path)
        article = yaml.safe_load(path.read_text(encoding="utf-8"))["article"]
        assert article["id"] == path.name.removesuffix(".claims.yml") and len(article["id"]) <= 120
    # the two ids differ only after their first 100 characters
    assert load_corpus(seeds)[1] == []
    very_long = tmp_path / "very-long.txt"
    very_long.write_text(f"{LONG_WORDS} {LONG_WORDS}\n\nBolton said the talks had failed.\n", "utf-8")
    assert add(seeds, very_long, "--outlet", "wsws", "--published", "2018-10-05").exit_code == 0
    (path,) = (seeds / "articles").glob("2018-10-05-*.claims.yml")
    identifier = path.name.removesuffix(".claims.yml")
    assert len(identifier) <= 120 and not identifier.endswith("-")
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["article"]["id"] == identifier


def test_an_article_id_already_used_anywhere_in_the_articles_is_refused(seeds, tmp_path):
    articles = seeds / "articles"
    (articles / "2018").mkdir()
    for suffix in (".txt", ".claims.yml"):
        name = "2018-10-02-wsws-iran-missiles-syria" + suffix
        (articles / name).rename(articles / "2018" / name)
    listing = sorted(articles.rglob("*"))
    text = tmp_path / "article.txt"
    text.write_text("Iran missiles Syria\n\nBolton said the talks had failed.\n", "utf-8")
    result = add(seeds, text, "--outlet", "wsws", "--published", "2018-10-02")
    assert result.exit_code == 1
    assert "2018-10-02-wsws-iran-missiles-syria" in result.output and "already" in result.output
    assert sorted(articles.rglob("*")) == listing
    assert load_corpus(seeds)[1] == []


def test_a_new_speaker_never_takes_an_id_the_registry_already_gives_someone_else(seeds, tmp_path):
    speakers = seeds / "speakers.yml"
    # a registry speaker whose id is the slug of a name no registry name or alias matches
    speakers.write_text(
        speakers.read_text(encoding="utf-8")
        + "  - id: amir-hatami\n    name: General Hatami of Iran\n    type: person\n",
        encoding="utf-8",
    )
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    result = add(seeds, page, "--outlet", "wsws")
    assert result.exit_code == 0, result.output
    claims = yaml.safe_load(next((seeds / "articles").glob("2018-09-25-*.claims.yml")).read_text())["claims"]
    hatami = next(c for c in claims if c["quote"].startswith("The strikes"))
    # a new speaker, but perhaps the registry's: flagged
    assert (hatami["speaker"], hatami["speaker_match"]) == ("amir-hatami-2", "fuzzy")
    line = next(line for line in _unsure_lines(result.output) if "-> amir-hatami-2:" in line.rest)
    assert "'General Hatami of Iran'" in line.rest
    assert load_corpus(seeds)[1] == []
