"""A bounded load test: many readers at once on `claims serve` over loopback, for a fixed time.

    python -m benchmarks.loadtest --db PATH [--users 50] [--seconds 60] [--out benchmarks/loadtest.json]

Starts `claims serve` on a free port, runs locust headless (benchmarks/locustfile.py) against it, and writes
requests, failures, throughput and latency percentiles, overall and per page type, with the server's peak
memory. Prints a Markdown table; exits non-zero if any request failed or locust did not finish in time.
Locust rounds response times above 100 ms to two significant figures, so the percentiles are too.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import measure

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LOCUSTFILE = ROOT / "benchmarks" / "locustfile.py"
OVERRUN_S = 30  # locust is killed once it runs this much past its time


def serve_command(db: Path, port: int, work: Path, workers: int) -> list[str]:
    """`claims serve` of the database as it is: a seeds directory that does not exist never asks for a build."""
    command = [str(BIN / "claims"), "serve", "--db", str(db), "--seeds", str(work / "no-seeds"), "--port", str(port)]
    return [*command, "--workers", str(workers)]


def tree_cpu(process: measure.psutil.Process) -> float:
    """Processor seconds used so far by a process and its worker processes."""
    total = 0.0
    for member in [process, *process.children(recursive=True)]:
        with contextlib.suppress(measure.psutil.NoSuchProcess):
            times = member.cpu_times()
            total += times.user + times.system
    return total


def locust_command(host: str, users: int, seconds: int, prefix: Path) -> list[str]:
    return [
        str(BIN / "locust"),
        *("-f", str(LOCUSTFILE), "--headless", "-u", str(users), "-r", str(users), "-t", f"{seconds}s"),
        *("--host", host, "--csv", str(prefix), "--only-summary"),
    ]


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_locust(command: list[str], db: Path, seconds: int, log: Path) -> tuple[int | None, float, float]:
    """Locust's exit status (None if it had to be killed), its wall time and its CPU time: on a small machine
    the load generator takes CPU from the server."""
    env = {**os.environ, "LOADTEST_DB": str(db.resolve())}
    cpu = _children_cpu_s()  # counts the children waited for, and the server is still running
    started = time.perf_counter()
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            returncode: int | None = process.wait(seconds + OVERRUN_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            returncode = None
    return returncode, time.perf_counter() - started, _children_cpu_s() - cpu


def _number(value: str) -> float:
    return float(value) if value not in ("", "N/A") else 0.0


def read_stats(prefix: Path) -> dict[str, dict[str, Any]]:
    """Locust's `_stats.csv`: one entry per page type and "all" for the aggregate."""
    stats = {}
    with open(f"{prefix}_stats.csv", newline="") as file:
        for row in csv.DictReader(file):
            stats["all" if row["Name"] == "Aggregated" else row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "requests_per_s": round(_number(row["Requests/s"]), 1),
                "p50_ms": _number(row["50%"]),
                "p95_ms": _number(row["95%"]),
                "p99_ms": _number(row["99%"]),
                "max_ms": round(_number(row["Max Response Time"])),
                "mean_kb": round(_number(row["Average Content Size"]) / 1000, 1),
            }
    return stats


def read_failures(prefix: Path) -> list[dict[str, Any]]:
    """Locust's `_failures.csv`: each distinct error of each page type, with its count, most frequent first."""
    with open(f"{prefix}_failures.csv", newline="") as file:
        failures = [
            {"page": row["Name"], "error": row["Error"], "count": int(row["Occurrences"])}
            for row in csv.DictReader(file)
        ]
    return sorted(failures, key=lambda failure: -failure["count"])


def load_test(db: Path, users: int, seconds: int, workers: int) -> dict[str, Any]:
    port = measure.free_port()
    host = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="loadtest-") as tmp:
        work = Path(tmp)
        with measure.server(serve_command(db, port, work, workers), port, cwd=ROOT) as server:
            server_process = measure.psutil.Process(server.pid)
            rss_before = measure.tree_rss(server_process)
            cpu_before = tree_cpu(server_process)
            memory = measure.PeakMemory(server.pid)
            load_before = os.getloadavg()
            command = locust_command(host, users, seconds, work / "locust")
            returncode, wall, locust_cpu = run_locust(command, db, seconds, work / "log")
            peak = memory.stop()
            cpu_after = tree_cpu(server_process)
        log = (work / "log").read_text(errors="replace")
        if not Path(f"{work / 'locust'}_stats.csv").exists():
            raise RuntimeError(f"locust wrote no statistics (exit {returncode}):\n{log[-3000:]}")
        stats, failures = read_stats(work / "locust"), read_failures(work / "locust")
    return {
        "users": users,
        "seconds": seconds,
        "locust_exit": returncode,
        "locust_wall_s": round(wall, 1),
        "locust_cpu_s": round(locust_cpu, 1),
        "locust_log_tail": log.splitlines()[-5:] if returncode not in (0, 1) else [],
        "server_mb_before": round(rss_before / 1e6),
        "server_peak_mb": round(peak / 1e6),
        "server_cpu_s": round(cpu_after - cpu_before, 1),
        "server_workers": workers,
        "load_average_before": [round(x, 1) for x in load_before],
        "load_average_after": [round(x, 1) for x in os.getloadavg()],
        "overall": stats.pop("all"),
        "pages": stats,
        "failures": failures,
    }


def table(report: dict[str, Any]) -> str:
    """The figures as a Markdown table, the pages slowest first, and the failures under it."""
    lines = [
        f"{report['users']} users for {report['seconds']} s on {report['db']} ({report['machine']}); "
        f"server peak {report['server_peak_mb']} MB (before {report['server_mb_before']} MB), "
        f"{report['server_cpu_s']} s CPU (locust {report['locust_cpu_s']} s); load average before / after "
        f"{report['load_average_before'][0]} / {report['load_average_after'][0]}",
        "",
        "| page | requests | failures | req/s | p50 ms | p95 ms | p99 ms | max ms | mean KB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    pages = sorted(report["pages"].items(), key=lambda item: -item[1]["p95_ms"])
    for name, s in [*pages, ("**all**", report["overall"])]:
        lines.append(
            f"| {name} | {s['requests']:,} | {s['failures']:,} | {s['requests_per_s']} | {s['p50_ms']:.0f} "
            f"| {s['p95_ms']:.0f} | {s['p99_ms']:.0f} | {s['max_ms']:,} | {s['mean_kb']} |"
        )
    if report["failures"]:
        lines += ["", "| page | failures | error |", "|---|---|---|"]
        lines += [f"| {f['page']} | {f['count']:,} | {f['error'][:200]} |" for f in report["failures"]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="The database to serve.")
    parser.add_argument("--users", type=int, default=50, help="Concurrent users, all started at once.")
    parser.add_argument("--seconds", type=int, default=60, help="Duration of the load.")
    parser.add_argument("--workers", type=int, default=measure.cpu_count(), help="claims serve --workers")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "loadtest.json")
    args = parser.parse_args()
    if not args.db.is_file():
        parser.error(f"{args.db}: no such database")
    report: dict[str, Any] = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {measure.cpu_count()} cores, Python {platform.python_version()}",
        "command": "python -m benchmarks.loadtest " + " ".join(sys.argv[1:]),
        "db": str(args.db),
    }
    report |= load_test(args.db, args.users, args.seconds, args.workers)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(table(report))
    print(f"\nfigures in {os.path.relpath(args.out)}")
    if report["locust_exit"] is None:
        print(f"locust overran its {args.seconds} s by more than {OVERRUN_S} s and was killed", file=sys.stderr)
    sys.exit(0 if report["locust_exit"] == 0 and report["overall"]["failures"] == 0 else 1)


if __name__ == "__main__":
    main()
