"""The reader's pages: a speaker's page lists their claims, an article shows every claim marked in its text, and an
unreviewed claim says so wherever it appears."""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
from pathlib import Path

import pytest
import sqlite_utils

from claims.build import summary
from claims.build.building import build
from claims.build.rows import ROW_MODELS
from claims.build.tablespec import table_of
from claims.web import pages

from .conftest import make_datasette

SEED = "2018-10-02-wsws-iran-missiles-syria"
UNREVIEWED_FILE = "articles/2019-01-07-wikinews-trump-state-of-emergency-border-wall.claims.yml"
UNREVIEWED_CLAIM = "c-6e514699ff8a"


def claim_links(page: str) -> list[str]:
    return re.findall(r'<blockquote class="claim-words[^"]*"><a href="/claims/claims/([^"]+)"', page)


@pytest.fixture(scope="module")
def drafted_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds with one extracted claim not yet reviewed, its speaker matched by surname alone."""
    seeds = tmp_path_factory.mktemp("seeds") / "seeds"
    shutil.copytree(Path(__file__).resolve().parent.parent / "seeds", seeds)
    path = seeds / UNREVIEWED_FILE
    text = path.read_text(encoding="utf-8")
    reviewed = "  confidence: 0.8\n  review: reviewed\n"
    assert text.count(reviewed) >= 1
    path.write_text(text.replace(reviewed, "  confidence: 0.42\n  review: unreviewed\n  speaker_match: surname\n", 1))
    db = tmp_path_factory.mktemp("drafted") / "claims.db"
    build(seeds, db)
    return db


async def test_a_speakers_page_lists_their_claims_newest_first(db_path):
    page = (await make_datasette(db_path).client.get("/claims/speakers/donald-trump")).text
    assert "<h1>Donald Trump</h1>" in page
    assert "Also called: Trump, President Trump" in page  # aliases as words, not a JSON array
    db = sqlite_utils.Database(db_path)
    expected = [
        row["id"]
        for row in db.query(
            "select id from claims where speaker_id = 'donald-trump' order by published desc, article_id, start"
        )
    ]
    assert claim_links(page) == expected[: pages.SPEAKER_PAGE_SIZE]
    kinds = dict(db.execute("select kind, count(*) from claims where speaker_id = 'donald-trump' group by kind"))
    assert f"{len(expected)} claims</strong>: " in page
    assert f"{kinds['indirect']} reported speech" in page


async def test_a_speakers_claims_are_paged(db_path, monkeypatch):
    monkeypatch.setattr(pages, "SPEAKER_PAGE_SIZE", 5)
    ds = make_datasette(db_path)
    seen = []
    for number in range(1, 5):
        page = (await ds.client.get(f"/claims/speakers/donald-trump?page={number}")).text
        assert f"Page {number} of 4." in page
        seen += claim_links(page)
    total = sqlite_utils.Database(db_path).execute("select count(*) from claims where speaker_id = 'donald-trump'")
    assert len(seen) == len(set(seen)) == total.fetchone()[0]
    assert "Page 1 of 4." in (await ds.client.get("/claims/speakers/donald-trump?page=nonsense")).text


async def test_a_speakers_page_lists_the_claims_they_passed_on(db_path):
    db = sqlite_utils.Database(db_path)
    via = next(db.query("select via_id, count(*) as n from claims where via_id is not null group by via_id limit 1"))
    page = (await make_datasette(db_path).client.get(f"/claims/speakers/{via['via_id']}")).text
    assert f"Claims they passed on ({via['n']})" in page
    passed_on = page.split('id="passed-on"')[1]
    assert len(claim_links(passed_on)) == min(via["n"], pages.PASSED_ON_SHOWN)


async def test_a_speakers_csv_link_exports_exactly_their_claims(db_path):
    ds = make_datasette(db_path)
    page = (await ds.client.get("/claims/speakers/john-bolton")).text
    link = html.unescape(re.search(r'class="export-csv" href="([^"]+)"', page)[1])
    rows = list(csv.DictReader(io.StringIO((await ds.client.get(link)).text)))
    expected = sqlite_utils.Database(db_path).execute("select id from claims where speaker_id = 'john-bolton'")
    assert sorted(row["id"] for row in rows) == sorted(row[0] for row in expected.fetchall())


async def test_an_article_page_marks_every_claim_in_its_text(db_path):
    page = (await make_datasette(db_path).client.get(f"/claims/articles/{SEED}")).text
    db = sqlite_utils.Database(db_path)
    claims = list(db.query("select id, kind, quote from claims where article_id = ?", [SEED]))
    marks = re.findall(
        r'<mark class="claim kind-(\w+)[^"]*"><a href="/claims/claims/([^"]+)"[^>]*>(.*?)</a>', page, re.S
    )
    linked = {claim_id for _, claim_id, _ in marks}
    assert linked == {claim["id"] for claim in claims}  # every claim has a mark, innermost first
    by_id = {claim["id"]: claim for claim in claims}
    for kind, claim_id, words in marks:
        assert kind == by_id[claim_id]["kind"]
        assert html.unescape(words) in by_id[claim_id]["quote"]
    assert claim_links(page.split('id="claims"')[1]) == [
        row["id"] for row in db.query("select id from claims where article_id = ? order by start, end desc", [SEED])
    ]


def test_marks_nest_without_crossing():
    claims = [
        {
            "id": "outer",
            "kind": "indirect",
            "start": 0,
            "end": 10,
            "speaker_name": "A",
            "kind_words": "x",
            "trust": pages.Trust(True, False, None, ""),
        },
        {
            "id": "inner",
            "kind": "partial",
            "start": 3,
            "end": 6,
            "speaker_name": "A",
            "kind_words": "x",
            "trust": pages.Trust(False, True, 0.5, ""),
        },
    ]
    marked = str(pages.marked_text("0123456789 tail <b>", claims, lambda claim: f"/c/{claim}"))
    assert marked == (
        '<mark class="claim kind-indirect"><a href="/c/outer" title="x by A">012</a></mark>'
        '<mark class="claim kind-partial nested unreviewed"><a href="/c/inner" title="x by A">345</a></mark>'
        '<mark class="claim kind-indirect"><a href="/c/outer" title="x by A">6789</a></mark> tail &lt;b&gt;'
    )


@pytest.mark.parametrize(
    "url",
    [
        f"/claims/claims/{UNREVIEWED_CLAIM}",
        "/claims/speakers/donald-trump",
        "/claims/articles/2019-01-07-wikinews-trump-state-of-emergency-border-wall",
        "/claims/claims?speaker_id=donald-trump",
    ],
)
async def test_an_unreviewed_claim_says_so_on_every_page_it_appears_on(drafted_db, url):
    page = (await make_datasette(drafted_db).client.get(url)).text
    assert "⚠ Unreviewed" in page
    if "?" not in url:
        assert "not yet checked by a person" in page
        assert "0.42" in page  # its confidence
        assert "matched by surname alone" in page


async def test_a_reader_hides_unreviewed_claims_with_one_click(drafted_db):
    ds = make_datasette(drafted_db)
    page = (await ds.client.get("/claims/claims?speaker_id=donald-trump")).text
    link = html.unescape(re.search(r'class="hide-unreviewed" href="([^"]+)"', page)[1])
    assert link == "/claims/claims?speaker_id=donald-trump&review=reviewed"
    hidden = (await ds.client.get(link.replace("/claims/claims?", "/claims/claims.json?_shape=objects&"))).json()
    assert hidden["rows"] and UNREVIEWED_CLAIM not in {row["id"] for row in hidden["rows"]}
    assert "Show unreviewed claims too" in (await ds.client.get(link)).text


async def test_footers_say_what_the_data_is(db_path):
    page = (await make_datasette(db_path).client.get("/claims/claims")).text
    assert "Reviewed claims files" not in page
    assert "drafts from the extractor, marked Unreviewed until checked" in page


async def test_a_reader_follows_a_speaker_in_a_feed(db_path):
    ds = make_datasette(db_path)
    page = (await ds.client.get("/claims/speakers/john-bolton")).text
    link = html.unescape(re.search(r'class="atom-feed" href="([^"]+)"', page)[1])
    feed = await ds.client.get(link)
    assert feed.status_code == 200
    assert "<feed" in feed.text
    expected = sqlite_utils.Database(db_path).execute("select id from claims where speaker_id = 'john-bolton'")
    assert sorted(re.findall(r"/claims/claims/(c-[0-9a-f]+)</id>", feed.text)) == sorted(
        row[0] for row in expected.fetchall()
    )


async def test_a_speaker_with_no_claims_of_their_own_shows_what_they_passed_on(db_path):
    page = (await make_datasette(db_path).client.get("/claims/speakers/daily-telegraph")).text
    assert "<strong>0 claims</strong>" in page
    assert 'class="atom-feed"' not in page  # a feed of nothing is no feed
    assert "Claims they passed on (" in page


async def test_every_export_link_exports_the_whole_view_or_says_it_is_one_page(db_path):
    ds = make_datasette(db_path)
    page = (await ds.client.get("/claims/claims?kind=indirect&_size=5")).text
    line = re.search(r"This data as (.*?)</p>", page, re.S)[1]
    links = dict((name, html.unescape(url)) for url, name in re.findall(r'<a href="([^"]+)">([^<]+)</a>', line))
    assert "json (this page)" in links and "json" not in links
    total = sqlite_utils.Database(db_path).execute("select count(*) from claims where kind = 'indirect'").fetchone()[0]
    assert total > 5
    jsonl = (await ds.client.get(links["jsonl"])).text.splitlines()
    assert len(jsonl) == total
    rows = list(csv.DictReader(io.StringIO((await ds.client.get(links["CSV"])).text)))
    assert len(rows) == total


async def test_a_big_speakers_counts_come_from_the_summary_and_match_their_claims(db_path, tmp_path, monkeypatch):
    monkeypatch.setattr(summary, "MIN_SUMMARISED_ROWS", 1)  # every speaker summarised, as big ones are
    summarised = tmp_path / "claims.db"
    build(Path(__file__).resolve().parent.parent / "seeds", summarised)
    assert (
        sqlite_utils.Database(summarised)
        .execute(
            "select count(*) from facet_counts where filter_column = 'speaker_id' and filter_value = 'donald-trump'"
        )
        .fetchone()[0]
    )

    def counts(page: str) -> list[str]:
        return re.findall(r'<(?:p class="speaker-total"|section class="by-[a-z]+")>.*?</(?:p|section)>', page, re.S)

    plain = (await make_datasette(db_path).client.get("/claims/speakers/donald-trump")).text
    from_summary = (await make_datasette(summarised).client.get("/claims/speakers/donald-trump")).text
    assert counts(plain) == counts(from_summary)
    assert len(counts(plain)) == 3


async def test_a_speakers_counts_read_as_words(db_path):
    page = (await make_datasette(db_path).client.get("/claims/speakers/john-bolton")).text
    assert "<strong>3 claims</strong>: 1 direct quote, 1 partial quote, 1 reported speech." in page


def heading(page: str) -> str:
    found = re.search(r"<h3>(.*?)</h3>", page, re.S)
    assert found is not None
    return html.unescape(" ".join(found.group(1).split()))


@pytest.mark.parametrize(
    ("path", "order"),
    [
        ("/claims/claims", "newest article first"),
        ("/claims/claims?_sort=said_key", "by the day said, earliest first"),
        ("/claims/claims?kind=partial&_sort_desc=said_key", "by the day said, latest first"),
        ("/claims/speakers?_sort_desc=sort_key", "most claims first"),
        ("/claims/statements", "most appearances first"),
    ],
)
async def test_a_pages_heading_names_its_order_in_words_not_by_its_column(db_path, path, order):
    response = await make_datasette(db_path).client.get(path)
    assert response.status_code == 200
    assert heading(response.text).endswith(f" {order}") and "sort_key" not in heading(response.text)
    assert "said_key" not in heading(response.text)


def test_every_order_a_reader_may_choose_has_words():
    for model in ROW_MODELS:
        table = table_of(model)
        assert {column for column, *_ in table.order_words} == set(table.sortable), table.name


def test_an_order_without_words_stays_as_datasette_says_it():
    labels = {"sort_key": {"descending": "newest first", "ascending": "oldest first"}}
    assert pages.order_in_words('where kind = "partial" sorted by sort_key descending', labels) == (
        'where kind = "partial", newest first'
    )
    assert pages.order_in_words("sorted by title", labels) == "sorted by title"
    assert pages.order_in_words('where quote = "sorted by sort_key"', labels) == 'where quote = "sorted by sort_key"'
