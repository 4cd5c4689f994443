"""Mapping a function over many items on all cores, in order, with bounded memory: the one pool helper."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.pool import Pool
from typing import Any, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

CHUNK = 32  # items handed to a worker at a time
FILES_IN_FLIGHT = 2048  # items in flight: results are consumed in order, so this bounds what waits in memory


def workers(jobs: int | None) -> int:
    """`jobs` worker processes, or one per core when it is 0 or None."""
    return jobs if jobs and jobs > 0 else os.cpu_count() or 1


@contextlib.contextmanager
def pool(
    jobs: int | None, setup: Callable[..., None] | None = None, setup_args: tuple[Any, ...] = ()
) -> Iterator[Pool | None]:
    """A pool of `jobs` worker processes, or None when one process (this one) will do."""
    count = workers(jobs)
    if count == 1:
        yield None
        return
    with multiprocessing.Pool(count, setup, setup_args) as started:
        yield started


def ordered_map(func: Callable[[S, T], R], items: Sequence[T], shared: S, jobs: int | None = None) -> Iterator[R]:
    """func(shared, item) for each item, in the items' order. `shared` goes to each worker once, when it starts,
    not with each item: large shared state (a registry, a speaker index) costs one copy per worker."""
    if workers(jobs) == 1 or len(items) < 2 * CHUNK:
        yield from (func(shared, item) for item in items)
        return
    with pool(jobs, _receive, (func, shared)) as started:
        assert started is not None
        windows = [items[start : start + FILES_IN_FLIGHT] for start in range(0, len(items), FILES_IN_FLIGHT)]
        pending = started.imap(_call, windows[0], CHUNK)
        for following in [*windows[1:], None]:
            # the next window is queued before this one is drained, so workers never wait for the consumer
            upcoming = started.imap(_call, following, CHUNK) if following is not None else None
            yield from pending
            pending = upcoming  # type: ignore[assignment]


_task: tuple[Callable[[Any, Any], Any], Any] | None = None  # in a worker process: what _receive was sent


def _receive(func: Callable[[Any, Any], Any], shared: Any) -> None:
    global _task
    _task = (func, shared)


def _call(item: Any) -> Any:
    assert _task is not None
    func, shared = _task
    return func(shared, item)
