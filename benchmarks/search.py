"""The claims table's search pages on a served database, before and after a change: Datasette started as `claims
serve` starts it (claims/web/serving.py's arguments and settings, without the per-process link beside the
database), the benchmark's search words and page URLs, sequential requests after two warm-ups, p50 and p95, and
the facets missing from the page's JSON.

    python -m benchmarks.search --db build/bench/db-100000/claims.db
    git archive HEAD claims | tar -x -C /tmp/before     # the committed code, for a before/after
    python -m benchmarks.search --db build/bench/db-100000/claims.db --code /tmp/before

`--code DIR` serves the `claims` package in DIR instead of this checkout's (the server runs in DIR, so that DIR's
package is the one imported).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import httpx

from claims.web import serving

from . import measure
from .__main__ import ROOT, SEARCH_TERMS, _timed_out, pages


def command(db: Path, port: int) -> list[str]:
    args = serving.datasette_args(db.resolve(), ROOT / "metadata.yml", "127.0.0.1", port)
    return [str(ROOT / ".venv" / "bin" / "python"), "-m", "datasette", *args]


def run(db: Path, requests: int, code: Path | None) -> None:
    port = measure.free_port()
    environment = {**os.environ, "PYTHONPATH": str(code)} if code else None
    cwd = code.resolve() if code else ROOT
    with (
        measure.server(command(db, port), port, cwd=cwd, env=environment),
        httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client,
    ):
        urls = pages("", plain=False)
        for page in ("table", *SEARCH_TERMS):
            timing = measure.latency(client, urls[page], requests)
            missing = _timed_out(client, urls[page])
            figures = f"p50 {timing.p50_ms:.1f} ms, p95 {timing.p95_ms:.1f} ms, statuses {timing.statuses}"
            print(f"{page}: {figures}, facets timed out: {missing or 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=ROOT / "build" / "bench" / "db-100000" / "claims.db")
    parser.add_argument("--requests", type=int, default=30, help="Requests a page, after two warm-ups.")
    parser.add_argument("--code", type=Path, help="A directory holding the `claims` package to serve instead.")
    args = parser.parse_args()
    run(args.db, args.requests, args.code)


if __name__ == "__main__":
    main()
