"""Confidence: grouped by the rule that found the speaker, counted on the held-out gold set, and checked for how
well it predicts."""

from __future__ import annotations

import json
from pathlib import Path

from claims.extraction import Extracted
from claims.intake.confidence import CALIBRATION, Judged, calibrate, confidence, count, group, reliability, shares

ROOT = Path(__file__).resolve().parent.parent


def _extracted(kind: str, label: str, is_person: bool, rule: str = "after") -> Extracted:
    return Extracted(kind, "q", 0, 1, label, label, "said", is_person=is_person, rule=rule)


def test_claims_are_grouped_by_family_and_by_the_evidence_for_the_speaker():
    assert group(_extracted("direct", "he", False, rule="pronoun")) == "quote/pronoun"
    assert group(_extracted("indirect", "the company", False, rule="reported")) == "reported/description"
    assert group(_extracted("partial", "Walid al-Moallem", True)) == "quote/name"
    assert group(_extracted("direct", "Walid al-Moallem", True, rule="continues")) == "quote/carried"
    assert group(_extracted("direct", "Speaker Nancy Pelosi", True, rule="guessed")) == "quote/guessed"
    assert group(_extracted("direct", "Helen Park", True, rule="fallback")) == "quote/guessed"


def test_confidence_is_the_smoothed_share_right_in_its_group():
    counts = json.loads(CALIBRATION.read_text())
    right, found = counts["reported/name"]
    assert confidence(_extracted("indirect", "Bolton", True, rule="reported")) == round((right + 1) / (found + 2), 2)
    assert shares({"quote/name": [0, 0]}) == {"quote/name": 0.5}
    assert shares({"quote/name": [8, 8]}) == {"quote/name": 0.9}


def test_the_shipped_calibration_equals_a_fresh_count_on_the_held_out_set():
    counts, problems = calibrate(ROOT / "tests" / "gold" / "heldout")
    assert not problems
    assert counts == json.loads(CALIBRATION.read_text()), "run: claims eval tests/gold/heldout --calibrate"


def test_counts_are_right_and_found_per_group():
    judged = [Judged("quote/name", True), Judged("quote/name", False), Judged("reported/pronoun", True)]
    assert count(judged) == {"quote/name": [1, 2], "reported/pronoun": [1, 1]}


def test_reliability_bins_cover_every_claim_found_once():
    bins, problems = reliability(ROOT / "tests" / "gold" / "heldout")
    assert not problems
    counts = json.loads(CALIBRATION.read_text())
    assert sum(b.claims for b in bins) == sum(found for _, found in counts.values())
    for b in bins:
        assert b.low <= b.mean_confidence < b.high + 0.01
        assert 0.0 <= b.share_right <= 1.0
