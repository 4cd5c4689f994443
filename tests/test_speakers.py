"""Who said it, on the patterns users and news we were never tuned on showed: each case is a made-up paragraph in
the shape of real news, with the claims it must give (kind, speaker, quote)."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.extraction import extract, sentence_spans
from claims.extraction.labels import is_speaker_phrase
from claims.extraction.names import up_to_full_stop
from claims.extraction.people import State, note_people
from claims.extraction.quotations import find_quotations
from claims.extraction.subjects import subject_span

PUBLISHED = dt.date(2024, 3, 1)

CASES = [
    (
        "according to a description and the name after it",
        "According to the city's mayor, Helen Park, the council is considering a rent cap for small shops.",
        [("indirect", "Helen Park", "the council is considering a rent cap for small shops")],
    ),
    (
        "a spokesperson speaks for the body named after it",
        "A spokesperson for the Department of Transport said the new bus lane would open in March.",
        [("indirect", "Department of Transport", "the new bus lane would open in March")],
    ),
    (
        "a fragment of a few words after a verb of characterising",
        'Park called the landlords\' increases "frankly indefensible" on Tuesday.',
        [("partial", "Park", "frankly indefensible")],
    ),
    (
        "a fragment far from its verb",
        "Tehran has blamed Washington, Tel Aviv and Riyadh, as well as the United Arab Emirates for supporting "
        '"foreign mercenaries" in the attack.',
        [("partial", "Tehran", "foreign mercenaries")],
    ),
    (
        "a list of fragments after one verb, and a fragment attributed after it",
        'Mitsotakis called the deal "null and void" and "geographically ridiculous". The jet flew at "very low '
        'height" according to The Aviation Herald.',
        [
            ("partial", "Mitsotakis", "null and void"),
            ("partial", "Mitsotakis", "geographically ridiculous"),
            ("indirect", "Aviation Herald", 'The jet flew at "very low height"'),
            ("partial", "Aviation Herald", "very low height"),
        ],
    ),
    (
        "scare quotes and slogans are no claims",
        'The so-called "rebels" marched past signs reading "no more cuts" and a storm dubbed "the Beast".',
        [],
    ),
    (
        "a quote reopened without its closing mark",
        'Walsh is less sure. "They will promise anything by March. "We will then see what they really do," she says.',
        [
            ("direct", "Walsh", "They will promise anything by March."),
            ("direct", "Walsh", "We will then see what they really do,"),
        ],
    ),
    (
        "a title's full stop does not end the name",
        '"We need change," said Sen. Jeff Merkley of Oregon. "Now," said former Wisconsin Gov. Jim Doyle.',
        [("direct", "Jeff Merkley", "We need change,")],
    ),
    (
        "an inverted attribution before the quote",
        'Said Comey, "We will look into it now."',
        [("direct", "Comey", "We will look into it now.")],
    ),
    (
        "a reporting verb generated from its lemma",
        '"Harris can probably rest easy," Martin opines.',
        [("direct", "Martin", "Harris can probably rest easy,")],
    ),
    (
        "the speaker of a postposed attribution is the one a later pronoun takes up",
        "Clarkston has a long history of welcoming refugees, Mayor Ted Terry noted. Every year, a new group "
        'arrives.\n\n"Right now, we get about 3,000 a year," he said.',
        [
            ("indirect", "Ted Terry", "Clarkston has a long history of welcoming refugees"),
            ("direct", "Ted Terry", "Right now, we get about 3,000 a year,"),
        ],
    ),
    (
        "an opening participle clause is no subject",
        "Appearing before cheering supporters on Monday, Suu Kyi, 70, said it was too early to congratulate "
        'winners but added, "I think you all have an idea of the results."',
        [
            ("indirect", "Suu Kyi", "it was too early to congratulate winners"),
            ("direct", "Suu Kyi", "I think you all have an idea of the results."),
        ],
    ),
    (
        "she goes to the woman, not to the man named before her",
        'Martin Lowe spoke first. Hillary Jones followed him. "We can do this," she said.',
        [("direct", "Hillary Jones", "We can do this,")],
    ),
    (
        "a first name alone, introduced by a relation, takes the floor",
        'Priya Shah reopened the shop in 2019. "I knew nothing about produce," she says.\n\n'
        'Her husband, Raj, was sceptical at first. "I thought she had lost her mind," he says.',
        [
            ("direct", "Priya Shah", "I knew nothing about produce,"),
            ("direct", "Raj", "I thought she had lost her mind,"),
        ],
    ),
    (
        "an unresolved he is no licence to carry the last speaker on",
        'Priya Shah reopened the shop in 2019. "I knew nothing about produce," she says. "It was hard," he says.',
        [("direct", "Priya Shah", "I knew nothing about produce,"), ("direct", "Priya Shah", "It was hard,")],
    ),
    (
        "the one person a sentence names introduces the quote after it, wherever they stand",
        '"We made silly mistakes," Sam Marshall said.\n\nThe home side got two yellow cards, leaving Geoff Ingram '
        'unimpressed. "One of them was questionable."',
        [
            ("direct", "Sam Marshall", "We made silly mistakes,"),
            ("direct", "Geoff Ingram", "One of them was questionable."),
        ],
    ),
    (
        "the person spoken to in an opening clause is not the subject",
        'Crown Prince Mohammad bin Salman accepted responsibility. Speaking to Martin Smith of PBS, he said, "It '
        'happened under my watch."',
        [("direct", "Mohammad bin Salman", "It happened under my watch.")],
    ),
    (
        "a participle after the quote is no inverted attribution",
        'Ryan Coogler, the director, wrote of Boseman, "I noticed then that Chad was an anomaly", recalling their '
        "first meeting.",
        [("direct", "Ryan Coogler", "I noticed then that Chad was an anomaly")],
    ),
    (
        "a name after a lower-case description, not after a conjunction",
        '"There is some nagging concern," super PAC spokeswoman Kellyanne Conway said. Minister Yevgeny Zinichev '
        'spoke of "at least forty people under the rubble", while Deputy Governor Oleg Klimov said nothing.',
        [
            ("direct", "Kellyanne Conway", "There is some nagging concern,"),
            ("partial", "Yevgeny Zinichev", "at least forty people under the rubble"),
        ],
    ),
    (
        "an attribution after an exclamation or a question",
        '"And I am not being paid!" LeVell declared. "Why now?" Smith asked.',
        [("direct", "LeVell", "And I am not being paid!"), ("direct", "Smith", "Why now?")],
    ),
    (
        "a relative clause between the speaker and the verb",
        "A White House official who spoke anonymously to discuss strategy said Wednesday, "
        '"Certainly there are discussions."',
        [("direct", "White House official", "Certainly there are discussions.")],
    ),
    (
        "time and place between the verb and the quote; 'even' and an opening preposition before the subject",
        'As Michael Dell said last week in Tel Aviv, "Israel is the centre of the digital future." Alongside calls '
        'for action, even a top strategist said Clinton must choose, saying, "At some point, she has to come out."',
        [
            ("direct", "Michael Dell", "Israel is the centre of the digital future."),
            ("indirect", "top strategist", "Clinton must choose"),
            ("direct", "top strategist", "At some point, she has to come out."),
        ],
    ),
    (
        "a pronoun is found as a word, not inside another ('he' in 'The')",
        'The latest is Rep. Joe Wilson, who gained attention in 2009 when he yelled "You lie!" at the president.',
        [("direct", "Joe Wilson", "You lie!")],
    ),
    (
        "reported speech past an adverb, a title's full stop, a relative clause and an appositive",
        "Adelson said earlier on Friday during a news conference that he may wait. Aides said Mr. Clinton's role "
        "would be narrow. Still, people who have battled online threats say it could be doing more. But that is "
        "not good enough, said Howard Rubel, a senior analyst at Jefferies.",
        [
            ("indirect", "Adelson", "he may wait"),
            ("indirect", "Aides", "Mr. Clinton's role would be narrow"),
            ("indirect", "people", "it could be doing more"),
            ("indirect", "Howard Rubel", "But that is not good enough"),
        ],
    ),
    (
        "'what X called' names X; 'Another was X' names X",
        'The move was met with what WalesOnline called "fury" from local chiefs. Another was tour manager Thomas '
        'Gray, 24, who cited his experience: "I did what any Londoner would do."',
        [("partial", "WalesOnline", "fury"), ("direct", "Thomas Gray", "I did what any Londoner would do.")],
    ),
    (
        "a feature's run of quotes keeps its speaker until the floor passes",
        '"We lost three players in a month," James Whitaker says. "You cannot plan for that."\n\n'
        'His assistant, Daniel Osei, shrugs. "James is being kind," he says.\n\n'
        'Whitaker disagrees. "Nobody is forced to come," the coach says.',
        [
            ("direct", "James Whitaker", "We lost three players in a month,"),
            ("direct", "James Whitaker", "You cannot plan for that."),
            ("direct", "Daniel Osei", "James is being kind,"),
            ("direct", "James Whitaker", "Nobody is forced to come,"),
        ],
    ),
    (
        "an attribution inserted after the subject gives the report to its speaker, not to the subject",
        '"They are civil," Sexton said.\n\nTrump, Sexton said, has created a strange zone. "So afterwards, his '
        'supporters feel justified," he said.',
        [
            ("direct", "Sexton", "They are civil,"),
            ("indirect", "Sexton", "Trump, Sexton said, has created a strange zone"),
            ("direct", "Sexton", "So afterwards, his supporters feel justified,"),
        ],
    ),
    (
        "a plural noun opening a sentence is nobody's surname",
        '"I love women," Butz said.\n\nAudiences can expect him to take risks.\n\n"It is straight from the heart," '
        "he said.",
        [("direct", "Butz", "I love women,"), ("direct", "Butz", "It is straight from the heart,")],
    ),
    (
        "a heading line without a stop is no part of the next sentence's subject",
        "Kasich: Deporting Parents Is Not The Kind Of Values\nJohn Kasich said Saturday that the plan was fair.\n"
        '"I could not even imagine taking a mom or a dad out of a house when they have not committed a crime since '
        'they have been here, leaving their children in the house," he said.',
        [
            ("indirect", "John Kasich", "the plan was fair"),
            (
                "direct",
                "John Kasich",
                "I could not even imagine taking a mom or a dad out of a house when they have not committed a crime "
                "since they have been here, leaving their children in the house,",
            ),
        ],
    ),
    (
        "a conjunction opening a sentence is no part of the name after it; a party and state after a name neither",
        "President Barack Obama spoke first. Rep. Hank Johnson (D-Ga.) said white voters had changed.\n\n"
        'Ted Nordhaus welcomed the deal. "No large economy has succeeded," Nordhaus said.\n\n'
        'And Obama, for all the progress he helped wrangle, seems to agree. "We do not know," he said.',
        [
            ("indirect", "Hank Johnson", "white voters had changed"),
            ("direct", "Ted Nordhaus", "No large economy has succeeded,"),
            ("direct", "Barack Obama", "We do not know,"),
        ],
    ),
    (
        "a supplier is no relation: the name after it is not taken up as she",
        'Anna Berg runs the bakery with Tom. Her favourite supplier, Harwood, delivers at dawn. "We start at four," '
        "she says.",
        [("direct", "Anna Berg", "We start at four,")],
    ),
    (
        "an unresolved he with a described person as the subject before: that person, as a guess",
        'The minister met students on Monday. "Paris has changed," he said.',
        [("direct", "minister", "Paris has changed,")],
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[case[0] for case in CASES])
def test_who_said_it(name, text, expected):
    found = extract(text, PUBLISHED)
    assert [(c.kind, c.speaker, c.quote) for c in found] == expected
    if name.startswith("an unresolved he"):
        assert found[-1].rule == "fallback"  # kept, but marked as a guess: its confidence is low
    for claim in found:
        assert text[claim.start : claim.end] == claim.quote
        assert is_speaker_phrase(claim.speaker_label), claim.speaker_label


def test_only_a_relation_or_role_makes_the_name_after_it_a_person():
    text = 'Maria Lopez spent a week in her favourite city, Paris. Her husband, Raj, stayed home. "Fine," she says.'
    spans = sentence_spans(text)
    state = State(text=text, spans=spans, starts=[start for start, _ in spans])
    note_people(text, spans, state, find_quotations(text))
    assert "Raj" in state.full_names
    assert "Paris" not in state.full_names


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("The US forces withdrew from the base on Monday.", "The US forces"),
        ("Apple shares fell sharply.", "Apple shares"),
        ("His assistant, Daniel Osei, shrugs.", "His assistant, Daniel Osei,"),
        ("Reyes handles the accounts.", "Reyes"),
    ],
)
def test_a_plural_noun_before_the_verb_is_no_present_tense_verb(sentence, subject):
    start, end = subject_span(sentence, 0, len(sentence))
    assert sentence[start:end].strip() == subject


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("rejected by NATO. Later it", "rejected by NATO"),
        ("met U.S. officials. Then", "met U.S. officials"),
        ("said Sen. Jeff Merkley. Later", "said Sen. Jeff Merkley"),
        ("J. Smith agreed. Then", "J. Smith agreed"),
    ],
)
def test_a_full_stop_is_not_an_initial_or_a_title(words, expected):
    assert up_to_full_stop(words) == expected
