from __future__ import annotations

import pytest

from claims.matching import SpeakerIndex, is_description
from claims.models import UNSURE_MATCHES, Speaker, SpeakerMatch

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
    ],
)
def test_a_description_is_told_from_a_name(name, expected):
    assert is_description(name) is expected


def test_surname_role_description_and_fuzzy_are_the_unsure_matches():
    unsure = {SpeakerMatch.surname, SpeakerMatch.role, SpeakerMatch.description, SpeakerMatch.fuzzy}
    assert unsure == UNSURE_MATCHES
