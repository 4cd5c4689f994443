"""Extraction on a real Dask cluster on this machine: articles a second with one worker process and with two.

    python -m benchmarks.cluster [--copies N]

The articles are the 800-word articles of `benchmarks.extraction_speed` (real paragraphs of the gold texts),
repeated N times under new names; each worker writes its drafts to a temporary directory as on a shared disk.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from distributed import LocalCluster

from benchmarks.extraction_speed import articles, eight_hundred_word_articles
from claims.cli import SCHEMA_DIR, _registry
from claims.intake.cluster import map_on_cluster
from claims.intake.extracting import Batch, draft_to_file

ROOT = Path(__file__).resolve().parent.parent


def rate(workers: int, folder: Path, out: Path) -> float:
    out.mkdir()
    batch = Batch(dt.date(2019, 6, 1), "wikinews", None, _registry(ROOT / "seeds"), out, "yaml", SCHEMA_DIR)
    paths = sorted(folder.glob("*.txt"))
    with LocalCluster(n_workers=workers, threads_per_worker=1, host="127.0.0.1", dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        list(map_on_cluster(address, draft_to_file, paths[: workers * 4], batch))  # warm the workers
        started = time.perf_counter()
        failed = sum(1 for drafted in map_on_cluster(address, draft_to_file, paths, batch) if drafted.error)
        seconds = time.perf_counter() - started
    assert failed == 0
    return len(paths) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    options = parser.parse_args()
    texts = eight_hundred_word_articles(articles())
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "articles"
        folder.mkdir()
        for copy in range(options.copies):
            for number, (text, _) in enumerate(texts):
                (folder / f"article-{copy:03d}-{number:03d}.txt").write_text(text, encoding="utf-8")
        count = len(texts) * options.copies
        one = rate(1, folder, Path(work) / "out-1")
        two = rate(2, folder, Path(work) / "out-2")
    print(f"{count} articles of about 800 words on a local Dask cluster (one thread a worker process):")
    print(f"1 worker: {one:.0f} articles a second; 2 workers: {two:.0f} a second ({two / one:.2f}x)")


if __name__ == "__main__":
    main()
