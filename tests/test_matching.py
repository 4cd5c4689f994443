from __future__ import annotations

import pytest

from claims.matching import UNIDENTIFIED, SpeakerIndex, is_description
from claims.models import UNSURE_MATCHES, Speaker, SpeakerMatch
from claims.phrases import Stance, stance, whole_name, whole_name_in_text

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
    speaker_id, how = INDEX.match(name, label, is_person)
    assert (speaker_id, str(how)) == expected


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


def test_only_name_alias_and_new_are_sure():
    sure = {SpeakerMatch.name, SpeakerMatch.alias, SpeakerMatch.new}
    assert set(SpeakerMatch) - sure == UNSURE_MATCHES
    assert {SpeakerMatch.contains, SpeakerMatch.unidentified} <= UNSURE_MATCHES


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
    assert found.why if found.how in UNSURE_MATCHES else not found.why


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
    reyes = REGISTRY.attribute("Mark Reyes", "Department of Defense official Mark Reyes", True, ARTICLE)
    assert (reyes.speaker_id, reyes.how, reyes.name) == (None, SpeakerMatch.new, "Mark Reyes")
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
    assert found.how == SpeakerMatch.unidentified and found.clause
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
    ],
)
def test_new_speakers_are_sure_only_when_the_words_name_them(name, label, is_person, expected):
    found = EMPTY.attribute(name, label, is_person, ARTICLE)
    assert found.speaker_id is None
    assert (found.name, str(found.how)) == expected


def test_a_full_name_is_not_matched_by_a_registry_surname_inside_it():
    found = REGISTRY.attribute("Mike Ryan", "Mike Ryan of the World Health Organization", True, ARTICLE)
    assert (found.speaker_id, found.how, found.name) == (None, SpeakerMatch.new, "Mike Ryan")


def test_a_surname_several_registry_persons_share_is_new_but_unsure():
    found = REGISTRY.attribute("Johnson", "Johnson", True, ARTICLE)
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
    ],
)
def test_a_fragment_is_widened_to_the_whole_name_of_its_body(name, phrase, expected):
    assert whole_name(name, phrase) == expected


def test_a_fragment_in_the_text_is_widened_only_when_it_never_stands_alone():
    assert whole_name_in_text("Transport", ARTICLE) == "Department of Transport"
    assert whole_name_in_text("Transport", ARTICLE + "\nTransport said so.\n") is None
    assert whole_name_in_text("Aviation", ARTICLE) is None
