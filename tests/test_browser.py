"""A reader's clicks in a real browser: Debian's Chromium driven by Playwright, against `claims serve`."""

from __future__ import annotations

import csv
import io
import re
import sqlite3

from playwright.sync_api import Page, expect

from .conftest import screenshot


def rows_heading(page: Page) -> str:
    return page.locator("h3").filter(has_text=re.compile(r"\d+ rows?")).first.inner_text()


def count(served, sql: str) -> int:
    """Counted with plain sqlite3 on the file being served."""
    with sqlite3.connect(f"file:{served.db}?mode=ro", uri=True) as db:
        return db.execute(sql).fetchone()[0]


def test_a_reader_browses_claims_by_speaker_and_exports_csv(served, page):
    everything = count(served, "select count(*) from claims")
    bolton = count(served, "select count(*) from claims where speaker_id = 'john-bolton'")
    assert bolton > 1
    page.goto(f"{served.url}/claims/claims")
    expect(page.locator("h3").first).to_contain_text(f"{everything} rows")

    page.locator(".facet-info").filter(has_text="Speaker").get_by_role("link", name="John Bolton").click()
    expect(page).to_have_url(re.compile(r"speaker_id=john-bolton"))
    assert rows_heading(page).startswith(f'{bolton} rows where speaker_id = "john-bolton"')
    screenshot(page, "claims-by-speaker.png")

    csv_url = page.get_by_role("link", name="CSV", exact=True).get_attribute("href")
    response = page.request.get(csv_url if csv_url.startswith("http") else served.url + csv_url)
    assert response.ok
    rows = list(csv.DictReader(io.StringIO(response.text())))
    assert len(rows) == bolton
    assert {row["speaker_id"] for row in rows} == {"john-bolton"}

    page.locator("ol.claims-list .claim-meta").first.get_by_role("link", name="John Bolton").click()
    expect(page).to_have_url(re.compile(r"/claims/speakers/john-bolton$"))
    expect(page.locator("body")).to_contain_text("US National Security Adviser")
    expect(page.locator("ul.speaker-claims li")).to_have_count(bolton)  # the speaker's page lists their claims
    page.get_by_role("link", name=f"All {bolton} in the claims table").click()
    expect(page).to_have_url(re.compile(r"speaker_id=john-bolton"))


def test_a_reader_searches_and_follows_a_claim_to_its_sentence(served, page):
    page.goto(f"{served.url}/claims/claims")
    page.fill('input[name="_search"]', "Raqqa")
    page.locator('input[name="_search"]').press("Enter")
    expect(page).to_have_url(re.compile(r"_search=Raqqa"))
    where = " or ".join(f"{column} like '%raqqa%'" for column in ("quote", "speaker_label", "context"))
    hits = count(served, f"select count(*) from claims where {where}")
    assert rows_heading(page).startswith(f"{hits} row{'s' if hits > 1 else ''}")
    hit = page.locator("ol.claims-list li").filter(has_text="Walid al-Moallem").first
    expect(hit.locator("mark").first).to_have_text(re.compile("Raqqa", re.I))  # the search word, marked
    hit.locator("blockquote a").click()
    expect(page.locator("mark")).to_contain_text("The coalition destroyed the Syrian city of Raqqa completely")
    screenshot(page, "claim-in-its-sentence.png")
    page.locator(".claim-source").get_by_role("link", name=re.compile("Iran fires missiles")).click()
    expect(page.locator("body")).to_contain_text("Moallem went on to demand the immediate")
