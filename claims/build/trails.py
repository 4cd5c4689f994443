"""Claim trails: the same words reported by several articles and outlets are one statement with several appearances.

`add_trails` reads the claims of a built database and writes three tables and two views:

- `statements`: one row per statement, with the text, speaker, article and outlet of its first appearance and
  how many appearances, articles and outlets it has.
- `appearances`: one row per claim (every claim belongs to exactly one statement, alone or not), with its
  position in the statement's trail (1 is the first article; ordered by publication date, then article id), how
  it matched the first appearance (`first`, `exact`, `part` or `near`) and its similarity to the first quote
  (0-100, 100 for exact and part). An appearance is an article: the claims of one statement in one article
  share its position and count once (see `article_positions`).
- `hops`: how each claim reached its article, as a chain of steps from the speaker to the article's outlet.
- `statement_trails` (one row per appearance, with names) and `repeated_statements` (statements that appear
  more than once; an outlet count above one implies that too).

Matching. Quotes are compared normalised: case-folded, apostrophes dropped (straight or curly), every other mark
(straight and curly quotes, dashes, punctuation, symbols) a space, whitespace collapsed. Two claims are the same
statement when

- their normalised quotes are equal, whoever they are attributed to when they have at least SHARED_WORDS words
  (the same sentence attributed to two speakers is worth seeing side by side; a stock phrase such as "enough is
  enough" is not), and for the same speaker whatever their length, or
- they are attributed to the same speaker and either `rapidfuzz.fuzz.ratio` is at least 90 (a word changed, a
  typo) or the shorter, of at least six words, stands in the longer (`fuzz.partial_ratio` at least 97): a
  partial quote inside the reported speech that holds it, in the same article or another.

Matches do not chain. Speakers are taken in the order of their ids, and each speaker's distinct quotes first
published first (of quotes that start together, the longer first); each joins the earliest of that speaker's
leading quotes it is near, or leads a statement of its own. Each appearance records what its speaker joined its
words to (`joins_key`), from which an incremental build tells which statements a change reaches
(trail_update.py). Exact repeats share a node, so a quote another speaker already said joins that statement;
a quote that is already a member of one statement leads nothing, and one that leads others joins nothing. So
every appearance is near its statement's leading quote itself (A near B and B near C no longer puts A with C),
though two members may differ from each other more than one match allows: their score against the first
appearance shows how much. The statement's speaker and text are those of its first appearance. Each claim's
`match` says how its words stand to the first appearance's, normalised: `exact` the same words (a curly or a
straight apostrophe, an em dash or a hyphen, make no difference), `part` one stands word for word inside the
other (of at least CONTAINED_WORDS words: a fragment quoted, or a longer quotation holding it), `near` nearly the
same. A changed number is a changed word like any other: "fell by 28 per cent" and "fell by 43 per cent" in
sentences otherwise the same, from one speaker, are one statement, which is how a misquoted figure shows up; the
scores and the trail show the difference.

Comparing every pair is out of the question at a million claims, so near matches are only looked for between
quotes of one speaker that share a word 4-gram which at most BLOCK_LIMIT of that speaker's distinct quotes use (a
more common one is boilerplate, not the trace of one statement); quotes of fewer than four words match exactly or
not at all. Checked against every pair of quotes of 42 speakers of the synthetic benchmark corpus (10,000 articles;
40 speakers with 40 to 700 distinct quotes, two with about 1,500), the blocks hold 334 of the 342 near pairs.

Hops. The chain is speaker -> via (when the claim has one) -> the article's outlet; nodes are typed `speaker`
(a speaker id) or `outlet` (an outlet id). The hop types:

- `said to`: the speaker's words reached the intermediary the article names as the claim's via (a speaker, or
  under `repeated` below an outlet).
- `quoted`: the outlet printed them as a quotation (a direct or partial claim), from the speaker or the via.
- `reported`: the outlet reported them as reported speech (an indirect claim).
- `cited`: the article says it cites its source (the reporting verb contains "cite").
- `repeated`: the claim's via is a media speaker that is an outlet (same name, compared lower case, without a
  leading "the" or punctuation) which published this statement in another article on the same day or before.
  The via node is then that outlet and the last hop runs from it to this outlet, instead of quoted, reported
  or cited. Same-day articles count as earlier: the order among them is only our tie-break, and the via is the
  article's own word that the words came through that outlet. No hop is ever inferred from timing alone: an
  outlet that prints the words later without naming an earlier one gets the ordinary chain from the speaker.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, groupby
from operator import itemgetter
from typing import Any, Generic, NamedTuple, TypeVar

import sqlite_utils
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from ..corpus.models import Record
from . import tables
from .rows import AppearanceRow, HopRow, StatementRow
from .tablespec import table_of

NEAR_RATIO = 90.0
CONTAINED_RATIO = 97.0
CONTAINED_WORDS = 6
SHARED_WORDS = 6  # the fewest words for the same text to join statements across speakers
BLOCK_LIMIT = 20
BATCH = 5000
CACHE_KIB = 65536

# The tables, with their columns and indexes (claims/build/rows.py: every facet reads an index, and every
# foreign key has one: Datasette counts the rows that refer to a claim or an article on its page, which without
# an index would scan every statement).
TABLES: tuple[type[Record], ...] = (StatementRow, AppearanceRow, HopRow)

VIEWS = {
    # `speaker` is whom this article attributes the words to; the statement's speaker is its first appearance's
    "statement_trails": """
select appearances.statement_id, statements.quote as statement, appearances.position, appearances.match,
  appearances.score, speakers.name as speaker, outlets.name as outlet, articles.title as article,
  appearances.published, claims.kind, claims.quote, appearances.claim_id, appearances.article_id
from appearances
join statements on statements.id = appearances.statement_id
join claims on claims.id = appearances.claim_id
join speakers on speakers.id = claims.speaker_id
join outlets on outlets.id = appearances.outlet_id
join articles on articles.id = appearances.article_id
order by appearances.statement_id, appearances.position""",
    # outlet_count > 1 implies appearance_count > 1, so one indexed condition selects both
    "repeated_statements": """
select statements.id, statements.quote, speakers.name as speaker, outlets.name as first_outlet,
  statements.first_published, statements.last_published, statements.appearance_count, statements.article_count,
  statements.outlet_count, statements.first_claim_id
from statements
join speakers on speakers.id = statements.speaker_id
join outlets on outlets.id = statements.first_outlet_id
where statements.appearance_count > 1
order by statements.appearance_count desc, statements.first_published""",
}

APOSTROPHES = "'‘’‛ʼ′`´＇"
_WORD = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    """A quote as compared: case-folded, apostrophes dropped, any other mark a space, whitespace collapsed."""
    text = text.casefold()
    for mark in APOSTROPHES:
        if mark in text:
            text = text.replace(mark, "")
    return " ".join(_WORD.findall(text))


def entity_name(name: str) -> str:
    """A speaker's or outlet's name as compared to find the same entity: normalised, no leading "the"."""
    return normalise(name).removeprefix("the ")


def _words(norm: str) -> int:
    return norm.count(" ") + 1 if norm else 0


def _contained(short: str, long: str) -> bool:
    if short.count(" ") < CONTAINED_WORDS - 1:  # fewer words
        return False
    if f" {short} " in f" {long} ":
        return True
    # Cheap necessary conditions before the costly partial_ratio. A window of `long` that scores 97 against `short`
    # shares at least 94.17% of `short` as a common subsequence, so `long` does too. And when `short` has over 92%
    # of the length of `long`, that much in common makes ratio() at least 90, which near() has already ruled out.
    if len(short) > 0.92 * len(long) or not LCSseq.similarity(short, long, score_cutoff=int(0.94 * len(short))):
        return False
    return fuzz.partial_ratio(short, long, score_cutoff=CONTAINED_RATIO) > 0


def near(a: str, b: str) -> bool:
    """Whether two normalised quotes of one speaker are the same statement, though not the same text."""
    if fuzz.ratio(a, b, score_cutoff=NEAR_RATIO) > 0:
        return True
    return _contained(a, b) if len(a) <= len(b) else _contained(b, a)


def similarity(a: str, b: str) -> float:
    """0-100: how close two normalised quotes are, as `near` measures it (containment counts when it applies)."""
    score = fuzz.ratio(a, b)
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if _words(short) >= CONTAINED_WORDS:
        score = max(score, fuzz.partial_ratio(short, long))
    return round(score, 1)


class Groups:
    """Union-find over distinct normalised quotes: exact repeats share a node, near ones are joined."""

    def __init__(self) -> None:
        # keyed by a 128-bit digest rather than the text, to hold a million quotes in little memory
        self.nodes: dict[bytes, int] = {}
        self.parent = array("q")
        self.keys: list[bytes] = []  # each node's digest

    def node(self, norm: str) -> int:
        key = key_digest(norm)
        node = self.nodes.get(key)
        if node is None:
            node = self.nodes[key] = len(self.parent)
            self.parent.append(node)
            self.keys.append(key)
        return node

    def words_key(self, node: int) -> str:
        """The node's digest as stored in `appearances.words_key`."""
        return _short(self.keys[node])

    def find(self, node: int) -> int:
        parent = self.parent
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(self, a: int, b: int) -> int:
        """Join the groups of a and b; return the root of the joined group."""
        a, b = self.find(a), self.find(b)
        self.parent[max(a, b)] = min(a, b)
        return min(a, b)


def shingles_of(norm: str) -> set[int]:
    # hashes, not word tuples, to keep a big speaker's blocks small; a collision only adds a candidate
    words = norm.split()
    return set(map(hash, zip(words, words[1:], words[2:], words[3:], strict=False)))


def _rare(count: int) -> bool:
    return 1 < count <= BLOCK_LIMIT


class Shingles(NamedTuple):
    """One speaker's quotes' shingles, how many quotes have each, and each quote's rare ones: those that 2 to
    BLOCK_LIMIT of the speaker's quotes share."""

    found: dict[Any, set[int]]
    counts: Counter[int]
    rare: dict[Any, list[int]]


def _rare_shingles(quotes: dict[Node, str]) -> Shingles:
    shingles = {node: shingles_of(norm) for node, norm in quotes.items()}
    counts = Counter(chain.from_iterable(shingles.values()))
    rare = {shingle for shingle, count in counts.items() if _rare(count)}
    return Shingles(shingles, counts, {node: list(found & rare) for node, found in shingles.items()})


Node = TypeVar("Node", int, str)  # a distinct quote: a node of Groups, or its words_key


@dataclass
class Known(Generic[Node]):
    """What a speaker's grouping was before its claims changed, so that an update works out again only the quotes
    whose outcome may differ (claims/build/trail_update.py). A quote's outcome is the same when its candidates (the
    leaders before it sharing a rare shingle with it) are: unless it is `unsure` (new, moved in the order, or joined
    otherwise by the speakers before), has a shingle whose rarity changed, or shares a rare shingle with a quote that
    may lead now where it did not, or not where it did (`touched`, which grows as the grouping goes)."""

    joins: dict[Node, Node]  # what the speaker joined last time, member -> leader
    unsure: set[Node]
    added: set[Node]  # quotes it did not have
    removed: list[set[int]]  # the shingles of each quote it no longer has
    flipped: set[int] = field(default_factory=set)
    touched: set[int] = field(default_factory=set)

    def prepare(self, shingles: Shingles) -> None:
        """The shingles whose rarity changed, and the rare shingles of the quotes that came, went or moved."""
        before = Counter(chain.from_iterable(self.removed))  # how many more quotes had each shingle before
        before.subtract(chain.from_iterable(shingles.found[node] for node in self.added))
        counts = shingles.counts
        self.flipped = {s for s, more in before.items() if more and _rare(counts[s] + more) != _rare(counts[s])}
        for found in (*self.removed, *(shingles.found[node] for node in self.unsure if node in shingles.found)):
            self.touched.update(s for s in found if _rare(counts[s]))  # one rare only before has flipped

    def clean(self, node: Node, shingles: Shingles) -> bool:
        """Whether the quote's outcome is what it was."""
        return (
            node not in self.unsure
            and self.flipped.isdisjoint(shingles.found.get(node, ()))
            and self.touched.isdisjoint(shingles.rare.get(node, ()))
        )


class Leaders(Generic[Node]):
    """Who leads which statement, across speakers: a statement's members are each near its leader itself, so
    matches never chain (A near B near C while A and C have nothing in common). Speakers are taken in order of
    their ids; `members` and `leading` start as what the speakers before did (an incremental build starts there)."""

    def __init__(self, members: set[Node] | None = None, leading: set[Node] | None = None) -> None:
        self.members: set[Node] = members or set()  # nodes joined to a leader: they lead nothing
        self.leading: set[Node] = leading or set()  # nodes with members: they join nothing

    def join_near(
        self, order: list[Node], quotes: dict[Node, str], known: Known[Node] | None = None
    ) -> dict[Node, Node]:
        """One speaker's distinct quotes (node -> normalised text), in the order they were first published:
        each joins the earliest of the speaker's leaders it is near, or leads. Returns the joins made, member ->
        leader: each node is joined once, by the first speaker to join it. With `known`, a quote whose outcome
        cannot have changed since then keeps it without being compared again."""
        shingles = _rare_shingles(quotes)
        rare = shingles.rare
        if known is not None:
            known.prepare(shingles)
        blocks: dict[int, list[Node]] = {}
        rank: dict[Node, int] = {}
        joins: dict[Node, Node] = {}
        for node in order:
            if node in self.members:
                continue  # its exact words are already a member of another speaker's statement
            if node in self.leading:
                leader = None
            elif known is not None and known.clean(node, shingles):
                leader = known.joins.get(node)
            else:
                leader = _leader(node, quotes, rare.get(node, []), blocks, rank)
            if known is not None and (leader is None) != (node not in known.joins):
                known.touched.update(rare.get(node, ()))  # it leads where it did not, or the other way round
            if leader is None:
                rank[node] = len(rank)
                for shingle in rare.get(node, []):
                    blocks.setdefault(shingle, []).append(node)
            else:
                joins[node] = leader
                self.members.add(node)
                self.leading.add(leader)
        return joins


def _leader(
    node: Node, quotes: dict[Node, str], shingles: list[int], blocks: dict[int, list[Node]], rank: dict[Node, int]
) -> Node | None:
    """The earliest leader that shares a rare shingle with the quote and is near it."""
    candidates = {leader for shingle in shingles for leader in blocks.get(shingle, ())}
    return next((c for c in sorted(candidates, key=rank.__getitem__) if near(quotes[node], quotes[c])), None)


def node_key(speaker: str, quote: str) -> tuple[str, str]:
    """A claim's normalised words, and what its node is keyed on: those words, and for a short quote its speaker."""
    norm = normalise(quote) or quote  # all marks: only the same marks are the same
    # a short stock phrase ("enough is enough") said by two speakers is two statements, not one
    return norm, norm if _words(norm) >= SHARED_WORDS else f"{speaker}\n{norm}"


def words_key(speaker: str, quote: str) -> str:
    """The claim's `appearances.words_key`: a claim of another speaker with the same key may share its statement."""
    return key_words(node_key(speaker, quote)[1])


def key_words(key: str) -> str:
    """The `words_key` of a node's key (node_key)."""
    return _short(key_digest(key))


def key_digest(key: str) -> bytes:
    return hashlib.blake2b(key.encode(), digest_size=16).digest()


def _short(digest: bytes) -> str:
    return digest[:8].hex()


CLAIMS_BY_SPEAKER = (
    "select speaker_id, rowid, quote, published, article_id, start, [end] from claims {where}"
    " order by speaker_id, published desc, article_id, start"
)


Place = tuple[str, str, int, int]  # where a claim comes in its speaker's order: published, article, start, -end


class SpeakerQuotes(NamedTuple):
    """One speaker's claims as statements are made of them: each claim's rowid, node key and place, and the distinct
    normalised quotes by key, in the order they were first published."""

    rowids: list[int]
    keys: list[str]
    places: list[Place]
    quotes: dict[str, str]


def speaker_quotes(speaker: str, rows: Iterable[Sequence[Any]]) -> SpeakerQuotes:
    """`rows` as CLAIMS_BY_SPEAKER reads them."""
    found = SpeakerQuotes([], [], [], {})
    # first published first; of quotes that start together, the longer leads (a partial quote inside it joins)
    for place, rowid, quote in sorted(((row[3], row[4], row[5], -row[6]), row[1], row[2]) for row in rows):
        norm, key = node_key(speaker, quote)
        found.rowids.append(rowid)
        found.keys.append(key)
        found.places.append(place)
        found.quotes.setdefault(key, norm)
    return found


class Grouped(NamedTuple):
    """Every claim's node (by rowid), and the node its speaker joined it to (its own when it joined none), with the
    nodes joined into statements."""

    groups: Groups
    rowids: array
    nodes: array
    joins: array


def group_claims(db: sqlite_utils.Database) -> Grouped:
    """Every claim's node (its distinct normalised quote), by rowid, with the nodes joined into statements. Claims
    are read one speaker at a time (through the speaker index), so only one speaker's quotes are held."""
    return group(db.execute(CLAIMS_BY_SPEAKER.format(where="")))


def group(claims: Iterable[Sequence[Any]]) -> Grouped:
    """Every claim's node, joined into statements: `claims` as CLAIMS_BY_SPEAKER reads them, in order of speaker."""
    groups = Groups()
    leaders: Leaders[int] = Leaders()
    grouped = Grouped(groups, array("q"), array("q"), array("q"))
    for speaker, rows in groupby(claims, key=itemgetter(0)):
        found = speaker_quotes(speaker, rows)
        node_of = {key: groups.node(key) for key in found.quotes}
        joins = leaders.join_near(list(node_of.values()), {node_of[key]: norm for key, norm in found.quotes.items()})
        for member, leader in joins.items():
            groups.union(leader, member)
        nodes = [node_of[key] for key in found.keys]
        grouped.rowids.extend(found.rowids)
        grouped.nodes.extend(nodes)
        grouped.joins.extend(joins.get(node, node) for node in nodes)
    return grouped


class Appearance(NamedTuple):
    statement: int
    node: int
    claim_id: str
    article_id: str
    outlet_id: str
    published: str
    start: int
    speaker_id: str
    via_id: str | None
    kind: str
    verb: str
    quote: str
    words_key: str
    joins_key: str


# `cross join` keeps the keys outside: the claims are then read in rowid order, not through an index at random
TRAIL_QUERY = """
select keys.statement, keys.node, claims.id, claims.article_id, claims.outlet_id, claims.published, claims.start,
  claims.speaker_id, claims.via_id, claims.kind, claims.verb, claims.quote, keys.words_key, keys.joins_key
from temp.trail_keys as keys cross join claims on claims.rowid = keys.claim_rowid
order by keys.statement, claims.published, claims.article_id, claims.start"""


def statement_id(first_claim_id: str) -> str:
    return "s-" + hashlib.sha1(first_claim_id.encode()).hexdigest()[:12]


def match(first_norm: str, norm: str) -> tuple[str, float]:
    """How a normalised quote stands to its statement's first one, and their similarity: `exact` (the same words),
    `part` (one word for word inside the other, long enough to join by containment) or `near`."""
    if norm == first_norm:
        return "exact", 100.0
    short, long = (norm, first_norm) if len(norm) <= len(first_norm) else (first_norm, norm)
    if _words(short) >= CONTAINED_WORDS and f" {short} " in f" {long} ":
        return "part", 100.0
    return "near", similarity(first_norm, norm)


def _match(first: Appearance, first_norm: str, row: Appearance) -> tuple[str, float]:
    if row is first:
        return "first", 100.0
    if row.node == first.node:
        return "exact", 100.0
    return match(first_norm, normalise(row.quote))


def _first_articles(trail: Sequence[Appearance]) -> dict[str, list[tuple[str, str]]]:
    """Outlet -> its first two articles in the trail, as (published, article id), earliest first."""
    firsts: dict[str, list[tuple[str, str]]] = {}
    for row in trail:
        seen = firsts.setdefault(row.outlet_id, [])
        if len(seen) < 2 and (not seen or seen[0][1] != row.article_id):
            seen.append((row.published, row.article_id))
    return firsts


def _earlier_outlet(row: Appearance, firsts: dict[str, list[tuple[str, str]]], outlets: dict[str, str]) -> str | None:
    """The outlet the claim's via names, when it published the statement in another article no later."""
    outlet = outlets.get(row.via_id) if row.via_id else None
    if outlet is None:
        return None
    for published, article_id in firsts.get(outlet, []):
        if article_id != row.article_id:  # the outlet's first article other than this one decides
            return outlet if published <= row.published else None
    return None


def _last_hop(row: Appearance) -> str:
    if "cite" in row.verb.lower():
        return "cited"
    return "reported" if row.kind == "indirect" else "quoted"


def hops(statement: str, row: Appearance, earlier_outlet: str | None) -> list[tuple[object, ...]]:
    """The claim's chain, speaker -> via -> outlet, as rows of the hops table."""
    chain = [("speaker", row.speaker_id)]
    kinds = []
    if row.via_id:
        chain.append(("outlet", earlier_outlet) if earlier_outlet else ("speaker", row.via_id))
        kinds.append("said to")
    chain.append(("outlet", row.outlet_id))
    kinds.append("repeated" if earlier_outlet else _last_hop(row))
    return [(statement, row.claim_id, step, *chain[step - 1], *chain[step], kind) for step, kind in enumerate(kinds, 1)]


def article_positions(trail: Sequence[Appearance]) -> list[int]:
    """Each claim's position in its statement's trail: the rank of its article, the first article 1.

    One appearance per article, not per claim. An indirect claim and the partial quote inside it are one
    utterance annotated twice (annotation rule 4), and words printed twice in one article (a headline and its
    body) are one report: counted as two appearances, they made one article look repeated, and filled "First
    reported by" with articles that nobody else repeated. They stay one statement (the partial quote is those
    words, and its reprints elsewhere join through it), sharing their article's position. The trail is ordered by
    article, so an article's claims come together."""
    positions, position, article = [], 0, None
    for row in trail:
        if row.article_id != article:
            position, article = position + 1, row.article_id
        positions.append(position)
    return positions


class Rows(NamedTuple):
    """Rows of the three tables, each a tuple in the order of its row model's columns (claims/build/rows.py)."""

    statements: list[tuple[object, ...]]
    appearances: list[tuple[object, ...]]
    hops: list[tuple[object, ...]]


def trail_rows(trail: Sequence[Appearance], outlets: dict[str, str], rows: Rows) -> None:
    """Add one statement's rows: `trail` is its appearances in order, `outlets` maps media speakers to outlets."""
    first = trail[0]
    identifier = statement_id(first.claim_id)
    positions = article_positions(trail)
    rows.statements.append(
        (
            identifier,
            first.quote,
            first.speaker_id,
            first.claim_id,
            first.article_id,
            first.outlet_id,
            first.published,
            trail[-1].published,
            positions[-1],  # appearances: one an article
            positions[-1],
            len({row.outlet_id for row in trail}),
        )
    )
    first_norm = normalise(first.quote) if len(trail) > 1 else ""
    named = len(trail) > 1 and any(row.via_id in outlets for row in trail)
    firsts = _first_articles(trail) if named else {}
    for position, row in zip(positions, trail, strict=True):
        how, score = _match(first, first_norm, row)
        appearance = (row.claim_id, identifier, row.article_id, row.outlet_id, row.published, position, how, score)
        rows.appearances.append((*appearance, row.words_key, row.joins_key))
        rows.hops.extend(hops(identifier, row, _earlier_outlet(row, firsts, outlets)))


def via_outlets(db: sqlite_utils.Database) -> dict[str, str]:
    """Media speaker id -> the outlet that is the same entity, by name (names two outlets share are left out)."""
    outlets: dict[str, list[str]] = {}
    for outlet_id, name in db.execute("select id, name from outlets"):
        outlets.setdefault(entity_name(name), []).append(outlet_id)
    result = {}
    for speaker_id, name in db.execute("select id, name from speakers where type = 'media'"):
        same = outlets.get(entity_name(name), [])
        if len(same) == 1:
            result[speaker_id] = same[0]
    return result


def _insert(db: sqlite_utils.Database, rows: Rows, keyed: bool) -> None:
    for model, values in zip(TABLES, rows, strict=True):
        if values:
            db.conn.executemany(tables.keyed_insert_sql(model) if keyed else tables.insert_sql(model), values)
            values.clear()


def write_trails(db: sqlite_utils.Database, keyed: bool = False) -> int:
    """The rows of the statements whose claims are in temp.trail_keys; `keyed` fills their listing keys as they go
    in (an incremental build adds to tables whose keys are already filled). Returns how many statements."""
    outlets = via_outlets(db)
    rows = Rows([], [], [])
    count = 0
    for trail in _trails(db):
        trail_rows(trail, outlets, rows)
        count += 1
        if len(rows.appearances) >= BATCH:
            _insert(db, rows, keyed)
    _insert(db, rows, keyed)
    return count


def _trails(db: sqlite_utils.Database) -> Iterator[list[Appearance]]:
    appearances = map(Appearance._make, db.execute(TRAIL_QUERY))
    for _, trail in groupby(appearances, key=itemgetter(0)):
        yield list(trail)


TrailKey = tuple[int, int, int, str, str]  # claim rowid, statement, node, words_key, joins_key


def store_keys(db: sqlite_utils.Database, keys: Iterable[TrailKey]) -> None:
    """What `_trails` reads: each claim's statement (any number, the same for one statement) and node."""
    db.execute("drop table if exists temp.trail_keys")
    db.execute(
        "create temp table trail_keys"
        " (claim_rowid integer primary key, statement integer, node integer, words_key, joins_key)"
    )
    db.conn.executemany("insert into temp.trail_keys values (?, ?, ?, ?, ?)", keys)


def _grouped_keys(grouped: Grouped) -> Iterator[TrailKey]:
    groups = grouped.groups
    for rowid, node, joined in zip(grouped.rowids, grouped.nodes, grouped.joins, strict=True):
        yield rowid, groups.find(node), node, groups.words_key(node), groups.words_key(joined)


def _drop(db: sqlite_utils.Database) -> None:
    for name in VIEWS:
        db.execute(f"drop view if exists {name}")
    for model in reversed(TABLES):
        db.execute(f"drop table if exists [{table_of(model).name}]")


def _create(db: sqlite_utils.Database) -> None:
    for model in TABLES:
        tables.create(db, model)


def _finish(db: sqlite_utils.Database) -> None:
    for model in TABLES:
        tables.create_indexes(db, model)
    for name, sql in VIEWS.items():
        db.execute(f"create view {name} as {sql.strip()}")
    db.execute("drop table temp.trail_keys")


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """The caller's transaction if one is open, else one of our own."""
    if db.conn.in_transaction:
        yield
        return
    db.execute("begin")
    try:
        yield
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()


@contextlib.contextmanager
def page_cache(db: sqlite_utils.Database) -> Iterator[None]:
    """At least CACHE_KIB of page cache meanwhile: the keys come in random order and the indexes are built at the
    end, which in SQLite's default 2 MB cache goes to the file again and again."""
    (size,) = db.execute("pragma cache_size").fetchone()
    (page_size,) = db.execute("pragma page_size").fetchone()
    kib = -size if size < 0 else size * page_size // 1024  # a negative size is in KiB, a positive one in pages
    if kib < CACHE_KIB:
        db.execute(f"pragma cache_size = {-CACHE_KIB}")
    try:
        yield
    finally:
        db.execute(f"pragma cache_size = {size}")


def _build(db: sqlite_utils.Database, grouped: Grouped | None) -> int:
    grouped = grouped or group_claims(db)
    _drop(db)
    _create(db)
    store_keys(db, _grouped_keys(grouped))
    del grouped  # a million claims' worth, no longer needed while the rows are written
    count = write_trails(db)
    _finish(db)
    return count


def add_trails(db: sqlite_utils.Database, grouped: Grouped | None = None) -> int:
    """Write the statements, appearances and hops of the claims in `db` (replacing any there) and their views;
    return how many statements there are. `grouped` is the claims already grouped (see `group`), when the caller
    grouped them while the database was busy with something else. Runs in the caller's transaction if one is open,
    else in its own."""
    with page_cache(db), transaction(db):
        return _build(db, grouped)
