"""A reader's clicks in a real browser: Debian's Chromium driven by Playwright, against `claims serve`."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import ROOT

SCREENSHOTS = ROOT / "build" / "screenshots"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    yield page
    page.close()


def rows_heading(page: Page) -> str:
    return page.locator("h3").filter(has_text=re.compile(r"\d+ rows?")).first.inner_text()


def test_a_reader_browses_claims_by_speaker_and_exports_csv(served, page):
    page.goto(f"{served.url}/claims/claims")
    expect(page.locator("h3").first).to_contain_text("23 rows")

    page.locator(".facet-info").filter(has_text="speaker_id").get_by_role("link", name="John Bolton").click()
    expect(page).to_have_url(re.compile(r"speaker_id=john-bolton"))
    assert rows_heading(page).startswith('3 rows where speaker_id = "john-bolton"')
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "claims-by-speaker.png"))

    csv_url = page.get_by_role("link", name="CSV", exact=True).get_attribute("href")
    response = page.request.get(csv_url if csv_url.startswith("http") else served.url + csv_url)
    assert response.ok
    rows = list(csv.DictReader(io.StringIO(response.text())))
    assert len(rows) == 3
    assert {row["speaker_id"] for row in rows} == {"john-bolton"}

    page.locator("td.col-speaker_id a").first.click()
    expect(page).to_have_url(re.compile(r"/claims/speakers/john-bolton$"))
    expect(page.locator("body")).to_contain_text("US National Security Adviser")
    page.get_by_role("link", name=re.compile(r"3 rows")).first.click()
    expect(page).to_have_url(re.compile(r"speaker_id=john-bolton"))


def test_a_reader_searches_and_follows_a_claim_to_its_sentence(served, page):
    page.goto(f"{served.url}/claims/claims")
    page.fill('input[name="_search"]', "Raqqa")
    page.locator('input[name="_search"]').press("Enter")
    expect(page).to_have_url(re.compile(r"_search=Raqqa"))
    assert rows_heading(page).startswith("1 row")
    page.locator("td.col-id a").first.click()
    expect(page.locator("mark")).to_contain_text("The coalition destroyed the Syrian city of Raqqa completely")
    page.screenshot(path=str(SCREENSHOTS / "claim-in-its-sentence.png"))
    page.locator(".claim-source").get_by_role("link", name=re.compile("Iran fires missiles")).click()
    expect(page.locator("body")).to_contain_text("Moallem went on to demand the immediate")
