"""The review page (`claims review`) in a real browser: a drafted article reviewed end to end (accept, reject,
re-attribute, add by selecting words, mark reviewed), then found as reviewed in `claims serve`."""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from claims.corpus.validation import load_article

from .conftest import ROOT, drafted_file, free_port, screenshot, serving
from .test_reader_browser import serious_violations

ADDED = "the disaster's cause was not in fact a gas leak"  # words of the text the test adds as a claim


@contextlib.contextmanager
def reviewing(seeds: Path) -> Iterator[str]:
    """A real `claims review` process on a free port."""
    port = free_port()
    command = [sys.executable, "-m", "claims", "review", "--seeds", str(seeds), "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("claims review did not start") from None
            time.sleep(0.2)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def select_words(page: Page, words: str) -> None:
    """Select words of the article's text as a reader's mouse would: a range over them in the marked text."""
    page.evaluate(
        """(words) => {
          const text = document.getElementById("text");
          const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const at = walker.currentNode.data.indexOf(words);
            if (at >= 0) {
              const range = document.createRange();
              range.setStart(walker.currentNode, at);
              range.setEnd(walker.currentNode, at + words.length);
              document.getSelection().removeAllRanges();
              document.getSelection().addRange(range);
              return;
            }
          }
          throw new Error("words not found in one piece of the text: " + words);
        }""",
        words,
    )


def test_a_person_reviews_a_drafted_article_end_to_end(drafted, browser):
    path = drafted_file(drafted)
    before, _ = load_article(path)
    assert before is not None and all(claim.review == "unreviewed" for claim in before.claims)
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    started = time.perf_counter()
    with reviewing(drafted) as url:
        page.goto(url)
        page.get_by_role("link", name=re.compile("Magnitogorsk")).click()
        claims = page.locator("article.claim")
        expect(claims).to_have_count(len(before.claims))
        assert serious_violations(page) == []  # axe-core, as on the published pages

        first, second, third = before.claims[0], before.claims[1], before.claims[2]
        page.locator(f"#claim-{first.id}").get_by_role("button", name=re.compile("^Accept")).click()
        expect(page.locator(f"#claim-{first.id} .trust-reviewed")).to_be_visible()

        page.locator(f"#claim-{second.id}").get_by_role("button", name=re.compile("^Reject")).click()
        expect(page.locator(f"#claim-{second.id}")).to_have_count(0)

        correct = page.locator(f"#claim-{third.id}")
        correct.locator("summary").click()
        correct.get_by_label("Speaker", exact=True).select_option(label="Emergencies Ministry")
        correct.get_by_role("button", name="Save and accept").click()
        expect(page.locator(f"#claim-{third.id}")).to_contain_text("Emergencies Ministry")

        screenshot(page, "review-page.png")
        select_words(page, ADDED)
        add = page.locator("#add-claim")
        expect(add.locator("#selected-words")).to_have_text(ADDED)
        add.get_by_label("Kind of claim").select_option(label="reported speech")
        add.get_by_label("… or a new speaker, named").fill("Russian media")  # a new speaker, added with the claim
        add.get_by_label("who is a").select_option("media")
        add.get_by_label("The article's words for the speaker").fill("reports")
        add.get_by_label("Reporting verb").fill("describe speculation")
        add.get_by_role("button", name="Add this claim").click()
        expect(page.locator("article.claim blockquote").filter(has_text=ADDED)).to_have_count(1)

        page.get_by_role("button", name=re.compile("Mark the article reviewed")).click()
        expect(page.locator(".trust-unreviewed")).to_have_count(0)
    seconds = time.perf_counter() - started
    page.close()

    after, problems = load_article(path)
    assert after is not None and problems == []
    by_id = {claim.id: claim for claim in after.claims}
    assert second.id not in by_id
    assert by_id[first.id].review == "reviewed"
    assert by_id[third.id].speaker == "emergencies-ministry" and by_id[third.id].speaker_match == "confirmed"
    [added] = [claim for claim in after.claims if claim.quote == ADDED]
    assert (added.speaker, added.origin, added.kind) == ("russian-media", "manual", "indirect")
    assert "name: Russian media" in (drafted / "speakers.yml").read_text(encoding="utf-8")
    assert after.text[added.start : added.end] == ADDED
    assert all(claim.review == "reviewed" for claim in after.claims)
    assert len(after.claims) == len(before.claims)  # one rejected, one added
    assert subprocess.run([sys.executable, "-m", "claims", "check", "--seeds", str(drafted)], cwd=ROOT).returncode == 0
    print(f"reviewed {len(before.claims)} drafts with 5 actions in {seconds:.1f} s of driving the page")

    with serving(drafted, drafted.parent / "claims.db") as served:
        listed = httpx.get(f"{served.url}/claims/claims.json?_shape=objects&_search=cause+gas+leak").json()
        assert added.id in {row["id"] for row in listed["rows"]}
        claim_page = httpx.get(f"{served.url}/claims/claims/{added.id}").text
        assert "Russian media" in claim_page and "⚠ Unreviewed" not in claim_page


def test_claims_serve_has_no_review_page(served):
    assert httpx.get(f"{served.url}/articles/anything").status_code == 404
    assert httpx.post(f"{served.url}/articles/anything", data={"action": "accept"}).status_code == 405
