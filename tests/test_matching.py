from __future__ import annotations

import pytest

from claims.corpus.models import Speaker, SpeakerMatch
from claims.intake.matching import UNIDENTIFIED, SpeakerIndex, is_description
from claims.intake.phrases import Stance, stance, whole_name, whole_name_in_text

SPEAKERS = [
    Speaker(id="john-bolton", name="John Bolton", type="person", role="US National Security Adviser"),
    Speaker(id="boris-johnson", name="Boris Johnson", type="person", role="Prime Minister of the United Kingdom"),
    Speaker(id="mohammad-javad-zarif", name="Mohammad Javad Zarif", type="person", role="Foreign Minister of Iran"),
    Speaker(id="government-of-iran", name="Government of Iran", type="government", aliases=["Tehran"]),
    Speaker(id="jim-mattis", name="Jim Mattis", type="person", role="US Secretary of Defense"),
    Speaker(id="mark-esper", name="Mark Esper", type="person", role="US Secretary of Defense"),
    Speaker(id="donald-trump", name="Donald Trump", type="person", aliases=["the president", "Trump"]),
    Speaker(
        id="us-department-of-defense", name="US Department of Defense", type="government", aliases=["the Pentagon"]
    ),
    # what `claims add` used to make of "A police spokesman said ...": a description as a registry name
    Speaker(id="police-spokesman", name="police spokesman", type="person"),
    Speaker(id="senior-officials", name="Senior officials", type="anonymous"),
    Speaker(
        id="pentagon-officials",
        name="Senior Pentagon officials (unnamed)",
        type="anonymous",
        aliases=["senior Pentagon officials"],
    ),
    Speaker(id="alex-lagakos", name="Alex Lagakos", type="person", aliases=["Lagakos"]),
]
INDEX = SpeakerIndex.of({s.id: s for s in SPEAKERS})


@pytest.mark.parametrize(
    ("name", "label", "is_person", "expected"),
    [
        ("John Bolton", "National security adviser John Bolton", True, ("john-bolton", "name")),
        ("Tehran", "Tehran", False, ("government-of-iran", "alias")),
        ("the Government of Iran", "the Government of Iran", False, ("government-of-iran", "name")),
        # a surname alone is probably the registry's person, but a person has to confirm it
        ("Bolton", "Bolton", True, ("john-bolton", "surname")),
        ("Bolton", "Bolton", False, ("john-bolton", "surname")),  # whatever the extractor took it for
        # a description that holds every word of exactly one registry role
        ("Trump's national security adviser", "Trump's national security adviser", False, ("john-bolton", "role")),
        ("Mohammed Javad Zarif", "Iran's foreign minister", True, ("mohammad-javad-zarif", "fuzzy")),
        ("the Pentagon", "the Pentagon", False, ("us-department-of-defense", "alias")),
        # a registry name or alias that is only a description may be someone else in another article
        ("police spokesman", "A police spokesman", True, ("police-spokesman", "description")),
        ("A police spokesman", "A police spokesman", False, ("police-spokesman", "description")),
        ("senior officials", "senior officials", False, ("senior-officials", "description")),
        ("the president", "the president", False, ("donald-trump", "description")),
        ("senior Pentagon officials", "senior Pentagon officials", False, ("pentagon-officials", "description")),
        # a one-word alias that is a person's surname is a surname, whoever the extractor took it for
        ("Lagakos", "Lagakos, a nurse", False, ("alex-lagakos", "surname")),
        ("Trump", "Trump", True, ("donald-trump", "surname")),
    ],
)
def test_speakers_are_matched_across_articles_and_unsure_ones_say_so(name, label, is_person, expected):
    found = INDEX.match(name, label, is_person)
    assert (found.speaker_id, str(found.how)) == expected


@pytest.mark.parametrize(
    ("name", "label", "is_person"),
    [
        ("Mike Johnson", "Speaker Mike Johnson", True),  # same surname, another first name: someone else
        ("Mike Pompeo", "Secretary of State Mike Pompeo", True),  # a new person is never matched by role
        ("the defense secretary", "the defense secretary", False),  # two registry speakers hold that role
        ("Khan", "Khan", True),  # not in the registry at all
        ("", "", False),
    ],
)
def test_anything_else_is_not_merged(name, label, is_person):
    assert INDEX.match(name, label, is_person) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("police spokesman", True),
        ("A police spokesman", True),
        ("Senior officials", True),
        ("the president", True),
        ("Trump's national security adviser", True),
        ("Police", True),
        ("officials", True),
        ("John Bolton", False),
        ("Tehran", False),
        ("Bolton", False),
        ("the Pentagon", False),
        ("The Daily Telegraph", False),
        ("Walid al-Moallem", False),
        ("al-Moallem", False),
        ("Mohammed bin Salman", False),
        ("two senior Pentagon officials", True),
        ("the city's mayor", True),
        ("The United States Department of Defense", False),
    ],
)
def test_a_description_is_told_from_a_name(name, expected):
    assert is_description(name) is expected


# A small registry for the words a draft meets in realistic articles: bodies under their aliases, two people, and an
# anonymous group.
REGISTRY = SpeakerIndex.of(
    {
        s.id: s
        for s in [
            Speaker(id="department-of-transport", name="Department of Transport", type="government"),
            Speaker(
                id="us-department-of-defense",
                name="US Department of Defense",
                type="government",
                aliases=["Department of Defense", "the Pentagon"],
            ),
            Speaker(id="dana-reyes", name="Dana Reyes", type="person", role="freight operator"),
            Speaker(id="luc-moreau", name="Luc Moreau", type="person"),
            Speaker(id="sean-ryan", name="Sean Ryan", type="person", aliases=["Ryan"]),
            Speaker(id="ada-johnson", name="Ada Johnson", type="person"),
            Speaker(id="ben-johnson", name="Ben Johnson", type="person"),
            Speaker(
                id="pentagon-officials",
                name="Senior Pentagon officials (unnamed)",
                type="anonymous",
                aliases=["senior Pentagon officials"],
            ),
        ]
    }
)
EMPTY = SpeakerIndex.of({})
ARTICLE = (
    "Rail checks tightened\n\nA spokesperson for the Department of Transport said the rules would change.\n\n"
    "It said inspections in 2019 had found no faults.\n\nThe United States Department of Defense said its spurs"
    " would be checked too.\n"
)


@pytest.mark.parametrize(
    ("name", "label", "is_person", "expected"),
    [
        # a registry body inside a longer label, or the whole of which the extractor's name is a fragment
        ("Defense", "The United States Department of Defense", True, ("us-department-of-defense", "contains")),
        (
            "United States Department of Defense",
            "the United States Department of Defense",
            True,
            ("us-department-of-defense", "contains"),
        ),
        # a spokesperson FOR a body speaks for it: the body, flagged
        ("Transport", "A spokesperson for the Department of Transport", False, ("department-of-transport", "contains")),
        (
            "Department of Transport",
            "A spokesperson for the Department of Transport",
            False,
            ("department-of-transport", "contains"),
        ),
        ("spokesman", "a Pentagon spokesman", True, ("us-department-of-defense", "contains")),
        # a pronoun resolved to a fragment of a body the text names in full
        ("Transport", "It", False, ("department-of-transport", "contains")),
        # a description resolved to a name from elsewhere in the text: probably, not surely, that person
        ("Dana Reyes", "the city's mayor", True, ("dana-reyes", "description")),
        # the label names its speaker plainly: sure
        ("Dana Reyes", "Okafor's business partner, Dana Reyes", True, ("dana-reyes", "name")),
        ("Department of Transport", "the Department of Transport", False, ("department-of-transport", "name")),
        # the extractor's name only modifies the label; the label names someone else
        ("Okafor", "Okafor's business partner, Dana Reyes", True, ("dana-reyes", "contains")),
        # an anonymous registry group: in another article, probably other people
        ("senior Pentagon officials", "two senior Pentagon officials", False, ("pentagon-officials", "description")),
        ("officials", "two senior Pentagon officials", False, ("pentagon-officials", "contains")),
    ],
)
def test_registry_speakers_are_found_inside_longer_words_and_flagged(name, label, is_person, expected):
    found = REGISTRY.attribute(name, label, is_person, ARTICLE)
    assert (found.speaker_id, str(found.how)) == expected


@pytest.mark.parametrize(
    ("name", "label", "is_person"),
    [
        ("Defense", "An official of the Department of Defense", True),
        ("Department of Defense", "Department of Defense officials", False),
        ("Interior Ministry", "A source within the central Interior Ministry", False),
    ],
)
def test_a_person_of_a_body_is_not_the_body(name, label, is_person):
    found = REGISTRY.attribute(name, label, is_person, ARTICLE)
    assert found.speaker_id is None and found.how == SpeakerMatch.description
    assert found.type == "anonymous" and found.name[0].isupper() and "Department of Defense" not in {found.name}


def test_a_named_person_of_a_body_is_that_person_and_keeps_the_body_as_affiliation_only_when_anonymous():
    lund = REGISTRY.attribute("Mark Lund", "Department of Defense official Mark Lund", True, ARTICLE)
    assert (lund.speaker_id, lund.how, lund.name) == (None, SpeakerMatch.new, "Mark Lund")
    official = REGISTRY.attribute("Defense", "An official of the Department of Defense", True, ARTICLE)
    assert (official.name, official.affiliation) == (
        "Official of the Department of Defense",
        "US Department of Defense",
    )


@pytest.mark.parametrize(
    ("name", "label", "expected_id"),
    [
        ("it said inspections in 2019", "it said inspections in 2019", None),
        ("Transport", "it said inspections in 2019", None),
        ("Is Halvorsen", "Is Halvorsen", None),
        ("he", "he", None),  # a pronoun nobody was found for
        ("The", "The", None),
        ("Moreau", "Unlike Moreau", "luc-moreau"),  # the registry speaker the words resemble
    ],
)
def test_words_that_are_no_name_or_description_never_make_a_speaker(name, label, expected_id):
    found = REGISTRY.attribute(name, label, True, ARTICLE)
    assert found.how == SpeakerMatch.unidentified and found.guessed
    assert found.speaker_id == expected_id
    if expected_id is None:  # the placeholder, never the words themselves
        assert (found.name, found.type) == ("Unidentified speaker", "anonymous")


def test_the_placeholder_is_the_registrys_once_it_is_there():
    index = SpeakerIndex.of({UNIDENTIFIED.id: UNIDENTIFIED})
    found = index.attribute("it said inspections in 2019", "it said inspections in 2019")
    assert (found.speaker_id, found.how) == ("unidentified-speaker", SpeakerMatch.unidentified)


@pytest.mark.parametrize(
    ("name", "label", "is_person", "expected"),
    [
        # only a well-formed name that nothing in the registry resembles is new, and sure
        ("Helen Park", "Helen Park", True, ("Helen Park", "new")),
        ("Helen Park", "the city's mayor, Helen Park", True, ("Helen Park", "new")),
        (
            "United States Department of Defense",
            "the United States Department of Defense",
            False,
            ("United States Department of Defense", "new"),
        ),
        # a fragment is never a speaker: the whole body it was cut from is
        (
            "Transport",
            "A spokesperson for the Department of Transport",
            False,
            ("Department of Transport", "description"),
        ),
        ("Defense", "the United States Department of Defense", True, ("United States Department of Defense", "new")),
        ("Transport", "It", False, ("Department of Transport", "contains")),
        # descriptions are descriptions, never sure
        ("police spokesman", "A police spokesman", True, ("police spokesman", "description")),
        ("the company", "the company", False, ("the company", "description")),
        ("Helen Park", "the city's mayor", True, ("Helen Park", "description")),
        # a body's name that goes on through "and" is one name; digits end some names
        (
            "Department of Health and Social Care",
            "the Department of Health and Social Care",
            False,
            ("Department of Health and Social Care", "new"),
        ),
        ("Search and Rescue Agency", "the Search and Rescue Agency", False, ("Search and Rescue Agency", "new")),
        ("TVN24", "TVN24", False, ("TVN24", "new")),
        # words for a voice after a long name speak for it ("Scientific study" opening a headline names nobody)
        (
            "Department of Health and Social Care spokesman",
            "a Department of Health and Social Care spokesman",
            True,
            ("Department of Health and Social Care", "description"),
        ),
        ("Scientific study", "Scientific study", False, ("Scientific study", "description")),
    ],
)
def test_new_speakers_are_sure_only_when_the_words_name_them(name, label, is_person, expected):
    found = EMPTY.attribute(name, label, is_person, ARTICLE)
    assert found.speaker_id is None
    assert (found.name, str(found.how)) == expected


def test_a_full_name_is_not_matched_by_a_registry_surname_inside_it_but_is_unsure():
    # Mike Ryan is not Sean Ryan (alias "Ryan"), but a person has to confirm it
    found = REGISTRY.attribute("Mike Ryan", "Mike Ryan of the World Health Organization", True, ARTICLE)
    assert (found.speaker_id, found.how, found.name) == (None, SpeakerMatch.surname, "Mike Ryan")
    assert "'Sean Ryan'" in found.why


@pytest.mark.parametrize("is_person", [True, False])
def test_a_surname_several_registry_persons_share_is_new_but_unsure(is_person):
    found = REGISTRY.attribute("Johnson", "Johnson", is_person, ARTICLE)
    assert (found.speaker_id, found.how, found.name) == (None, SpeakerMatch.surname, "Johnson")


@pytest.mark.parametrize(
    ("label", "name", "expected"),
    [
        ("the United States Department of Defense", "Department of Defense", Stance.head),
        ("Britain's Department of Transport", "Department of Transport", Stance.head),
        ("Mayor of London Sadiq Khan", "Sadiq Khan", Stance.head),
        ("Mark Reyes of the Department of Defense", "Mark Reyes", Stance.head),
        ("A spokesperson for the Department of Transport", "Department of Transport", Stance.voice),
        ("a Department of Transport spokeswoman", "Department of Transport", Stance.voice),
        ("the Pentagon's spokesman", "the Pentagon", Stance.voice),
        (
            "a survey published in 2017 by the Royal Pharmaceutical Society",
            "Royal Pharmaceutical Society",
            Stance.voice,
        ),
        ("An official of the Department of Defense", "Department of Defense", Stance.member),
        ("A source within the central Interior Ministry", "Interior Ministry", Stance.member),
        ("Department of Defense official Mark Reyes", "Department of Defense", Stance.member),
        ("a professor in Tehran", "Tehran", Stance.other),
        ("Reuters and NBC", "Reuters", Stance.other),
        ("Prosecutor Kama Melly QC", "Kama Melly", Stance.head),  # letters after a name are not another name
        ("The Pentagon's annual report", "the Pentagon", Stance.voice),  # a modifier before the voice
        ("Okafor's business partner", "Okafor", Stance.other),
        ("the city's mayor", "Dana Reyes", None),
    ],
)
def test_how_a_name_stands_in_the_words_for_a_speaker(label, name, expected):
    assert stance(label, name) is expected


@pytest.mark.parametrize(
    ("name", "phrase", "expected"),
    [
        ("Transport", "A spokesperson for the Department of Transport", "Department of Transport"),
        ("Defense", "The United States Department of Defense", "United States Department of Defense"),
        ("Health", "the Department of Health and Social Care", "Department of Health and Social Care"),
        ("Interior", "the Ministry of the Interior", "Ministry of the Interior"),
        ("Mike Pompeo", "Secretary of State Mike Pompeo", None),  # a whole name after a title
        ("Labour Party", "Yvette Cooper of the Labour Party", None),  # a person of a party, not a body's name
        ("Nicolas Redouane", "Antoine Quirin and Nicolas Redouane", None),  # two people
        ("Department of Transport", "the Department of Transport", None),  # whole already
        # a headline's capitalised words before the body's word are no part of its name, nor a date after it
        ("Transport", "Minister Blames Department of Transport For Delays", "Department of Transport"),
        ("Transport", "the Department of Transport on Monday", "Department of Transport"),
        ("Transport", "Britain's Department of Transport", "Department of Transport"),
        # a name after "and the" is one of two, not a fragment
        ("Chinese Academy of Sciences", "Tsinghua University and the Chinese Academy of Sciences", None),
    ],
)
def test_a_fragment_is_widened_to_the_whole_name_of_its_body(name, phrase, expected):
    assert whole_name(name, phrase) == expected


def test_a_fragment_in_the_text_is_widened_only_when_it_never_stands_alone():
    assert whole_name_in_text("Transport", ARTICLE) == "Department of Transport"
    assert whole_name_in_text("Transport", ARTICLE + "\nTransport said so.\n") is None
    assert whole_name_in_text("Aviation", ARTICLE) is None


# A registry for the words news articles use: an alias that is also a surname ("Washington") or a description
# ("the president"), persons whose surnames others share, and an alias that two air forces go by.
NEWS = SpeakerIndex.of(
    {
        s.id: s
        for s in [
            Speaker(
                id="us-government", name="Government of the United States", type="government", aliases=["Washington"]
            ),
            Speaker(id="donald-trump", name="Donald Trump", type="person", aliases=["the president"]),
            Speaker(id="pope-francis", name="Pope Francis", type="person"),
            Speaker(id="boris-johnson", name="Boris Johnson", type="person"),
            Speaker(id="kama-melly", name="Kama Melly", type="person"),
            Speaker(id="james-jeffrey", name="James Jeffrey", type="person"),
            Speaker(id="us-air-force", name="US Air Force", type="government", aliases=["the Air Force"]),
            Speaker(id="iranian-air-force", name="Iranian Air Force", type="government", aliases=["the Air Force"]),
            Speaker(id="reuters", name="Reuters", type="media"),
            Speaker(id="pentagon", name="US Department of Defense", type="government", aliases=["the Pentagon"]),
            Speaker(id="us", name="United States", type="government", aliases=["the U.S."]),
            Speaker(id="who", name="World Health Organization", type="organisation", aliases=["WHO"]),
        ]
    }
)


@pytest.mark.parametrize(
    ("name", "label", "expected"),
    [
        # "Washington" is the surname of the Kerry Washington the extractor found, not the US government
        ("Kerry Washington", "Washington", (None, "new", "Kerry Washington")),
        # "The president" was resolved to Emmanuel Macron: he is the speaker, not the registry's "the president"
        ("Emmanuel Macron", "The president", (None, "description", "Emmanuel Macron")),
        # a label that holds the extractor's name is the registry's name
        ("Francis", "Pope Francis", ("pope-francis", "name", "")),
    ],
)
def test_a_registry_name_in_the_label_never_overrides_the_person_the_extractor_found(name, label, expected):
    found = NEWS.attribute(name, label, True, f"{label} said the talks had failed.\n")
    assert (found.speaker_id, str(found.how), found.name) == expected


@pytest.mark.parametrize("is_person", [True, False])
def test_a_one_word_name_that_is_a_registry_persons_surname_is_a_surname(is_person):
    found = NEWS.attribute("Johnson", "Johnson", is_person, "Johnson said the talks had failed.\n")
    assert (found.speaker_id, found.how) == ("boris-johnson", SpeakerMatch.surname)


@pytest.mark.parametrize(
    ("name", "is_person", "expected"),
    [
        # a title and letters around a registry person's name
        ("Prosecutor Kama Melly QC", True, ("kama-melly", "contains", "")),
        ("Prosecutor Kama Melly QC", False, ("kama-melly", "contains", "")),
        # a registry person's surname with another first name: perhaps the same person
        ("Jim Jeffrey", True, (None, "surname", "Jim Jeffrey")),
        # joined names: one new speaker for several, to be checked
        ("Reuters and NBC", False, (None, "contains", "Reuters and NBC")),
        ("Both Mugabe and Tsvangirai", False, (None, "contains", "Both Mugabe and Tsvangirai")),
    ],
)
def test_a_name_that_holds_or_shares_a_registry_name_or_joins_names_is_never_surely_new(name, is_person, expected):
    found = NEWS.attribute(name, name, is_person, f"{name} said the vote was fair.\n")
    assert (found.speaker_id, str(found.how), found.name) == expected


def test_a_pronoun_never_makes_a_sure_new_speaker_but_keeps_a_sure_registry_one():
    text = 'Fitness was a big factor. "We\'ve been working hard on our fitness," he said.\n'
    fitness = NEWS.attribute("Fitness", "he", True, text)
    assert (fitness.speaker_id, fitness.how, fitness.name) == (None, SpeakerMatch.description, "Fitness")
    trump = NEWS.attribute("Donald Trump", "He", True, "Donald Trump spoke. He said the talks had failed.\n")
    assert (trump.speaker_id, trump.how) == ("donald-trump", SpeakerMatch.name)


@pytest.mark.parametrize(
    ("name", "label", "text"),
    [
        ("U.S", "U.S", "According to U.S. Attorney Cullen, the evidence was strong.\n"),  # cut at a full stop
        ("News", "the News", "Stocks ran low, according to the News.com.au report.\n"),  # cut from a dotted name
        ("Article", "Article", "Article 2, Section 1 says who may be president.\n"),  # cut before a number
        ("COVID-19", "COVID-19", "COVID-19 has spread to every state.\n"),  # codes
        ("H1N1", "H1N1", "That year H1N1 killed thousands.\n"),
    ],
)
def test_fragments_and_codes_never_become_a_speaker(name, label, text):
    found = EMPTY.attribute(name, label, False, text)
    assert (found.speaker_id, found.how, found.name) == (None, SpeakerMatch.unidentified, "Unidentified speaker")


def test_an_abbreviation_that_ends_a_name_is_still_that_name():
    found = NEWS.attribute("U.S", "The U.S.", False, "The U.S. said the talks had failed.\n")
    assert (found.speaker_id, found.how) == ("us", SpeakerMatch.alias)


@pytest.mark.parametrize("name", ["Observers", "One MP", "Two ministers"])
def test_words_for_people_are_a_description_never_a_name(name):
    found = EMPTY.attribute(name, name, True, f"{name} said the count was slow.\n")
    assert (found.how, found.name, found.type) == (SpeakerMatch.description, name, "anonymous")


@pytest.mark.parametrize(
    ("name", "label", "how"),
    [
        ("the Air Force", "The Air Force", SpeakerMatch.description),
        ("Air Force", "a spokesman for the Air Force", SpeakerMatch.description),
        ("United States Air Force", "the United States Air Force", SpeakerMatch.contains),
    ],
)
def test_an_alias_two_registry_speakers_share_is_unsure_and_names_both(name, label, how):
    found = NEWS.attribute(name, label, False, f"{label} said the base was closed.\n")
    assert found.how == how and found.speaker_id in {"us-air-force", "iranian-air-force"}
    assert "'US Air Force'" in found.why and "'Iranian Air Force'" in found.why


def test_a_widened_name_that_is_no_name_is_not_taken():
    text = "The Minister Said Department of Transport Failed\n\nIt said the rules would change.\n"
    found = EMPTY.attribute("Transport", "It", False, text)
    assert found.name == "Transport" and found.how in {SpeakerMatch.description, SpeakerMatch.contains}


def test_a_short_form_of_a_body_the_text_names_in_full_is_unsure():
    text = "The Department of Transport said trains were late.\n\nTransport said the rules would change.\n"
    found = EMPTY.attribute("Transport", "Transport", False, text)
    assert (found.how, found.name) == (SpeakerMatch.contains, "Transport")
    assert "'Department of Transport'" in found.why


@pytest.mark.parametrize(
    ("name", "expected_id"),
    [
        ("Pentagon's annual report", "pentagon"),
        ("the WHO's situation report dated March 16", "who"),
    ],
)
def test_a_report_of_a_registry_body_speaks_for_it(name, expected_id):
    found = NEWS.attribute(name, name, False, f"{name} said the threat was growing.\n")
    assert (found.speaker_id, found.how) == (expected_id, SpeakerMatch.contains)
