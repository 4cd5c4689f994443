"""Measuring tools for the benchmarks: wall time and peak memory of a process tree, HTTP latencies."""

from __future__ import annotations

import contextlib
import os
import socket
import statistics
import subprocess
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    returncode: int
    output: str


def tree_rss(process: psutil.Process) -> int:
    """Memory of a process and all its descendants, in bytes: the sum of their proportional set sizes, so
    that pages shared by forked workers count once, not once per process."""
    total = 0
    for member in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            total += member.memory_full_info().pss
    return total


class PeakMemory:
    """Samples the memory of a process tree every 20 ms in a thread; `peak` is the highest sum seen."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(psutil.NoSuchProcess):
                self.peak = max(self.peak, tree_rss(self.process))
            self._stop.wait(0.02)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run(command: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run a command to its end: wall seconds, peak memory of its process tree, exit status, output."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    memory = PeakMemory(process.pid)
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    return Run(seconds, memory.stop() / 1e6, process.returncode, output)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def server(
    command: Sequence[str], port: int, cwd: Path | None = None, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """A server process, yielded once it answers on the port, stopped afterwards."""
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"http://127.0.0.1:{port}/-/versions.json", timeout=5).status_code == 200:
                    break
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} exited with {process.returncode}")
            time.sleep(0.2)
        else:
            raise RuntimeError(f"{command} did not answer on port {port}")
        yield process
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def percentile(values: Sequence[float], fraction: float) -> float:
    """The value below which `fraction` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))]


@dataclass
class Latency:
    p50_ms: float
    p95_ms: float
    requests: int
    statuses: list[int]


def latency(client: httpx.Client, url: str, requests: int, warmup: int = 2) -> Latency:
    """Sequential GETs of one URL: the median and 95th percentile in milliseconds."""
    for _ in range(warmup):
        client.get(url)
    timings, statuses = [], []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        statuses.append(response.status_code)
    return Latency(statistics.median(timings), percentile(timings, 0.95), requests, sorted(set(statuses)))


def cpu_count() -> int:
    return os.cpu_count() or 1
