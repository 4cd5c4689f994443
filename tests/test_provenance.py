"""Links that open a claim's source at its exact words: the original through a text fragment, our copy marked."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

import pytest
import sqlite_utils

from claims.web.provenance import at_the_words, marked, text_fragment

from .conftest import make_datasette


def test_a_short_quote_is_its_own_text_fragment_with_the_syntax_characters_escaped():
    assert text_fragment("Death to America, ready-made & now") == (
        "#:~:text=Death%20to%20America%2C%20ready%2Dmade%20%26%20now"
    )


def test_a_long_quote_is_found_by_its_first_and_last_words():
    fragment = text_fragment("one two three four five six seven eight nine ten")
    assert fragment == "#:~:text=one%20two%20three%20four,seven%20eight%20nine%20ten"
    start, end = fragment.removeprefix("#:~:text=").split(",")
    assert (unquote(start), unquote(end)) == ("one two three four", "seven eight nine ten")


def test_the_original_url_keeps_its_path_and_loses_an_old_fragment():
    assert at_the_words("https://example.org/a?b=1#top", "the words") == "https://example.org/a?b=1#:~:text=the%20words"


@pytest.mark.parametrize(("start", "end", "parts"), [(0, 3, ("", "abc", "def")), (2, 6, ("ab", "cdef", ""))])
def test_marked_splits_the_text_around_the_span(start, end, parts):
    assert marked("abcdef", start, end) == parts


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (3, 3), (4, 2), (0, 7)])
def test_a_span_outside_the_text_marks_nothing(start, end):
    assert marked("abcdef", start, end) is None


async def test_a_claims_page_links_to_its_words_in_our_copy_and_in_the_original(db_path):
    claim = next(sqlite_utils.Database(db_path).query("select * from claims where kind = 'direct' limit 1"))
    page = (await make_datasette(db_path).client.get(f"/claims/claims/{claim['id']}")).text
    local = re.search(r'class="local-span" href="([^"]+)"', page)[1]
    assert (
        html.unescape(local)
        == f"/claims/articles/{claim['article_id']}?start={claim['start']}&end={claim['end']}#claim"
    )
    original = html.unescape(re.search(r'class="original-span" href="([^"]+)"', page)[1])
    assert original.startswith("https://www.wsws.org/") and "#:~:text=" in original


async def test_the_article_opened_from_a_claim_marks_exactly_the_claims_words(db_path):
    claim = next(sqlite_utils.Database(db_path).query("select * from claims where kind = 'indirect' limit 1"))
    url = f"/claims/articles/{claim['article_id']}?start={claim['start']}&end={claim['end']}"
    page = (await make_datasette(db_path).client.get(url)).text
    assert html.unescape(re.search(r'<mark id="claim">(.*?)</mark>', page, re.S)[1]) == claim["quote"]


@pytest.mark.parametrize("query", ["", "?start=x&end=3", "?start=5&end=2", "?start=0&end=99999999"])
async def test_an_article_without_a_sound_span_shows_no_mark(db_path, query):
    response = await make_datasette(db_path).client.get(f"/claims/articles/2018-10-02-wsws-iran-missiles-syria{query}")
    assert response.status_code == 200
    assert '<mark id="claim">' not in response.text


def test_a_reader_follows_a_claim_to_its_words_in_a_real_browser(served, browser):
    claim = next(sqlite_utils.Database(served.db).query("select * from claims where kind = 'partial' limit 1"))
    page = browser.new_page()
    page.goto(f"{served.url}/claims/claims/{claim['id']}")
    page.locator("a.local-span").click()
    mark = page.locator("mark#claim")
    assert mark.inner_text() == claim["quote"]
    assert mark.is_visible()
    page.close()
