"""Mapping a function over many files on all cores, in order, with bounded memory."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

CHUNK = 32  # files handed to a worker at a time
FILES_IN_FLIGHT = 2048  # files in flight: results are consumed in order, so this bounds what waits in memory


def workers(jobs: int | None) -> int:
    """`jobs` worker processes, or one per core when it is 0 or None."""
    return jobs if jobs and jobs > 0 else os.cpu_count() or 1


def ordered_map(
    func: Callable[[T], R],
    items: Sequence[T],
    jobs: int | None = None,
    setup: Callable[..., None] | None = None,
    setup_args: tuple[Any, ...] = (),
) -> Iterator[R]:
    """func(item) for each item, in the items' order. `setup(*setup_args)` runs first in every worker
    (and here when there is one process), so that large shared state is sent once, not with each item."""
    count = workers(jobs)
    if count == 1 or len(items) < 2 * CHUNK:
        if setup:
            setup(*setup_args)
        yield from map(func, items)
        return
    with multiprocessing.Pool(count, setup, setup_args) as pool:
        windows = [items[start : start + FILES_IN_FLIGHT] for start in range(0, len(items), FILES_IN_FLIGHT)]
        pending = pool.imap(func, windows[0], CHUNK)
        for following in [*windows[1:], None]:
            # the next window is queued before this one is drained, so workers never wait for the consumer
            upcoming = pool.imap(func, following, CHUNK) if following is not None else None
            yield from pending
            pending = upcoming  # type: ignore[assignment]
