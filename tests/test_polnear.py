"""The PolNeAR benchmark's reading and scoring, on a tiny PolNeAR-shaped directory of made-up articles (the real
corpus is never needed)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks import polnear

from .conftest import ROOT

NAME = "made-up_2016-05-04_harbour-town-bridge"
TEXT = (
    "Harbour town votes on new bridge.\n\n"
    "“We will build the bridge by spring,” said Mayor Anna Berg on Monday.\n\n"
    "Council member Tom Reyes said the budget would not cover the repairs. "
    "He believes the river will flood again this year.\n\n"
    "“Nobody asked us,” he said.\n\n"
    "“The bridge is old,” Berg added, “and it is unsafe.”\n"
)


def at(needle: str, after: str = "") -> str:
    """`start end` of the needle's first occurrence after the anchor."""
    start = TEXT.index(needle, TEXT.index(after) if after else 0)
    return f"{start} {start + len(needle)}"


def ann_file(attributions: list[dict[str, list[str]]]) -> str:
    """brat standoff the way PolNeAR writes it: T lines (fragments joined by ;) tied by E lines."""
    lines, number = [], 0
    for index, roles in enumerate(attributions, 1):
        ids = []
        for role, fragments in roles.items():
            number += 1
            offsets = ";".join(fragments)
            words = " ".join(TEXT[int(a) : int(b)] for a, b in (f.split() for f in fragments))
            lines.append(f"T{number}\t{role} {offsets}\t{words}")
            ids.append(f"{role}:T{number}")
        number += 1  # the event's trigger, on the cue
        cue_start, cue_end = (int(offset) for offset in roles["Cue"][0].split())
        lines.append(f"T{number}\tAttribution {cue_start} {cue_end}\t{TEXT[cue_start:cue_end]}")
        lines.append(f"E{index}\tAttribution:T{number} " + " ".join(ids))
    return "\n".join(lines) + "\n"


GOLD = [
    {"Source": [at("Mayor Anna Berg")], "Cue": [at("said")], "Content": [at("“We will build the bridge by spring,”")]},
    {
        "Source": [at("Council member Tom Reyes")],
        "Cue": [at("said", "Council")],
        "Content": [at("the budget would not cover the repairs")],
    },
    {"Source": [at("He", "repairs")], "Cue": [at("believes")], "Content": [at("the river will flood again this year")]},
    {"Source": [at("he", "Nobody")], "Cue": [at("said", "Nobody")], "Content": [at("“Nobody asked us,”")]},
    {  # one content of two fragments around the cue: two gold quotes
        "Source": [at("Berg", "bridge is old")],
        "Cue": [at("added")],
        "Content": [at("“The bridge is old,”"), at("“and it is unsafe.”")],
    },
]


@dataclass
class Claim:
    kind: str
    quote: str
    start: int
    end: int
    speaker: str
    speaker_label: str


def claim(kind: str, quote: str, speaker: str = "", label: str = "") -> Claim:
    start = TEXT.index(quote)
    return Claim(kind, quote, start, start + len(quote), speaker, label)


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    for split in ("train", "dev"):
        (tmp_path / "data" / split / "text").mkdir(parents=True)
        (tmp_path / "data" / split / "attributions").mkdir(parents=True)
    train = tmp_path / "data" / "train"
    (train / "text" / f"{NAME}.txt").write_text(TEXT, encoding="utf-8")
    (train / "attributions" / f"{NAME}_a1a1.ann").write_text(ann_file(GOLD), encoding="utf-8")
    # a second annotator of the same article, later in the alphabet: never read
    (train / "attributions" / f"{NAME}_f9f9.ann").write_text(ann_file(GOLD[:1]), encoding="utf-8")
    return tmp_path


def article(checkout: Path) -> polnear.Article:
    [found] = polnear.load_articles(checkout, "train")
    return found


def test_the_annotation_is_read_from_the_alphabetically_first_annotator(checkout: Path) -> None:
    found = article(checkout)
    assert found.annotator == "a1a1"
    assert len(found.attributions) == 5
    assert str(found.published) == "2016-05-04"
    assert found.attributions[0].source.text == "Mayor Anna Berg"


def test_quotes_lose_their_marks_and_a_two_fragment_content_gives_two_quotes(checkout: Path) -> None:
    contents = polnear.gold_contents(article(checkout))
    quotes = [c.text for c in contents if c.quote]
    assert quotes == ["We will build the bridge by spring", "Nobody asked us", "The bridge is old", "and it is unsafe."]
    reported = {c.text: c.speech for c in contents if not c.quote}
    assert reported == {"the budget would not cover the repairs": True, "the river will flood again this year": False}


def test_scoring_a_found_quote_a_missed_speech_content_and_a_belief(checkout: Path) -> None:
    ours = [
        claim("direct", "We will build the bridge by spring,", "Anna Berg", "Mayor Anna Berg"),
        claim("direct", "Nobody asked us,", "Tom Reyes", "he"),  # the pronoun's antecedent is Tom Reyes
        claim("direct", "The bridge is old,", "Anna Berg", "Berg"),
        claim("indirect", "the river will flood again this year", "Tom Reyes", "He"),
        claim("indirect", "Harbour town votes on new bridge", "Harbour", "Harbour"),
    ]
    result = polnear.score_article(article(checkout), ours)
    assert (result.quotes.gold, result.quotes.predicted, result.quotes.matched) == (4, 3, 3)
    assert (result.reported.gold, result.reported.predicted, result.reported.matched) == (2, 2, 1)
    # the belief is found but is not speech; the speech content is missed
    assert (result.speech.gold, result.speech.matched) == (1, 0)
    assert (result.non_speech.gold, result.non_speech.matched) == (1, 1)
    assert (result.named_sources.right, result.named_sources.judged) == (2, 2)
    assert (result.pronoun_sources.right, result.pronoun_sources.judged) == (1, 1)
    kinds = {(m.kind, m.gold or m.predicted) for m in result.mistakes}
    assert kinds == {
        ("missed quote", "and it is unsafe."),
        ("missed speech", "the budget would not cover the repairs"),
        ("extra reported", "Harbour town votes on new bridge"),
    }


def test_a_wrong_speaker_is_a_mistake(checkout: Path) -> None:
    ours = [claim("direct", "Nobody asked us,", "Anna Berg", "he")]
    result = polnear.score_article(article(checkout), ours)
    assert (result.pronoun_sources.right, result.pronoun_sources.judged) == (0, 1)
    [wrong] = [m for m in result.mistakes if m.kind == "speaker"]
    assert wrong.gold == "he = Council member Tom Reyes"
    assert wrong.predicted == "he -> Anna Berg"


@pytest.mark.parametrize(
    ("ours", "source", "right"),
    [
        ("Ann Lee", "Spokeswoman Ann Lee", True),
        ("Jane Roe", "Jane Q. Roe", True),
        ("Jane Roe", "Roe, a senator from Ohio", True),
        ("Ann Lee", "Roe's introducer, actress Ann Lee", True),
        ("Jane Roe", "Roe's introducer, actress Ann Lee", False),
        ("Jane Roe", "Roe campaign spokeswoman Ann Lee", False),
        ("John Doe", "John Doe Jr.", False),
        ("Jane Roe", "Ann Lee, a spokeswoman for Jane Roe", False),
        ("Ann Lee", "Ann Lee, a spokeswoman for Jane Roe", True),
        ("a person close", "a person close to the senator", True),
        ("Bank of Ohio", "Bank of Ohio", True),
        ("Tom Reyes of Harbour", "Tom Reyes", True),
    ],
)
def test_names_match(ours: str, source: str, right: bool) -> None:
    assert polnear.names_match(ours, source) is right


def test_speech_cues() -> None:
    def cue(words: str) -> polnear.Span:
        return polnear.Span(((0, len(words)),), words)

    assert all(polnear.is_speech(cue(w)) for w in ("said", "told", "according to", "tweeted", "pointed out", ":"))
    assert not any(polnear.is_speech(cue(w)) for w in ("believes", "knows", "wants", "expects", "hopes", "thinks"))


def test_the_command_scores_with_the_real_extractor_and_writes_mistakes(checkout: Path, tmp_path: Path) -> None:
    mistakes = tmp_path / "mistakes.tsv"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.polnear", "--polnear", str(checkout), "--mistakes", str(mistakes)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "PolNeAR train: 1 articles, 5 attributions" in done.stdout
    assert "articles/s" in done.stdout
    lines = mistakes.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "article\tkind\tgold\tours\tcontext"
    assert all(line.startswith(NAME + "\t") for line in lines[1:])
    # the plainest quote of all is found, with its speaker
    assert not any("We will build the bridge" in line for line in lines)


@pytest.mark.parametrize(
    ("split", "message"),
    [("test", "error: the test split is never used; choose one of train, dev"), ("train", "is not a PolNeAR")],
)
def test_the_test_split_and_a_wrong_directory_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], split: str, message: str
) -> None:
    assert polnear.main(["--polnear", str(tmp_path), "--split", split]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
