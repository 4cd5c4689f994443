"""A tiny corpus of hostile content: script and HTML in the text, the names and the quotes, and quotes that a
spreadsheet would take for formulas. Whatever a page or an export does with it, nothing may run."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from claims.corpus.claimsfile import to_yaml
from claims.corpus.models import ArticleMeta, Claim, ClaimsFile, claim_id

ARTICLE_ID = "2020-01-01-hostile-input"
SCRIPT = '<script>window.__pwned = "script"</script>'
IMAGE = "<img src=x onerror=\"window.__pwned = 'img'\">"

TEXT = f"""Hostile input {SCRIPT}

The minister said: "{SCRIPT} we will act."

"=HYPERLINK(""http://evil.example"",""click"")" said the spokesman.

Critics said that +1+1 is not a plan.

The union said that -2+3 {IMAGE} was the offer.

The mayor said that @SUM(A1:A2) would be paid.
"""

QUOTES = [  # (quote, kind, speaker, label, verb)
    (f"{SCRIPT} we will act.", "direct", "hostile-minister", "The minister", "said"),
    ('=HYPERLINK(""http://evil.example"",""click"")', "direct", "hostile-spokesman", "the spokesman", "said"),
    ("+1+1 is not a plan", "indirect", "critics", "Critics", "said"),
    (f"-2+3 {IMAGE} was the offer", "indirect", "critics", "The union", "said"),
    ("@SUM(A1:A2) would be paid", "indirect", "hostile-minister", "The mayor", "said"),
]

SPEAKERS = [
    {"id": "hostile-minister", "name": f"Minister {IMAGE}", "type": "person", "aliases": [SCRIPT]},
    {"id": "hostile-spokesman", "name": "=cmd|' /C calc'!A0", "type": "person"},
    {"id": "critics", "name": "Critics <b>bold</b>", "type": "group"},
]
OUTLETS = [{"id": "hostile-times", "name": f"The <i>Hostile</i> Times {SCRIPT}", "url": "https://hostile.example"}]


def write_hostile_seeds(seeds: Path) -> Path:
    articles = seeds / "articles"
    articles.mkdir(parents=True)
    # JSON is YAML: the registries are written as JSON documents
    (seeds / "speakers.yml").write_text(json.dumps({"speakers": SPEAKERS}, indent=1), encoding="utf-8")
    (seeds / "outlets.yml").write_text(json.dumps({"outlets": OUTLETS}, indent=1), encoding="utf-8")
    (articles / f"{ARTICLE_ID}.txt").write_text(TEXT, encoding="utf-8")
    meta = ArticleMeta(
        id=ARTICLE_ID,
        title=f"Hostile input {SCRIPT}",
        outlet="hostile-times",
        published=dt.date(2020, 1, 1),
        text=f"{ARTICLE_ID}.txt",
    )
    claims = []
    for quote, kind, speaker, label, verb in QUOTES:
        start = TEXT.index(quote)
        claims.append(
            Claim(
                id=claim_id(ARTICLE_ID, kind, quote),
                kind=kind,
                quote=quote,
                start=start,
                end=start + len(quote),
                speaker=speaker,
                speaker_label=label,
                verb=verb,
            )
        )
    (articles / f"{ARTICLE_ID}.claims.yml").write_text(to_yaml(ClaimsFile(article=meta, claims=claims), "x"))
    return seeds
