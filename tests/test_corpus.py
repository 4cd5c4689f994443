"""The synthetic corpus generator: what it writes passes `claims check`, is the same bytes for the same arguments
on any number of processes, and mixes claims the way news does."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from benchmarks import corpus
from claims.corpus import yamlfile
from claims.corpus.models import SpeakersFile
from claims.corpus.validation import Corpus
from claims.corpus.walk import load_corpus

ARTICLES = 40
SEED = 3
SPEAKERS = 300  # a small registry keeps the test quick; the default one is checked on its own below


def files(directory: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(directory)): path.read_bytes() for path in sorted(directory.rglob("*")) if path.is_file()
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("corpus")
    return out, corpus.generate(out, ARTICLES, SEED, jobs=1, speakers=SPEAKERS)


@pytest.fixture(scope="module")
def checked(generated: tuple[Path, dict[str, int]]) -> Corpus:
    loaded, problems = load_corpus(generated[0])
    assert [str(problem) for problem in problems] == []
    return loaded


def test_claims_check_finds_no_problem_and_the_counts_are_right(
    generated: tuple[Path, dict[str, int]], checked: Corpus
) -> None:
    out, counts = generated
    assert len(checked.articles) == counts["articles"] == ARTICLES
    assert sum(len(article.claims) for article in checked.articles) == counts["claims"]
    assert len(checked.speakers) == counts["speakers"] == SPEAKERS
    assert len(checked.outlets) == counts["outlets"] == corpus.OUTLETS
    assert counts["bytes"] == sum(len(data) for data in files(out).values())
    assert len(list((out / "articles").glob("*.txt"))) == ARTICLES


def test_the_same_arguments_give_the_same_bytes_on_any_number_of_processes(
    generated: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    out, _ = generated
    expected = files(out)
    for jobs in (1, 2):
        again = tmp_path / f"jobs-{jobs}"
        corpus.generate(again, ARTICLES, SEED, jobs=jobs, speakers=SPEAKERS)
        assert files(again) == expected


def test_another_seed_gives_another_corpus_and_an_article_does_not_depend_on_the_corpus_size(
    generated: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    out, _ = generated
    corpus.generate(tmp_path / "small", 5, SEED, jobs=1, speakers=SPEAKERS)
    small = files(tmp_path / "small")
    assert small.items() <= files(out).items()
    corpus.generate(tmp_path / "other", 5, SEED + 1, jobs=1, speakers=SPEAKERS)
    other = files(tmp_path / "other")
    assert not set(other) & {name for name in small if name.startswith("articles/")}


def test_claims_are_mixed_like_news(checked: Corpus) -> None:
    claims = [claim for article in checked.articles for claim in article.claims]
    kinds = Counter(claim.kind for claim in claims)
    assert 0.2 < kinds["direct"] / len(claims) < 0.4
    assert 0.08 < kinds["partial"] / len(claims) < 0.25
    assert 0.45 < kinds["indirect"] / len(claims) < 0.7
    assert 8 < len(claims) / len(checked.articles) < 12
    assert all(3 <= len(article.claims) <= 20 for article in checked.articles)
    assert any(claim.via for claim in claims)
    assert all(checked.speakers[claim.via].type == "media" for claim in claims if claim.via)
    assert {"he", "she"} <= {claim.speaker_label for claim in claims}
    assert {"day", "week", "month", "year", "unknown"} <= {claim.said_precision for claim in claims}
    verbs = {claim.verb for claim in claims}
    assert {"said", "according to", "quoted ... as saying", "called"} <= verbs
    assert len({checked.speakers[claim.speaker].type for claim in claims}) >= 6


def test_articles_read_like_news(checked: Corpus) -> None:
    words = [len(article.text.split()) for article in checked.articles]
    assert min(words) >= 500 and max(words) <= 1100 and 700 < sum(words) / len(words) < 900
    published = {article.meta.published.year for article in checked.articles}
    assert len(published) >= 4
    for article in checked.articles:
        title, byline, *paragraphs = article.text.rstrip("\n").split("\n\n")
        assert title == article.meta.title and article.meta.published.strftime("%Y") in byline
        assert len(paragraphs) >= 8
        assert article.meta.id.startswith(f"{article.meta.published}-{article.meta.outlet}-")


def test_a_common_word_is_in_a_few_claims_not_all(checked: Corpus) -> None:
    quotes = [claim.quote.lower() for article in checked.articles for claim in article.claims]
    for word in ("government", "minister", "families", "tax"):
        share = sum(f" {word}" in f" {quote}" for quote in quotes) / len(quotes)
        assert share < 0.15, word
    assert len({word for quote in quotes for word in quote.split()}) > 900


def test_a_collision_with_an_earlier_article_makes_the_later_one_again(
    generated: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    out, _ = generated
    for name in ("outlets.yml", "speakers.yml"):
        (tmp_path / name).write_bytes((out / name).read_bytes())
    directory = tmp_path / "articles"
    directory.mkdir()
    world = corpus.world(SEED, SPEAKERS)
    first = corpus.write_article(world, directory, 7)
    seen = set(first.ids)  # as if an earlier article had taken these ids
    settled = corpus.settle(world, directory, first, seen)
    assert not set(settled.ids) & set(first.ids)
    assert set(settled.ids) <= seen
    assert sorted(path.name for path in directory.iterdir()) == [
        f"{settled.article_id}.claims.yml",
        f"{settled.article_id}.txt",
    ]
    _, problems = load_corpus(tmp_path)
    assert problems == []


AWKWARD = [
    "",
    " leading space",
    "trailing space ",
    "no",
    "NO",
    "Yes",
    "null",
    "~",
    "y",
    "1.5",
    "0x1F",
    "2018-10-02",
    "- a dash",
    ": colon",
    "a: b",
    "a #comment",
    "#hash",
    "@at",
    "`tick",
    "%percent",
    "!bang",
    "&anchor",
    "*alias",
    "|pipe",
    ">fold",
    "'single'",
    '"double"',
    "[flow]",
    "{map}",
    "a, b",
    "tab\there",
    "line\nbreak",
    "paragraphs\n\n“reopened",
    "back\\slash",
    "“curly” ‘quotes’",
    "€3 billion",
    "NEL\x85",
    "DEL\x7f",
    "line separator\u2028",
    "BOM\ufeff",
    "astral 𝔘",
    "the nurses' union",
    "quoted ... as saying",
]


def test_hand_written_yaml_reads_back_as_written(tmp_path: Path) -> None:
    block = "\n".join(f"k{index}: {corpus.yaml_str(value)}" for index, value in enumerate(AWKWARD))
    flow = f"flow: [{', '.join(corpus.yaml_str(value, flow=True) for value in AWKWARD)}]"
    slugs = ["no", "yes", "on", "null", "123", "0x1f", "0b101", "2018-10-02-wsws-x", "john-smith"]
    slug_lines = "\n".join(f"s{index}: {corpus.yaml_slug(value)}" for index, value in enumerate(slugs))
    path = tmp_path / "awkward.yml"
    path.write_text(f"{block}\n{flow}\n{slug_lines}\n", encoding="utf-8")
    data, _ = yamlfile.load(path)
    assert [data[f"k{index}"] for index in range(len(AWKWARD))] == AWKWARD
    assert data["flow"] == AWKWARD
    assert [data[f"s{index}"] for index in range(len(slugs))] == slugs
    assert corpus.yaml_str("plain words, like this") == "plain words, like this"  # readable where it can be


def test_the_default_registry_is_valid_and_long_tailed() -> None:
    world = corpus.world(0)
    speakers = world.speakers
    assert len(speakers) == corpus.DEFAULT_SPEAKERS == len({speaker.id for speaker in speakers})
    fields = ("id", "name", "type", "role", "affiliation", "country", "aliases")
    entries = [{name: getattr(speaker, name) for name in fields} for speaker in speakers]
    SpeakersFile.model_validate({"speakers": [{k: v for k, v in e.items() if v} for e in entries]})
    types = Counter(speaker.type for speaker in speakers)
    assert set(types) == {"person", "organisation", "government", "media", "document", "group", "anonymous"}
    assert all(speaker.intro and speaker.later for speaker in speakers)
    assert len({outlet.id for outlet in world.outlets}) == corpus.OUTLETS


def test_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    arguments = ["--articles", "3", "--seed", "1", "--out", str(tmp_path), "--jobs", "1", "--speakers", "200"]
    corpus.main(arguments)
    counts = json.loads(capsys.readouterr().out)
    assert counts["articles"] == 3 and counts["speakers"] == 200
    with pytest.raises(SystemExit):
        corpus.main(arguments)  # the articles are there already
    corpus.main([*arguments, "--force"])
    assert len(list((tmp_path / "articles").iterdir())) == 6
