"""The rows of the database, one model per table: the table spec (see claims/build/tablespec.py).

Each field is a column, in order, and its Column says what readers see of it and how the table uses it; each
model's `spec` names its table. Edit here, then run `claims schema` to regenerate metadata.yml's table sections.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar

from ..corpus.models import Record
from .tablespec import BY_SORT_KEY, INDEXED, UNIQUE, Column, Facet, Index, ListingKey, Table

SPEAKER_TYPES = "person, organisation, government, media, document, group or anonymous."
COUNTRY = "ISO 3166-1 country code."
SPEAKER_OR_OUTLET = "speaker or outlet"


class OutletRow(Record):
    spec: ClassVar[Table] = Table("outlets")

    id: Annotated[str, Column("Short stable id.")]
    name: Annotated[str, Column("Name of the outlet.")]
    url: Annotated[str | None, Column("Home page.")]
    country: Annotated[str | None, Column(COUNTRY)]


class SpeakerRow(Record):
    spec: ClassVar[Table] = Table(
        "speakers",
        sort_desc="sort_key",
        sortable=("sort_key", "id"),
        key=ListingKey(
            "printf('%09d %s', claim_count, id)",
            "The order speakers are listed in, most claims first (unique, for paging).",
        ),
        order_words=(("sort_key", "most claims first", "fewest claims first"), ("id", "by id, last first", "by id")),
    )

    id: Annotated[str, Column("Short stable id.")]
    name: Annotated[str, Column("Canonical name.")]
    type: Annotated[str, Column(SPEAKER_TYPES, index=INDEXED, facet=Facet(1))]
    role: Annotated[str | None, Column("Role or title at the time of the claims.")]
    affiliation: Annotated[str | None, Column("Organisation the speaker belongs to.")]
    country: Annotated[str | None, Column(COUNTRY, index=INDEXED, facet=Facet(2))]
    aliases: Annotated[str, Column("Other names the press uses for the speaker (JSON array).")]
    claim_count: Annotated[int, Column("Number of claims attributed to the speaker.", exported=False)]


class SpeakerAliasRow(Record):
    spec: ClassVar[Table] = Table("speaker_aliases", pk=("speaker_id", "alias"))

    speaker_id: Annotated[str, Column("The speaker.", references="speakers")]
    alias: Annotated[
        str, Column('A name the press uses for the speaker ("Tehran" for the Government of Iran).', index=INDEXED)
    ]


class ArticleRow(Record):
    spec: ClassVar[Table] = Table(
        "articles",
        sort_desc="sort_key",
        sortable=("sort_key", "id"),
        order_words=(("sort_key", "newest first", "oldest first"), ("id", "by id, last first", "by id")),
    )

    id: Annotated[str, Column("Short stable id.")]
    title: Annotated[str, Column("Headline.")]
    outlet_id: Annotated[
        str,
        Column(
            "The outlet that published it.", references="outlets", index=BY_SORT_KEY, facet=Facet(1), exported=False
        ),
    ]
    author: Annotated[str | None, Column("Byline.")]
    published: Annotated[dt.date, Column("Publication date; relative dates in claims are resolved against it.")]
    url: Annotated[str | None, Column("Where the article was published.")]
    path: Annotated[str, Column("The text file in seeds/.", exported=False)]
    sha256: Annotated[str, Column("SHA-256 of the text file's bytes.")]
    collected: Annotated[dt.date | None, Column("The day the text was collected for the tracker.")]
    original: Annotated[
        str | None,
        Column(
            "The original page (e.g. saved HTML) the text was taken from, kept beside the text in seeds/.",
            exported=False,
        ),
    ]
    licence: Annotated[str | None, Column("Licence of the article's text.", facet=Facet(2), exported=False)]
    claim_count: Annotated[int, Column("Number of claims in the article.", exported=False)]
    text: Annotated[str, Column("The article's text, verbatim.", exported=False)]
    sort_key: Annotated[
        str,
        Column("The order articles are listed in, newest first (unique, for paging).", index=UNIQUE, exported=False),
    ]


# The claims table's facets, as readers see them: in this order, named in words, their values in words.
KIND_LABELS = {"direct": "Direct quote", "partial": "Partial quote", "indirect": "Reported speech"}
PRECISION_LABELS = {
    "day": "To the day",
    "week": "To the week",
    "month": "To the month",
    "year": "To the year",
    "unknown": "Not dated",
}
REVIEW_LABELS = {"reviewed": "Checked by a person", "unreviewed": "Not yet checked"}
ORIGIN_LABELS = {"extracted": "The extractor", "manual": "A person"}
MATCH_LABELS = {
    "name": "Sure (by name)",
    "alias": "Sure (by another name)",
    "new": "Sure (a new speaker)",
    "confirmed": "Sure (confirmed by a person)",
    "surname": "Unsure (surname only)",
    "role": "Unsure (by role)",
    "description": "Unsure (described only)",
    "fuzzy": "Unsure (near spelling)",
    "contains": "Unsure (name inside longer words)",
    "unidentified": "Unsure (no name in the text)",
}
SPEAKER_MATCH = (
    "How the draft tied the speaker's words (or its via's) to the registry: name, alias or new are sure, and so is"
    " confirmed (a person checked the speaker against the text); surname, role, description, fuzzy, contains and"
    ' unidentified are unsure and flagged for review. description: words that only describe the speaker ("a police'
    ' spokesman", "the president", "the city\'s mayor" resolved to someone named elsewhere, a pronoun for a new'
    " speaker no other claim names), an anonymous registry speaker, which may be someone else in another article, or"
    ' an alias several registry speakers share. contains: a registry name found inside longer words ("the United'
    ' States Department of Defense", "a spokesperson for the Department of Transport"), or a new name that joins'
    ' several ("Reuters and NBC"). surname: also a new full name with a registry person\'s surname. fuzzy: also a new'
    " speaker whose id the registry gives someone else. unidentified: the words are no name or description (or are"
    " cut out of longer ones, or a code such as COVID-19); the speaker is a best guess or the placeholder"
    " unidentified-speaker. When the speaker's own match is sure but its via's is not, this is the via's match."
)


class ClaimRow(Record):
    # Listed and paged by unique keys (newest first, or by the day said), so every row comes once: sorting on a column
    # that many rows share would skip or repeat rows from one page to the next. Each filter column leads an index that
    # also holds the default order (sort_key), so that a filtered page reads its first rows in order.
    spec: ClassVar[Table] = Table(
        "claims",
        sort_desc="sort_key",
        sortable=("sort_key", "said_key", "id"),
        order_words=(
            ("sort_key", "newest article first", "oldest article first"),
            ("said_key", "by the day said, latest first", "by the day said, earliest first"),
            ("id", "by id, last first", "by id"),
        ),
    )

    id: Annotated[str, Column("Stable id of the claim; it never changes once given.")]
    article_id: Annotated[
        str, Column("The article the claim appears in.", references="articles", index=Index(("start",)))
    ]
    outlet_id: Annotated[
        str,
        Column(
            "The outlet that published the article.",
            references="outlets",
            index=BY_SORT_KEY,
            facet=Facet(3, "Outlet"),
            summarised=True,
        ),
    ]
    speaker_id: Annotated[
        str,
        Column(
            "Who made the claim (the canonical speaker).",
            references="speakers",
            index=BY_SORT_KEY,
            facet=Facet(1, "Speaker"),
            summarised=True,
        ),
    ]
    via_id: Annotated[
        str | None,
        Column(
            "For second-hand claims, the intermediary through whom the claim reached the article (e.g. a newspaper"
            " citing an official).",
            references="speakers",
            index=BY_SORT_KEY,
            facet=Facet(4, "Through"),
            summarised=True,
        ),
    ]
    kind: Annotated[
        str,
        Column(
            "direct (a whole quotation), partial (a quoted fragment inside the author's sentence) or indirect"
            " (reported speech).",
            index=BY_SORT_KEY,
            facet=Facet(2, "Kind of claim", KIND_LABELS),
            summarised=True,
        ),
    ]
    quote: Annotated[
        str,
        Column("The exact words: what stands between the quotation marks, or the reported content clause."),
    ]
    start: Annotated[
        int, Column("Offset of the quote's first character in the article text (Python string index, 0-based).")
    ]
    end: Annotated[int, Column("Offset just past the quote's last character.")]
    verb: Annotated[
        str, Column("The reporting verb as the article has it (said, warned, vowed, cites ... as stating).")
    ]
    speaker_label: Annotated[
        str,
        Column('The words the article uses for the speaker at this point ("Tehran", "he", "the Journal").'),
    ]
    said_from: Annotated[
        dt.date | None,
        Column(
            "First day the claim may have been made, resolved against the publication date.",
            index=INDEXED,
            summarised=True,  # not a facet: the timeline reads its counts (claims/web/timeline.py)
        ),
    ]
    said_to: Annotated[dt.date | None, Column("Last day the claim may have been made.")]
    said_precision: Annotated[
        str,
        Column(
            "How precisely the article dates the claim: day, week, month, year or unknown.",
            index=BY_SORT_KEY,
            facet=Facet(6, "How precisely dated", PRECISION_LABELS),
            summarised=True,
        ),
    ]
    said_phrase: Annotated[
        str | None, Column('The words in the article that date the claim ("on Saturday", "last week").')
    ]
    published: Annotated[
        dt.date,
        Column(
            "The day the article was published (a separate date from when the claim was said and when the article"
            " was collected)."
        ),
    ]
    collected: Annotated[
        dt.date | None, Column("The day the article's text was collected for the tracker.", index=INDEXED)
    ]
    origin: Annotated[
        str,
        Column(
            "How the claim got here: extracted (found by the extractor, then perhaps corrected) or manual (added by a"
            " person).",
            index=BY_SORT_KEY,
            facet=Facet(8, "Found by", ORIGIN_LABELS),
            summarised=True,
        ),
    ]
    confidence: Annotated[float | None, Column("For extracted claims, the extractor's confidence from 0 to 1.")]
    review: Annotated[
        str,
        Column(
            "reviewed (a person checked it against the text) or unreviewed (straight from the extractor).",
            index=BY_SORT_KEY,
            facet=Facet(7, "Review", REVIEW_LABELS),
            summarised=True,
        ),
    ]
    speaker_match: Annotated[
        str | None,
        Column(
            SPEAKER_MATCH,
            index=BY_SORT_KEY,
            facet=Facet(9, "How sure the speaker is", MATCH_LABELS),
            summarised=True,
        ),
    ]
    context: Annotated[str, Column("The sentence or sentences of the article that hold the claim.")]
    said_year: Annotated[
        str | None,
        Column(
            "The year the claim was said in, when the article dates it.",
            index=BY_SORT_KEY,
            facet=Facet(5, "Said in"),
            summarised=True,
        ),
    ]
    sort_key: Annotated[
        str,
        Column(
            "The order claims are listed in, newest first: publication date, article, then position in the article"
            " (unique, so paging never skips or repeats a claim).",
            index=UNIQUE,
        ),
    ]
    said_key: Annotated[
        str,
        Column("The order of claims by the day they were said, undated ones first (unique, for paging).", index=UNIQUE),
    ]


class StatementRow(Record):
    """The same words reported by several articles or outlets (claims/build/trails.py)."""

    spec: ClassVar[Table] = Table(
        "statements",
        sort_desc="sort_key",
        sortable=("sort_key", "id"),
        key=ListingKey(
            "printf('%09d %s', appearance_count, id)",
            "The order statements are listed in, most appearances first (unique, for paging).",
        ),
        order_words=(
            ("sort_key", "most appearances first", "fewest appearances first"),
            ("id", "by id, last first", "by id"),
        ),
    )

    id: Annotated[str, Column("Stable id of the statement, made from its first appearance's claim id.")]
    quote: Annotated[str, Column("The words as they first appeared.")]
    speaker_id: Annotated[
        str,
        Column(
            "Who said them, as their first appearance attributes them.",
            references="speakers",
            index=Index(("first_published",)),
            facet=Facet(1),
        ),
    ]
    first_claim_id: Annotated[
        str, Column("The claim that is the first appearance.", references="claims", index=INDEXED)
    ]
    first_article_id: Annotated[
        str, Column("The article that first published the words.", references="articles", index=INDEXED)
    ]
    first_outlet_id: Annotated[
        str,
        Column(
            "The outlet that first published the words.",
            references="outlets",
            index=Index(("first_published",)),
            facet=Facet(2),
        ),
    ]
    first_published: Annotated[dt.date, Column("When they were first published.")]
    last_published: Annotated[dt.date, Column("When they were last published.")]
    appearance_count: Annotated[
        int,
        Column(
            "In how many appearances: one an article, however many of its claims carry the words (a partial quote"
            " inside the reported speech that holds it is the same appearance, not a repeat).",
            index=INDEXED,
        ),
    ]
    article_count: Annotated[int, Column("In how many articles.")]
    outlet_count: Annotated[int, Column("In how many outlets.", index=INDEXED, facet=Facet(3))]


class AppearanceRow(Record):
    """A claim as an appearance of its statement (claims/build/trails.py)."""

    spec: ClassVar[Table] = Table(
        "appearances",
        pk="claim_id",
        sort="sort_key",
        sortable=("sort_key", "claim_id"),
        key=ListingKey(
            "printf('%s %09d %s', statement_id, position, claim_id)",
            "The order appearances are listed in, statement by statement, first appearance first (unique).",
        ),
        order_words=(
            (
                "sort_key",
                "statement by statement, last appearance first",
                "statement by statement, first appearance first",
            ),
            ("claim_id", "by claim, last first", "by claim"),
        ),
    )

    claim_id: Annotated[str, Column("The claim.", references="claims")]
    statement_id: Annotated[
        str, Column("The statement it is an appearance of.", references="statements", index=Index(("position",)))
    ]
    article_id: Annotated[str, Column("The article it appears in.", references="articles", index=INDEXED)]
    outlet_id: Annotated[
        str,
        Column(
            "The outlet that published the article.",
            references="outlets",
            index=Index(("published",)),
            facet=Facet(1),
        ),
    ]
    published: Annotated[dt.date, Column("When the article was published.")]
    position: Annotated[
        int,
        Column(
            "1 for the first appearance, then in order of publication (ties by article id). An appearance is an"
            " article: the claims of one article (a partial quote and the reported speech that holds it) share its"
            " position."
        ),
    ]
    match: Annotated[
        str,
        Column(
            "How the words stand to the first appearance's, once case, quotation marks, apostrophes, dashes and"
            " spacing are set aside: first (the first appearance itself), exact (the same words), part (one stands"
            " word for word inside the other: a fragment quoted, or a longer quotation holding it), or near (nearly"
            " the same: a word changed).",
            index=INDEXED,
            facet=Facet(2),
        ),
    ]
    score: Annotated[float, Column("Similarity to the first appearance's words, 0 to 100 (100 for exact and part).")]
    words_key: Annotated[
        str,
        Column(
            "A digest of the words as statements compare them (normalised), the same for every claim with those"
            " words: an incremental build finds the statements new words join through it.",
            index=Index(("joins_key",)),  # what words are joined to, read from the index alone
            exported=False,
        ),
    ]
    joins_key: Annotated[
        str,
        Column(
            "The words_key of the quote this claim's speaker joined these words to, as nearly the same (the"
            " statement's leading words), or its own when the speaker joined them to none: an incremental build finds"
            " through it which statements a change reaches.",
            index=Index(("words_key",)),
            exported=False,
        ),
    ]


class HopRow(Record):
    """One step of the way a claim reached its article (claims/build/trails.py)."""

    spec: ClassVar[Table] = Table("hops", pk=("claim_id", "step"))

    statement_id: Annotated[str, Column("The statement.", references="statements", index=INDEXED)]
    claim_id: Annotated[str, Column("The claim (appearance) this chain belongs to.", references="claims")]
    step: Annotated[int, Column("1 for the first hop from the speaker, then onwards to the outlet.")]
    from_type: Annotated[str, Column(SPEAKER_OR_OUTLET, index=INDEXED, facet=Facet(2))]
    from_id: Annotated[str, Column("Id of the speaker or outlet the words came from.")]
    to_type: Annotated[str, Column(SPEAKER_OR_OUTLET)]
    to_id: Annotated[str, Column("Id of the speaker or outlet they went to.")]
    hop: Annotated[str, Column("said to, quoted, reported, cited or repeated.", index=INDEXED, facet=Facet(1))]


class CorrectionRow(Record):
    """One commit's change to one claim (claims/build/history.py)."""

    spec: ClassVar[Table] = Table(
        "corrections",
        pk=("claim_id", "commit"),
        sort_desc="sort_key",
        sortable=("sort_key",),
        key=ListingKey(
            "committed || ' ' || [commit] || ' ' || claim_id",
            "The order corrections are listed in, newest first (unique, for paging).",
        ),
        order_words=(("sort_key", "newest first", "oldest first"),),
    )

    claim_id: Annotated[
        str,
        Column("The claim (a retracted claim is no longer in the claims table).", index=Index(("committed",))),
    ]
    # the article the claim belongs to after the change (before, if retracted)
    article_id: Annotated[str, Column("Its article.")]
    commit: Annotated[str, Column("The git commit that made the change.")]  # its full SHA-1
    committed: Annotated[dt.datetime, Column("When it was committed (UTC).", index=INDEXED)]  # the committer date
    author: Annotated[str, Column("Who made the change.", facet=Facet(2))]  # as .mailmap gives it
    change: Annotated[str, Column("added, changed or retracted.", index=Index(("committed",)), facet=Facet(1))]
    fields: Annotated[str, Column("JSON array of the changed fields.")]  # `[]` when added or retracted
    before: Annotated[str, Column("JSON object of the old values (the whole claim when retracted).")]
    after: Annotated[str, Column("JSON object of the new values (the whole claim when added).")]
    message: Annotated[str, Column("The commit message's subject line.")]


class FacetCountRow(Record):
    """A facet count written at build time (claims/web/facets.py)."""

    spec: ClassVar[Table] = Table("facet_counts", pk=None)

    table_name: Annotated[
        str,
        Column(
            "The table counted.",
            index=Index(
                ("filter_column", "filter_value", "facet_column", "count desc", "value"), name="facet_counts_lookup"
            ),
        ),
    ]
    filter_column: Annotated[str, Column("The column the rows are filtered on (empty for the whole table).")]
    filter_value: Annotated[str, Column("The value of that column.")]
    facet_column: Annotated[str, Column("The column counted.")]
    # any value, kept as it is: a column of no type (BLOB affinity), where a year stays text and a count a number
    value: Annotated[str | int | float, Column("One value of the facet column.")]
    count: Annotated[int, Column("Rows with that value.")]


class SourceRow(Record):
    """A claims file the database was built from, to tell at the next build whether it changed."""

    spec: ClassVar[Table] = Table("sources", pk="path")

    path: Annotated[str, Column("The claims file, relative to the seeds directory.")]
    article_id: Annotated[str, Column("The article it holds.", references="articles")]
    text_path: Annotated[str, Column("Its article text, relative to the seeds directory.")]
    stamp: Annotated[str, Column("Size and modification time of the claims file and of the text, as last read.")]
    digest: Annotated[str, Column("SHA-256 of the claims file and of the text together.")]


class BuildRow(Record):
    """What else the database was built from: a digest of the registry, and the git commit of the history."""

    spec: ClassVar[Table] = Table("build", pk="name")

    name: Annotated[str, Column("What is recorded.")]
    value: Annotated[str, Column("Its value when the database was built.")]


# Every table, in the order the build creates them (a table after those it refers to).
ROW_MODELS: tuple[type[Record], ...] = (
    OutletRow,
    SpeakerRow,
    SpeakerAliasRow,
    ArticleRow,
    ClaimRow,
    StatementRow,
    AppearanceRow,
    HopRow,
    CorrectionRow,
    FacetCountRow,
    SourceRow,
    BuildRow,
)
