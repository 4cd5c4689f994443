"""`claims extract --scheduler ADDRESS`: the same extraction, on a Dask distributed cluster of many machines.

Each article is one task that reads its file and writes its draft through paths every worker can reach (a shared
file system: NFS, a cluster's scratch disk); only the paths, the outcome and the proposed speakers travel back.
The registry's speaker index goes to every worker once, not with each task. A task never raises: a failed
article comes back with its error and is reported by name while the rest go through. Dask is an optional
dependency (`pip install -e '.[dask]'`), imported only here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

Outcome = tuple[Path, str | None, list[dict], str | None]  # article, draft written, new speakers, error


def extract_on_cluster(
    address: str, jobs: list[tuple[Any, ...]], extract_one: Callable[[tuple[Any, ...]], Outcome]
) -> Iterator[Outcome]:
    """Run `extract_one(job)` for every job on the cluster at `address`, yielding outcomes as tasks finish. Each
    job's fifth element is the speaker index, shared by all: it is sent to every worker once."""
    try:
        from distributed import Client, as_completed
    except ImportError as error:  # pragma: no cover - the extra is installed wherever the tests run
        raise RuntimeError("--scheduler needs Dask: pip install -e '.[dask]'") from error
    with Client(address, timeout="30s") as client:
        if not jobs:
            return
        index = client.scatter(jobs[0][4], broadcast=True)
        light = [(*job[:4], None, *job[5:]) for job in jobs]
        futures = client.map(_with_index, light, index=index, extract_one=extract_one, pure=False)
        for future in as_completed(futures):
            yield future.result()
            future.release()


def _with_index(job: tuple[Any, ...], index: Any, extract_one: Callable[[tuple[Any, ...]], Outcome]) -> Outcome:
    return extract_one((*job[:4], index, *job[5:]))
