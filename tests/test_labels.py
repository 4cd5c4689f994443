"""Only names and descriptions become speakers: a clause or a fragment of one never does."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.corpus.walk import load_corpus
from claims.extraction import extract
from claims.extraction.labels import is_speaker_phrase, noun_phrase, noun_phrase_part

ROOT = Path(__file__).resolve().parent.parent
SETS = [ROOT / "seeds", ROOT / "tests" / "gold" / "dev", ROOT / "tests" / "gold" / "heldout"]

NAMES_AND_DESCRIPTIONS = [
    "Helen Park",
    "the city's mayor",
    "A spokesperson for the Department of Transport",
    "Okafor's business partner, Dana Reyes",
    "the soft-spoken veteran",
    "he",
    "police",
    "Senior Pentagon officials",
    "the United States Department of Defense",
    "Tehran",
    "the *Journal*",
    "Iran's Islamic Revolutionary Guard Corps (IRGC)",
    "the embattled mayor",
    "a retired teacher",
    "the 25-year-old",
    "German Chancellor Angela Merkel's spokesperson, Steffen Seibert",
    "WHO director-general Tedros Adhanom Ghebreyesus",
    "USA Today",
    "a protester using the pseudonym Katya",
    "The decree signed by the Pope",
    "Lynch",
    "Media",
    "Others",
    "NATO",
]
CLAUSES = [
    "Unlike Moreau",
    "Is Halvorsen",
    "councillors sit in a half circle around the long table",
    "it said inspections in 2019",
    "said",
    "the mayor of",
    "Trump's",
    "Park, who",
    "when asked",
    "he added",
    "the emergencies ministry recovered at least ten survivors from the debris on Monday",
    "Speaker Nancy Pelosi issued this statement",
    "the Wall Street Journal Monday",
    "The",
    "His",
    "Weaver didn’t",
    "RED STATES OUTNUMBER BLUE STATES FOR THE FIRST TIME",
    "loundly",
]


@pytest.mark.parametrize("label", NAMES_AND_DESCRIPTIONS)
def test_names_and_descriptions_are_speaker_phrases(label):
    assert is_speaker_phrase(label)


@pytest.mark.parametrize("label", CLAUSES)
def test_clauses_and_fragments_are_not(label):
    assert not is_speaker_phrase(label)


@pytest.mark.parametrize(
    ("words", "phrase"),
    [
        ("On Friday Ford Motor Company", "Ford Motor Company"),
        ("UNESCO reportedly", "UNESCO"),
        ("but Agence France-Presse", "Agence France-Presse"),
        ("current president Emmerson Mnangagwa on Friday", "current president Emmerson Mnangagwa"),
        ("He has since", "He"),
        ("Unlike Moreau", None),
        ("councillors sit in a half circle around the long table", None),
    ],
)
def test_words_of_time_and_discourse_are_trimmed_but_prepositions_are_not(words, phrase):
    assert noun_phrase(words) == phrase


def test_a_phrase_in_part_of_the_words_is_only_a_guess():
    words = "San Francisco – Speaker Nancy Pelosi issued this statement"
    assert noun_phrase(words) is None
    assert noun_phrase_part(words) == "Speaker Nancy Pelosi"


@pytest.mark.parametrize("directory", SETS, ids=lambda path: path.name)
def test_no_extracted_speaker_is_a_clause_on_any_set(directory):
    corpus, problems = load_corpus(directory)
    assert not problems
    labels = {p.speaker_label for article in corpus.articles for p in extract(article.text, article.meta.published)}
    assert labels
    assert sorted(label for label in labels if not is_speaker_phrase(label)) == []


def test_a_clause_before_a_quote_never_becomes_its_speaker():
    text = (
        "Councillors sit in a half circle around the long table. Unlike Moreau, Ana Halvorsen is new to it.\n\n"
        '"We will not be rushed," Halvorsen says.\n'
    )
    (claim,) = extract(text)
    assert claim.speaker == "Ana Halvorsen"
    assert is_speaker_phrase(claim.speaker_label)
