"""The README's tour, clicked through in Debian's Chromium against `claims serve` on the seeds: each step checks
what a reader sees against the database and saves the screenshot the README shows (`make screenshots`)."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import SEED_ARTICLE, SEEDS, Served, screenshot, serving


def query(served, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(f"file:{served.db}?mode=ro", uri=True) as db:
        return db.execute(sql, params).fetchall()


def test_a_statement_repeated_across_outlets_shows_its_trail_and_who_repeated_it(served, page):
    [(statement, first_claim, appearances)] = query(
        served,
        "select id, first_claim_id, appearance_count from statements where outlet_count > 1"
        " order by appearance_count desc, id limit 1",
    )
    later = query(
        served, "select claim_id from appearances where statement_id = ? and position > 1 order by position", statement
    )
    outlets = [
        name
        for (name,) in query(
            served,
            "select outlets.name from appearances join outlets on outlets.id = appearances.outlet_id"
            " where statement_id = ? order by position",
            statement,
        )
    ]
    page.goto(f"{served.url}/claims/claims/{later[-1][0]}")
    trail = page.locator("section.claim-trail")
    expect(trail.locator("h2")).to_have_text(f"The same words elsewhere ({appearances} appearances)")
    items = trail.locator("li")
    expect(items).to_have_count(appearances)
    for item, outlet in zip(items.all(), outlets, strict=True):
        expect(item).to_contain_text(outlet)
    expect(trail.locator("li.this-claim")).to_contain_text("this claim")
    # each appearance's chain of hops ends at its own outlet
    for item, outlet in zip(items.all(), outlets, strict=True):
        assert item.locator(".chain").inner_text().endswith(outlet)
    trail.scroll_into_view_if_needed()
    screenshot(page, "claim-trail.png")

    trail.get_by_role("link", name="Who repeated this").click()
    expect(page).to_have_url(re.compile(r"/claims/who_repeated_this\?claim="))
    expect(page.locator("table.rows-and-columns tbody tr")).to_have_count(appearances)
    first_row = page.locator("table.rows-and-columns tbody tr").first
    expect(first_row.locator(f'a[href="/claims/claims/{first_claim}"]')).to_have_count(1)  # its words, linked
    screenshot(page, "who-repeated-this.png")


@pytest.fixture(scope="module")
def corrected(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The seeds in a git repository of their own with two commits, the second correcting one claim's verb."""
    work = tmp_path_factory.mktemp("corrected")
    seeds = Path(shutil.copytree(SEEDS, work / "seeds"))
    git = ["git", "-C", str(seeds), "-c", "user.name=A Reviewer", "-c", "user.email=reviewer@example.org"]
    subprocess.run([*git[:3], "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "Reviewed seeds"], check=True)
    claims = seeds / "articles" / f"{SEED_ARTICLE.name}.claims.yml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("verb: claiming", "verb: claimed", 1), "utf-8")
    subprocess.run([*git, "commit", "-qam", "The IRGC claimed it: the verb as the article has it"], check=True)
    with serving(seeds, work / "claims.db") as served:
        yield served


def test_a_claim_shows_its_history_from_git(corrected, page):
    [(claim,)] = query(corrected, "select claim_id from corrections where change = 'changed'")
    page.goto(f"{corrected.url}/claims/claims/{claim}")
    history = page.locator("section.claim-corrections li")
    expect(history).to_have_count(2)
    expect(history.nth(0)).to_contain_text("added by A Reviewer: “Reviewed seeds”")
    expect(history.nth(1)).to_contain_text('changed (verb: "claiming" → "claimed") by A Reviewer: “The IRGC claimed it')
    expect(page.locator(".claim-source")).to_contain_text("claimed")
    history.first.scroll_into_view_if_needed()
    screenshot(page, "claim-history.png")

    page.goto(f"{corrected.url}/claims/corrections?change=changed")
    expect(page.locator("table.rows-and-columns tbody tr")).to_have_count(1)


def test_review_facets_narrow_to_what_a_person_checked(served, page):
    [(reviewed,)] = query(served, "select count(*) from claims where review = 'reviewed'")
    [(extracted,)] = query(served, "select count(*) from claims where origin = 'extracted' and review = 'reviewed'")
    page.goto(f"{served.url}/claims/claims")
    page.locator(".facet-info").filter(has_text="Review").get_by_role("link", name="Checked by a person").click()
    expect(page).to_have_url(re.compile(r"review=reviewed"))
    page.locator(".facet-info").filter(has_text="Found by").get_by_role("link", name="The extractor").click()
    expect(page.locator("h3").first).to_contain_text(f"{extracted} row")
    assert 0 < extracted <= reviewed
    page.locator(".facet-info").filter(has_text="Found by").scroll_into_view_if_needed()
    screenshot(page, "review-facets.png")


def test_a_speaker_is_one_row_across_articles_and_outlets(served, page):
    [(speaker, name, articles, outlets)] = query(
        served,
        "select speaker_id, speakers.name, count(distinct article_id), count(distinct outlet_id) from claims"
        " join speakers on speakers.id = claims.speaker_id group by speaker_id"
        " order by count(distinct outlet_id) desc, count(distinct article_id) desc, speaker_id limit 1",
    )
    assert articles > 1 and outlets > 1
    page.goto(f"{served.url}/claims/claims?speaker_id={speaker}&_facet=article_id")
    expect(page.locator(".facet-info").filter(has_text="article_id").locator("li")).to_have_count(articles)
    expect(page.locator(".facet-info").filter(has_text="Outlet").locator("li")).to_have_count(outlets)
    expect(page.locator("ol.claims-list .claim-meta").first).to_contain_text(name)
    screenshot(page, "speaker-across-articles.png")


def test_first_reported_by_lists_the_outlets_that_others_repeated(served, page):
    first = query(
        served,
        "select outlets.name, count(*) from statements join outlets on outlets.id = first_outlet_id"
        " where appearance_count > 1 group by first_outlet_id",
    )
    page.goto(f"{served.url}/claims/first_reported_by?outlet=")
    rows = page.locator("table.rows-and-columns tbody tr")
    expect(rows).to_have_count(sum(n for _, n in first))
    screenshot(page, "first-reported-by.png")


def test_exports_of_a_filtered_view_hold_the_same_claims(served, page):
    speaker = "nancy-pelosi"
    [(count,)] = query(served, "select count(*) from claims where speaker_id = ?", speaker)
    page.goto(f"{served.url}/claims/claims?speaker_id={speaker}")
    for extension, parse in (
        (".jsonl", lambda t: [json.loads(line) for line in t.splitlines()]),
        (".jsonld", lambda t: json.loads(t)["@graph"]),
    ):
        href = page.locator(f"a[href*='{extension}']").first.get_attribute("href")
        response = page.request.get(href if href.startswith("http") else served.url + href)
        assert response.ok
        assert len(parse(response.text())) <= count
        assert len(parse(response.text())) > 0
