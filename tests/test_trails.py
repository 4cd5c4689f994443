"""Claim trails: statements, their appearances and the hops that brought each claim to its article, on small
corpora written here and built as `claims build` builds them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlite_utils
from datasette.utils import parse_metadata
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from claims.build import trails
from claims.build.building import build
from claims.build.incremental import spare_of
from claims.build.trails import add_trails, match, near, normalise, similarity
from claims.corpus.claimsfile import to_yaml
from claims.corpus.models import ArticleMeta, Claim, ClaimsFile, claim_id

from .conftest import make_datasette

OUTLETS = [
    {"id": "wsj", "name": "The Wall Street Journal"},
    {"id": "wsws", "name": "World Socialist Web Site"},
    {"id": "guardian", "name": "The Guardian"},
]
SPEAKERS = [
    {"id": "john-bolton", "name": "John Bolton", "type": "person"},
    {"id": "walid-al-moallem", "name": "Walid al-Moallem", "type": "person"},
    {"id": "james-jeffrey", "name": "James Jeffrey", "type": "person"},
    {"id": "senior-pentagon-officials", "name": "Senior Pentagon officials (unnamed)", "type": "anonymous"},
    {"id": "wall-street-journal", "name": "The Wall Street Journal", "type": "media"},
    {"id": "washington-post", "name": "The Washington Post", "type": "media"},
]
NAMES = {speaker["id"]: speaker["name"] for speaker in SPEAKERS}

STAY = "We will stay as long as Iranian troops are outside Iranian borders."
SHIFT = "the forces are being shifted from the Middle East to confront China and Russia"


@dataclass(frozen=True)
class Said:
    quote: str
    speaker: str = "john-bolton"
    kind: str = "direct"
    via: str | None = None
    verb: str = "said"


def paragraph(said: Said) -> str:
    name = NAMES[said.speaker]
    if said.kind == "indirect":
        return f"{name} {said.verb} that {said.quote}."
    return f'{name} {said.verb}: "{said.quote}"'


class Corpus:
    """Seeds written into a directory: the registries, then one article at a time."""

    def __init__(self, root: Path) -> None:
        self.seeds = root / "seeds"
        (self.seeds / "articles").mkdir(parents=True)
        # JSON is YAML
        (self.seeds / "outlets.yml").write_text(json.dumps({"outlets": OUTLETS}), encoding="utf-8")
        (self.seeds / "speakers.yml").write_text(json.dumps({"speakers": SPEAKERS}), encoding="utf-8")

    def article(self, article_id: str, outlet: str, published: str, *said: Said) -> list[str]:
        """Write an article holding every quote (a quote already in the text, as a partial one inside reported
        speech, is not written again); return its claim ids in the order given."""
        text = f"Headline {article_id}"
        for item in said:
            if item.quote not in text:
                text += "\n\n" + paragraph(item)
        text += "\n"
        (self.seeds / "articles" / f"{article_id}.txt").write_text(text, encoding="utf-8")
        claims = [self.claim(article_id, text, item) for item in said]
        meta = ArticleMeta(
            id=article_id,
            title=f"Title of {article_id}",
            outlet=outlet,
            published=dt.date.fromisoformat(published),
            text=f"{article_id}.txt",
        )
        path = self.seeds / "articles" / f"{article_id}.claims.yml"
        path.write_text(to_yaml(ClaimsFile(article=meta, claims=claims), "x"), encoding="utf-8")
        return [claim.id for claim in claims]

    @staticmethod
    def claim(article_id: str, text: str, said: Said) -> Claim:
        start = text.index(said.quote)
        return Claim(
            id=claim_id(article_id, said.kind, said.quote),
            kind=said.kind,
            quote=said.quote,
            start=start,
            end=start + len(said.quote),
            speaker=said.speaker,
            speaker_label=NAMES[said.speaker],
            verb=said.verb,
            via=said.via,
        )

    def build(self) -> sqlite_utils.Database:
        path = self.seeds.parent / "claims.db"
        build(self.seeds, path, jobs=1)
        db = sqlite_utils.Database(path)
        # the build may make the trails itself; add_trails replaces them, so this holds either way
        add_trails(db)
        return db


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return Corpus(tmp_path)


def appearance(db: sqlite_utils.Database, claim: str) -> dict:
    return db["appearances"].get(claim)


def statement_of(db: sqlite_utils.Database, claim: str) -> dict:
    return db["statements"].get(appearance(db, claim)["statement_id"])


def hops(db: sqlite_utils.Database, claim: str) -> list[tuple[str, str, str, str, str]]:
    rows = db.query("select * from hops where claim_id = ? order by step", [claim])
    return [(row["from_type"], row["from_id"], row["hop"], row["to_type"], row["to_id"]) for row in rows]


def test_the_same_quote_in_two_outlets_is_one_statement(corpus):
    [later] = corpus.article("2018-10-02-wsws-stay", "wsws", "2018-10-02", Said(STAY.upper().rstrip(".")))
    [first] = corpus.article("2018-10-01-wsj-stay", "wsj", "2018-10-01", Said(STAY.replace("We", "“We")))
    db = corpus.build()
    statement = statement_of(db, later)
    assert statement == {
        "id": "s-" + hashlib.sha1(first.encode()).hexdigest()[:12],
        "quote": STAY.replace("We", "“We"),
        "speaker_id": "john-bolton",
        "first_claim_id": first,
        "first_article_id": "2018-10-01-wsj-stay",
        "first_outlet_id": "wsj",
        "first_published": "2018-10-01",
        "last_published": "2018-10-02",
        "appearance_count": 2,
        "article_count": 2,
        "outlet_count": 2,
    }
    assert (appearance(db, first)["position"], appearance(db, first)["match"]) == (1, "first")
    assert appearance(db, later) == {
        "claim_id": later,
        "statement_id": statement["id"],
        "article_id": "2018-10-02-wsws-stay",
        "outlet_id": "wsws",
        "published": "2018-10-02",
        "position": 2,
        "match": "exact",
        "score": 100.0,
        "words_key": appearance(db, first)["words_key"],  # the same words, once case and marks are set aside
        "joins_key": appearance(db, first)["words_key"],  # joined to no other words
    }
    assert appearance(db, first)["words_key"] == trails.words_key("john-bolton", STAY)


def test_the_same_words_attributed_to_someone_else_are_the_same_statement(corpus):
    [bolton] = corpus.article("2018-10-01-wsj-stay", "wsj", "2018-10-01", Said(STAY))
    [moallem] = corpus.article("2018-10-03-wsws-stay", "wsws", "2018-10-03", Said(STAY, "walid-al-moallem"))
    db = corpus.build()
    assert appearance(db, moallem)["statement_id"] == appearance(db, bolton)["statement_id"]
    assert statement_of(db, moallem)["speaker_id"] == "john-bolton"  # the first appearance's speaker
    trail = list(db.query("select speaker, position from statement_trails order by position"))
    assert trail == [{"speaker": "John Bolton", "position": 1}, {"speaker": "Walid al-Moallem", "position": 2}]


def test_a_short_stock_phrase_joins_statements_of_one_speaker_only(corpus):
    phrase = "Enough is enough!"
    [first] = corpus.article("2018-10-01-wsj-enough", "wsj", "2018-10-01", Said(phrase))
    [again] = corpus.article("2018-10-02-wsws-enough", "wsws", "2018-10-02", Said(phrase))
    [other] = corpus.article("2018-10-03-guardian-enough", "guardian", "2018-10-03", Said(phrase, "james-jeffrey"))
    db = corpus.build()
    assert appearance(db, again)["statement_id"] == appearance(db, first)["statement_id"]
    assert appearance(db, other)["statement_id"] != appearance(db, first)["statement_id"]
    assert statement_of(db, other)["appearance_count"] == 1


CHANGED = "We will stay as long as Iranian forces are outside Iranian borders."


def test_a_word_changed_is_the_same_statement_for_the_same_speaker_only(corpus):
    [first] = corpus.article("2018-10-01-wsj-stay", "wsj", "2018-10-01", Said(STAY))
    [same] = corpus.article("2018-10-02-wsws-stay", "wsws", "2018-10-02", Said(CHANGED))
    soldiers = STAY.replace("troops", "soldiers")
    [other] = corpus.article("2018-10-03-guardian-stay", "guardian", "2018-10-03", Said(soldiers, "walid-al-moallem"))
    db = corpus.build()
    assert appearance(db, same)["statement_id"] == appearance(db, first)["statement_id"]
    near_one = appearance(db, same)
    assert near_one["match"] == "near"
    assert 90 <= near_one["score"] < 100
    assert near_one["score"] == similarity(normalise(STAY), normalise(CHANGED))
    assert near(normalise(STAY), normalise(soldiers))  # near enough, but said by someone else
    assert appearance(db, other)["statement_id"] != appearance(db, first)["statement_id"]
    assert appearance(db, other)["match"] == "first"
    assert db["statements"].count == 2


BOLTON_VOW = (
    'the US military would continue to occupy Syrian territory "as long as Iranian troops are outside Iranian borders."'
)
BOLTON_PARTIAL = "as long as Iranian troops are outside Iranian borders."


def test_a_partial_quote_inside_the_reported_speech_that_holds_it_is_the_same_statement_not_a_repeat(corpus):
    vow, partial = corpus.article(
        "2018-10-02-wsws-iran",
        "wsws",
        "2018-10-02",
        Said(BOLTON_VOW, kind="indirect", verb="vowed"),
        Said(BOLTON_PARTIAL, kind="partial", verb="vowed"),
    )
    db = corpus.build()
    spans = {row["id"]: (row["start"], row["end"]) for row in db.query("select id, start, [end] from claims")}
    assert spans[vow][0] < spans[partial][0] < spans[partial][1] <= spans[vow][1]  # the partial inside the vow
    statement = statement_of(db, partial)
    assert (statement["first_claim_id"], statement["quote"]) == (vow, BOLTON_VOW)
    # one article, one appearance: the fragment is the same words annotated twice, not a repeat
    assert (statement["appearance_count"], statement["article_count"], statement["outlet_count"]) == (1, 1, 1)
    assert appearance(db, vow)["position"] == appearance(db, partial)["position"] == 1
    assert (appearance(db, vow)["match"], appearance(db, partial)["match"]) == ("first", "part")
    assert appearance(db, partial)["score"] == 100.0
    assert list(db.query("select id from repeated_statements")) == []


def test_the_fragment_in_the_first_article_and_a_reprint_elsewhere_make_two_appearances(corpus):
    vow, partial = corpus.article(
        "2018-10-02-wsws-iran",
        "wsws",
        "2018-10-02",
        Said(BOLTON_VOW, kind="indirect", verb="vowed"),
        Said(BOLTON_PARTIAL, kind="partial", verb="vowed"),
    )
    [reprint] = corpus.article(
        "2018-10-04-guardian-iran", "guardian", "2018-10-04", Said(BOLTON_PARTIAL, kind="partial")
    )
    db = corpus.build()
    assert appearance(db, reprint)["statement_id"] == appearance(db, vow)["statement_id"]
    assert [appearance(db, claim)["position"] for claim in (vow, partial, reprint)] == [1, 1, 2]
    assert [appearance(db, claim)["match"] for claim in (vow, partial, reprint)] == ["first", "part", "part"]
    statement = statement_of(db, reprint)
    assert (statement["appearance_count"], statement["article_count"], statement["outlet_count"]) == (2, 2, 2)
    # who repeated it, as "First reported by" asks: the later positions, here the Guardian alone
    later = db.execute(
        "select group_concat(distinct outlet_id) from appearances where statement_id = ? and position > 1",
        [statement["id"]],
    ).fetchone()[0]
    assert later == "guardian"


APOSTROPHE = "We won't let Iran's militias stay on Syria's border - not one more day."


def test_the_same_words_with_curly_apostrophes_and_dashes_are_an_exact_match(corpus):
    curly = APOSTROPHE.replace("'", "’").replace(" - ", " — ").replace("stay on", "stay  on")
    [first] = corpus.article("2018-10-01-wsj-border", "wsj", "2018-10-01", Said(APOSTROPHE))
    [later] = corpus.article("2018-10-02-wsws-border", "wsws", "2018-10-02", Said(curly, "walid-al-moallem"))
    db = corpus.build()
    assert appearance(db, later)["statement_id"] == appearance(db, first)["statement_id"]
    assert (appearance(db, later)["match"], appearance(db, later)["score"]) == ("exact", 100.0)
    assert match(normalise(APOSTROPHE), normalise(f"“{curly}”")) == ("exact", 100.0)


@pytest.mark.parametrize(
    ("first", "other", "expected"),
    [
        (STAY, STAY.replace("We", "“We").replace(".", ".”"), "exact"),
        (STAY, "as long as Iranian troops are outside", "part"),  # a fragment, six words
        ("as long as Iranian troops are outside", STAY, "part"),  # a longer quotation holding the first
        (STAY, CHANGED, "near"),
        (STAY, "long as Iranian troops are outsider", "near"),  # not word for word: "outsider"
    ],
)
def test_match_says_how_the_words_stand_to_the_first(first, other, expected):
    assert match(normalise(first), normalise(other))[0] == expected


def test_a_quoted_fragment_of_five_words_is_too_short_to_join_by_containment(corpus):
    # five words inside the vow, which a containment test without the six-word floor would join
    corpus.article(
        "2018-10-02-wsws-iran",
        "wsws",
        "2018-10-02",
        Said(BOLTON_VOW, kind="indirect", verb="vowed"),
        Said("troops are outside Iranian borders.", kind="partial", verb="vowed"),
    )
    assert corpus.build()["statements"].count == 2


def test_partial_quotes_in_another_article_join_the_statement(corpus):
    [vow] = corpus.article("2018-10-02-wsws-iran", "wsws", "2018-10-02", Said(BOLTON_VOW, kind="indirect"))
    [partial] = corpus.article(
        "2018-10-04-guardian-iran", "guardian", "2018-10-04", Said(BOLTON_PARTIAL, kind="partial")
    )
    db = corpus.build()
    assert appearance(db, partial)["statement_id"] == appearance(db, vow)["statement_id"]
    assert statement_of(db, partial)["outlet_count"] == 2


def test_quotes_sharing_words_but_saying_different_things_stay_apart(corpus):
    toughest = "These will be the toughest ever imposed sanctions in history."
    fail = "Even the toughest ever imposed sanctions will fail unless our allies join us in enforcing them."
    [one] = corpus.article("2018-10-01-wsj-sanctions", "wsj", "2018-10-01", Said(toughest))
    [two] = corpus.article("2018-10-02-wsws-sanctions", "wsws", "2018-10-02", Said(fail))
    assert not near(normalise(toughest), normalise(fail))
    db = corpus.build()
    assert appearance(db, one)["statement_id"] != appearance(db, two)["statement_id"]
    assert list(db.query("select * from repeated_statements")) == []


def test_the_first_appearance_is_the_earliest_published_whatever_the_ids_say(corpus):
    [late] = corpus.article("a-2018-10-09-guardian", "guardian", "2018-10-09", Said(STAY))
    [early] = corpus.article("z-2018-10-01-wsj", "wsj", "2018-10-01", Said(STAY))
    [middle] = corpus.article("m-2018-10-05-wsws", "wsws", "2018-10-05", Said(STAY))
    db = corpus.build()
    assert [appearance(db, claim)["position"] for claim in (early, middle, late)] == [1, 2, 3]
    statement = statement_of(db, late)
    assert (statement["first_claim_id"], statement["first_published"], statement["last_published"]) == (
        early,
        "2018-10-01",
        "2018-10-09",
    )


def test_ties_on_the_date_go_by_article_id_then_by_offset(corpus):
    [in_b] = corpus.article("b-wsws", "wsws", "2018-10-01", Said(STAY))
    vow, partial = corpus.article(
        "a-guardian", "guardian", "2018-10-01", Said(BOLTON_VOW, kind="indirect"), Said(BOLTON_PARTIAL, kind="partial")
    )
    [in_c] = corpus.article("c-wsj", "wsj", "2018-10-01", Said(BOLTON_PARTIAL, kind="partial"))
    db = corpus.build()
    # the partial quote stands in both longer ones; it joins the one published first (by article id on a tie),
    # and "We will stay ..." is not near the vow, so it is a statement of its own. The vow and the partial quote
    # inside it are one appearance, their article's
    assert db["statements"].count == 2
    assert [appearance(db, claim)["position"] for claim in (vow, partial, in_c)] == [1, 1, 2]
    assert appearance(db, in_b)["position"] == 1
    assert (
        appearance(db, in_c)["statement_id"]
        == appearance(db, vow)["statement_id"]
        != appearance(db, in_b)["statement_id"]
    )


def test_matches_do_not_chain_through_shared_words(corpus):
    """A says X+Y, X and Y; C says X, "X, and W" and W; D says W. X+Y and W have nothing in common."""
    x = "the strike at the port has stopped every ship"
    y = "the government must talk to the unions today"
    w = "taxes on fuel must be cut before the winter"
    both = f"{x} and {y}"
    x_and_w = f"{x}, and {w}"
    a = corpus.article("2018-10-01-wsj-a", "wsj", "2018-10-01", Said(both), Said(x), Said(y))
    c = corpus.article(
        "2018-10-02-wsws-c", "wsws", "2018-10-02", Said(x, "james-jeffrey"), Said(x_and_w, "james-jeffrey")
    )
    [d] = corpus.article("2018-10-03-guardian-d", "guardian", "2018-10-03", Said(w, "walid-al-moallem"))
    db = corpus.build()
    statement = {claim: appearance(db, claim)["statement_id"] for claim in (*a, *c, d)}
    # whoever leads, X+Y and "X, and W" are not one statement, nor X+Y and W
    assert statement[a[0]] != statement[c[1]]
    assert statement[a[0]] != statement[d]
    assert statement[a[0]] == statement[a[2]]  # Y stands in X+Y
    # here every appearance is near its statement's first appearance itself, not only through another one
    assert db.execute("select min(score) from appearances").fetchone()[0] >= 90


PORT = "The strike at the port has stopped every ship in the harbour since Monday."
SHIPS = "the strike at the port has stopped every ship"  # inside PORT
BOATS = "the strike at the port has stopped every boat"  # near SHIPS, not PORT


def statements_of(path: Path, *claims: str) -> list[str]:
    db = sqlite_utils.Database(path)
    return [appearance(db, claim)["statement_id"] for claim in claims]


def trail_tables(path: Path) -> list[list[tuple]]:
    db = sqlite_utils.Database(path)
    return [db.execute(f"select * from {table} order by 1, 2").fetchall() for table in trails.VIEWS]


def test_an_update_groups_again_a_later_speaker_whose_words_an_earlier_one_no_longer_joins(corpus):
    """James Jeffrey says PORT, then SHIPS: SHIPS joins PORT. John Bolton (after him by id) says SHIPS, already
    joined, and BOATS, near SHIPS but with no quote of his own to join: it stands alone. Take PORT away, and SHIPS
    leads for Bolton and BOATS joins it, though none of his claims changed; put PORT back, and BOATS is alone again."""
    [port] = corpus.article("2018-10-01-wsj-port", "wsj", "2018-10-01", Said(PORT, "james-jeffrey"))
    [ships] = corpus.article("2018-10-02-wsj-ships", "wsj", "2018-10-02", Said(SHIPS, "james-jeffrey"))
    bolton_ships, boats = corpus.article("2018-10-03-wsws-ships", "wsws", "2018-10-03", Said(SHIPS), Said(BOATS))
    for day in range(4, 8):  # more articles, unchanged: an update rather than a full build
        corpus.article(f"2018-10-0{day}-guardian", "guardian", f"2018-10-0{day}", Said(f"{STAY} Day {day}."))
    db, full = corpus.seeds.parent / "claims.db", corpus.seeds.parent / "full.db"
    build(corpus.seeds, db, jobs=1)
    first, second, third, alone = statements_of(db, port, ships, bolton_ships, boats)
    assert first == second == third != alone

    (corpus.seeds / "articles" / "2018-10-01-wsj-port.claims.yml").unlink()
    assert build(corpus.seeds, db, jobs=1).reused == 6
    assert len(set(statements_of(db, ships, bolton_ships, boats))) == 1
    build(corpus.seeds, full, jobs=1, reuse=False)
    assert trail_tables(db) == trail_tables(full)

    corpus.article("2018-10-01-wsj-port", "wsj", "2018-10-01", Said(PORT, "james-jeffrey"))
    spare_of(db).unlink()  # it was built with PORT: updating it would change nothing
    assert build(corpus.seeds, db, jobs=1).reused == 6
    assert statements_of(db, port, ships, bolton_ships, boats) == [first, second, third, alone]
    build(corpus.seeds, full, jobs=1, reuse=False)
    assert trail_tables(db) == trail_tables(full)


def test_an_update_groups_again_a_speaker_whose_words_did_not_change_when_an_earlier_change_reaches_them(corpus):
    """As above, with Bolton's article changed in the same build, but only its reporting verb: his words and their
    order are the same, which alone would let the update keep his joins, yet PORT going changes them."""
    corpus.article("2018-10-01-wsj-port", "wsj", "2018-10-01", Said(PORT, "james-jeffrey"))
    [ships] = corpus.article("2018-10-02-wsj-ships", "wsj", "2018-10-02", Said(SHIPS, "james-jeffrey"))
    corpus.article("2018-10-03-wsws-ships", "wsws", "2018-10-03", Said(SHIPS), Said(BOATS))
    for day in range(10, 20):  # more articles, unchanged: an update rather than a full build
        corpus.article(f"2018-10-{day}-guardian", "guardian", f"2018-10-{day}", Said(f"{STAY} Day {day}."))
    db, full = corpus.seeds.parent / "claims.db", corpus.seeds.parent / "full.db"
    build(corpus.seeds, db, jobs=1)
    (corpus.seeds / "articles" / "2018-10-01-wsj-port.claims.yml").unlink()
    bolton_ships, boats = corpus.article(
        "2018-10-03-wsws-ships", "wsws", "2018-10-03", Said(SHIPS, verb="says"), Said(BOATS, verb="says")
    )
    assert build(corpus.seeds, db, jobs=1).reused == 11
    assert len(set(statements_of(db, ships, bolton_ships, boats))) == 1
    build(corpus.seeds, full, jobs=1, reuse=False)
    assert trail_tables(db) == trail_tables(full)


WORDS = ["the", "strike", "at", "port", "has", "stopped", "every", "ship", "boat", "in", "harbour", "since", "monday"]


def changed_speaker(rng: random.Random) -> tuple[list[str], list[str], set[str], set[str], set[str]]:
    """A speaker's distinct quotes in order before and after some came, went and moved, with the quotes that came,
    went and moved: made of a few words, so that many are near each other and share shingles."""
    base = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10))) for _ in range(rng.randint(1, 25))]
    variants = [" ".join(rng.choice(WORDS) if rng.random() < 0.15 else word for word in q.split()) for q in base]
    before = list(dict.fromkeys(rng.sample(base + variants, len(base + variants))))
    gone = set(rng.sample(before, rng.randint(0, min(3, len(before)))))
    stayed = [q for q in before if q not in gone]
    moved = set(rng.sample(stayed, min(rng.randint(0, 2), len(stayed))))
    after = [q for q in before if q not in gone and q not in moved]
    came = {q for q in (" ".join(rng.sample(WORDS, rng.randint(4, 8))) for _ in range(rng.randint(0, 3)))}
    came -= set(before)
    for quote in [*moved, *sorted(came)]:
        after.insert(rng.randint(0, len(after)), quote)
    return before, after, gone, moved, came


@pytest.mark.parametrize("seed", range(400))
def test_join_near_from_what_is_known_of_the_last_grouping_equals_join_near_anew(seed, monkeypatch):
    """What an update does for a speaker whose claims changed (claims/build/trail_update.py): it reuses the outcome
    of every quote whose candidates cannot have changed, and compares the others again."""
    rng = random.Random(seed)
    monkeypatch.setattr(trails, "BLOCK_LIMIT", rng.choice([2, 3, 5, 20]))  # shingles pass from rare to common
    before, after, gone, moved, came = changed_speaker(rng)
    members = set(rng.sample(before, min(rng.randint(0, 2), len(before) // 3)))  # joined by speakers before
    leading = set(rng.sample(before, min(rng.randint(0, 2), len(before) // 3))) - members
    last = trails.Leaders(set(members), set(leading)).join_near(before, {q: q for q in before})
    flagged = set(rng.sample(after, min(rng.randint(0, 1), len(after))))  # the speakers before changed them
    members ^= {q for q in flagged if rng.random() < 0.5}
    leading = (leading ^ {q for q in flagged if rng.random() < 0.5}) - members
    quotes = {q: q for q in after}
    anew = trails.Leaders(set(members), set(leading)).join_near(after, quotes)
    known = trails.Known(dict(last), came | moved | flagged, set(came), [trails.shingles_of(q) for q in gone])
    assert trails.Leaders(set(members), set(leading)).join_near(after, quotes, known) == anew


def test_a_quote_that_leads_once_its_leader_is_gone_is_compared_again_with_the_quotes_after_it():
    """PORT + SHIPS joined PORT, so SHIPS (inside it) had no leader to join and led. PORT gone, PORT + SHIPS leads,
    and SHIPS must be compared with it again, though it shares no words with PORT."""
    port = "the dockers strike at the port continues"
    ships = "every ship waits outside the harbour tonight"
    both = f"{port} and {ships}"
    last = trails.Leaders().join_near([port, both, ships], {q: q for q in (port, both, ships)})
    assert last == {both: port}
    quotes = {q: q for q in (both, ships)}
    known = trails.Known(dict(last), set(), set(), [trails.shingles_of(port)])
    assert trails.Leaders().join_near([both, ships], quotes, known) == {ships: both}
    assert trails.Leaders().join_near([both, ships], quotes) == {ships: both}


def test_a_corpus_without_repeats_has_one_statement_per_claim(corpus):
    ids = corpus.article(
        "2018-10-02-wsws-iran",
        "wsws",
        "2018-10-02",
        Said(STAY),
        Said(SHIFT, "senior-pentagon-officials", "indirect"),
        Said("Syria will never accept foreign troops on its soil.", "walid-al-moallem"),
    )
    db = corpus.build()
    assert add_trails(db) == 3  # and again: add_trails replaces what is there
    assert db["statements"].count == 3
    assert {appearance(db, claim)["match"] for claim in ids} == {"first"}
    assert {statement_of(db, claim)["first_claim_id"] for claim in ids} == set(ids)
    assert list(db.query("select * from repeated_statements")) == []
    assert db.execute("select count(*) from statement_trails").fetchone()[0] == 3


def test_hops_without_via_go_from_the_speaker_to_the_outlet(corpus):
    direct, indirect, cited = corpus.article(
        "2018-10-02-wsws-iran",
        "wsws",
        "2018-10-02",
        Said(STAY),
        Said(SHIFT, "senior-pentagon-officials", "indirect"),
        Said("Syria will never accept foreign troops", "walid-al-moallem", "indirect", verb="is cited as saying"),
    )
    db = corpus.build()
    assert hops(db, direct) == [("speaker", "john-bolton", "quoted", "outlet", "wsws")]
    assert hops(db, indirect) == [("speaker", "senior-pentagon-officials", "reported", "outlet", "wsws")]
    assert hops(db, cited) == [("speaker", "walid-al-moallem", "cited", "outlet", "wsws")]


def test_hops_through_a_via_go_from_the_speaker_to_the_via_to_the_outlet(corpus):
    jeffrey = "the US would maintain its presence in the country until Iran and its militias have left"
    quoted, cited, reported = corpus.article(
        "2018-10-02-wsws-iran",
        "wsws",
        "2018-10-02",
        Said(STAY, via="wall-street-journal", verb="told the Journal"),
        Said(jeffrey, "james-jeffrey", "indirect", "washington-post", "cites ... as stating"),
        Said(SHIFT, "senior-pentagon-officials", "indirect", "wall-street-journal", "quotes ... as saying"),
    )
    db = corpus.build()
    assert hops(db, quoted) == [
        ("speaker", "john-bolton", "said to", "speaker", "wall-street-journal"),
        ("speaker", "wall-street-journal", "quoted", "outlet", "wsws"),
    ]
    assert hops(db, cited) == [
        ("speaker", "james-jeffrey", "said to", "speaker", "washington-post"),
        ("speaker", "washington-post", "cited", "outlet", "wsws"),
    ]
    assert hops(db, reported) == [
        ("speaker", "senior-pentagon-officials", "said to", "speaker", "wall-street-journal"),
        ("speaker", "wall-street-journal", "reported", "outlet", "wsws"),
    ]
    steps = db.execute("select claim_id, group_concat(step) from hops group by claim_id").fetchall()
    assert sorted(steps) == sorted([(quoted, "1,2"), (cited, "1,2"), (reported, "1,2")])


def test_a_via_naming_an_outlet_that_published_the_statement_earlier_is_a_hop_from_that_outlet(corpus):
    [original] = corpus.article(
        "2018-10-01-wsj-forces", "wsj", "2018-10-01", Said(SHIFT, "senior-pentagon-officials", "indirect")
    )
    [repeat] = corpus.article(
        "2018-10-02-wsws-forces",
        "wsws",
        "2018-10-02",
        Said(SHIFT, "senior-pentagon-officials", "indirect", "wall-street-journal", "quotes ... as saying"),
    )
    [unnamed] = corpus.article(
        "2018-10-03-guardian-forces", "guardian", "2018-10-03", Said(SHIFT, "senior-pentagon-officials", "indirect")
    )
    db = corpus.build()
    statement = statement_of(db, repeat)["id"]
    assert {appearance(db, claim)["statement_id"] for claim in (original, repeat, unnamed)} == {statement}
    assert hops(db, original) == [("speaker", "senior-pentagon-officials", "reported", "outlet", "wsj")]
    assert hops(db, repeat) == [
        ("speaker", "senior-pentagon-officials", "said to", "outlet", "wsj"),
        ("outlet", "wsj", "repeated", "outlet", "wsws"),
    ]
    # no via, no hop from an earlier outlet: timing alone proves nothing
    assert hops(db, unnamed) == [("speaker", "senior-pentagon-officials", "reported", "outlet", "guardian")]
    assert {row["statement_id"] for row in db.query("select statement_id from hops")} == {statement}


def test_a_via_naming_an_outlet_that_published_the_statement_only_later_stays_a_speaker(corpus):
    said = Said(SHIFT, "senior-pentagon-officials", "indirect", "wall-street-journal", "quotes ... as saying")
    [cites] = corpus.article("2018-10-01-wsws-forces", "wsws", "2018-10-01", said)
    [later] = corpus.article(
        "2018-10-05-wsj-forces", "wsj", "2018-10-05", Said(SHIFT, "senior-pentagon-officials", "indirect")
    )
    db = corpus.build()
    assert appearance(db, later)["statement_id"] == appearance(db, cites)["statement_id"]
    assert hops(db, cites) == [
        ("speaker", "senior-pentagon-officials", "said to", "speaker", "wall-street-journal"),
        ("speaker", "wall-street-journal", "reported", "outlet", "wsws"),
    ]


def test_a_same_day_article_of_the_named_outlet_counts_as_earlier_whatever_the_tie_break(corpus):
    said = Said(SHIFT, "senior-pentagon-officials", "indirect", "wall-street-journal", "quotes ... as saying")
    [cites] = corpus.article("2018-10-02-a-wsws", "wsws", "2018-10-02", said)
    [source] = corpus.article(
        "2018-10-02-b-wsj", "wsj", "2018-10-02", Said(SHIFT, "senior-pentagon-officials", "indirect")
    )
    db = corpus.build()
    assert (appearance(db, cites)["position"], appearance(db, source)["position"]) == (1, 2)
    assert hops(db, cites)[-1] == ("outlet", "wsj", "repeated", "outlet", "wsws")


def test_an_outlet_telling_its_own_story_repeats_nothing(corpus):
    told = "the forces are being shifted from the Middle East to confront China"
    own = Said(SHIFT, "senior-pentagon-officials", "indirect", "wall-street-journal", "told the Journal")
    report, fragment = corpus.article(
        "2018-10-01-wsj-forces",
        "wsj",
        "2018-10-01",
        own,
        Said(told, "senior-pentagon-officials", "partial", "wall-street-journal"),
    )
    db = corpus.build()
    assert appearance(db, fragment)["statement_id"] == appearance(db, report)["statement_id"]
    for claim, last in ((report, "reported"), (fragment, "quoted")):
        assert hops(db, claim) == [
            ("speaker", "senior-pentagon-officials", "said to", "speaker", "wall-street-journal"),
            ("speaker", "wall-street-journal", last, "outlet", "wsj"),
        ]


def test_every_claim_is_one_appearance_whose_hops_end_at_its_outlet(corpus):
    corpus.article(
        "2018-10-01-wsj-forces", "wsj", "2018-10-01", Said(SHIFT, "senior-pentagon-officials", "indirect"), Said(STAY)
    )
    corpus.article(
        "2018-10-02-wsws-forces",
        "wsws",
        "2018-10-02",
        Said(SHIFT, "senior-pentagon-officials", "indirect", "wall-street-journal", "quotes ... as saying"),
        Said(BOLTON_VOW, kind="indirect", verb="vowed"),
        Said(BOLTON_PARTIAL, kind="partial", verb="vowed"),
    )
    db = corpus.build()
    claims = db.execute("select count(*) from claims").fetchone()[0]
    assert db["appearances"].count == claims == 5
    last_hops = db.execute(
        """select count(*) from claims join hops on hops.claim_id = claims.id
        where hops.step = (select max(step) from hops as h where h.claim_id = claims.id)
        and hops.to_type = 'outlet' and hops.to_id = claims.outlet_id"""
    ).fetchone()[0]
    assert last_hops == claims
    counts = db.execute("select sum(appearance_count), count(*) from statements").fetchone()
    # the forces shifted, in two articles; staying (first published) and the partial quote, which stands in both
    # longer ones and joins the earlier, in two articles; the vow, alone, as it is not near "We will stay ...":
    # matches do not chain. An appearance is an article, here each with one claim of the statement
    assert counts == (claims, 3)
    assert list(db.query("pragma foreign_key_check")) == []


def test_the_views_and_keys_serve_datasette(corpus):
    corpus.article("2018-10-01-wsj-stay", "wsj", "2018-10-01", Said(STAY))
    corpus.article("2018-10-02-wsws-stay", "wsws", "2018-10-02", Said(CHANGED))
    db = corpus.build()
    assert {"statement_trails", "repeated_statements"} <= set(db.view_names())
    trail = list(db.query("select * from statement_trails"))
    assert [(row["position"], row["match"], row["outlet"], row["article"]) for row in trail] == [
        (1, "first", "The Wall Street Journal", "Title of 2018-10-01-wsj-stay"),
        (2, "near", "World Socialist Web Site", "Title of 2018-10-02-wsws-stay"),
    ]
    assert trail[0]["speaker"] == "John Bolton" and trail[0]["statement"] == STAY
    [repeated] = db.query("select * from repeated_statements")
    assert (repeated["speaker"], repeated["first_outlet"], repeated["appearance_count"]) == (
        "John Bolton",
        "The Wall Street Journal",
        2,
    )
    keys = {
        (table, fk.column, fk.other_table) for table in ("statements", "appearances") for fk in db[table].foreign_keys
    }
    assert {
        ("statements", "speaker_id", "speakers"),
        ("statements", "first_outlet_id", "outlets"),
        ("appearances", "statement_id", "statements"),
        ("appearances", "outlet_id", "outlets"),
    } <= keys
    indexed = {
        (table, index.columns[0]) for table in ("statements", "appearances", "hops") for index in db[table].indexes
    }
    assert {
        ("statements", "speaker_id"),
        ("statements", "first_outlet_id"),
        ("appearances", "statement_id"),
        ("appearances", "outlet_id"),
        ("hops", "statement_id"),
    } <= indexed


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("“Enough is enough!”", "enough is ENOUGH", True),
        ("It’s over, isn't it?", "its over isnt it", True),
        ("the talks — in Geneva — failed", "the talks in geneva failed", True),
        ("we will act", "we will not act", False),
    ],
)
def test_quotes_are_compared_without_case_marks_or_spacing(a, b, same):
    assert (normalise(a) == normalise(b)) is same


def test_add_trails_runs_in_the_callers_transaction_when_one_is_open(corpus):
    corpus.article("2018-10-01-wsj-stay", "wsj", "2018-10-01", Said(STAY))
    db = corpus.build()
    cache = db.execute("pragma cache_size").fetchone()
    db.execute("drop view statement_trails")
    db.execute("drop view repeated_statements")
    db.execute("drop table hops")
    db.execute("drop table appearances")
    db.execute("drop table statements")
    db.conn.commit()
    db.execute("begin")
    assert add_trails(db) == 1
    assert db.conn.in_transaction  # left for the caller to commit
    db.conn.rollback()
    assert "statements" not in db.table_names()
    assert db.execute("pragma cache_size").fetchone() == cache


WORDS = ["iran", "troops", "borders", "as", "long", "the", "us", "will", "stay", "outside", "syria", "forces"]


def reference_near(a: str, b: str) -> bool:
    """near() as the module docstring states it, without the shortcuts that spare partial_ratio."""
    short, long = sorted((a, b), key=len)
    contained = len(short.split()) >= 6 and fuzz.partial_ratio(short, long) >= 97
    return fuzz.ratio(a, b) >= 90 or contained


LONG = "the us will stay as long as iran troops are outside iran borders and syria forces will stay as long as iran"


@settings(max_examples=400, deadline=None)
@example(words=LONG.split(" "), cut=(3, 20), typos=[(30, "x"), (70, "x")])  # partial_ratio 97.8, ratio 89.3
@example(words=LONG.split(" "), cut=(4, 12), typos=[(45, "x")])  # partial_ratio 97.9, ratio 59.7
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=30),
    cut=st.tuples(st.integers(0, 30), st.integers(0, 30)),
    typos=st.lists(st.tuples(st.integers(0, 300), st.sampled_from(["", "x", "e"])), max_size=3),
)
def test_the_shortcuts_before_partial_ratio_change_no_answer(words, cut, typos):
    long = " ".join(words)
    short = " ".join(words[min(cut) : max(cut) + 1]) or long
    for at, letter in typos:  # a letter changed, or dropped
        at = min(at, len(short) - 1)
        short = short[:at] + letter + short[at + 1 :]
    a, b = normalise(short), normalise(long)
    assert near(a, b) == near(b, a) == reference_near(a, b)


async def test_a_claims_page_lists_the_first_appearances_and_its_own(corpus):
    claims = [
        corpus.article(f"2018-10-{day:02}-wsws-stay", "wsws", f"2018-10-{day:02}", Said(STAY))[0]
        for day in range(1, 26)
    ]
    db = corpus.build()
    ds = make_datasette(Path(db.conn.execute("pragma database_list").fetchone()[2]))
    html = (await ds.client.get(f"/claims/claims/{claims[-1]}")).text
    assert "The same words elsewhere (25 appearances)" in html
    assert html.count("<li value=") == 21  # the first twenty, then this claim
    assert '<li value="25" class="this-claim">' in html
    assert "Only the first 21 of 25 appearances are listed here, with this claim at position 25" in html


def test_every_trail_facet_and_foreign_key_reads_an_index(corpus):
    corpus.article("2018-10-01-wsj-stay", "wsj", "2018-10-01", Said(STAY))
    db = corpus.build()
    tables = parse_metadata((Path(__file__).parent.parent / "metadata.yml").read_text())["databases"]["claims"][
        "tables"
    ]
    for table in ("statements", "appearances", "hops"):
        for column in tables[table].get("facets", []):
            plan = " ".join(
                row[3]
                for row in db.execute(
                    f"explain query plan select [{column}], count(*) from [{table}] group by [{column}]"
                )
            )
            assert "COVERING INDEX" in plan, (table, column, plan)
    for column in ("first_claim_id", "first_article_id"):
        plan = " ".join(
            row[3] for row in db.execute(f"explain query plan select count(*) from statements where {column} = 'x'")
        )
        assert "INDEX" in plan, (column, plan)


async def test_first_reported_by_on_the_seeds_lists_no_article_repeating_itself(ds):
    path = Path(ds.get_database("claims").path)
    db = sqlite_utils.Database(path)
    # the seeds hold claims with the partial quote inside them, in one statement and one article
    overlapping = db.execute(
        """select count(*) from appearances as a join claims as ca on ca.id = a.claim_id
        join appearances as b on b.statement_id = a.statement_id and b.article_id = a.article_id
          and b.claim_id > a.claim_id
        join claims as cb on cb.id = b.claim_id
        where ca.start < cb.end and cb.start < ca.end"""
    ).fetchone()[0]
    assert overlapping >= 5
    response = await ds.client.get("/claims/first_reported_by.json?outlet=&_shape=objects")
    assert response.status_code == 200, response.text[:300]
    rows = response.json()["rows"]
    assert rows  # a statement the seeds repeat across outlets is still listed
    spans = dict(
        db.execute("select statement_id, count(distinct article_id) from appearances group by statement_id").fetchall()
    )
    assert all(spans[row["statement_id"]] > 1 for row in rows), rows
    assert len(rows) == sum(1 for articles in spans.values() if articles > 1)
