"""Facets from the summary table and from one scan must equal Datasette's GROUP BY over the same rows."""

from __future__ import annotations

import sqlite3
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
import yaml
from datasette.utils import MultiParams

from claims.build import summary
from claims.build.building import build
from claims.web import facets
from claims.web.facets import SummaryColumnFacet, summary_key
from claims.web.search_index import INDEXES

from .conftest import SEEDS, make_datasette

METADATA = yaml.safe_load((Path(__file__).resolve().parent.parent / "metadata.yml").read_text())
FACETS = [
    column for facet in METADATA["databases"]["claims"]["tables"]["claims"]["facets"] for column in facet.values()
]


@pytest.fixture(scope="module")
def summarised_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed database with every filter value summarised, however few its rows."""
    path = tmp_path_factory.mktemp("facets") / "claims.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(summary, "MIN_SUMMARISED_ROWS", 1)
        build(SEEDS, path)
    return path


def expected(db: Path, where: str, params: list[Any], column: str) -> dict[Any, int]:
    conn = sqlite3.connect(db)
    sql = f"select [{column}], count(*) from claims {where} and [{column}] is not null group by [{column}]"
    counts = dict(conn.execute(sql, params).fetchall())
    conn.close()
    return counts


def shown(data: dict[str, Any]) -> dict[str, dict[Any, int]]:
    return {
        name: {row["value"]: row["count"] for row in info["results"]} for name, info in data["facet_results"].items()
    }


def forbid(monkeypatch: pytest.MonkeyPatch, method: str) -> None:
    async def refuse(*args: Any) -> None:
        raise AssertionError(f"{method} should not run")

    monkeypatch.setattr(SummaryColumnFacet, method, refuse)


QUERIES = [
    ("", "where 1", []),
    ("speaker_id=john-bolton", "where speaker_id = ?", ["john-bolton"]),
    ("kind=indirect", "where kind = ?", ["indirect"]),
    ("kind=direct&speaker_id=sean-ryan", "where kind = ? and speaker_id = ?", ["direct", "sean-ryan"]),
    (
        "_search=missiles",
        "where rowid in (select rowid from claims_fts where claims_fts match ?)",
        ["missiles"],
    ),
]


@pytest.mark.parametrize(("query", "where", "params"), QUERIES)
async def test_facet_counts_equal_a_group_by_over_the_filtered_rows(summarised_db, query, where, params):
    data = (await make_datasette(summarised_db).client.get(f"/claims/claims.json?_facet_size=max&{query}")).json()
    counts = shown(data)
    assert set(counts) == set(FACETS)
    for column in FACETS:
        assert counts[column] == expected(summarised_db, where, params, column), column


async def test_the_whole_table_and_one_filter_are_read_from_the_summary(summarised_db, monkeypatch):
    forbid(monkeypatch, "_scanned")
    ds = make_datasette(summarised_db)
    for query in ("", "?speaker_id=john-bolton", "?outlet_id=wsws"):
        data = (await ds.client.get(f"/claims/claims.json{query}")).json()
        assert set(data["facet_results"]) == set(FACETS)


async def test_two_filters_scan_once_and_a_search_reads_the_index(summarised_db, monkeypatch):
    scans = []
    scan = SummaryColumnFacet._scanned

    async def counted(self: SummaryColumnFacet, columns: list[str]) -> Any:
        scans.append(columns)
        return await scan(self, columns)

    monkeypatch.setattr(SummaryColumnFacet, "_scanned", counted)
    forbid(monkeypatch, "_result_of_group_by")
    INDEXES.wait(summarised_db, "claims", FACETS)  # made in the background when a server starts
    ds = make_datasette(summarised_db)
    for query in ("?kind=direct&speaker_id=sean-ryan", "?_search=missiles", "?_search=missiles&kind=direct"):
        data = (await ds.client.get(f"/claims/claims.json{query}")).json()
        assert set(data["facet_results"]) == set(FACETS)
    assert scans == [FACETS]  # the searches were counted from the in-memory index (claims/web/search_index.py)


async def test_facet_links_and_labels_are_datasettes(summarised_db):
    data = (await make_datasette(summarised_db).client.get("/claims/claims.json?speaker_id=john-bolton")).json()
    speaker = data["facet_results"]["speaker_id"]["results"]
    assert [(row["label"], row["selected"]) for row in speaker] == [("John Bolton", True)]
    assert "speaker_id=john-bolton" not in speaker[0]["toggle_url"]  # clicking it again removes the filter
    kinds = data["facet_results"]["kind"]["results"]
    assert all("speaker_id=john-bolton" in row["toggle_url"] and "kind=" in row["toggle_url"] for row in kinds)


async def test_a_large_filtered_set_falls_back_to_one_group_by_per_facet(summarised_db, monkeypatch):
    monkeypatch.setattr(facets, "MAX_SCANNED_ROWS", 1)
    query, where, params = QUERIES[3]
    data = (await make_datasette(summarised_db).client.get(f"/claims/claims.json?_facet_size=max&{query}")).json()
    assert shown(data)["kind"] == expected(summarised_db, where, params, "kind")


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("", ("", "")),
        ("_size=20&_next=abc&_facet=kind&_sort_desc=sort_key", ("", "")),  # how rows are shown, not which
        ("speaker_id=x", ("speaker_id", "x")),
        ("kind__exact=direct&_labels=on", ("kind", "direct")),
        ("quote=x", None),  # not summarised
        ("speaker_id__gt=x", None),
        ("kind=a&speaker_id=b", None),
        ("speaker_id=a&speaker_id=b", None),
        ("_search=missiles", None),
        ("_where=1", None),
    ],
)
def test_summary_key_recognises_only_the_whole_table_and_one_equality(query, key):
    args = MultiParams(urllib.parse.parse_qs(query, keep_blank_values=True))
    assert summary_key(args, "claims") == key
    assert summary_key(MultiParams({}), "articles") == ("", "")
