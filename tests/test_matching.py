from __future__ import annotations

import json

import pytest

from claims.confidence import CALIBRATION, calibrate, confidence, group
from claims.extraction import Extracted
from claims.matching import SpeakerIndex
from claims.models import Speaker

from .conftest import ROOT

SPEAKERS = [
    Speaker(id="john-bolton", name="John Bolton", type="person", role="US National Security Adviser"),
    Speaker(id="boris-johnson", name="Boris Johnson", type="person", role="Prime Minister of the United Kingdom"),
    Speaker(id="mohammad-javad-zarif", name="Mohammad Javad Zarif", type="person", role="Foreign Minister of Iran"),
    Speaker(id="government-of-iran", name="Government of Iran", type="government", aliases=["Tehran"]),
    Speaker(id="jim-mattis", name="Jim Mattis", type="person", role="US Secretary of Defense"),
    Speaker(id="mark-esper", name="Mark Esper", type="person", role="US Secretary of Defense"),
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


def _extracted(kind: str, label: str, is_person: bool) -> Extracted:
    return Extracted(kind, "q", 0, 1, label, label, "said", is_person=is_person)


def test_claims_are_grouped_by_kind_and_by_how_the_speaker_is_named():
    assert group(_extracted("direct", "he", False)) == "direct/pronoun"
    assert group(_extracted("indirect", "the company", False)) == "indirect/description"
    assert group(_extracted("partial", "Walid al-Moallem", True)) == "partial/name"
    assert group(_extracted("indirect", "The Pentagon", False)) == "indirect/description"


def test_confidence_is_the_smoothed_share_right_on_the_dev_set():
    counts = json.loads(CALIBRATION.read_text())
    right, found = counts["indirect/name"]
    assert confidence(_extracted("indirect", "Bolton", True)) == round((right + 1) / (found + 2), 2)
    assert confidence(_extracted("direct", "the company", False)) == 0.5 or "direct/description" in counts


def test_the_shipped_calibration_equals_a_fresh_count_on_the_dev_set():
    counts, problems = calibrate(ROOT / "tests" / "gold" / "dev")
    assert not problems
    assert counts == json.loads(CALIBRATION.read_text()), "run: claims eval tests/gold/dev --calibrate"
