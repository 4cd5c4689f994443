"""The one definition of the files in `seeds/`: registries, articles and claims.

The file models (Outlet, Speaker, ArticleMeta, Claim and the *File wrappers) describe what people
write in `seeds/`; the JSON Schemas in `schema/` are generated from them. The rows built from them
are defined in `claims/build/rows.py`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=120),
    Field(description="Lower-case words joined by hyphens, e.g. `john-bolton`."),
]
ClaimId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{3,63}$"),
    Field(description="Stable id of the claim; never changes once given, whatever else changes."),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=100_000)]


def _not_a_number(value: object) -> object:
    # pydantic reads a number as a Unix time, so `published: 1519948800` would pass as 2018-03-02
    if isinstance(value, int | float):
        raise PydanticCustomError("date_type", "Input should be a valid date")
    return value


Date = Annotated[dt.date, BeforeValidator(_not_a_number)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Country = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{2}$"),
    Field(description="ISO 3166-1 alpha-2 country code, e.g. `US`."),
]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True)


class Outlet(Record):
    """A publication that publishes articles (the outlet a claim appeared in)."""

    id: Slug
    name: Text
    url: Text | None = None
    country: Country | None = None


class SpeakerType(StrEnum):
    person = "person"
    organisation = "organisation"
    government = "government"
    media = "media"
    document = "document"
    group = "group"
    anonymous = "anonymous"


class Speaker(Record):
    """A canonical speaker: everyone and everything a claim can be attributed to or come through."""

    id: Slug
    name: Text
    type: SpeakerType
    role: Text | None = Field(None, description="Role or title, e.g. `US National Security Adviser`.")
    affiliation: Text | None = None
    country: Country | None = None
    aliases: list[Text] = Field(
        default_factory=list, description="Other names the press uses, e.g. `Tehran` for the Government of Iran."
    )


class Kind(StrEnum):
    direct = "direct"
    partial = "partial"
    indirect = "indirect"


class Precision(StrEnum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"
    unknown = "unknown"


class Origin(StrEnum):
    extracted = "extracted"
    manual = "manual"


class Review(StrEnum):
    reviewed = "reviewed"
    unreviewed = "unreviewed"


class SpeakerMatch(StrEnum):
    """How a draft tied the speaker's words to the registry: `name`, `alias` and `new` are sure, the rest are not,
    until a person confirms the speaker (`confirmed`)."""

    name = "name"
    alias = "alias"
    surname = "surname"  # a person's surname alone, or a one-word alias that is a person's surname ("Lagakos")
    new = "new"
    role = "role"  # every word of exactly one registry role ("Trump's national security adviser")
    fuzzy = "fuzzy"  # a near spelling ("Mohammed" for "Mohammad")
    description = "description"  # the words only describe ("a police spokesman", "the city's mayor")
    contains = "contains"  # found inside longer words ("the United States Department of Defense", "Transport")
    unidentified = "unidentified"  # the words are no name or description ("it said inspections in 2019")
    confirmed = "confirmed"  # a person checked the speaker (and via) against the text: sure, whatever the draft said


UNSURE_MATCHES = frozenset(
    {
        SpeakerMatch.surname,
        SpeakerMatch.role,
        SpeakerMatch.description,
        SpeakerMatch.fuzzy,
        SpeakerMatch.contains,
        SpeakerMatch.unidentified,
    }
)


class ArticleMeta(Record):
    """An article: its metadata and the name of its verbatim text file (kept byte for byte)."""

    id: Slug
    title: Text
    outlet: Slug = Field(description="Id of the outlet in `outlets.yml` that published the article.")
    author: Text | None = None
    published: Date
    url: Text | None = None
    text: Text = Field(description="File name of the article's verbatim text, relative to this claims file.")
    sha256: Sha256 | None = Field(
        None, description="SHA-256 of the text file's bytes: `claims check` fails if the text changed under its claims."
    )
    collected: Date | None = Field(
        None, description="The day the text was collected (copied or saved) for the tracker."
    )
    original: Text | None = Field(
        None, description="File name of the original page the text was taken from (e.g. saved HTML), kept beside it."
    )
    licence: Text | None = Field(None, description="Licence of the article's text, e.g. `CC BY 2.5`.")


class Claim(Record):
    """One attributed claim: who said what, when, and through whom it reached the article."""

    id: ClaimId
    kind: Kind = Field(
        description="`direct`: a whole quotation; `partial`: a quoted fragment inside the author's sentence;"
        " `indirect`: reported speech."
    )
    quote: Text = Field(
        description="The exact text: for direct and partial claims what stands between the quotation marks,"
        " for indirect ones the reported content clause."
    )
    start: int = Field(ge=0, strict=True, description="Offset of the first character of the quote in the text.")
    end: int = Field(gt=0, strict=True, description="Offset just past the quote: `text[start:end] == quote`.")
    speaker: Slug = Field(description="Id of the speaker in `speakers.yml`.")
    speaker_label: Text = Field(description="The words the article uses for the speaker at this point.")
    verb: Text = Field(description="Reporting verb as the article has it: said, warned, cites ... as stating.")
    via: Slug | None = Field(
        None, description="Id of the speaker through whom a second-hand claim reached the article."
    )
    said_from: Date | None = None
    said_to: Date | None = Field(None, description="Defaults to `said_from`.")
    said_precision: Precision = Precision.unknown
    said_phrase: Text | None = Field(None, description="The words that date the claim, e.g. `on Saturday`.")
    origin: Origin = Field(
        Origin.manual, description="`extracted` by `claims extract`/`claims add` (then perhaps corrected), or `manual`."
    )
    confidence: float | None = Field(
        None, ge=0, le=1, description="For extracted claims: the extractor's confidence, 0 to 1."
    )
    review: Review = Field(Review.reviewed, description="Whether a person has reviewed the claim.")
    speaker_match: SpeakerMatch | None = Field(
        None,
        description="How the draft matched the speaker (or its via) to the registry: `name`, `alias` and `new` are"
        " sure; `surname`, `role`, `description`, `fuzzy`, `contains` and `unidentified` are unsure: check them."
        " `contains`: a registry name found inside longer words, or the whole name a fragment was cut from;"
        " `unidentified`: the words for the speaker are no name or description, the speaker is a best guess (or the"
        " placeholder `unidentified-speaker`). When the speaker's own match is sure but its via's is not, this is"
        " the via's match.",
    )

    @model_validator(mode="before")
    @classmethod
    def _said_to_defaults_to_said_from(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("said_to") is None and _is_iso_date(data.get("said_from")):
            return {**data, "said_to": data["said_from"]}
        return data

    @model_validator(mode="after")
    def _span_and_interval_agree(self) -> Claim:
        if self.end - self.start != len(self.quote):
            raise ValueError(f"end - start is {self.end - self.start} but the quote has {len(self.quote)} characters")
        problem = interval_problem(self.said_from, self.said_to, Precision(self.said_precision))
        if problem:
            raise ValueError(problem)
        return self


def _is_iso_date(value: object) -> bool:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def interval_problem(start: dt.date | None, end: dt.date | None, precision: Precision) -> str | None:
    """What is wrong with a said-date interval for its precision, or None."""
    if precision is Precision.unknown:
        return None if start is None and end is None else "said_precision unknown must not have said dates"
    if start is None or end is None:
        return f"said_precision {precision} needs said_from"
    if end < start:
        return "said_to is before said_from"
    fits = {
        Precision.day: start == end,
        Precision.week: (end - start).days < 7,
        Precision.month: (start.year, start.month) == (end.year, end.month),
        Precision.year: start.year == end.year,
    }[precision]
    return None if fits else f"said_from..said_to ({start}..{end}) is wider than one {precision}"


def month_interval(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def claim_id(article_id: str, kind: str, quote: str) -> str:
    """The id a new claim is given: derived from its content once, then kept whatever changes."""
    digest = hashlib.sha1(f"{article_id}\n{kind}\n{quote}".encode()).hexdigest()
    return f"c-{digest[:12]}"


class ClaimsFile(Record):
    """A claims file: one article and its reviewed claims."""

    article: ArticleMeta
    claims: list[Claim] = Field(default_factory=list)


class OutletsFile(Record):
    outlets: list[Outlet]


class SpeakersFile(Record):
    speakers: list[Speaker]
