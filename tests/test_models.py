import datetime as dt

import pytest
from pydantic import ValidationError

from claims.corpus.models import Claim, Precision, Speaker, claim_id, interval_problem

GOOD = {
    "id": "c-000000000001",
    "kind": "direct",
    "quote": "We are watching",
    "start": 10,
    "end": 25,
    "speaker": "john-bolton",
    "speaker_label": "Bolton",
    "verb": "warned",
}


def test_a_good_claim_validates_and_said_to_defaults_to_said_from():
    claim = Claim.model_validate({**GOOD, "said_from": "2018-09-29", "said_precision": "day"})
    assert claim.said_to == dt.date(2018, 9, 29)
    assert claim.kind == "direct"


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"kind": "rumour"}, "Input should be 'direct', 'partial' or 'indirect'"),
        ({"end": 26}, "end - start is 16 but the quote has 15 characters"),
        ({"start": "10"}, "Input should be a valid integer"),
        ({"colour": "red"}, "Extra inputs are not permitted"),
        ({"speaker": "John Bolton"}, "String should match pattern"),
        ({"said_from": "2018-02-30", "said_precision": "day"}, "Input should be a valid date"),
        ({"said_from": "2018-09-24", "said_to": "2018-10-05", "said_precision": "week"}, "wider than one week"),
        ({"said_from": "2018-09-29"}, "said_precision unknown must not have said dates"),
        ({"said_precision": "day"}, "said_precision day needs said_from"),
    ],
)
def test_bad_claims_are_refused(change, error):
    with pytest.raises(ValidationError, match=error):
        Claim.model_validate({**GOOD, **change})


def test_missing_field_is_reported():
    data = dict(GOOD)
    del data["speaker"]
    with pytest.raises(ValidationError, match="speaker\n  Field required"):
        Claim.model_validate(data)


@pytest.mark.parametrize(
    ("start", "end", "precision", "ok"),
    [
        ("2018-09-29", "2018-09-29", Precision.day, True),
        ("2018-09-29", "2018-09-30", Precision.day, False),
        ("2018-09-24", "2018-09-30", Precision.week, True),
        ("2018-09-01", "2018-09-30", Precision.month, True),
        ("2018-09-01", "2018-10-01", Precision.month, False),
        ("2017-09-01", "2017-12-31", Precision.year, True),
        ("2017-12-31", "2018-01-01", Precision.year, False),
        ("2018-09-30", "2018-09-24", Precision.week, False),
    ],
)
def test_said_interval_must_fit_its_precision(start, end, precision, ok):
    problem = interval_problem(dt.date.fromisoformat(start), dt.date.fromisoformat(end), precision)
    assert (problem is None) is ok


def test_claim_ids_are_derived_from_content_and_stable():
    first = claim_id("article", "direct", "We are watching")
    assert first == claim_id("article", "direct", "We are watching")
    assert first != claim_id("article", "partial", "We are watching")
    assert first.startswith("c-") and len(first) == 14


def test_speaker_type_is_one_of_the_known_kinds():
    with pytest.raises(ValidationError):
        Speaker(id="x", name="X", type="alien")
    assert Speaker(id="x", name="X", type="anonymous", aliases=["officials"]).aliases == ["officials"]
