"""The review page's app without a browser: what it changes in a claims file, what it refuses, and whom it
answers."""

from __future__ import annotations

import httpx

from claims.corpus.validation import load_article
from claims.web.reviewing import ReviewApp

from .conftest import drafted_file


async def test_the_comments_and_layout_of_a_claims_file_survive_a_review(drafted):
    path = drafted_file(drafted)
    original = path.read_text(encoding="utf-8").replace(
        "claims:\n", "# checked against the print edition\nclaims:\n", 1
    )
    path.write_text(original, encoding="utf-8")
    article, _ = load_article(path)
    assert article is not None
    app = ReviewApp(drafted)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as client:
        response = await client.post(
            f"/articles/{article.meta.id}", data={"action": "accept", "claim": article.claims[0].id}
        )
        assert response.status_code == 303
    changed = path.read_text(encoding="utf-8")
    differing = [(a, b) for a, b in zip(original.splitlines(), changed.splitlines(), strict=True) if a != b]
    assert [b.strip() for _, b in differing][:1] == ["review: reviewed"]  # only the accepted claim's lines
    assert "# checked against the print edition" in changed


async def test_a_refused_change_leaves_the_file_as_it_was(drafted):
    path = drafted_file(drafted)
    article, _ = load_article(path)
    assert article is not None
    before = path.read_text(encoding="utf-8")
    app = ReviewApp(drafted)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as client:
        url = f"/articles/{article.meta.id}"
        form = {"action": "add", "start": "0", "end": "10", "kind": "direct", "speaker": "officials"}
        response = await client.post(url, data={**form, "speaker_label": "words not in the text", "verb": "said"})
        assert response.status_code == 400
        assert "is not in the article text" in response.text
        assert path.read_text(encoding="utf-8") == before
        accepted = await client.post(url, data={"action": "accept", "claim": article.claims[0].id})
        assert accepted.status_code == 303
    text = path.read_text(encoding="utf-8")
    assert text != before and "# yaml-language-server" in text.splitlines()[0]  # changed in place, layout kept


async def test_the_review_page_answers_only_to_this_machine(drafted):
    app = ReviewApp(drafted)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as client:
        assert (await client.get("/")).status_code == 200
        assert (await client.get("/", headers={"host": "reviews.example.com"})).status_code == 403
        article, _ = load_article(drafted_file(drafted))
        assert article is not None
        forged = await client.post(
            f"/articles/{article.meta.id}",
            data={"action": "accept", "claim": article.claims[0].id},
            headers={"origin": "https://attacker.example"},
        )
        assert forged.status_code == 403
