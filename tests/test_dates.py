"""Dates said, resolved against the publication date, as intervals with a precision."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.corpus.dates import resolve

PUBLISHED = dt.date(2018, 10, 2)  # a Tuesday


@pytest.mark.parametrize(
    ("phrase", "start", "end", "precision"),
    [
        ("on Saturday", "2018-09-29", "2018-09-29", "day"),
        ("early Monday morning", "2018-10-01", "2018-10-01", "day"),
        ("on Tuesday", "2018-10-02", "2018-10-02", "day"),
        ("yesterday", "2018-10-01", "2018-10-01", "day"),
        ("last night", "2018-10-01", "2018-10-01", "day"),
        ("last week", "2018-09-24", "2018-09-30", "week"),
        ("this week", "2018-10-01", "2018-10-02", "week"),
        ("last month", "2018-09-01", "2018-09-30", "month"),
        ("late last year", "2017-09-01", "2017-12-31", "year"),
        ("on September 22", "2018-09-22", "2018-09-22", "day"),
        ("on 22 September 2018", "2018-09-22", "2018-09-22", "day"),
        ("on Sept. 22", "2018-09-22", "2018-09-22", "day"),
        ("on November 5", "2017-11-05", "2017-11-05", "day"),  # a past statement: last year's November
        ("last May", "2018-05-01", "2018-05-31", "month"),
        ("in March 2016", "2016-03-01", "2016-03-31", "month"),
    ],
)
def test_phrases_resolve_to_intervals(phrase, start, end, precision):
    said = resolve(phrase, PUBLISHED)
    assert said is not None, phrase
    assert (said.start.isoformat(), said.end.isoformat(), said.precision) == (start, end, precision)


@pytest.mark.parametrize("phrase", ["since March", "he said", "the ministry may act", "", "in the statement"])
def test_no_date_where_the_text_gives_none(phrase):
    assert resolve(phrase, PUBLISHED) is None


def test_never_after_publication():
    assert resolve("on 30 December 2018", PUBLISHED) is None
