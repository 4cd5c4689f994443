"""The reader's pages in a real browser (Debian's Chromium, driven by Playwright) against `claims serve`: a speaker's
claims, an article with its claims marked, the unreviewed badge, axe-core on every kind of page, and a phone's width.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import ROOT, SEEDS, Served, screenshot, serving
from .test_pages import UNREVIEWED_CLAIM, UNREVIEWED_FILE

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTICLE = "2019-01-07-wikinews-trump-state-of-emergency-border-wall"
PAGE_KINDS = {
    "home": "/",
    "database": "/claims",
    "claims table": "/claims/claims",
    "claims table, searched": "/claims/claims?_search=Syria",
    "claims table, narrowed by a facet": "/claims/claims?_facet=kind&kind=direct",
    "claim": f"/claims/claims/{UNREVIEWED_CLAIM}",
    "speaker": "/claims/speakers/donald-trump",
    "speakers table": "/claims/speakers",
    "article": f"/claims/articles/{ARTICLE}",
    "article, one claim marked": f"/claims/articles/{ARTICLE}?start=21&end=91",
    "canned query": "/claims/speaker_leaderboard",
    "timeline": "/-/timeline",
}


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`claims serve` of the seeds with one extracted claim not yet reviewed."""
    work = tmp_path_factory.mktemp("drafted-served")
    seeds = Path(shutil.copytree(SEEDS, work / "seeds"))
    path = seeds / UNREVIEWED_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  review: reviewed\n", "  review: unreviewed\n  speaker_match: surname\n", 1))
    with serving(seeds, work / "claims.db") as served:
        yield served


def test_a_reader_opens_a_speaker_and_reads_their_claims(drafted, page):
    page.goto(f"{drafted.url}/claims/claims?speaker_id=donald-trump")
    page.locator("ol.claims-list .claim-meta").first.get_by_role("link", name="Donald Trump").click()
    expect(page).to_have_url(re.compile(r"/claims/speakers/donald-trump$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Donald Trump")
    with sqlite3.connect(f"file:{drafted.db}?mode=ro", uri=True) as db:
        total = db.execute("select count(*) from claims where speaker_id = 'donald-trump'").fetchone()[0]
        newest = db.execute(
            "select quote from claims where speaker_id = 'donald-trump' order by sort_key desc"
        ).fetchone()[0]
    claims = page.locator("ul.speaker-claims li")
    expect(claims).to_have_count(min(total, 20))
    expect(claims.first.locator("blockquote")).to_have_text(newest)
    screenshot(page, "speaker-page.png", full_page=True)
    claims.first.locator("blockquote a").click()
    expect(page).to_have_url(re.compile(r"/claims/claims/c-"))
    expect(page.locator(".claim-source")).to_contain_text("Donald Trump")


def test_a_reader_follows_a_mark_in_an_article_to_its_claim(drafted, page):
    page.goto(f"{drafted.url}/claims/articles/{ARTICLE}")
    marks = page.locator("mark.claim a")
    expect(marks.first).to_be_visible()
    with sqlite3.connect(f"file:{drafted.db}?mode=ro", uri=True) as db:
        count = db.execute("select count(*) from claims where article_id = ?", [ARTICLE]).fetchone()[0]
    expect(page.locator("ul.article-claims li")).to_have_count(count)
    screenshot(page, "article-page.png", full_page=True)
    target = page.locator("mark.claim.kind-direct a").first
    words = target.inner_text()
    target.click()
    expect(page).to_have_url(re.compile(r"/claims/claims/c-"))
    expect(page.locator(".claim-source mark")).to_contain_text(words.strip()[:40])


@pytest.mark.parametrize(
    "path",
    [f"/claims/claims/{UNREVIEWED_CLAIM}", "/claims/speakers/donald-trump", f"/claims/articles/{ARTICLE}"],
)
def test_the_unreviewed_badge_shows_wherever_the_claim_does(drafted, page, path):
    page.goto(drafted.url + path)
    badge = page.locator(".trust-unreviewed").filter(has_text=re.compile(r"^⚠ Unreviewed$")).first
    expect(badge).to_be_visible()


def test_one_click_hides_unreviewed_claims(drafted, page):
    page.goto(f"{drafted.url}/claims/claims?speaker_id=donald-trump")
    expect(page.locator("ol.claims-list li.unreviewed")).to_have_count(1)
    page.get_by_role("link", name="Hide unreviewed claims").click()
    expect(page).to_have_url(re.compile(r"review=reviewed"))
    expect(page.locator("ol.claims-list li.unreviewed")).to_have_count(0)
    expect(page.locator("ol.claims-list li").first).to_be_visible()


def serious_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`)"""
    )
    return list(found)


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_serious_accessibility_violation(drafted, browser: Browser, kind):
    assert AXE.exists(), "axe-core is missing: npm ci (make test does)"
    page = browser.new_page()
    page.goto(drafted.url + PAGE_KINDS[kind])
    assert serious_violations(page) == []
    page.close()


@pytest.mark.parametrize("kind", ["claim", "speaker", "article", "article, one claim marked"])
def test_readable_on_a_phone_without_scrolling_sideways(drafted, browser: Browser, kind):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(drafted.url + PAGE_KINDS[kind])
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{kind}: {width} px wide"
    page.close()
