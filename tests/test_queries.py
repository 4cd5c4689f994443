"""The canned queries as a reader meets them, through Datasette(...).client: titles in words, SQL only on asking,
names linked to their pages, no raw search rank, an Atom feed of a speaker's claims, and never an error whatever
is typed into their boxes."""

from __future__ import annotations

import re
import shutil
import sqlite3
from datetime import datetime
from xml.etree import ElementTree

import pytest
import yaml
from markupsafe import escape

from claims.web import queries

from .conftest import ROOT, make_datasette

QUERIES: dict[str, dict] = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["claims"]["queries"]

HOSTILE = [
    "",
    '"',
    '""',
    "*",
    "AND",
    "OR NOT",
    "NEAR(",
    "quote:iran",
    "^",
    "-",
    "(",
    "x" * 300,
    "no-such-id",
    "c-000000000000",
    "'; drop table claims; --",
    "a\tb\nc",
    "Raqqa\x00",
    "\x00",
    "<script>alert(1)</script>",
    "%",
]

# Where each linked name must point, from the ids in its row (the JSON keeps both).
EXPECTED_LINKS = {
    "speaker": "/claims/speakers/{speaker_id}",
    "via": "/claims/speakers/{via_id}",
    "outlet": "/claims/outlets/{outlet_id}",
    "first_outlet": "/claims/outlets/{first_outlet_id}",
    "article": "/claims/articles/{article_id}",
    "quote": "/claims/claims/{claim}",
    "claims": "/claims/claims?speaker_id={speaker_id}",
    "direct": "/claims/claims?speaker_id={speaker_id}&kind=direct",
    "second_hand": "/claims/claims?speaker_id={speaker_id}&via_id__notblank=1",
    "repeated_by": "/claims/who_repeated_this?claim={claim_id}",
    "atom_title": "{atom_link}",
}


def parameters(name: str) -> list[str]:
    return sorted({p for p in re.findall(r"(?<!:):(\w+)", QUERIES[name]["sql"]) if not p.startswith("_")})


def most_repeated_claim(db_path) -> str:
    with sqlite3.connect(db_path) as db:
        [(claim,)] = db.execute("select first_claim_id from statements order by appearance_count desc, id limit 1")
    return claim


def sample(name: str, db_path) -> dict[str, str]:
    """Parameters that give each query rows on the seeds."""
    return {
        "speaker_claims": {"speaker": "Bolton"},
        "speaker_feed": {"speaker": "donald-trump"},
        "who_repeated_this": {"claim": most_repeated_claim(db_path)},
        "first_reported_by": {"outlet": ""},
        "claims_about": {"word": "Raqqa"},
    }.get(name, {})


async def get(ds, path: str, params: dict | None = None):
    response = await ds.client.get(path, params=params)
    assert response.status_code == 200, (path, params, response.status_code, response.text[:300])
    return response


def test_every_canned_query_hides_its_sql_and_has_a_title_and_description_in_words():
    assert set(QUERIES) >= {"speaker_claims", "speaker_feed", "claims_about", "who_repeated_this"}
    for name, query in QUERIES.items():
        assert query.get("hide_sql") is True, name
        assert query["title"] and " " in query["title"] and "_" not in query["title"], name
        assert len(query["description"]) > 40, name


@pytest.mark.parametrize("name", QUERIES)
async def test_a_canned_query_answers_an_empty_odd_or_hostile_parameter(ds, name):
    await get(ds, f"/claims/{name}")  # opened bare, as from the database page
    await get(ds, f"/claims/{name}.json")
    for value in HOSTILE:
        params = {parameter: value for parameter in parameters(name)}
        page = await get(ds, f"/claims/{name}", params)
        assert "<script>alert" not in page.text
        data = (await get(ds, f"/claims/{name}.json", {**params, "_shape": "objects"})).json()
        assert data["ok"] is True, (name, value, data.get("error"))
        await get(ds, f"/claims/{name}.csv", params)


async def test_every_canned_query_linked_from_the_database_page_answers(ds):
    page = await get(ds, "/claims")
    links = set(re.findall(r'href="(/claims/(?:' + "|".join(QUERIES) + r')(?:\?[^"]*)?)"', page.text))
    assert {link.split("?")[0] for link in links} >= {f"/claims/{name}" for name in QUERIES}
    for link in links:
        await get(ds, link.replace("&amp;", "&"))


@pytest.mark.parametrize("name", QUERIES)
async def test_the_sql_is_shown_only_on_asking_and_the_page_is_titled_in_words(ds, db_path, name):
    first_line = QUERIES[name]["sql"].splitlines()[0]
    page = (await get(ds, f"/claims/{name}", sample(name, db_path))).text
    assert f"<title>{escape(QUERIES[name]['title'])}</title>" in page
    assert 'id="sql-query"' not in page and str(escape(first_line)) not in page
    assert "_show_sql=1" in page  # a link to see it
    shown = (await get(ds, f"/claims/{name}", {**sample(name, db_path), "_show_sql": "1"})).text
    assert 'id="sql-query"' in shown and str(escape(first_line)) in shown


@pytest.mark.parametrize("name", QUERIES)
async def test_names_link_to_their_pages_and_ids_stay_out_of_the_html(ds, db_path, name):
    params = sample(name, db_path)
    rows = (await get(ds, f"/claims/{name}.json", {**params, "_shape": "objects", "_size": "max"})).json()["rows"]
    assert rows, name
    page = (await get(ds, f"/claims/{name}", params)).text
    headers = re.findall(r'<th class="col-([\w-]+)"', page)
    assert headers and not [h for h in headers if h == "id" or h.endswith("_id") or h == "atom_link"], headers
    assert "rank" not in headers
    linked = 0
    for row in rows:
        ids = {**row, "claim": row.get("claim_id") or row.get("id")}
        for column, href in EXPECTED_LINKS.items():
            if row.get(column) in (None, "", 0) or column not in rows[0]:
                continue
            expected = f'<a href="{escape(href.format(**ids))}">{escape(row[column])}</a>'
            assert expected in page, (name, column, expected)
            linked += 1
    assert linked >= len(rows)


async def test_all_claims_of_a_speaker_by_alias_show_the_speakers_name_and_link_each_claim(ds):
    data = (await get(ds, "/claims/speaker_claims.json", {"speaker": "Tehran", "_shape": "objects"})).json()
    assert {row["speaker"] for row in data["rows"]} == {"Government of Iran"}
    assert {row["speaker_id"] for row in data["rows"]} == {"government-of-iran"}
    page = (await get(ds, "/claims/speaker_claims", {"speaker": "Tehran"})).text
    for row in data["rows"]:
        assert f'href="/claims/claims/{row["id"]}"' in page
    assert "Nothing found for “nobody at all”" in (await get(ds, "/claims/speaker_claims?speaker=nobody+at+all")).text
    assert "Fill in the box above" in (await get(ds, "/claims/speaker_claims")).text


async def test_claims_about_a_word_ranks_without_showing_the_rank(ds, db_path):
    data = (await get(ds, "/claims/claims_about.json", {"word": "Raqqa coalition", "_shape": "objects"})).json()
    with sqlite3.connect(db_path) as db:
        expected = [
            claim
            for (claim,) in db.execute(
                "select claims.id from claims_fts join claims on claims.rowid = claims_fts.rowid"
                ' where claims_fts match \'"Raqqa" "coalition"\' order by claims_fts.rank'
            )
        ]
    assert expected and [row["id"] for row in data["rows"]] == expected
    assert "rank" not in data["rows"][0]
    # search operators are plain words: "AND" is the word "and", not a syntax error
    raqqa = (await get(ds, "/claims/claims_about.json", {"word": "Raqqa", "_shape": "objects"})).json()["rows"]
    raqqa_and = (await get(ds, "/claims/claims_about.json", {"word": "Raqqa AND", "_shape": "objects"})).json()["rows"]
    assert set(expected) <= {row["id"] for row in raqqa}
    assert 0 < len(raqqa_and) <= len(raqqa)
    assert (await get(ds, "/claims/claims_about.json", {"word": "", "_shape": "objects"})).json()["rows"] == []


ATOM = "{http://www.w3.org/2005/Atom}"


def parse_feed(text: str) -> ElementTree.Element:
    feed = ElementTree.fromstring(text.encode())
    assert feed.tag == f"{ATOM}feed"
    for element in [feed, *feed.findall(f"{ATOM}entry")]:
        for required in ("id", "title", "updated"):  # RFC 4287 4.1.1 and 4.1.2
            assert (element.findtext(f"{ATOM}{required}") or "").strip(), required
        assert datetime.fromisoformat(element.findtext(f"{ATOM}updated")).tzinfo is not None
    return feed


async def test_a_speakers_newest_claims_are_an_atom_feed(ds, db_path):
    response = await get(ds, "/claims/speaker_feed.atom", {"speaker": "donald-trump"})
    assert response.headers["content-type"].startswith("application/xml")
    feed = parse_feed(response.text)
    with sqlite3.connect(db_path) as db:
        newest = [
            claim
            for (claim,) in db.execute(
                "select id from claims where speaker_id = 'donald-trump'"
                " order by published desc, article_id, start limit 50"
            )
        ]
    entries = feed.findall(f"{ATOM}entry")
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert links == [f"http://localhost/claims/claims/{claim}" for claim in newest]
    assert all(entry.findtext(f"{ATOM}title").startswith("Donald Trump ") for entry in entries)
    assert all(entry.findtext(f"{ATOM}content") for entry in entries)
    assert feed.findtext(f"{ATOM}title") == QUERIES["speaker_feed"]["title"]
    # by name or alias too, and everyone's newest claims when the box is empty
    by_name = parse_feed((await get(ds, "/claims/speaker_feed.atom", {"speaker": "Donald Trump"})).text)
    assert len(by_name.findall(f"{ATOM}entry")) == len(newest)
    everyone = parse_feed((await get(ds, "/claims/speaker_feed.atom", {"speaker": ""})).text)
    assert len(everyone.findall(f"{ATOM}entry")) == 50
    page = (await get(ds, "/claims/speaker_feed", {"speaker": "donald-trump"})).text
    assert 'href="/claims/speaker_feed.atom?speaker=donald-trump"' in page


async def test_the_feed_and_the_lists_say_when_a_claim_is_unreviewed(db_path, tmp_path):
    draft = tmp_path / "claims.db"
    shutil.copy(db_path, draft)
    with sqlite3.connect(draft) as db:
        speaker, claim = db.execute("select speaker_id, id from claims order by id limit 1").fetchone()
        db.execute("update claims set review = 'unreviewed' where id = ?", [claim])
    ds = make_datasette(draft)
    feed = parse_feed((await get(ds, "/claims/speaker_feed.atom", {"speaker": speaker})).text)
    entries = {entry.find(f"{ATOM}link").get("href").rsplit("/", 1)[1]: entry for entry in feed.findall(f"{ATOM}entry")}
    assert entries[claim].findtext(f"{ATOM}content").startswith("Not yet checked by a person.")
    assert not any(e.findtext(f"{ATOM}content").startswith("Not yet") for c, e in entries.items() if c != claim)
    rows = (await get(ds, "/claims/speaker_claims.json", {"speaker": speaker, "_shape": "objects"})).json()["rows"]
    assert {row["id"]: row["review"] for row in rows}[claim] == "unreviewed"


def hostile_row() -> sqlite3.Row:
    db = sqlite3.connect(":memory:")
    db.row_factory = sqlite3.Row
    return db.execute("""select '<b>x</b>' as speaker, 'a"b <c>' as speaker_id, 'q' as quote, null as id""").fetchone()


async def test_a_linked_name_is_escaped_and_table_pages_are_left_alone(ds):
    row = hostile_row()
    cell = queries.render_cell(row, row["speaker"], "speaker", None, "claims", ds)
    assert str(cell) == '<a href="/claims/speakers/a~22b+~3Cc~3E">&lt;b&gt;x&lt;/b&gt;</a>'
    assert queries.render_cell(row, row["speaker"], "speaker", "claims", "claims", ds) is None
    assert queries.render_cell(row, "q", "quote", None, "claims", ds) is None  # no id beside it: plain text
