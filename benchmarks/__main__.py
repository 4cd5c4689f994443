"""The scale benchmark: extraction, build and Datasette, each beside its plain baseline, in one run.

    python -m benchmarks [--sizes 1000,10000,100000] [--requests 30] [--work build/bench]

Synthetic corpora (benchmarks/corpus.py) are generated once per size and kept in the work directory.
Prints a table and writes every figure to benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import multiprocessing
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import yaml

from benchmarks import measure
from benchmarks.corpus import generate
from claims.corpus.walk import load_corpus
from claims.extraction import clear_caches, extract

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# The claims table's facets, as metadata.yml configures them ({"summary": column} each); each must be on every
# table page.
_TABLES = yaml.safe_load((Path(__file__).resolve().parent.parent / "metadata.yml").read_text())["databases"]["claims"]
FACETS = [column for facet in _TABLES["tables"]["claims"]["facets"] for column in facet.values()]
# A topical word (about 1% of the claims match) and a common one (about 10%, it is in many speakers' titles).
SEARCH_TERMS = {"search (topical word)": "vaccine", "search (common word)": "minister"}
TABLES = ["outlets", "speakers", "speaker_aliases", "articles", "claims"]


def corpus(work: Path, size: int) -> Path:
    """The synthetic corpus of `size` articles, generated on first use (seed 1)."""
    target = work / f"corpus-{size}"
    done = target / ".complete"
    if not done.exists():
        generate(target, size, seed=1)
        done.write_text("ok\n")
    return target


def _extract_all(texts: list[tuple[str, dt.date]]) -> int:
    clear_caches()
    return sum(len(extract(text, published)) for text, published in texts)


def extraction(seeds: Path, articles: int, rounds: int = 3) -> dict[str, Any]:
    """Articles a second, on one core (median of rounds) and on every core (one process per core)."""
    loaded, problems = load_corpus(seeds)
    assert not problems, problems[:3]
    texts = [(a.text, a.meta.published) for a in loaded.articles[:articles]]
    words = statistics.mean(len(text.split()) for text, _ in texts)
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        _extract_all(texts)
        timings.append(time.perf_counter() - started)
    one = len(texts) / statistics.median(timings)
    cores = measure.cpu_count()
    shares = [texts[i::cores] for i in range(cores)]
    with multiprocessing.Pool(cores) as pool:
        pool.map(_extract_all, [t[:5] for t in shares])  # workers started and warm
        started = time.perf_counter()
        pool.map(_extract_all, shares)
        every = len(texts) / (time.perf_counter() - started)
    return {
        "articles": len(texts),
        "mean_words": round(words),
        "one_core_per_s": round(one),
        "all_cores_per_s": round(every),
        "cores": cores,
        "speedup": round(every / one, 2),
    }


def database(work: Path, size: int) -> Path:
    """Where the database of a corpus size is built; named claims.db, so Datasette serves it as /claims."""
    return work / f"db-{size}" / "claims.db"


def export_rows(db: Path, directory: Path) -> list[Path]:
    """The database's rows as newline-delimited JSON, one file per table, for the baseline load."""
    directory.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    files = []
    for table in TABLES:
        path = directory / f"{table}.ndjson"
        with path.open("w", encoding="utf-8") as out:
            for row in conn.execute(f"select * from [{table}]"):
                out.write(json.dumps(dict(row), ensure_ascii=False) + "\n")
        files.append(path)
    conn.close()
    return files


def build(work: Path, size: int) -> dict[str, Any]:
    """`claims build` (validation, rows, indexes, search, summaries) beside a plain `sqlite-utils insert`."""
    seeds = corpus(work, size)
    db = database(work, size)
    db.parent.mkdir(parents=True, exist_ok=True)
    ours = measure.run([str(BIN / "claims"), "build", "--full", "--seeds", str(seeds), "--db", str(db)])
    assert ours.returncode == 0, ours.output[-2000:]
    conn = sqlite3.connect(db)
    claims = conn.execute("select count(*) from claims").fetchone()[0]
    conn.close()
    files = export_rows(db, work / f"rows-{size}")
    plain_db = work / f"plain-{size}.db"
    plain_db.unlink(missing_ok=True)
    seconds, peak = 0.0, 0.0
    for path in files:
        command = [str(BIN / "sqlite-utils"), "insert", str(plain_db), path.stem, str(path), "--nl"]
        loaded = measure.run(command)
        assert loaded.returncode == 0, loaded.output[-2000:]
        seconds, peak = seconds + loaded.seconds, max(peak, loaded.peak_rss_mb)
    for path in files:
        path.unlink()
    return {
        "articles": size,
        "claims": claims,
        "build_s": round(ours.seconds, 1),
        "build_peak_mb": round(ours.peak_rss_mb),
        "db_mb": round(db.stat().st_size / 1e6),
        "baseline_s": round(seconds, 1),
        "baseline_peak_mb": round(peak),
        "baseline_db_mb": round(plain_db.stat().st_size / 1e6),
        "ratio_to_baseline": round(ours.seconds / seconds, 2),
    }


def plain_datasette(work: Path) -> Path:
    """A virtualenv with nothing but Datasette (the same version), so that no plugin of ours is loaded."""
    venv = work / "plain-venv"
    exe = venv / "bin" / "datasette"
    if not exe.exists():
        import datasette.version

        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, f"datasette=={datasette.version.__version__}"], check=True)
    return exe


def _top_speaker(db: Path) -> str:
    conn = sqlite3.connect(db)
    top = conn.execute("select speaker_id from claims group by speaker_id order by count(*) desc limit 1").fetchone()
    conn.close()
    return top[0]


def _matches(db: Path) -> dict[str, int]:
    """How many claims each search word matches."""
    conn = sqlite3.connect(db)
    sql = "select count(*) from claims_fts where claims_fts match ?"
    counts = {word: conn.execute(sql, [word]).fetchone()[0] for word in SEARCH_TERMS.values()}
    conn.close()
    return counts


def pages(speaker: str, plain: bool) -> dict[str, str]:
    """The pages a reader opens. Plain Datasette has no metadata, so it is asked for the same facets and
    sort in the URL, and for the canned query's SQL directly."""
    facets = "".join(f"&_facet={f}" for f in FACETS) if plain else ""
    table = "/claims/claims?_sort_desc=published&_size=50" if plain else "/claims/claims?"
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text())
    canned_sql = metadata["databases"]["claims"]["queries"]["speaker_claims"]["sql"]
    canned = (
        f"/claims?{httpx.QueryParams({'sql': canned_sql, 'speaker': speaker})}"
        if plain
        else f"/claims/speaker_claims?speaker={speaker}"
    )
    return {
        "table": f"{table}{facets}",
        "speaker filter": f"{table}{facets}&speaker_id={speaker}",
        **{page: f"{table}{facets}&_search={word}" for page, word in SEARCH_TERMS.items()},
        "speaker page": f"/claims/speakers/{speaker}",
        "canned query": canned,
    }


def _timed_out(client: httpx.Client, url: str) -> list[str]:
    path, _, query = url.partition("?")
    if "/claims/claims" not in path:
        return []
    data = client.get(f"{path}.json?{query}").json()
    return list(data.get("facets_timed_out", [])) + [f for f in FACETS if f not in data.get("facet_results", {})]


def csv_url(base: str, speaker: str, plain: bool) -> str:
    """The CSV link of the claims table filtered on a speaker, as the page offers it: the whole view from `claims
    serve`; plain Datasette's link gives one page, so its whole view is its own stream (`_stream=on`)."""
    url = f"{base}/claims/claims.csv?speaker_id={speaker}&_labels=on&_size=max"
    return f"{url}&_stream=on" if plain else url


def csv_export(client: httpx.Client, url: str, server_pid: int) -> dict[str, Any]:
    """Every claim of a view as CSV, as a reader downloads it: rows a second, and the server's memory."""
    memory = measure.PeakMemory(server_pid)
    before = measure.tree_rss(measure.psutil.Process(server_pid))
    started = time.perf_counter()
    with client.stream("GET", url, timeout=600) as response:
        rows = sum(1 for _ in csv.reader(response.iter_lines())) - 1  # less the header
    seconds = time.perf_counter() - started
    peak = memory.stop()
    return {
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds),
        "server_mb_before": round(before / 1e6),
        "server_peak_mb": round(peak / 1e6),
    }


def serve(work: Path, db: Path, requests: int) -> dict[str, Any]:
    """The same pages served by `claims serve` and by plain `datasette serve` of the same file, one server at
    a time so that neither competes with the other for the two cores."""
    speaker = _top_speaker(db)
    port = measure.free_port()
    commands = {
        "claims serve": [str(BIN / "claims"), "serve", "--db", str(db), "--seeds", str(work / "no-seeds")],
        "plain datasette": [str(plain_datasette(work)), "serve", str(db)],
    }
    results: dict[str, Any] = {"speaker": speaker, "search": _matches(db), "requests": requests, "pages": {}}
    for label, command in commands.items():
        plain = label == "plain datasette"
        with (
            measure.server([*command, "--port", str(port)], port, cwd=ROOT) as process,
            httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client,
        ):
            for page, url in pages(speaker, plain).items():
                timing = measure.latency(client, url, requests)
                results["pages"].setdefault(page, {})[label] = {
                    "p50_ms": round(timing.p50_ms, 1),
                    "p95_ms": round(timing.p95_ms, 1),
                    "statuses": timing.statuses,
                    "facets_timed_out": _timed_out(client, url),
                }
            url = csv_url(f"http://127.0.0.1:{port}", speaker, plain)
            results.setdefault("csv", {})[label] = csv_export(client, url, process.pid)
    return results


def table(report: dict[str, Any]) -> str:
    """The figures as Markdown tables."""
    lines = ["| extraction | articles/s |", "|---|---|"]
    ex = report["extraction"]
    lines += [
        f"| one core ({ex['articles']} articles of {ex['mean_words']} words) | {ex['one_core_per_s']} |",
        f"| {ex['cores']} cores | {ex['all_cores_per_s']} ({ex['speedup']}x) |",
        "",
        "| articles | claims | build s | peak MB | db MB | baseline s | baseline peak MB | build/baseline |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for b in report["build"]:
        lines.append(
            f"| {b['articles']:,} | {b['claims']:,} | {b['build_s']} | {b['build_peak_mb']} | {b['db_mb']} "
            f"| {b['baseline_s']} | {b['baseline_peak_mb']} | {b['ratio_to_baseline']} |"
        )
    served = report["serve"]
    lines += [
        "",
        f"Datasette at {report['build'][-1]['claims']:,} claims, {served['requests']} requests a page; speaker "
        f"filter on the most quoted speaker, searches matching {served['search']} claims:",
        "",
        "| page | claims serve p50 / p95 ms | plain datasette p50 / p95 ms | p50 ratio | facets timed out |",
        "|---|---|---|---|---|",
    ]
    for page, entry in served["pages"].items():
        ours, plain = entry["claims serve"], entry["plain datasette"]
        for name, figures in (("claims serve", ours), ("plain datasette", plain)):
            if figures["statuses"] != [200]:
                lines.append(f"| {page}: {name} answered {figures['statuses']} | | | | |")
        lines.append(
            f"| {page} | {ours['p50_ms']} / {ours['p95_ms']} | {plain['p50_ms']} / {plain['p95_ms']} "
            f"| {plain['p50_ms'] / ours['p50_ms']:.1f}x | {len(ours['facets_timed_out'])} / "
            f"{len(plain['facets_timed_out'])} |"
        )
    lines += ["", "| CSV link of a speaker's claims | rows | rows/s | server MB before / peak |", "|---|---|---|---|"]
    for label, export in served["csv"].items():
        lines.append(
            f"| {label} | {export['rows']:,} | {export['rows_per_s']:,} | {export['server_mb_before']} / "
            f"{export['server_peak_mb']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="Corpus sizes in articles.")
    parser.add_argument("--requests", type=int, default=30, help="Requests per page and server.")
    parser.add_argument("--extraction-articles", type=int, default=2000)
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    args.work.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "machine": f"{platform.machine()}, {measure.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}",
        "command": "python -m benchmarks " + " ".join(sys.argv[1:]),
    }
    print("generating corpora ...", flush=True)
    for size in sizes:
        corpus(args.work, size)
    print("extraction ...", flush=True)
    report["extraction"] = extraction(corpus(args.work, min(sizes[-1], 10_000)), args.extraction_articles)
    report["build"] = []
    for size in sizes:
        print(f"build {size} ...", flush=True)
        report["build"].append(build(args.work, size))
    print("serving ...", flush=True)
    report["serve"] = serve(args.work, database(args.work, sizes[-1]), args.requests)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(table(report))
    print(f"\nfigures in {os.path.relpath(args.out)}")


if __name__ == "__main__":
    main()
