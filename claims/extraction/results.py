"""What the extractor finds: claims (`Extracted`), quotations, the attribution of a quotation and the reported
speech in a clause, and when a claim was said."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from ..corpus import dates


@dataclass
class Extracted:
    """A claim: the words claimed, where they are, who said them, how, and which rule found the speaker."""

    kind: str
    quote: str
    start: int
    end: int
    speaker: str
    speaker_label: str
    verb: str
    via: str | None = None
    said: dates.SaidDate | None = None
    is_person: bool = False
    rule: str = ""  # which rule found the speaker: after, before, pronoun, introduced, continues, fallback, ...


@dataclass
class Quotation:
    """A pair of quotation marks and what they hold."""

    start: int  # first character inside the marks
    end: int  # just past the last character inside the marks
    open_mark: int  # offset of the opening mark


class Cue(NamedTuple):
    """The words that name a quote's speaker, its reporting verb, where the words are, and the rule that found them."""

    label: str
    verb: str
    at: int
    rule: str


class Found(NamedTuple):
    """Reported speech found in a clause: the words reported, the words that name who said them and its verb."""

    clause_start: int
    clause_end: int
    label: str
    verb: str
    label_at: int  # where the label is in the text
    via: str | None  # who cites the speaker ("The Times cites X as saying ..."), if anyone


def said_date(text: str, start: int, end: int, published: dt.date | None) -> dates.SaidDate | None:
    """When a claim was said, from the words of time between two offsets ("on Monday"), for an article
    published on `published` (None: not known, and neither is the date)."""
    if published is None or end <= start:
        return None
    return dates.resolve(text[start:end], published)
