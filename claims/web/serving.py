"""Publishing the database read-only with Datasette."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from ..build.building import SCHEMA_VERSION
from ..build.incremental import SERVED, remove_stale_links
from .asgi import ENVIRONMENT

# Settings for a public, read-only instance; see README "Publishing". The time limits leave room for a
# search on a common word over a million claims while fifty readers load the server (BENCHMARKS.md); with
# arbitrary SQL closed they only bound the queries Datasette writes itself.
SETTINGS = {
    "default_page_size": "50",
    "sql_time_limit_ms": "2500",
    "facet_time_limit_ms": "1000",
    "max_returned_rows": "1000",
    "allow_facet": "on",
    "suggest_facets": "off",
    "allow_download": "on",
}


def needs_build(seeds: Path, db: Path) -> bool:
    """True when the database is missing, older than anything in seeds/, or built by another version."""
    if not db.exists() or other_version(db) is not None:
        return True
    built = db.stat().st_mtime
    return any(path.stat().st_mtime > built for path in [seeds, *seeds.rglob("*")] if path.exists())


def other_version(db: Path) -> str | None:
    """Why a database cannot be read by this version of claims (one line, naming it), or None when it can."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            conn.execute("select 1 from claims limit 0")
            version = conn.execute("pragma user_version").fetchone()[0]
    except sqlite3.Error as error:
        return f"{db}: {error}: not a claims database; build one with `claims build`"
    if version == SCHEMA_VERSION:
        return None
    return (
        f"{db}: built by another version of claims (schema {version}, not {SCHEMA_VERSION}):"
        " rebuild it with `claims build`"
    )


TEMPLATES = Path(__file__).parent / "templates"


def served_link(db: Path) -> Path:
    """A hard link to the published database for this server process alone, so that the file it reads is never
    the one a later build updates in place: a build updates its spare only when no such link points to it (see
    claims/build/incremental.py). Where hard links cannot be made, the database itself is served."""
    remove_stale_links(db)
    link = db.parent / SERVED / str(os.getpid()) / db.name
    try:
        link.parent.mkdir(parents=True, exist_ok=True)
        link.unlink(missing_ok=True)
        os.link(db, link)
    except OSError:
        return db
    return link


def inspect_file(db: Path) -> Path:
    """`datasette inspect` of the database (its hash and every table's row count), made again whenever the
    database is newer, so that Datasette need not count a million rows for each unfiltered page."""
    target = db.with_name(f"{db.name}.inspect.json")
    if not target.exists() or target.stat().st_mtime < db.stat().st_mtime:
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        command = [sys.executable, "-m", "datasette", "inspect", str(db), "--inspect-file", str(temporary)]
        subprocess.run(command, check=True)
        os.replace(temporary, target)
    return target


def datasette_args(db: Path, metadata: Path, host: str, port: int, served: Path | None = None) -> list[str]:
    """Datasette serving `db` (through `served`, its link, when given) read-only with our settings."""
    args = ["serve", "--immutable", str(served or db), "--metadata", str(metadata), "--host", host]
    args += ["--port", str(port), "--template-dir", str(TEMPLATES), "--inspect-file", str(inspect_file(db))]
    for name, value in SETTINGS.items():
        args += ["--setting", name, value]
    return args


def worker_args(
    db: Path, metadata: Path, host: str, port: int, workers: int, served: Path | None = None
) -> tuple[list[str], dict[str, str]]:
    """uvicorn running `workers` processes of the same Datasette app, and the environment that describes it."""
    config = {
        "db": str(served or db),
        "metadata": str(metadata),
        "settings": SETTINGS,
        "templates": str(TEMPLATES),
        "inspect": str(inspect_file(db)),
    }
    args = ["-m", "uvicorn", "claims.web.asgi:create_app", "--factory", "--workers", str(workers)]
    args += ["--host", host, "--port", str(port)]
    return args, {**os.environ, ENVIRONMENT: json.dumps(config)}


def exec_workers(args: list[str], environment: dict[str, str]) -> None:
    sys.stdout.flush()
    os.execve(sys.executable, [sys.executable, *args], environment)


def exec_datasette(args: list[str]) -> None:
    """Replace this process with Datasette, so signals and exit codes are Datasette's own."""
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, "-m", "datasette", *args])
