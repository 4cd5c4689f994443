"""`claims extract --scheduler`: the same drafts from a real Dask cluster (a scheduler and two worker processes over
TCP on 127.0.0.1) as from one process, a failed article reported by name while the rest go through."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import LocalCluster

from .conftest import ROOT

GOLD = ROOT / "tests" / "gold" / "dev" / "articles"


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, protocol="tcp", host="127.0.0.1", dashboard_address=None
    ) as local:
        assert len(local.workers) == 2 and local.scheduler_address.startswith("tcp://127.0.0.1:")
        yield local.scheduler_address


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for text in sorted(GOLD.glob("*.txt"))[:12]:
        shutil.copyfile(text, folder / text.name)
    return folder


def extract(articles: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "claims", "extract", str(articles), "--out", str(out), "--outlet", "wikinews"]
    command += ["--published", "2019-06-01", *options]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def drafts(out: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(out.glob("*.claims.yml"))}


def test_a_cluster_drafts_what_one_process_drafts(cluster, articles, tmp_path):
    one, many = tmp_path / "one", tmp_path / "cluster"
    assert extract(articles, one, "--jobs", "1").returncode == 0
    done = extract(articles, many, "--scheduler", cluster)
    assert done.returncode == 0, done.stderr
    assert len(drafts(one)) == 12
    assert drafts(many) == drafts(one)
    assert (many / "proposed-speakers.yml").read_text() == (one / "proposed-speakers.yml").read_text()


def test_a_failed_article_is_named_and_the_rest_go_through(cluster, articles, tmp_path):
    (articles / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00 not an article")
    done = extract(articles, tmp_path / "out", "--scheduler", cluster)
    assert done.returncode == 1
    assert "broken.txt:" in done.stderr
    assert "12 draft(s)" in done.stderr and "1 failed" in done.stderr
    assert len(drafts(tmp_path / "out")) == 12
