"""Extraction on the patterns real news prose throws at extractors (see the field notes' list of complaints)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import extract

PUBLISHED = dt.date(2018, 10, 2)  # a Tuesday


def claims_of(text: str) -> list[tuple[str, str, str]]:
    found = extract(text, PUBLISHED)
    for claim in found:
        assert text[claim.start : claim.end] == claim.quote
    return [(claim.kind, claim.speaker, claim.quote) for claim in found]


CASES = [
    (
        "straight quote, speaker after",
        '"We will rebuild the bridge by spring," Mayor Ann Lee said on Monday.',
        [("direct", "Ann Lee", "We will rebuild the bridge by spring,")],
    ),
    (
        "curly quote, verb before speaker",
        "“The numbers do not lie,” said Hugh Hill, a doctor at the clinic.",
        [("direct", "Hugh Hill", "The numbers do not lie,")],
    ),
    (
        "appositive between speaker and verb",
        "Hugh Hill, a doctor at the clinic, said: “The ward is full and we are turning people away.”",
        [("direct", "Hugh Hill", "The ward is full and we are turning people away.")],
    ),
    (
        "quote split by its attribution",
        '"We are not afraid," she said. "We will be back next year with more people."',
        [],  # no antecedent for "she": nothing is attributed rather than a guess
    ),
    (
        "split quote with a named speaker",
        'Maria Lopez spoke first. "We are not afraid," she said. "We will be back next year with more people."',
        [
            ("direct", "Maria Lopez", "We are not afraid,"),
            ("direct", "Maria Lopez", "We will be back next year with more people."),
        ],
    ),
    (
        "he added after a paragraph break",
        'Police chief Tom Baker said the road would reopen.\n\n"Drivers should expect delays for a week," he added.',
        [
            ("indirect", "Tom Baker", "the road would reopen"),
            ("direct", "Tom Baker", "Drivers should expect delays for a week,"),
        ],
    ),
    (
        "multi-paragraph quote",
        'Senator Jane Ortiz said: "The bill is a start.\n\n"But it is not enough, and we will keep pushing."',
        [("direct", "Jane Ortiz", 'The bill is a start.\n\n"But it is not enough, and we will keep pushing.')],
    ),
    (
        "partial quote",
        'The minister called the plan "a betrayal of every family in this country."',
        [("partial", "minister", "a betrayal of every family in this country.")],
    ),
    (
        "partial quote with named speaker",
        'Finance Minister Paul Okafor said the budget was "a betrayal of every family in this country."',
        [
            ("indirect", "Paul Okafor", 'the budget was "a betrayal of every family in this country."'),
            ("partial", "Paul Okafor", "a betrayal of every family in this country."),
        ],
    ),
    (
        "scare quotes and slogans are not claims",
        'The so-called "rebels" marched with signs reading "death to tyrants" and "freedom now" through "old town".',
        [],
    ),
    (
        "cue verbs beyond said",
        '"It was a long night," sighed coach Dan Miles. "We never found our rhythm," grumbled captain Rob Hart.',
        [("direct", "Dan Miles", "It was a long night,"), ("direct", "Rob Hart", "We never found our rhythm,")],
    ),
    (
        "pronoun resolves to the speaker, not the last name",
        'Governor Amy Cole toured the site with President Ben Ruiz. "This is heartbreaking," she said.',
        [("direct", "Amy Cole", "This is heartbreaking,")],
    ),
    (
        "reported speech with that",
        "The ministry said that three people had been arrested after the protest.",
        [("indirect", "ministry", "three people had been arrested after the protest")],
    ),
    (
        "according to",
        "According to the fire service, the blaze started in the kitchen of a restaurant.",
        [("indirect", "fire service", "the blaze started in the kitchen of a restaurant")],
    ),
    (
        "attribution after the clause",
        "Around 50 homes were flooded overnight, officials said.",
        [("indirect", "officials", "Around 50 homes were flooded overnight")],
    ),
    (
        "age appositive and a relative clause after the verb",
        '"I have lived here all my life," said Rosa Diaz, 71, who runs the bakery. "Nothing like this ever happened."',
        [
            ("direct", "Rosa Diaz", "I have lived here all my life,"),
            ("direct", "Rosa Diaz", "Nothing like this ever happened."),
        ],
    ),
    (
        "attribution in the sentence before",
        'Union leader Karen Holt was defiant.\n\n"We will strike until the company listens to its workers."',
        [("direct", "Karen Holt", "We will strike until the company listens to its workers.")],
    ),
    (
        "introduction with a colon in its own paragraph",
        'In a statement, the health ministry said:\n\n"Vaccination remains the best protection for everyone."',
        [("direct", "health ministry", "Vaccination remains the best protection for everyone.")],
    ),
    (
        "trailing dash attribution",
        '"Our schools deserve better funding than this." - Commissioner Ruth Alvarez',
        [("direct", "Ruth Alvarez", "Our schools deserve better funding than this.")],
    ),
    (
        "comma outside the quotation marks",
        '"The agreement goes against everything we know in international law", he added, according to Greek media.',
        [],  # "he" has no antecedent here
    ),
    (
        "adding: a second quote by the same speaker",
        '"We are closing the plant," Maria Gomez said, adding: "It breaks my heart to do it."',
        [
            ("direct", "Maria Gomez", "We are closing the plant,"),
            ("direct", "Maria Gomez", "It breaks my heart to do it."),
        ],
    ),
    (
        "a participle clause before the speaker",
        'Asked whether he would resign, Prime Minister Tom Lee said: "Absolutely not, I have work to do."',
        [("direct", "Tom Lee", "Absolutely not, I have work to do.")],
    ),
    (
        "an object is not reported content; the participle's clause is",
        'The company denied the allegations, saying they were "baseless and defamatory claims by rivals."',
        [
            ("indirect", "company", 'they were "baseless and defamatory claims by rivals."'),
            ("partial", "company", "baseless and defamatory claims by rivals."),
        ],
    ),
    (
        "reported content with an appositive inside",
        "Police said the suspect, a 34-year-old man, was arrested on Sunday.",
        [("indirect", "Police", "the suspect, a 34-year-old man, was arrested on Sunday")],
    ),
    (
        "she is not the man named last",
        "Anna Berg filed the complaint. She said officers ignored her. Officer Karl Weiss denied wrongdoing. "
        '"Nobody listened to me," she said.',
        [
            ("indirect", "Anna Berg", "officers ignored her"),
            ("direct", "Anna Berg", "Nobody listened to me,"),
        ],
    ),
    (
        "an appositive name after a description",
        'A Republican Assemblywoman, Jill Tolles, also commented on the vote: "We need more women in both parties."',
        [("direct", "Jill Tolles", "We need more women in both parties.")],
    ),
    (
        "called it: an evaluation is a partial claim",
        'Mayor Jo Park called the attack "a cowardly act against all of us."',
        [("partial", "Jo Park", "a cowardly act against all of us.")],
    ),
    (
        "an area called: a name is not a claim",
        'They met in a district called "the Old Market Quarter".',
        [],
    ),
    (
        "a report found that",
        "A report by the National Audit Office found that the scheme had cost twice its budget.",
        [("indirect", "National Audit Office", "the scheme had cost twice its budget")],
    ),
    (
        "an attribution after the claim, then another report",
        "A total of 39 are confirmed dead, officials told state media, adding that rescuers ended their work.",
        [
            ("indirect", "officials", "A total of 39 are confirmed dead"),
            ("indirect", "officials", "rescuers ended their work"),
        ],
    ),
    (
        "with officials saying",
        "Germany banned the airline on Monday, with officials saying this is for security reasons.",
        [("indirect", "officials", "this is for security reasons")],
    ),
    (
        "two reports in one sentence, split by a semicolon",
        "Antoine Quirin denied wrongdoing, but he claimed sex had been consensual; Redouane claimed it was consensual.",
        [("indirect", "Antoine Quirin", "sex had been consensual"), ("indirect", "Redouane", "it was consensual")],
    ),
    (
        "a description that names a person introduced with that title",
        'Defence Minister Lars Berg visited the base on Friday. "We are ready for anything," the minister said.',
        [("direct", "Lars Berg", "We are ready for anything,")],
    ),
    (
        "they: the organisation that is the subject just before",
        "Minister Eva Lind welcomed the plan. The Human Rights Commission criticised it. "
        'They said in a statement, "The plan ignores the rights of thousands of tenants."',
        [("direct", "Human Rights Commission", "The plan ignores the rights of thousands of tenants.")],
    ),
    (
        "a relative clause between the name and the verb",
        'MP Penny Sharpe, who co-sponsored the bill, said, "The current law has failed women for a century."',
        [("direct", "Penny Sharpe", "The current law has failed women for a century.")],
    ),
    (
        "said, then adding: both quotes are the speaker's",
        'Ebrard said, "As far as I know, this would be the first case", adding, "For Mexico, he is a terrorist".',
        [
            ("direct", "Ebrard", "As far as I know, this would be the first case"),
            ("direct", "Ebrard", "For Mexico, he is a terrorist"),
        ],
    ),
    (
        "names with accents",
        "Agnès Callamard, a UN rapporteur, cautioned patience. "
        '"True justice takes time and I know it is painful," she said.',
        [("direct", "Agnès Callamard", "True justice takes time and I know it is painful,")],
    ),
    (
        "a participle aside between the subject and the verb",
        "The senator, speaking to reporters outside the chamber, said the vote would be delayed.",
        [("indirect", "senator", "the vote would be delayed")],
    ),
    (
        "an introduction in its own paragraph",
        'From Chairwoman Maria Lopez:\n\n"The committee will not approve this budget until the audit is complete."',
        [("direct", "Maria Lopez", "The committee will not approve this budget until the audit is complete.")],
    ),
    (
        "a quote whose closing mark was lost in the copy",
        'Coach Dan Miles said, "We played badly and we know it.\n\nThe league meets on Monday.',
        [("direct", "Dan Miles", "We played badly and we know it.")],
    ),
    (
        "a stray mark is no quote",
        'The so-called "rebels took the town on Sunday.\n\nThe army left.',
        [],
    ),
    (
        "second-hand: cites as stating",
        "The newspaper cites a senior official as stating that the talks had collapsed.",
        [("indirect", "senior official", "the talks had collapsed")],
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[case[0] for case in CASES])
def test_patterns(name, text, expected):
    assert claims_of(text) == expected


def test_dates_said_are_resolved_against_publication():
    (claim,) = extract('"We are ready," Defence Minister Lars Berg said on Saturday.', PUBLISHED)
    assert (claim.said.start, claim.said.precision) == (dt.date(2018, 9, 29), "day")
    (claim,) = extract("Officials said last week that the plant would close.", PUBLISHED)
    assert (claim.said.start, claim.said.end, claim.said.precision) == (
        dt.date(2018, 9, 24),
        dt.date(2018, 9, 30),
        "week",
    )


def test_the_seed_article_draft_matches_the_reviewed_claims():
    from claims.evaluation import evaluate

    from .conftest import SEEDS

    report, problems = evaluate(SEEDS)
    assert problems == []
    assert report.quotes.precision == 1.0 and report.quotes.recall == 1.0
    assert report.speaker_accuracy == 1.0
    assert report.reported.precision >= 0.9


@pytest.mark.parametrize(
    "text",
    ["", "\x00\x01", "“", '"', '"unclosed quote and more', "said said said that that", "\n\n\n", "a" * 10_000],
)
def test_odd_text_never_breaks_extraction(text):
    for claim in extract(text, PUBLISHED):
        assert text[claim.start : claim.end] == claim.quote


NEWS_PIECES = ["said", " he said", "She told", "according to", " that ", "Mr. ", "\n\n", "Smith", "Jones"]
NEWS_ALPHABET = st.sampled_from(
    [*"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?-—'\"“”‘’()\n", *NEWS_PIECES]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(NEWS_ALPHABET, max_size=120).map("".join))
def test_any_text_gives_claims_whose_spans_are_exact(text):
    for claim in extract(text, PUBLISHED):
        assert text[claim.start : claim.end] == claim.quote
        assert claim.kind in ("direct", "partial", "indirect")
        assert claim.speaker
