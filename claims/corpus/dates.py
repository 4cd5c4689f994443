"""Resolving the words that date a claim ("on Saturday", "last week", "late last year") against the
publication date, as an interval with a precision.

dateparser returns a single day for "last week", None for "late last year" and a wrong year for future
dates, so this is a small resolver of our own for the phrases news prose uses.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .models import Precision, month_interval

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("explicit", re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b", re.I)),
    ("explicit", re.compile(rf"\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?\b", re.I)),
    ("weekday", re.compile(r"\b(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", re.I)),
    ("relative_day", re.compile(r"\b(?P<word>yesterday|today|tonight|last night)\b", re.I)),
    ("week", re.compile(r"\b(?P<which>last|this|past) week\b", re.I)),
    ("month", re.compile(r"\b(?:(?P<part>early|late|earlier|later) )?(?P<which>last|this) month\b", re.I)),
    ("year", re.compile(r"\b(?:(?P<part>early|late|earlier|later) )?(?P<which>last|this) year\b", re.I)),
    ("named_month", re.compile(rf"\b(?P<which>last|this|in|since) {_MONTH}(?:\s+{_YEAR})?\b", re.I)),
]


# Every pattern above needs one of these: a cheap test before trying them all (a month's name only next to a
# day's number or after last/this/in/since, so that "may" the verb and "market" do not pass). It is matched
# against the lower-cased text, because ignoring case makes a pattern several times slower.
_MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_DATE_WORD = re.compile(
    r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today|tonight|night|week|month|year"
    rf"|{_MONTH_NAME}[a-z]*\.?\s+\d|\d\d?(?:st|nd|rd|th)?\s+{_MONTH_NAME}|(?:last|this|in|since)\s+{_MONTH_NAME})"
)


@dataclass(frozen=True)
class SaidDate:
    start: dt.date
    end: dt.date
    precision: Precision
    phrase: str


def resolve(phrase_text: str, published: dt.date) -> SaidDate | None:
    """The first date phrase in the text, resolved against the publication date, or None."""
    if not _DATE_WORD.search(phrase_text.lower()):
        return None
    found = []
    for kind, pattern in PATTERNS:
        match = pattern.search(phrase_text)
        if match:
            found.append((match.start(), kind, match))
    for _, kind, match in sorted(found, key=lambda item: item[0]):
        resolved = _RESOLVERS[kind](match, published)
        if resolved is not None:
            start, end, precision = resolved
            if end <= published:
                return SaidDate(start, end, precision, match.group(0))
    return None


Interval = tuple[dt.date, dt.date, Precision]


def _explicit(match: re.Match[str], published: dt.date) -> Interval | None:
    month, day = MONTHS[match["month"].lower()], int(match["day"])
    year = int(match["year"]) if match["year"] else published.year
    try:
        day_said = dt.date(year, month, day)
    except ValueError:
        return None
    if not match["year"] and day_said > published:
        day_said = day_said.replace(year=year - 1)  # "November 5" said before a 2 October article is last year's
    return day_said, day_said, Precision.day


def _weekday(match: re.Match[str], published: dt.date) -> Interval:
    target = WEEKDAYS.index(match["weekday"].lower())
    back = (published.weekday() - target) % 7 or 7
    if back == 7 and published.weekday() == target:
        back = 0  # "on Tuesday" in a Tuesday article is that day
    day_said = published - dt.timedelta(days=back)
    return day_said, day_said, Precision.day


def _relative_day(match: re.Match[str], published: dt.date) -> Interval:
    back = 1 if match["word"].lower() in ("yesterday", "last night") else 0
    day_said = published - dt.timedelta(days=back)
    return day_said, day_said, Precision.day


def _week(match: re.Match[str], published: dt.date) -> Interval:
    monday = published - dt.timedelta(days=published.weekday())
    if match["which"].lower() == "this":
        return monday, published, Precision.week
    if match["which"].lower() == "past":
        return published - dt.timedelta(days=6), published, Precision.week
    return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1), Precision.week


def _month(match: re.Match[str], published: dt.date) -> Interval:
    year, month = published.year, published.month
    if match["which"].lower() == "last":
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    start, end = month_interval(year, month)
    return start, min(end, published), Precision.month


def _year(match: re.Match[str], published: dt.date) -> Interval:
    year = published.year - (match["which"].lower() == "last")
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    part = (match["part"] or "").lower()
    if part in ("late", "later"):
        start = dt.date(year, 9, 1)
    elif part in ("early", "earlier") and match["which"].lower() == "last":
        end = dt.date(year, 4, 30)
    return start, min(end, published), Precision.year


def _named_month(match: re.Match[str], published: dt.date) -> Interval | None:
    if match["which"].lower() == "since":
        return None  # "since March" is a duration, not when something was said
    month = MONTHS[match["month"].lower()]
    if match["month"].lower() == "may" and match["which"].lower() == "in" and not match["year"]:
        return None  # "in may" is too often the verb
    year = int(match["year"]) if match["year"] else published.year
    if not match["year"] and (
        month > published.month or (match["which"].lower() == "last" and month == published.month)
    ):
        year -= 1
    start, end = month_interval(year, month)
    return start, min(end, published), Precision.month


_RESOLVERS = {
    "explicit": _explicit,
    "weekday": _weekday,
    "relative_day": _relative_day,
    "week": _week,
    "month": _month,
    "year": _year,
    "named_month": _named_month,
}
