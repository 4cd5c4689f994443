"""The database says which version of claims built it (SQLite's user_version); serve and export read no other."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from claims.build.building import SCHEMA_VERSION
from claims.cli import cli
from claims.web.serving import needs_build, other_version

from .conftest import ROOT, SEEDS


def version(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("pragma user_version").fetchone()[0]


def another_versions_copy(db_path: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "claims.db"
    shutil.copyfile(db_path, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute(f"pragma user_version = {SCHEMA_VERSION + 1}")
    return copy


def test_the_build_stamps_its_schema_version(db_path):
    assert version(db_path) == SCHEMA_VERSION > 0
    assert other_version(db_path) is None


def test_export_refuses_a_database_of_another_version(db_path, tmp_path):
    copy = another_versions_copy(db_path, tmp_path)
    result = CliRunner().invoke(cli, ["export", "--db", str(copy), "--seeds", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert f"{copy}: built by another version of claims (schema {SCHEMA_VERSION + 1}, not {SCHEMA_VERSION})" in (
        result.output
    )
    assert "rebuild it with `claims build`" in result.output


def test_serve_rebuilds_a_database_of_another_version_from_its_seeds(db_path, tmp_path):
    copy = another_versions_copy(db_path, tmp_path)
    assert needs_build(SEEDS, copy)  # however new the file is


def test_serve_without_seeds_refuses_a_database_of_another_version(db_path, tmp_path):
    copy = another_versions_copy(db_path, tmp_path)
    command = [sys.executable, "-m", "claims", "serve", "--db", str(copy), "--seeds", str(tmp_path / "no-seeds")]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"Error: {copy}: built by another version of claims (schema {SCHEMA_VERSION + 1}, not {SCHEMA_VERSION}):"
        " rebuild it with `claims build`"
    ]


def test_the_build_does_not_import_the_web_layer():
    code = "import sys, claims.build.building; print([m for m in sys.modules if m.split('.')[0] == 'datasette'])"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
