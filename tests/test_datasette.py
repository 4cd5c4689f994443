"""The published app, driven through datasette.app.Datasette(...).client, as a reader uses it."""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import sqlite3
from collections import Counter

import pytest

from claims.build.rows import ClaimRow
from claims.build.tablespec import faceted
from claims.corpus.validation import Corpus
from claims.corpus.walk import load_corpus

from .conftest import SEEDS

SEED = "2018-10-02-wsws-iran-missiles-syria"


@functools.cache
def corpus() -> Corpus:
    """The seeds as read from their files, to count what the app should show."""
    corpus, problems = load_corpus(SEEDS)
    assert problems == []
    return corpus


def seed_claims() -> list:
    return [claim for article in corpus().articles for claim in article.claims]


async def get_json(ds, path: str) -> dict:
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


async def test_the_claims_table_has_its_default_facets(ds):
    data = await get_json(ds, "/claims/claims.json?_shape=objects")
    assert set(data["facet_results"]) == {spec.name for spec in faceted(ClaimRow)}  # the spec's (claims/build/rows.py)
    # the default facet shows the top 30 values; all of them on asking
    everyone = await get_json(ds, "/claims/claims.json?_shape=objects&_facet_size=max")
    speakers = {row["value"]: row["count"] for row in everyone["facet_results"]["speaker_id"]["results"]}
    assert speakers == Counter(claim.speaker for claim in seed_claims())
    assert (
        speakers["walid-al-moallem"] == 6
    )  # the seed article's Syrian foreign minister, one attributed fragment among them
    labels = {row["label"] for row in everyone["facet_results"]["speaker_id"]["results"]}
    assert "Walid al-Moallem" in labels  # foreign keys show names, not ids
    kinds = {row["value"]: row["count"] for row in data["facet_results"]["kind"]["results"]}
    assert kinds == Counter(claim.kind for claim in seed_claims())


async def test_clicking_a_speaker_filters_to_their_claims(ds):
    data = await get_json(ds, "/claims/claims.json?_shape=objects&speaker_id=john-bolton")
    assert data["filtered_table_rows_count"] == 3
    assert {row["speaker_id"] for row in data["rows"]} == {"john-bolton"}
    narrowed = await get_json(ds, "/claims/claims.json?_shape=objects&speaker_id=john-bolton&kind=direct")
    assert [row["verb"] for row in narrowed["rows"]] == ["warned"]


async def test_the_html_table_page_shows_names_and_facets(ds):
    response = await ds.client.get("/claims/claims")
    assert response.status_code == 200
    html = response.text
    assert f"{len(seed_claims())} rows" in html
    ((top, _),) = Counter(claim.speaker for claim in seed_claims()).most_common(1)
    assert corpus().speakers[top].name in html  # the most quoted speaker heads the facet, by name
    assert f"claims?speaker_id={top}" in html  # a facet link
    assert "These facets timed out" not in html
    assert 'name="_search"' in html  # the search box


async def test_a_speakers_page_shows_their_role_and_links_to_all_their_claims(ds):
    response = await ds.client.get("/claims/speakers/john-bolton")
    assert response.status_code == 200
    assert "US National Security Adviser" in response.text
    assert "/claims/claims?speaker_id=john-bolton" in response.text
    claims = await get_json(ds, "/claims/speaker_claims.json?_shape=objects&speaker=Bolton")
    assert sorted(row["id"] for row in claims["rows"]) == sorted(
        claim.id for claim in seed_claims() if claim.speaker == "john-bolton"
    )
    assert len(claims["rows"]) == 3
    # "Tehran" is the Government of Iran: all its claims, whatever the words the articles use for it
    by_alias = await get_json(ds, "/claims/speaker_claims.json?_shape=objects&speaker=Tehran")
    assert sorted(row["id"] for row in by_alias["rows"]) == sorted(
        claim.id for claim in seed_claims() if claim.speaker == "government-of-iran"
    )
    assert "Tehran" in {row["speaker_label"] for row in by_alias["rows"]}


async def test_a_claim_links_to_its_article_and_the_article_page_shows_the_text(ds):
    claim = (await get_json(ds, "/claims/claims.json?_shape=objects&speaker_id=government-of-russia"))["rows"][0]
    assert claim["article_id"] == SEED
    row_page = await ds.client.get(f"/claims/claims/{claim['id']}")
    assert f'href="/claims/articles/{SEED}"' in row_page.text
    # the claim's page shows its source sentence with the quote marked
    assert "Moscow has responded by offering <mark>to deploy Russian S-300 air defense systems to Syria</mark>," in (
        row_page.text
    )
    article = await ds.client.get(f"/claims/articles/{SEED}")
    assert "Moscow has responded by offering to deploy Russian S-300" in article.text


async def test_search_finds_claims_and_keeps_the_facets(ds, db_path):
    data = await get_json(ds, "/claims/claims.json?_shape=objects&_search=coalition")
    assert data["filtered_table_rows_count"] >= 3
    assert all("oalition" in row["quote"] + row["context"] for row in data["rows"])
    page = await ds.client.get("/claims/claims?_search=coalition")
    assert "These facets timed out" not in page.text
    assert 'class="facet-info' in page.text
    ranked = await get_json(ds, "/claims/claims_about.json?_shape=objects&word=Raqqa")
    # every claim whose words or sentence name Raqqa (plain LIKE on the built file), best first
    with sqlite3.connect(db_path) as db:
        where = " or ".join(f"{column} like '%raqqa%'" for column in ("quote", "speaker_label", "context"))
        expected = sorted(row[0] for row in db.execute(f"select id from claims where {where}"))
    assert sorted(row["id"] for row in ranked["rows"]) == expected
    with sqlite3.connect(db_path) as db:  # best first: in the order of the search index's own rank
        by_rank = "select claims.id from claims_fts join claims on claims.rowid = claims_fts.rowid"
        ranked_ids = [row[0] for row in db.execute(f"{by_rank} where claims_fts match '\"Raqqa\"' order by rank")]
    assert [row["id"] for row in ranked["rows"]] == ranked_ids
    assert "Walid al-Moallem" in {row["speaker"] for row in ranked["rows"]}


async def test_csv_of_a_filtered_view_holds_exactly_the_filtered_rows(ds):
    response = await ds.client.get("/claims/claims.csv?speaker_id=walid-al-moallem&kind=direct&_labels=on&_size=max")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    expected = await get_json(ds, "/claims/claims.json?_shape=objects&speaker_id=walid-al-moallem&kind=direct")
    assert [row["id"] for row in rows] == [row["id"] for row in expected["rows"]]
    assert len(rows) == 2
    assert {row["speaker_id_label"] for row in rows} == {"Walid al-Moallem"}
    assert any(row["quote"].startswith("It has even become clear") for row in rows)


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("speaker_leaderboard", "Speaker leaderboard"),
        ("attribution_chains", "Attribution chains"),
    ],
)
async def test_canned_queries_answer(ds, query, title):
    data = await get_json(ds, f"/claims/{query}.json?_shape=objects")
    assert data["rows"]
    assert title in (await ds.client.get(f"/claims/{query}")).text


async def test_attribution_chains_show_the_via(ds):
    data = await get_json(ds, "/claims/attribution_chains.json?_shape=objects")
    chains = {(row["outlet"], row["via"], row["speaker"]) for row in data["rows"]}
    assert {
        ("World Socialist Web Site", "The Washington Post", "James Jeffrey"),
        ("World Socialist Web Site", "The Wall Street Journal", "Senior Pentagon officials (unnamed)"),
    } <= chains
    outlets, speakers = corpus().outlets, corpus().speakers
    second_hand = [
        (outlets[article.meta.outlet].name, speakers[claim.via].name, speakers[claim.speaker].name, claim.id)
        for article in corpus().articles
        for claim in article.claims
        if claim.via is not None
    ]
    assert sorted((row["outlet"], row["via"], row["speaker"], row["claim_id"]) for row in data["rows"]) == sorted(
        second_hand
    )


async def test_every_table_and_column_is_documented(ds, db_path):
    import sqlite_utils

    metadata = ds.metadata()["databases"]["claims"]["tables"]
    db = sqlite_utils.Database(db_path)
    for table in db.table_names():
        if table.endswith("_fts") or "_fts_" in table or table.startswith("sqlite_"):
            continue
        assert metadata[table].get("description") or metadata[table].get("description_html"), table
        assert set(metadata[table]["columns"]) == set(db[table].columns_dict), table


async def test_writes_through_the_web_are_refused_and_the_file_is_unchanged(ds, db_path):
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    for path in ("/claims/claims", "/claims/claims/-/insert", "/claims/-/create", "/claims"):
        response = await ds.client.post(path, json={"row": {"id": "x"}})
        assert response.status_code in (403, 404, 405), (path, response.status_code)
    for sql in (
        "delete from claims",
        "update claims set quote = 'made up'",
        "insert into speakers (id, name, type) values ('x', 'X', 'person')",
        "drop table claims",
        "attach database '/tmp/evil.db' as evil",
        "pragma journal_mode = wal",
    ):
        response = await ds.client.get("/claims.json", params={"sql": sql})
        assert response.status_code in (400, 403), (sql, response.status_code)
    assert await ds.client.get("/claims.json?sql=select+count(*)+from+claims") is not None
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
