from __future__ import annotations

import csv
import io
import sqlite3

import pytest

from claims.facets import summary_key
from claims.pagination import BEYOND_ALL

from .conftest import make_datasette


async def page_through(ds, url: str) -> list[str]:
    ids: list[str] = []
    while url:
        data = (await ds.client.get(url)).json()
        ids += [row["id"] for row in data["rows"]]
        url = data["next_url"] and data["next_url"].replace("http://localhost", "")
    return ids


@pytest.mark.parametrize(
    "query",
    ["", "_sort_desc=published", "_sort=published", "_sort=said_from", "_sort_desc=said_from", "_sort=kind"],
)
async def test_paging_a_sorted_table_returns_every_row_once(db_path, query):
    ds = make_datasette(db_path)
    await ds.invoke_startup()
    with sqlite3.connect(db_path) as conn:
        everything = {row[0] for row in conn.execute("select id from claims")}
        ties = conn.execute("select count(*) - count(distinct published) from claims").fetchone()[0]
    assert ties > 10  # the seeds have many claims on one day: the case that lost rows
    ids = await page_through(ds, f"/claims/claims.json?_shape=objects&_size=3&{query}")
    assert len(ids) == len(set(ids)) == len(everything)
    assert set(ids) == everything


async def test_a_filtered_sorted_table_pages_through_its_rows(db_path):
    ds = make_datasette(db_path)
    await ds.invoke_startup()
    with sqlite3.connect(db_path) as conn:
        outlet, count = conn.execute(
            "select outlet_id, count(*) from claims group by outlet_id order by count(*) desc"
        ).fetchone()
    ids = await page_through(ds, f"/claims/claims.json?_shape=objects&_size=2&outlet_id={outlet}")
    assert len(set(ids)) == len(ids) == count


async def test_the_first_page_keeps_the_sort_order_and_its_facet_counts(db_path):
    ds = make_datasette(db_path)
    await ds.invoke_startup()
    data = (await ds.client.get("/claims/claims.json?_shape=objects&_size=1000")).json()
    keys = [(row["published"], row["id"]) for row in data["rows"]]
    assert keys == sorted(keys, key=lambda k: (-int(k[0].replace("-", "")), k[1]))
    kinds = {row["value"]: row["count"] for row in data["facet_results"]["kind"]["results"]}
    assert sum(kinds.values()) == len(keys) == data["filtered_table_rows_count"]


async def test_a_streamed_csv_export_has_every_row(db_path):
    ds = make_datasette(db_path)
    await ds.invoke_startup()
    response = await ds.client.get("/claims/claims.csv?_stream=on&_size=4")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    with sqlite3.connect(db_path) as conn:
        assert (
            len(rows) == len({row["id"] for row in rows}) == conn.execute("select count(*) from claims").fetchone()[0]
        )


def test_the_first_pages_clause_still_lets_facets_use_the_summary():
    whole = "(published < :p1 or published is null or (published = :p1 and ((id > :p0))))"
    assert summary_key(f"select * from claims where {whole}", "claims", {"p0": "", "p1": BEYOND_ALL}) == ("", "")
    filtered = f'select * from claims where "kind" = :p0 and {whole.replace(":p1", ":p2").replace(":p0", ":p1")}'
    assert summary_key(filtered, "claims", {"p0": "direct", "p1": "", "p2": BEYOND_ALL}) == ("kind", "direct")
    # a real second page (resuming after a row) is a filter, not the whole table
    assert summary_key(f"select * from claims where {whole}", "claims", {"p0": "c-1", "p1": "2019-01-01"}) is None


async def page_keys(ds, url: str, key: tuple[str, ...]) -> list[tuple]:
    keys: list[tuple] = []
    while url:
        data = (await ds.client.get(url)).json()
        keys += [tuple(row[k] for k in key) for row in data["rows"]]
        url = data["next_url"] and data["next_url"].replace("http://localhost", "")
    return keys


@pytest.mark.parametrize(
    ("table", "key", "sort"),
    [
        ("hops", ("claim_id", "step"), "_sort=hop"),  # a key of text then integer
        ("hops", ("claim_id", "step"), "_sort_desc=from_type"),
        ("facet_counts", ("rowid",), "_sort=facet_column"),  # no declared key: rowid
    ],
)
async def test_tables_keyed_otherwise_page_through_every_row_once(db_path, table, key, sort):
    ds = make_datasette(db_path)
    await ds.invoke_startup()
    with sqlite3.connect(db_path) as conn:
        total = conn.execute(f"select count(*) from [{table}]").fetchone()[0]
    keys = await page_keys(ds, f"/claims/{table}.json?_shape=objects&_size=7&{sort}", key)
    assert len(keys) == len(set(keys)) == total > 7
