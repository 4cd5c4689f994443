"""`claims extract --scheduler ADDRESS`: the same extraction, on a Dask distributed cluster of many machines.

Each article is one task that reads its file and writes its draft through paths every worker can reach (a shared
file system: NFS, a cluster's scratch disk); only the paths, the outcome and the proposed speakers travel back.
What the tasks share (the settings and the registry's speaker index) goes to every worker once, not with each
task. A task never raises: a failed article comes back with its error and is reported by name while the rest go
through. Dask is an optional dependency (`pip install -e '.[dask]'`), imported only here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")


def map_on_cluster(address: str, func: Callable[[S, T], R], items: Sequence[T], shared: S) -> Iterator[R]:
    """func(shared, item) for every item on the cluster at `address`, yielded as the tasks finish."""
    try:
        from distributed import Client, as_completed
    except ImportError as error:  # pragma: no cover - the extra is installed wherever the tests run
        raise RuntimeError("--scheduler needs Dask: pip install -e '.[dask]'") from error
    with Client(address, timeout="30s") as client:
        if not items:
            return
        scattered = client.scatter(shared, broadcast=True)
        futures = client.map(func, [scattered] * len(items), items, pure=False)
        for future in as_completed(futures):
            yield future.result()
            future.release()
