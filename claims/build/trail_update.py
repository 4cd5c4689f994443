"""Statements brought up to date after claims changed (an incremental build): only the statements whose claims
change are written anew, and the result is what add_trails makes of the whole corpus.

add_trails takes the speakers in the order of their ids. Each joins its quotes to its own leading quotes, except
words that a speaker before it already joined to a leader (they stay there) or made a leader (they lead). So what
a speaker does depends on its own claims and on what the speakers before it did with the same words, which every
appearance records: its words (`words_key`) and what its speaker joined them to (`joins_key`).

1. The speakers whose claims changed are grouped again, in order of their ids, each starting from what the speakers
   before it did with its words (from the database, or from this update for a speaker grouped again before it).
   When a speaker now joins or leads other words than it did, the later speakers with those words are grouped again.
2. A statement is a leading quote with the quotes joined to it. So a claim's statement changes only when its words
   are joined to another leader, or are the words of such a leader. The statements holding those words go, and the
   statements of every claim they held, with the new claims, are written anew.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

import sqlite_utils

from .trails import (
    CLAIMS_BY_SPEAKER,
    Known,
    Leaders,
    Place,
    SpeakerQuotes,
    TrailKey,
    key_words,
    node_key,
    page_cache,
    shingles_of,
    speaker_quotes,
    store_keys,
    transaction,
    write_trails,
)

Key = str  # a words_key: the words of a distinct quote


def _listed(values: Iterable[str]) -> str:
    return json.dumps(sorted(values))


class Said(NamedTuple):
    """A claim as statements are grouped from it."""

    speaker_id: str
    quote: str
    published: str
    article_id: str
    start: int
    end: int


class Gone(NamedTuple):
    """The appearance of a claim removed since the last build, and the claim."""

    claim_id: str
    statement_id: str
    words_key: Key
    joins_key: Key
    said: Said


@dataclass
class Regrouped:
    """A speaker's claims grouped again: the words of its new claims (by rowid), and the joins (member -> leader)
    the speaker makes now and made before."""

    new: dict[int, Key]
    joins: dict[Key, Key]
    before: dict[Key, Key]

    def changed(self) -> set[Key]:
        """Words this speaker joins to another leader than before, or to one where it joined them to none."""
        return {key for key in self.joins.keys() | self.before.keys() if self.joins.get(key) != self.before.get(key)}


_JOINED = (
    "select claims.speaker_id, appearances.words_key, appearances.joins_key from appearances"
    " join claims on claims.id = appearances.claim_id where appearances.joins_key != appearances.words_key"
)
_OTHERS = "claims.speaker_id not in (select value from json_each(:done))"
# what the speakers before this one did with its words, except those grouped again in this update
_MEMBERS_BEFORE = (
    f"{_JOINED} and appearances.words_key in (select value from json_each(:keys))"
    f" and claims.speaker_id < :speaker and {_OTHERS}"
)
_LEADING_BEFORE = (
    f"{_JOINED} and appearances.joins_key in (select value from json_each(:keys))"
    f" and claims.speaker_id < :speaker and {_OTHERS}"
)
_JOINS_OF = f"{_JOINED} and claims.speaker_id = :speaker"
_LATER = (
    "select distinct claims.speaker_id from appearances join claims on claims.id = appearances.claim_id"
    " where appearances.words_key in (select value from json_each(:keys)) and claims.speaker_id > :speaker"
)
_HAS_WORDS = (
    "select 1 from appearances join claims on claims.id = appearances.claim_id"
    " where appearances.words_key in (select value from json_each(:keys)) and claims.speaker_id = :speaker limit 1"
)
_JOINED_BY_OTHERS = f"{_JOINED} and appearances.words_key in (select value from json_each(:keys)) and {_OTHERS}"


def update_trails(
    db: sqlite_utils.Database, speakers: Collection[str], gone: Mapping[str, Said], first_new: int
) -> int:
    """Bring the statements up to date after the claims of `speakers` changed: `gone` are the claims removed, by id,
    whose appearances are still there; claims with a rowid above `first_new` are new. Returns how many statements
    were written anew."""
    with page_cache(db), transaction(db):
        removed = _take_gone(db, gone)
        regrouped = _regroup(db, set(speakers), removed, first_new)
        return _rewrite(db, regrouped, removed)


def _take_gone(db: sqlite_utils.Database, gone: Mapping[str, Said]) -> list[Gone]:
    """The removed claims' appearances, out of the table: what is left joins only the claims there are."""
    where = "where claim_id in (select value from json_each(?))"
    listed = [_listed(gone)]
    sql = f"select claim_id, statement_id, words_key, joins_key from appearances {where}"
    removed = [Gone(*row, gone[row[0]]) for row in db.execute(sql, listed)]
    db.execute(f"delete from appearances {where}", listed)
    return removed


def _regroup(
    db: sqlite_utils.Database, speakers: set[str], removed: list[Gone], first_new: int
) -> dict[str, Regrouped]:
    """Each speaker whose claims changed grouped again, and each later speaker that what they do reaches."""
    done: dict[str, Regrouped] = {}
    flagged: set[Key] = set()  # words the speakers grouped again now join or lead otherwise than before
    queue = sorted(speakers)
    while queue:
        speaker = heapq.heappop(queue)
        if speaker in done:
            continue
        before = _joins_before(db, speaker, removed)
        new = _new_claims(db, speaker, first_new)
        if _same_words(speaker, new, removed) and not _reached(db, speaker, flagged, new):
            done[speaker] = Regrouped({rowid: key for rowid, (key, _) in new.items()}, before, before)
            continue  # the same words in the same order, after the same joins: it joins them as before
        done[speaker] = regrouped = _grouped(db, speaker, first_new, done, _Last(before, removed, flagged))
        flags = (regrouped.joins.keys() ^ before.keys()) | (set(regrouped.joins.values()) ^ set(before.values()))
        flagged |= flags
        if flags:
            params = {"keys": _listed(flags), "speaker": speaker}
            for (later,) in db.execute(_LATER, params):
                heapq.heappush(queue, later)
    return done


class _Last(NamedTuple):
    """What is known of a speaker's last grouping: its joins, the claims it had that are gone, and the words whose
    joins by the speakers before it changed in this update."""

    joins: dict[Key, Key]
    removed: list[Gone]
    flagged: set[Key]


def _grouped(
    db: sqlite_utils.Database, speaker: str, first_new: int, done: dict[str, Regrouped], last: _Last
) -> Regrouped:
    """The speaker's claims grouped as add_trails groups them, after what the speakers before it did."""
    found = speaker_quotes(speaker, db.execute(CLAIMS_BY_SPEAKER.format(where="where speaker_id = ?"), [speaker]))
    words = {key: key_words(key) for key in found.quotes}
    quotes = {words[key]: norm for key, norm in found.quotes.items()}
    members, leading = _before(db, speaker, set(quotes), done)
    known = _known(speaker, found, words, first_new, last)
    joins = Leaders(members, leading).join_near(list(quotes), quotes, known)
    new = {rowid: words[key] for rowid, key in zip(found.rowids, found.keys, strict=True) if rowid > first_new}
    return Regrouped(new, joins, last.joins)


def _known(speaker: str, found: SpeakerQuotes, words: dict[str, Key], first_new: int, last: _Last) -> Known[Key]:
    """What join_near needs to know of the speaker's last grouping: its words that came, went or moved in its order
    (where each was first published), and those the speakers before it joined otherwise."""
    gone = [(row.said, node_key(speaker, row.said.quote)) for row in last.removed if row.said.speaker_id == speaker]
    changed = {key_words(key) for _, (_, key) in gone}
    changed |= {words[key] for rowid, key in zip(found.rowids, found.keys, strict=True) if rowid > first_new}
    now: dict[Key, Place] = {}
    then: dict[Key, Place] = {}
    for rowid, key, place in zip(found.rowids, found.keys, found.places, strict=True):
        if words[key] in changed:
            now.setdefault(words[key], place)  # the claims come in order: the first place is the earliest
            if rowid <= first_new:
                then.setdefault(words[key], place)
    norms = {}
    for said, (norm, key) in gone:
        place, gone_words = _place(said), key_words(key)
        then[gone_words] = min(place, then.get(gone_words, place))
        norms[gone_words] = norm
    added = now.keys() - then.keys()
    moved = {key for key in now.keys() & then.keys() if now[key] != then[key]}
    unsure = added | moved | (last.flagged & set(words.values()))
    return Known(dict(last.joins), unsure, added, [shingles_of(norms[key]) for key in then.keys() - now.keys()])


Order = tuple[str, str, int, int, str]  # where a claim comes in its speaker's order, and its node's key


def _place(said: Said) -> Place:
    return (said.published, said.article_id, said.start, -said.end)


def _order(said: Said) -> Order:
    return (*_place(said), node_key(said.speaker_id, said.quote)[1])


def _new_claims(db: sqlite_utils.Database, speaker: str, first_new: int) -> dict[int, tuple[Key, Order]]:
    said = ", ".join(f"[{column}]" for column in Said._fields)
    sql = f"select rowid, {said} from claims where rowid > ? and speaker_id = ?"
    found = {}
    for rowid, *said in db.execute(sql, [first_new, speaker]):
        order = _order(Said(*said))
        found[rowid] = (key_words(order[-1]), order)
    return found


def _same_words(speaker: str, new: dict[int, tuple[Key, Order]], removed: list[Gone]) -> bool:
    """Whether the speaker's new claims have the words and places in its order of the claims it lost: a reporting
    verb, a via or a kind changed."""
    gone = sorted(_order(row.said) for row in removed if row.said.speaker_id == speaker)
    return gone == sorted(order for _, order in new.values())


def _reached(db: sqlite_utils.Database, speaker: str, flagged: set[Key], new: dict[int, tuple[Key, Order]]) -> bool:
    """Whether the speaker has words that a speaker grouped again before it joins or leads otherwise than before."""
    if not flagged:
        return False
    if any(key in flagged for key, _ in new.values()):
        return True
    return db.execute(_HAS_WORDS, {"keys": _listed(flagged), "speaker": speaker}).fetchone() is not None


def _before(
    db: sqlite_utils.Database, speaker: str, keys: set[Key], done: dict[str, Regrouped]
) -> tuple[set[Key], set[Key]]:
    """Of these words, those the speakers before `speaker` joined to a leader, and those they made leaders."""
    params = {"keys": _listed(keys), "speaker": speaker, "done": _listed(done)}
    members = {words for _, words, _ in db.execute(_MEMBERS_BEFORE, params)}
    leading = {joined for _, _, joined in db.execute(_LEADING_BEFORE, params)}
    for other, regrouped in done.items():
        if other < speaker:
            members |= regrouped.joins.keys() & keys
            leading |= set(regrouped.joins.values()) & keys
    return members, leading


def _joins_before(db: sqlite_utils.Database, speaker: str, removed: list[Gone]) -> dict[Key, Key]:
    """The joins the speaker made in the last build, its removed claims' included."""
    joins = {words: joined for _, words, joined in db.execute(_JOINS_OF, {"speaker": speaker})}
    for row in removed:
        if row.said.speaker_id == speaker and row.words_key != row.joins_key:
            joins[row.words_key] = row.joins_key
    return joins


def _leaders(db: sqlite_utils.Database, keys: set[Key], done: dict[str, Regrouped]) -> dict[Key, Key]:
    """The leader each of these words is joined to now (its own words when none)."""
    leaders = {key: key for key in keys}
    params = {"keys": _listed(keys), "done": _listed(done)}
    leaders |= {words: joined for _, words, joined in db.execute(_JOINED_BY_OTHERS, params)}
    for regrouped in done.values():
        leaders |= {words: joined for words, joined in regrouped.joins.items() if words in leaders}
    return leaders


def _rewrite(db: sqlite_utils.Database, done: dict[str, Regrouped], removed: list[Gone]) -> int:
    """Write anew the statements whose claims change: those holding words joined anew, or their leaders' words."""
    new = {rowid: key for regrouped in done.values() for rowid, key in regrouped.new.items()}
    changed = set(new.values()) | {row.words_key for row in removed}
    for regrouped in done.values():
        changed |= regrouped.changed()
    reach = changed | set(_leaders(db, changed, done).values())
    db.execute(
        "create temp table replaced_statements as select distinct statement_id from appearances"
        " where words_key in (select value from json_each(?))",
        [_listed(reach)],
    )
    db.conn.executemany("insert into temp.replaced_statements values (?)", [(row.statement_id,) for row in removed])
    kept = db.execute(
        "select claims.rowid, claims.speaker_id, appearances.words_key, appearances.joins_key from appearances"
        " join claims on claims.id = appearances.claim_id"
        " where appearances.statement_id in (select statement_id from temp.replaced_statements)"
    ).fetchall()
    for table, column in (("hops", "statement_id"), ("appearances", "statement_id"), ("statements", "id")):
        db.execute(f"delete from [{table}] where [{column}] in (select statement_id from temp.replaced_statements)")
    db.execute("drop table temp.replaced_statements")
    claims = {rowid: (key, _joins(done, speaker, key, joined)) for rowid, speaker, key, joined in kept}
    for regrouped in done.values():
        claims |= {rowid: (key, regrouped.joins.get(key, key)) for rowid, key in regrouped.new.items()}
    store_keys(db, _keys(claims, _leaders(db, {key for key, _ in claims.values()}, done)))
    count = write_trails(db, keyed=True)
    db.execute("drop table temp.trail_keys")
    return count


def _joins(done: dict[str, Regrouped], speaker: str, key: Key, joined: Key) -> Key:
    """What a kept claim's words are joined to by its speaker now."""
    regrouped = done.get(speaker)
    return joined if regrouped is None else regrouped.joins.get(key, key)


def _keys(claims: dict[int, tuple[Key, Key]], leaders: dict[Key, Key]) -> Iterable[TrailKey]:
    numbers: dict[Key, int] = {}
    for rowid, (key, joined) in sorted(claims.items()):
        node = numbers.setdefault(key, len(numbers))
        statement = numbers.setdefault(leaders[key], len(numbers))
        yield rowid, statement, node, key, joined
