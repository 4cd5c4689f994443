"""Hostile content: script and HTML show as text on every page, and CSV exports cannot run as formulas."""

from __future__ import annotations

import asyncio
import csv
import io

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.web import exports
from claims.web.exports import FORMULA_STARTS, CsvDefuser, defuse

from .conftest import make_datasette
from .hostile import ARTICLE_ID, QUOTES, SCRIPT

DEFAULT_BATCH = exports.CHUNK_BYTES


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_defused(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS) or defuse(cell) == cell, cell


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-12", "-12"),  # a number is data, not a formula
        ("+3.5e2", "+3.5e2"),
        ("said = so", "said = so"),
        ("", ""),
    ],
)
def test_a_cell_that_starts_like_a_formula_gets_an_apostrophe(cell, shown):
    assert defuse(cell) == shown


async def collect(chunks: list[bytes]) -> bytes:
    sent: list[bytes] = []

    async def send(message: dict) -> None:
        sent.append(message["body"])

    defuser = CsvDefuser(send)
    for index, chunk in enumerate(chunks):
        await defuser.body({"body": chunk, "more_body": index < len(chunks) - 1})
    return b"".join(sent)


records = st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=4), min_size=1, max_size=8)


@given(records, st.lists(st.integers(min_value=0, max_value=400), max_size=6), st.sampled_from([1, 7, 1 << 16]))
def test_a_streamed_csv_is_defused_the_same_however_it_is_cut(rows, cuts, batch):
    exports.CHUNK_BYTES = batch  # how much the defuser gathers before it rewrites
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    data = out.getvalue().encode()
    points = sorted({min(cut, len(data)) for cut in cuts})  # cuts may fall inside a UTF-8 character
    chunks = [data[a:b] for a, b in zip([0, *points], [*points, len(data)], strict=True)]
    try:
        streamed = asyncio.run(collect(chunks))
    finally:
        exports.CHUNK_BYTES = DEFAULT_BATCH
    assert cells(streamed.decode()) == [[defuse(cell) for cell in row] for row in cells(out.getvalue())]


@pytest.mark.parametrize("query", ["_labels=on&_size=max", "_stream=on", "_stream=on&_labels=on"])
async def test_csv_exports_of_hostile_claims_are_defused(hostile_db, query):
    ds = make_datasette(hostile_db)
    response = await ds.client.get(f"/claims/claims.csv?{query}")
    assert response.status_code == 200
    rows = cells(response.text)
    assert len(rows) == 1 + len(QUOTES)
    assert_defused(rows)
    quotes = {row[rows[0].index("quote")] for row in rows[1:]}
    assert quotes == {defuse(quote) for quote, *_ in QUOTES}
    assert "'=HYPERLINK" in response.text and "'+1+1" in response.text and "'@SUM" in response.text


async def test_csv_of_the_speakers_defuses_their_names_and_json_keeps_the_exact_text(hostile_db):
    ds = make_datasette(hostile_db)
    rows = cells((await ds.client.get("/claims/speakers.csv")).text)
    assert_defused(rows)
    assert "'=cmd|' /C calc'!A0" in {row[1] for row in rows}
    data = (await ds.client.get("/claims/speakers.json?_shape=array")).json()
    assert "=cmd|' /C calc'!A0" in {row["name"] for row in data}


def test_a_served_csv_is_defused_too(hostile_served):
    response = httpx.get(f"{hostile_served.url}/claims/claims.csv?_stream=on&_labels=on")
    rows = cells(response.text)
    assert len(rows) == 1 + len(QUOTES)
    assert_defused(rows)


def test_script_and_html_show_as_text_on_every_page_in_a_real_browser(hostile_served, hostile_db, browser):
    claim_ids = [row[0] for row in cells(httpx.get(f"{hostile_served.url}/claims/claims.csv").text)[1:]]
    pages = [
        "/",
        "/claims",
        "/claims/claims",
        "/claims/claims?_search=pwned",
        "/claims/claims?speaker_id=hostile-minister",
        *[f"/claims/claims/{claim_id}" for claim_id in claim_ids],
        "/claims/speakers",
        "/claims/speakers/hostile-minister",
        "/claims/speakers/hostile-spokesman",
        "/claims/outlets/hostile-times",
        f"/claims/articles/{ARTICLE_ID}",
        "/claims/speaker_claims?speaker=hostile-minister",
        "/claims/claims_about?word=script",
        "/claims/attribution_chains",
    ]
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    seen_script_as_text = 0
    for path in pages:
        response = page.goto(hostile_served.url + path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned") is None, path
        seen_script_as_text += SCRIPT in page.locator("body").inner_text()
    page.close()
    assert dialogs == []
    assert seen_script_as_text >= len(pages) // 2  # the payload is visible as text, not run
