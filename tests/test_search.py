"""A search of the claims table, answered by the plugin (claims/web/search_page.py) with the in-memory index of the
facet columns (claims/web/search_index.py): the same pages as Datasette's own table view, counts equal to plain
GROUP BYs over the matched rows, the same rows in the same order; and the best matches first, paged, through the
ranked query.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from datasette.app import Datasette

from claims.web import search, search_page
from claims.web.facets import SummaryColumnFacet, _top
from claims.web.queries import RANKED_PAGE
from claims.web.search_index import INDEXES, FacetIndex, IndexedColumn, Indexes

from .conftest import make_datasette

# (query string, WHERE over the matched rows with its parameters): searches alone and with filters of each kind
MATCHES = "rowid in (select rowid from claims_fts where claims_fts match ?)"
SEARCHES = [
    ("_search=the", f"where {MATCHES}", ['"the"']),  # most claims: the page walks the sort key's index
    ("_search=missiles", f"where {MATCHES}", ['"missiles"']),  # a few: sorted as Datasette sorts them
    ("_search=Iran+said", f"where {MATCHES}", ['"Iran" "said"']),
    ("_search=the&kind=direct", f"where {MATCHES} and kind = ?", ['"the"', "direct"]),
    (
        "_search=the&kind__exact=indirect&speaker_id=donald-trump",
        f"where {MATCHES} and kind = ? and speaker_id = ?",
        ['"the"', "indirect", "donald-trump"],
    ),
    ("_search=the&speaker_id__not=donald-trump", f"where {MATCHES} and speaker_id != ?", ['"the"', "donald-trump"]),
    ("_search=the&published__gte=2020-01-01", f"where {MATCHES} and published >= ?", ['"the"', "2020-01-01"]),
    ("_search=zzzz", f"where {MATCHES}", ['"zzzz"']),
]
FACETS = search.indexed_columns("claims")  # the claims table's nine facets


@pytest.fixture(scope="module")
def indexed(db_path: Path) -> Path:
    """The seed database with its index made (a server makes it while it starts)."""
    assert INDEXES.wait(db_path, "claims", search.indexed_columns("claims")) is not None
    return db_path


class Answers:
    """Whether the plugin answered each request itself, and a switch to leave every request to Datasette."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.answered: list[bool] = []
        answer, route = search_page.answer, search_page.route
        self.datasettes_only = False

        async def counted(*args: Any) -> Any:
            response = await answer(*args)
            self.answered.append(response is not None)
            return response

        monkeypatch.setattr(search_page, "answer", counted)
        monkeypatch.setattr(search_page, "route", lambda *args: None if self.datasettes_only else route(*args))

    async def both(self, ds: Datasette, url: str) -> tuple[Any, Any]:
        """The page as the plugin answers it, then as Datasette's own table view answers it."""
        self.answered.clear()
        self.datasettes_only = False
        fast = await ds.client.get(url)
        self.datasettes_only = True
        slow = await ds.client.get(url)
        self.datasettes_only = False
        return fast, slow


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    return Answers(monkeypatch)


def timeless(text: str) -> str:
    text = re.sub(r'"query_ms": [0-9.e+-]+', '"query_ms": 0', text)
    return re.sub(r"Queries took [0-9.]+ms", "Queries took 0ms", text)


def assert_same(fast: Any, slow: Any) -> None:
    assert fast.status_code == slow.status_code
    assert timeless(fast.text) == timeless(slow.text)
    headers = {key: value for key, value in fast.headers.items() if key != "content-length"}
    assert headers == {key: value for key, value in slow.headers.items() if key != "content-length"}


PAGES = [
    *(f"/claims/claims?{query}" for query, _, _ in SEARCHES),
    *(f"/claims/claims.json?{query}" for query, _, _ in SEARCHES),
    "/claims/claims?_search=the&_sort=said_key&_size=7",
    "/claims/claims?_search=the&_sort_desc=said_key&_view=table",
    "/claims/claims?_search=the&_sort=id&_facet_size=max",
    "/claims/claims.json?_search=the&_labels=on&_size=3",
    "/claims/claims.json?_search=the&_shape=objects&_col=quote&_nocount=1",
    "/claims/claims.json?_search=the&_shape=array&_nl=on",
    "/claims/claims.json?_search=the&_shape=object&_nocol=context",
    "/claims/claims?_search=the&_searchmode=raw&_size=0",
    "/claims/claims?_search=%22Iran+said%22&_size=max",
    "/claims/claims?_search=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "/claims/claims?_search=caf%C3%A9+%26+co&review=reviewed",
]


@pytest.mark.parametrize("url", PAGES)
async def test_a_search_page_is_datasettes_own_page(indexed, answers, url):
    fast, slow = await answers.both(make_datasette(indexed), url)
    assert answers.answered == [True]
    assert_same(fast, slow)


@pytest.mark.parametrize(
    "url",
    [
        "/claims/claims?_search=the&_facet=verb",  # Datasette's own facets
        "/claims/claims?_search=the&_where=1",  # refused by Datasette
        "/claims/claims?_search=the&_size=5000",
        "/claims/claims?_search=",
        "/claims/claims?_search=the&_col=quote",  # Datasette fails on this one: so does the page
        "/claims/claims?_search=the&_sort_by_desc=on&_sort=said_key",
        "/claims/speakers?_search=trump",
        "/claims/claims.csv?_search=the",
    ],
)
async def test_anything_else_is_left_to_datasette(indexed, answers, url):
    fast, slow = await answers.both(make_datasette(indexed), url)
    assert answers.answered in ([], [False])
    assert_same(fast, slow)


def counts(data: dict[str, Any]) -> dict[str, list[tuple[Any, int]]]:
    """Each facet's values and counts (its links name the page they are on)."""
    return {name: [(r["value"], r["count"]) for r in facet["results"]] for name, facet in data["facet_results"].items()}


@pytest.mark.parametrize(
    "query",
    [
        "_search=the&_size=7",
        "_search=the&_sort=said_key&_size=9",
        "_search=said&_size=5",
        "_search=the&published__gte=2019-01-01&_size=6",
    ],
)
async def test_paging_a_search_gives_datasettes_pages_with_every_pages_facets_counting_the_whole_view(
    indexed, answers, query
):
    """Datasette 0.65 counts a later page's facets over the rows after the cursor only, so that they add up to
    fewer claims than its heading says; ours count every match on every page, as on the first (its own pages too,
    through our facet class and the in-memory index)."""
    ds = make_datasette(indexed)
    url: str | None = f"/claims/claims.json?{query}"
    seen: list[str] = []
    first: dict[str, Any] | None = None
    while url:
        fast, slow = await answers.both(ds, url)
        assert answers.answered == [True]
        data = fast.json()
        if first is None:
            assert_same(fast, slow)
            first = counts(data)
        else:
            assert counts(data) == first
            assert sum(count for _, count in counts(data)["kind"]) == data["filtered_table_rows_count"]
            theirs = slow.json()
            for answer in (data, theirs):
                answer.pop("facet_results"), answer.pop("query_ms")
            assert data == theirs
        seen += [row[0] for row in data["rows"]]
        url = data["next_url"] and data["next_url"].removeprefix("http://localhost")
    assert len(seen) == len(set(seen)) == data["filtered_table_rows_count"]


def plain(db: Path, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.mark.parametrize(("query", "where", "params"), SEARCHES)
async def test_counts_and_rows_equal_plain_sql_over_the_matched_rows(indexed, monkeypatch, query, where, params):
    equalities_only = "__not" not in query and "__gte" not in query
    if equalities_only:  # read from the index, never from the rows
        monkeypatch.setattr(SummaryColumnFacet, "_scanned", _refuse)
    data = (await make_datasette(indexed).client.get(f"/claims/claims.json?_facet_size=max&_size=max&{query}")).json()
    ordered = plain(indexed, f"select id from claims {where} order by sort_key desc", params)
    assert [row[0] for row in data["rows"]] == [claim for (claim,) in ordered]
    assert data["filtered_table_rows_count"] == len(ordered)
    for column in FACETS:
        sql = f"select [{column}], count(*) from claims {where} and [{column}] is not null group by [{column}]"
        shown = {row["value"]: row["count"] for row in data["facet_results"][column]["results"]}
        assert shown == dict(plain(indexed, sql, params)), column


async def _refuse(*args: Any) -> None:
    raise AssertionError("a search with equalities only is counted from the index")


async def test_without_the_index_a_search_counts_the_same(indexed, monkeypatch):
    url = "/claims/claims.json?_facet_size=max&_search=the&kind=direct"
    with_index = (await make_datasette(indexed).client.get(url)).json()
    monkeypatch.setattr(INDEXES, "get", lambda *args: None)  # as while a server is still making it
    without = (await make_datasette(indexed).client.get(url)).json()
    for key in ("rows", "filtered_table_rows_count", "facet_results", "next_url"):
        assert with_index[key] == without[key], key


async def test_a_common_word_walks_the_sort_key_index_and_a_rare_one_is_sorted(indexed, monkeypatch):
    plans: list[str] = []
    walked = search_page.walked

    def spied(*args: Any) -> str:
        plans.append(walked(*args))
        return plans[-1]

    monkeypatch.setattr(search_page, "walked", spied)
    ds = make_datasette(indexed)
    for word in ("the", "missiles"):
        assert (await ds.client.get(f"/claims/claims.json?_search={word}")).status_code == 200
    assert ["+rowid in" in sql for sql in plans] == [True, False]


def test_an_index_is_kept_only_for_the_file_it_was_made_from(indexed, tmp_path):
    copy = Path(shutil.copy(indexed, tmp_path / "claims.db"))
    indexes = Indexes()
    columns = search.indexed_columns("claims")
    made = indexes.wait(copy, "claims", columns)
    assert made is not None and indexes.get(copy, "claims", columns) is made
    conn = sqlite3.connect(copy)  # another build in its place
    with conn:
        conn.execute("delete from claims where kind = 'direct'")
    conn.close()
    assert indexes.get(copy, "claims", columns) is None  # not the file it was made from: counted from the rows
    remade = indexes.wait(copy, "claims", columns)
    assert remade is not None and "direct" not in remade.columns["kind"].values


async def test_the_best_matches_come_first_a_hundred_a_page_each_match_once(indexed):
    ds = make_datasette(indexed)
    page = (await ds.client.get("/claims/claims?_search=the&kind=direct")).text
    assert 'href="/claims/claims_about?word=the"' in page and "the filters above do not apply" in page
    ranked = plain(
        indexed,
        "select claims.id from claims_fts join claims on claims.rowid = claims_fts.rowid"
        " where claims_fts match '\"the\"' order by claims_fts.rank, claims.sort_key desc",
        [],
    )
    assert len(ranked) > RANKED_PAGE  # more than one page
    shown: list[str] = []
    url: str | None = "/claims/claims_about?word=the"
    while url:
        html = (await ds.client.get(url)).text
        data = (await ds.client.get(url.replace("claims_about?", "claims_about.json?") + "&_shape=objects")).json()
        assert 0 < len(data["rows"]) <= RANKED_PAGE
        assert {row["matches"] for row in data["rows"]} == {len(ranked)}
        shown += [row["id"] for row in data["rows"]]
        found = re.search(r'class="more-matches" href="([^"]+)"', html)
        url = found and found[1].replace("&amp;", "&")
    assert shown == [claim for (claim,) in ranked]
    assert "Better matches" in html and f"of {len(ranked)}" in html
    sql = yaml.safe_load((Path(__file__).parent.parent / "metadata.yml").read_text())["databases"]["claims"]
    assert f"limit {RANKED_PAGE} offset {RANKED_PAGE} *" in sql["queries"]["claims_about"]["sql"]  # the pages


def test_the_index_orders_facet_values_as_the_scan_does():
    """The most frequent values first, ties by value, NULL left out, cut at the limit: as facets.py's `_top`."""
    rng = np.random.default_rng(1)
    values = [None, "a", "b", "c", "d", "e"]
    drawn = rng.integers(0, len(values), size=500)
    codes = np.zeros(501, dtype=np.uint8)
    codes[1:] = drawn + 1
    index = FacetIndex({"x": IndexedColumn.of(values, codes)}, 500)
    rowids = np.arange(1, 501)[rng.random(500) < 0.3]
    counted = Counter(values[drawn[rowid - 1]] for rowid in rowids)
    for limit in (1, 2, 3, 10):
        assert index.top(rowids, "x", limit) == _top(counted, limit)
    tied = np.array([1, 2, 3, 4])  # four rows, four values: every count ties
    codes[1:5] = [2, 3, 4, 5]
    assert index.top(tied, "x", 2) == [("a", 1), ("b", 1)]


async def test_claims_about_a_word_says_each_claims_kind_in_words(ds):
    page = (await ds.client.get("/claims/claims_about?word=the")).text
    cells = re.findall(r'<td class="col-kind[^"]*">(.*?)</td>', page, re.S)
    assert cells and {cell.strip() for cell in cells} <= {"Direct quote", "Partial quote", "Reported speech"}
    data = (await ds.client.get("/claims/claims_about.json?word=the&_shape=objects")).json()
    assert {row["kind"] for row in data["rows"]} <= {"direct", "partial", "indirect"}  # the data keeps its values
