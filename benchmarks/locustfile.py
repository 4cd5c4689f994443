"""Locust users browsing a `claims serve` publication the way readers do; run by benchmarks/loadtest.py.

    LOADTEST_DB=claims.db locust -f benchmarks/locustfile.py --host http://127.0.0.1:8001

The speakers, claims and search words are read from the database (LOADTEST_DB) at start. A response counts
as a failure when it is not a 200, when a table page lacks a default facet or says some timed out, or when
a CSV export does not hold the rows the database says it should.
"""

from __future__ import annotations

import csv
import io
import os
import random
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import yaml
from datasette.utils import tilde_encode
from locust import FastHttpUser, between, task

# The claims table's facets, as metadata.yml configures them ({"summary": column} each); each must be on every
# table page.
_TABLES = yaml.safe_load((Path(__file__).resolve().parent.parent / "metadata.yml").read_text())["databases"]["claims"]
FACETS = [column for facet in _TABLES["tables"]["claims"]["facets"] for column in facet.values()]
KINDS = ["direct", "partial", "indirect"]
ALWAYS_SHOWN = [facet for facet in FACETS if facet in ("speaker_id", "kind", "outlet_id")]
SMALL_SPEAKER = 200  # claims at most, for the streamed CSV export
RARE_SHARE = 0.2  # share of speaker picks made uniformly (mostly the long tail) rather than by claim count
STOPWORDS = {
    *("that", "said", "have", "from", "they", "were", "will", "their", "been", "what", "about", "which", "there"),
    *("could", "should", "than", "then", "them", "also", "into", "after", "before", "would", "with", "this"),
    *("these", "those", "when", "where", "while", "because", "other", "some", "more", "most", "over"),
}
# Search words by the least share of claims they match (the search covers quote, speaker label and context).
BANDS = {"common": 0.05, "frequent": 0.01, "medium": 0.001, "rare": 0.0}
WORDS_PER_BAND = 10


@dataclass
class Workload:
    speakers: list[str]
    claim_counts: list[int]
    count_of: dict[str, int]
    names: dict[str, str]
    small_speakers: list[str]
    outlets: list[str]
    claim_ids: list[str]
    words: dict[str, list[tuple[str, int]]]  # band -> (word, matching claims)

    def speaker(self) -> str:
        """Mostly the frequent speakers, as readers follow them; sometimes any one, which is mostly a rare one."""
        if random.random() < RARE_SHARE:
            return random.choice(self.speakers)
        return random.choices(self.speakers, weights=self.claim_counts)[0]

    def word(self) -> str:
        band = random.choice([band for band, words in self.words.items() if words])
        return random.choice(self.words[band])[0]


def _search_words(conn: sqlite3.Connection, claims: int, rng: random.Random) -> dict[str, list[tuple[str, int]]]:
    """Words of the claims, WORDS_PER_BAND of each band of frequency, with the number of claims they match."""
    texts = conn.execute("select quote || ' ' || context from claims where rowid % 97 = 0").fetchall()
    candidates = sorted({w for (t,) in texts for w in re.findall(r"[a-z]{4,}", t.lower())} - STOPWORDS)
    rng.shuffle(candidates)
    words: dict[str, list[tuple[str, int]]] = {band: [] for band in BANDS}
    for word in candidates:
        if all(len(found) == WORDS_PER_BAND for found in words.values()):
            break
        (matches,) = conn.execute("select count(*) from claims_fts where claims_fts match ?", [f'"{word}"']).fetchone()
        band = next(band for band, share in BANDS.items() if matches >= share * claims)
        if matches and len(words[band]) < WORDS_PER_BAND:
            words[band].append((word, matches))
    return words


def load_workload(db: Path, seed: int = 1) -> Workload:
    rng = random.Random(seed)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        counts = conn.execute("select speaker_id, count(*) from claims group by speaker_id order by 2 desc").fetchall()
        names = dict(conn.execute("select id, name from speakers").fetchall())
        claim_ids = [row[0] for row in conn.execute("select id from claims")]
        outlets = [row[0] for row in conn.execute("select distinct outlet_id from claims")]
        words = _search_words(conn, len(claim_ids), rng)
    finally:
        conn.close()
    return Workload(
        speakers=[s for s, _ in counts],
        claim_counts=[n for _, n in counts],
        count_of=dict(counts),
        names=names,
        small_speakers=[s for s, n in counts if n <= SMALL_SPEAKER],
        outlets=outlets,
        claim_ids=claim_ids,
        words=words,
    )


WORKLOAD = load_workload(Path(os.environ["LOADTEST_DB"]))


def table_problem(html: str) -> str | None:
    """Why a table page is not a good one, or None."""
    if "These facets timed out" in html:
        timed_out = re.search(r"These facets timed out: ([^<]*)", html)
        return f"facets timed out: {timed_out.group(1) if timed_out else '?'}"
    if 'class="zero-results"' in html:
        return None  # a speaker with no claim of the kind clicked: no rows, so no facet has a value to show
    if 'class="facet-results"' not in html:
        return "no facet list"
    # a facet with no value among the rows shown is hidden (README, "A reader's tracker"): a small speaker may have no
    # claim through an intermediary, and the synthetic corpus no unsure speaker match; these two always have values
    missing = [f for f in ALWAYS_SHOWN if f'id="facet-{f}"' not in html]
    return f"facets missing: {', '.join(missing)}" if missing else None


def csv_problem(text: str, expected_rows: int) -> str | None:
    """Why a CSV export is not the one expected. Datasette reports a failure in the middle of a stream by
    writing the message into the body, so every row must be whole and the count exact."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0][:1] != ["id"]:
        return f"no CSV header: {text[:80]!r}"
    broken = [row for row in rows if len(row) != len(rows[0])]
    if len(rows) - 1 != expected_rows or broken or not text.endswith("\n"):
        return f"{len(rows) - 1} rows instead of {expected_rows}, {len(broken)} broken; ends {text[-120:]!r}"
    return None


def error_message(response: Any) -> str:
    """The status and what Datasette's error page or the connection says about it."""
    if response.status_code == 0:
        return f"no response: {response.error!r}"
    text = response.text or ""
    said = re.search(r"<h1>(.*?)</h1>\s*<div[^>]*>(.*?)</div>", text, re.DOTALL)
    detail = " ".join(" ".join(said.groups()).split()) if said else text[:200]
    return f"HTTP {response.status_code}: {detail}"


def query(**params: str) -> str:
    return f"?{urlencode(params)}"


class Reader(FastHttpUser):
    wait_time = between(0.1, 0.5)

    def _get(self, url: str, name: str, check: Callable[[str], str | None] | None = None) -> None:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(error_message(response))
                return
            problem = check(response.text or "") if check else None
            if problem:
                response.failure(problem)

    def _table(self, query_string: str, name: str) -> None:
        self._get(f"/claims/claims{query_string}", name, table_problem)

    @task(20)
    def table(self) -> None:
        self._table("", "table")

    @task(20)
    def speaker_filter(self) -> None:
        self._table(query(speaker_id=WORKLOAD.speaker()), "speaker filter")

    @task(10)
    def facet_click(self) -> None:
        """A click on another facet: of the whole table, or of a speaker's claims."""
        kind = random.choice(KINDS)
        choices = [
            query(kind=kind),
            query(outlet_id=random.choice(WORKLOAD.outlets)),
            query(speaker_id=WORKLOAD.speaker(), kind=kind),
        ]
        self._table(random.choice(choices), "facet click")

    @task(15)
    def search(self) -> None:
        self._table(query(_search=WORKLOAD.word()), "search")

    @task(10)
    def speaker_page(self) -> None:
        self._get(f"/claims/speakers/{tilde_encode(WORKLOAD.speaker())}", "speaker page")

    @task(15)
    def claim_page(self) -> None:
        self._get(f"/claims/claims/{tilde_encode(random.choice(WORKLOAD.claim_ids))}", "claim page")

    @task(5)
    def canned_query(self) -> None:
        speaker = WORKLOAD.speaker()
        if random.random() < 0.2:  # readers also type a name
            speaker = WORKLOAD.names[speaker]
        self._get(f"/claims/speaker_claims{query(speaker=speaker)}", "canned query")

    @task(4)
    def csv_export(self) -> None:
        speaker = WORKLOAD.speaker()
        expected = WORKLOAD.count_of[speaker]  # the CSV link exports the whole view (claims/web/csv_view.py)
        url = f"/claims/claims.csv{query(speaker_id=speaker, _size='max')}"
        self._get(url, "csv", lambda text: csv_problem(text, expected))

    @task(1)
    def csv_stream(self) -> None:
        speaker = random.choice(WORKLOAD.small_speakers)
        expected = WORKLOAD.count_of[speaker]
        url = f"/claims/claims.csv{query(speaker_id=speaker, _size='max', _stream='on')}"
        self._get(url, "csv stream", lambda text: csv_problem(text, expected))
