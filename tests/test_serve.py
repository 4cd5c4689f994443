"""`claims serve`: a real Datasette process over the built file, which no request can change."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml

from claims.build.building import SCHEMA_VERSION
from claims.web.serving import needs_build

from .conftest import ROOT, SEED_ARTICLE, SEEDS, serving

# the claims table's facets, as metadata.yml configures them for a single process
METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text())
DEFAULT_FACETS = [
    column for facet in METADATA["databases"]["claims"]["tables"]["claims"]["facets"] for column in facet.values()
]


def fetch(url: str, method: str = "GET", data: bytes | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, method=method, data=data)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_serve_builds_the_database_and_serves_it(served):
    assert served.db.exists()
    status, body = fetch(f"{served.url}/claims/claims.json?_shape=objects&speaker_id=john-bolton")
    assert status == 200
    assert len(json.loads(body)["rows"]) == 3
    status, body = fetch(f"{served.url}/-/databases.json")
    assert json.loads(body)[0]["is_mutable"] is False  # immutable mode


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_requests_that_could_write_are_refused(served, method):
    before = hashlib.sha256(served.db.read_bytes()).hexdigest()
    for path in ("/claims/claims", "/claims/claims/-/insert", "/claims", "/-/logout"):
        status, _ = fetch(f"{served.url}{path}", method=method, data=b'{"row": {"id": "x"}}')
        assert status == 405, (method, path)
    assert hashlib.sha256(served.db.read_bytes()).hexdigest() == before


def test_sql_that_writes_is_refused(served):
    before = hashlib.sha256(served.db.read_bytes()).hexdigest()
    for sql in ("delete from claims", "update speakers set name = 'x'", "pragma writable_schema = 1"):
        status, _ = fetch(f"{served.url}/claims.json?" + urllib.parse.urlencode({"sql": sql}))
        assert status in (400, 403), sql
    assert hashlib.sha256(served.db.read_bytes()).hexdigest() == before


def test_arbitrary_sql_is_closed_to_the_public_and_canned_queries_stay_open(served):
    status, _ = fetch(f"{served.url}/claims.json?" + urllib.parse.urlencode({"sql": "select 1"}))
    assert status == 403
    status, _ = fetch(f"{served.url}/claims/speaker_claims.json?speaker=Bolton")
    assert status == 200


def test_a_database_older_than_its_seeds_is_rebuilt(seeds, tmp_path):
    db = tmp_path / "claims.db"
    assert needs_build(seeds, db)
    with contextlib.closing(sqlite3.connect(db)) as conn:  # an empty claims database of this version
        conn.execute("create table claims (id text)")
        conn.execute(f"pragma user_version = {SCHEMA_VERSION}")
    assert not needs_build(seeds, db)
    claims_file = seeds / "articles" / f"{SEED_ARTICLE.name}.claims.yml"
    later = db.stat().st_mtime + 5
    os.utime(claims_file, (later, later))
    assert needs_build(seeds, db)


def test_serve_gives_datasette_the_row_counts_of_the_immutable_file(served):
    inspected = json.loads(served.db.with_name(f"{served.db.name}.inspect.json").read_text())
    with sqlite3.connect(f"file:{served.db}?immutable=1", uri=True) as db:
        claims = db.execute("select count(*) from claims").fetchone()[0]
        tables = [name for (name,) in db.execute("select name from sqlite_master where type = 'table'")]
        counts = {name: db.execute(f'select count(*) from "{name}"').fetchone()[0] for name in tables}
    assert claims > 1
    assert inspected["claims"]["tables"]["claims"]["count"] == claims
    assert {name: table["count"] for name, table in inspected["claims"]["tables"].items()} == counts
    assert inspected["claims"]["hash"] == hashlib.sha256(served.db.read_bytes()).hexdigest()


def test_serve_on_several_worker_processes_keeps_every_guarantee(tmp_path):
    seeds = Path(shutil.copytree(SEEDS, tmp_path / "seeds"))
    with serving(seeds, tmp_path / "claims.db", "--workers", "2") as served:
        for _ in range(4):  # requests land on either worker
            status, body = fetch(f"{served.url}/claims/claims.json")
            assert status == 200
            assert set(json.loads(body)["facet_results"]) == set(DEFAULT_FACETS)
        assert fetch(f"{served.url}/claims.json?" + urllib.parse.urlencode({"sql": "select 1"}))[0] == 403
        assert fetch(f"{served.url}/claims/claims", method="POST", data=b"x")[0] == 405
