"""Nobody can change the published data: attacks on a real `claims serve` process, one case each.

The module serves a private copy of the database (built here, kept writable on disk, so that any write that got
through would show) and checks after every case that the file is byte-identical, that no file appeared beside
it or where an attack tried to create one, and that the server still sees the same schema and rows.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from claims.build.building import build
from claims.build.incremental import SERVED
from claims.web.serving import SETTINGS

from .conftest import ROOT, SEEDS, free_port

TIME_LIMIT = int(SETTINGS["sql_time_limit_ms"]) / 1000
CLIENT_TIMEOUT = 30.0
# How long past the time limit a cut-off query may take to come back on a busy 2-core machine.
SLACK = 4.0

# What the server sees of the data: schema, attached and temporary databases, and every table's rows.
FINGERPRINT_SQL = """
select
  (select group_concat(type || ' ' || name || ' ' || coalesce(sql, ''), char(10))
     from (select * from sqlite_master order by type, name)) as schema,
  (select group_concat(name, ',') from temp.sqlite_master) as temp_schema,
  (select group_concat(name || '=' || file, ',') from pragma_database_list) as databases,
  (select schema_version from pragma_schema_version()) as schema_version,
  (select group_concat(id || ' ' || speaker_id || ' ' || quote, char(10)) from (select * from claims order by id))
    as claims,
  (select group_concat(id || ' ' || name || ' ' || coalesce(role, ''), char(10))
     from (select * from speakers order by id)) as speakers,
  (select group_concat(id || ' ' || name, char(10)) from (select * from outlets order by id)) as outlets,
  (select group_concat(id || ' ' || sha256, char(10)) from (select * from articles order by id)) as articles,
  (select count(*) from speaker_aliases) as aliases,
  (select count(*) from claims) as claim_count
"""


@dataclass
class Published:
    url: str
    port: int
    db: Path
    targets: Path  # where attacks try to create files; must stay empty
    process: subprocess.Popen
    sha256: str
    mtime_ns: int
    beside: list[str]  # the files in the database's directory before anything ran
    fingerprint: dict
    row_id: str


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(client: httpx.Client, sql: str) -> list[dict]:
    response = client.get("/claims.json", params={"sql": sql, "_shape": "array"})
    assert response.status_code == 200, response.text[:500]
    return response.json()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Published]:
    """`claims serve` on a free port over a private database, built before the server starts."""
    work = tmp_path_factory.mktemp("readonly")
    seeds = Path(shutil.copytree(SEEDS, work / "seeds"))
    directory = work / "published"
    directory.mkdir()
    targets = work / "targets"
    targets.mkdir()
    db = directory / "claims.db"
    build(seeds, db)  # newer than the seeds, so `claims serve` serves it as it is
    digest, mtime_ns = sha256(db), db.stat().st_mtime_ns
    # The public metadata closes arbitrary SQL; it is opened here so that every attack meets the most
    # permissive configuration (a private instance may open it) and must still change nothing.
    metadata = work / "metadata.yml"
    metadata.write_text((ROOT / "metadata.yml").read_text().replace("allow_sql: false", "allow_sql: true"))
    port = free_port()
    command = [sys.executable, "-m", "claims", "serve", "--seeds", str(seeds), "--db", str(db), "--port", str(port)]
    command += ["--metadata", str(metadata)]
    # The server's log goes to a file: a pipe nobody reads fills up after a few hundred requests and blocks it.
    log = (work / "serve.log").open("w")
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"{url}/-/versions.json", timeout=1)
            break
        except httpx.HTTPError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"claims serve did not start: {(work / 'serve.log').read_text()}") from None
            time.sleep(0.2)
    try:
        # what lies beside the database once it is served: claims serve adds its inspect file and its own link to
        # the file it serves (which no build updates in place), then nothing may
        beside = sorted(os.listdir(directory))
        assert beside == [SERVED, "claims.db", "claims.db.inspect.json"]
        link = directory / SERVED / str(process.pid) / "claims.db"
        assert link.stat().st_ino == db.stat().st_ino
        with httpx.Client(base_url=url, timeout=CLIENT_TIMEOUT) as client:
            fingerprint = query(client, FINGERPRINT_SQL)[0]
            row_id = query(client, "select id from claims order by id limit 1")[0]["id"]
        assert fingerprint["databases"].split(",") == [f"main={link}", "temp="]
        yield Published(url, port, db, targets, process, digest, mtime_ns, beside, fingerprint, row_id)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def client(published: Published) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=published.url, timeout=CLIENT_TIMEOUT) as client:
        yield client


def assert_nothing_changed(published: Published, client: httpx.Client) -> None:
    assert published.process.poll() is None, "claims serve died"
    assert sha256(published.db) == published.sha256
    assert published.db.stat().st_mtime_ns == published.mtime_ns
    assert sorted(os.listdir(published.db.parent)) == published.beside  # no -wal, -shm, -journal or attached file
    assert os.listdir(published.targets) == []
    # Datasette runs queries on several connections; ask a few times so that more than one is likely seen.
    for _ in range(3):
        assert query(client, FINGERPRINT_SQL)[0] == published.fingerprint


def fill(template: str, published: Published) -> str:
    return template.format(row=published.row_id, target=published.targets, beside=published.db.parent)


# --- requests with a method that could write -------------------------------------------------------------------

WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE", "PROPFIND", "PROPPATCH", "MKCOL", "MOVE"]

PATHS = [
    "/",
    "/claims",
    "/claims.json",
    "/claims/claims",
    "/claims/claims.json",
    "/claims/claims/{row}",
    "/claims/claims/{row}.json",
    "/claims/speaker_leaderboard",
    "/claims/speaker_claims.json",
    "/claims.db",
    # Datasette's JSON write API (1.0 alphas; not routed in 0.65, refused before routing anyway)
    "/claims/-/create",
    "/claims/claims/-/insert",
    "/claims/claims/-/upsert",
    "/claims/claims/-/drop",
    "/claims/claims/{row}/-/update",
    "/claims/claims/{row}/-/delete",
    "/-/create-token",
    # debugging and session endpoints
    "/-/permissions",
    "/-/allow-debug",
    "/-/messages",
    "/-/auth-token",
    "/-/logout",
]

WRITE_API_PATHS = [path for path in PATHS if "/-/" in path]

WRITE_BODY = {
    "row": {"id": "evil", "quote": "made up"},
    "rows": [{"id": "evil"}],
    "update": {"quote": "made up"},
    "table": "evil",
    "columns": [{"name": "x"}],
    "sql": "delete from claims",
    "confirm": True,
}


@pytest.mark.parametrize("path", PATHS, ids=[path.replace("{row}", "<id>") for path in PATHS])
@pytest.mark.parametrize("method", WRITE_METHODS)
def test_a_method_that_could_write_is_refused(published, client, method, path):
    response = client.request(method, fill(path, published), json=WRITE_BODY)
    assert response.status_code == 405, (method, path, response.status_code, response.text[:300])
    assert "read-only" in response.text
    assert method not in response.headers["allow"]
    assert_nothing_changed(published, client)


@pytest.mark.parametrize("path", WRITE_API_PATHS, ids=[path.replace("{row}", "<id>") for path in WRITE_API_PATHS])
@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_a_read_method_with_a_write_body_changes_nothing(published, client, method, path):
    """GET, HEAD and OPTIONS pass the plugin: Datasette must not act on a body or a write path with them."""
    response = client.request(method, fill(path, published), json=WRITE_BODY)
    assert response.status_code < 500, response.text[:300]
    assert "evil" not in response.text
    assert_nothing_changed(published, client)


def raw_request(published: Published, head: bytes, body: bytes = b"") -> bytes:
    """Send bytes as they are (httpx would normalise the method) and return the status line."""
    with socket.create_connection(("127.0.0.1", published.port), timeout=10) as sock:
        sock.sendall(head + body)
        answer = b""
        while b"\r\n" not in answer and (chunk := sock.recv(4096)):
            answer += chunk
    return answer.split(b"\r\n")[0]


RAW_BODY = json.dumps(WRITE_BODY).encode()
RAW_CASES = {
    "lowercase post": b"post /claims/claims HTTP/1.1\r\n",
    "mixed-case Post": b"Post /claims/claims/-/insert HTTP/1.1\r\n",
    "lowercase delete": b"delete /claims/claims HTTP/1.1\r\n",
    "M-POST": b"M-POST /claims HTTP/1.1\r\n",
    "HTTP/1.0 POST": b"POST /claims HTTP/1.0\r\n",
}


@pytest.mark.parametrize("request_line", RAW_CASES.values(), ids=RAW_CASES.keys())
def test_an_odd_spelling_of_a_write_method_is_refused(published, client, request_line):
    head = request_line + b"Host: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
    status = raw_request(published, head + b"Content-Length: %d\r\n\r\n" % len(RAW_BODY), RAW_BODY)
    assert status.startswith((b"HTTP/1.1 405", b"HTTP/1.0 405")), status
    assert_nothing_changed(published, client)


def test_a_websocket_upgrade_gets_no_connection(published, client):
    """The plugin only looks at HTTP scopes; a WebSocket scope reaches Datasette, which cannot answer it."""
    head = (
        b"GET /claims/claims/-/insert HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    status = raw_request(published, head)
    assert not status.startswith(b"HTTP/1.1 101"), status
    assert int(status.split()[1]) >= 400, status
    assert_nothing_changed(published, client)


# --- SQL that writes or escapes --------------------------------------------------------------------------------

SQL_ATTACKS = {
    "insert": "insert into speakers (id, name, type) values ('evil', 'Evil', 'person')",
    "insert-select": "insert into outlets select * from outlets",
    "insert-or-replace": "insert or replace into outlets (id, name) values ('wsws', 'Evil')",
    "upsert": "insert into outlets (id, name) values ('wsws', 'Evil') on conflict (id) do update set name = 'Evil'",
    "update": "update claims set quote = 'made up'",
    "delete": "delete from claims",
    "replace": "replace into outlets (id, name, url, country) values ('wsws', 'Evil', 'x', 'x')",
    "create-table": "create table evil (x)",
    "create-table-as-select": "create table evil as select * from claims",
    "create-temp-table": "create temp table evil (x)",
    "create-index": "create index evil on claims (quote)",
    "create-view": "create view evil as select 1",
    "create-trigger": "create trigger evil after insert on outlets begin delete from claims; end",
    "create-virtual-table": "create virtual table evil using fts4 (x)",
    "drop-table": "drop table claims",
    "drop-view": "drop view claims_with_names",
    "alter-table-add-column": "alter table claims add column evil text",
    "alter-table-rename": "alter table claims rename to evil",
    "attach-file": "attach database '{target}/attached.db' as evil",
    "attach-file-beside-the-db": "attach database '{beside}/attached.db' as evil",
    "attach-uri-rwc": "attach database 'file:{target}/uri.db?mode=rwc' as evil",
    "attach-memory": "attach database ':memory:' as evil",
    "detach": "detach database main",
    "vacuum": "vacuum",
    "vacuum-into-file": "vacuum into '{target}/vacuumed.db'",
    "reindex": "reindex",
    "analyze": "analyze",
    "begin-immediate": "begin immediate",
    "savepoint": "savepoint evil",
    "load-extension": "select load_extension('{target}/evil.so')",
    "load-extension-with-entry-point": "select load_extension('libc.so.6', 'system')",
    "pragma-journal-mode-wal": "pragma journal_mode = wal",
    "pragma-user-version": "pragma user_version = 5",
    "pragma-writable-schema": "pragma writable_schema = 1",
    "pragma-function-journal-mode": "select * from pragma_journal_mode('wal')",
    "pragma-function-user-version": "select * from pragma_user_version",
    "with-insert": "with x as (select 1) insert into outlets select 'evil', 'Evil', null, null from x",
    "with-update": "with x as (select 1) update claims set quote = 'made up'",
    "with-delete": "with x as (select 1) delete from claims",
    "cte-delete-returning": "with d as (delete from claims returning *) select * from d",
    "two-statements": "select 1; delete from claims",
    "two-statements-no-space": "select 1;drop table claims",
    "line-comment-hides-second": "select 1 -- harmless\n; delete from claims",
    "block-comment-hides-second": "select 1 /* harmless */; drop table claims",
    "block-comment-before-write": "/* select */ delete from claims",
    "line-comment-before-write": "-- select\ndelete from claims",
    "writefile": "select writefile('{target}/written.txt', 'evil')",
    "readfile": "select readfile('/etc/passwd')",
    "edit": "select edit('x', 'true')",
}

SQL_ENDPOINTS = {"json": "/claims.json", "html-form": "/claims"}


@pytest.mark.parametrize("sql", SQL_ATTACKS.values(), ids=SQL_ATTACKS.keys())
@pytest.mark.parametrize("endpoint", SQL_ENDPOINTS.values(), ids=SQL_ENDPOINTS.keys())
def test_sql_that_writes_or_escapes_is_refused(published, client, endpoint, sql):
    response = client.get(endpoint, params={"sql": fill(sql, published)})
    if endpoint.endswith(".json"):
        data = response.json()
        assert response.status_code >= 400 or data.get("ok") is False, (response.status_code, response.text[:300])
        assert data.get("error"), response.text[:300]
        assert not data.get("rows"), response.text[:300]
    else:
        assert response.status_code >= 400, (response.status_code, response.text[:300])
        assert "root:" not in response.text  # readfile('/etc/passwd') did not read
    assert_nothing_changed(published, client)


# (path, params, what comes back): "refused", "no rows", or the rows when a parameter is bound as a value.
PARAMETER_ATTACKS = {
    "table-where-two-statements": ("/claims/claims.json", {"_where": "1); delete from claims; --"}, "refused"),
    "table-where-load-extension": (
        "/claims/claims.json",
        {"_where": "1 = (select load_extension('libc.so.6'))"},
        "refused",
    ),
    "table-sort-injection": ("/claims/claims.json", {"_sort": "quote; drop table claims"}, "refused"),
    "table-search-injection": ("/claims/claims.json", {"_search": "x'); drop table claims; --"}, "no rows"),
    "table-sql-parameter-ignored": ("/claims/claims.json", {"sql": "delete from claims"}, "no rows"),
    "canned-query-parameter-injection": (
        "/claims/speaker_claims.json",
        {"speaker": "x'; delete from claims; --"},
        "no rows",
    ),
    "canned-query-sql-override": (
        "/claims/speaker_claims.json",
        {"speaker": "x", "sql": "delete from claims"},
        "no rows",
    ),
    "bound-parameter-injection": (
        "/claims.json",
        {"sql": "select :x as x", "x": "1; delete from claims"},
        [{"x": "1; delete from claims"}],
    ),
}


@pytest.mark.parametrize(("path", "params", "expected"), PARAMETER_ATTACKS.values(), ids=PARAMETER_ATTACKS.keys())
def test_sql_in_other_parameters_changes_nothing(published, client, path, params, expected):
    """Filters, sorts, searches and query parameters are either refused or bound as values, never run as SQL."""
    response = client.get(path, params={**params, "_shape": "objects"})
    data = response.json()
    if expected == "refused":
        assert response.status_code >= 400 and data.get("ok") is False, (response.status_code, response.text[:300])
    else:
        assert response.status_code == 200, response.text[:300]
        assert data["rows"] == ([] if expected == "no rows" else expected)
    assert_nothing_changed(published, client)


# hex() so that the pointer comes back as text; a fresh name each time, as re-registering a name is a 500 (SQLite's
# "out of memory" error path hands Python an error message it cannot decode).
FTS3_TOKENIZER = {
    "leaks-a-pointer": "select hex(fts3_tokenizer('simple')) as pointer",
    "registers-a-pointer": "select hex(fts3_tokenizer('{name}', fts3_tokenizer('simple'))) as registered, "
    "hex(fts3_tokenizer('{name}')) as found",
}


def fts3_sql(template: str) -> str:
    return template.replace("{name}", f"readonly_probe_{uuid.uuid4().hex}")


@pytest.mark.parametrize("sql", FTS3_TOKENIZER.values(), ids=FTS3_TOKENIZER.keys())
def test_fts3_tokenizer_changes_nothing_on_disk(published, client, sql):
    response = client.get("/claims.json", params={"sql": fts3_sql(sql)})
    assert response.status_code < 500, response.text[:300]
    assert_nothing_changed(published, client)


# SQLite here is built with ENABLE_FTS3_TOKENIZER: fts3_tokenizer() would answer a memory address and register an
# arbitrary pointer as a tokenizer; the plugin's authorizer denies it on every connection.
@pytest.mark.parametrize("sql", FTS3_TOKENIZER.values(), ids=FTS3_TOKENIZER.keys())
def test_fts3_tokenizer_is_refused(client, sql):
    response = client.get("/claims.json", params={"sql": fts3_sql(sql), "_shape": "objects"})
    data = response.json()
    assert response.status_code >= 400 or data.get("ok") is False, data.get("rows")


# --- queries that run long -------------------------------------------------------------------------------------

LONG_QUERIES = {
    "recursive-cte-to-1e9-json": (
        "/claims.json",
        {
            "sql": "with recursive c(x) as (select 1 union all select x + 1 from c where x < 1000000000) "
            "select count(*) from c"
        },
    ),
    "recursive-cte-to-1e9-html-form": (
        "/claims",
        {
            "sql": "with recursive c(x) as (select 1 union all select x + 1 from c where x < 1000000000) "
            "select count(*) from c"
        },
    ),
    "eight-way-cross-join-json": (
        "/claims.json",
        {"sql": "select count(*) from claims a, claims b, claims c, claims d, claims e, claims f, claims g, claims h"},
    ),
    "cross-join-in-table-where": (
        "/claims/claims.json",
        {
            "_where": "exists (select 1 from claims a, claims b, claims c, claims d, claims e, claims f, claims g, "
            "claims h where a.quote || b.quote || h.quote = 'never')"
        },
    ),
}

TOO_LONG = re.compile(r"took too long|interrupted", re.IGNORECASE)


def run_timed(client: httpx.Client, path: str, params: dict) -> tuple[httpx.Response, float]:
    start = time.monotonic()
    response = client.get(path, params=params)
    return response, time.monotonic() - start


@pytest.mark.parametrize(("path", "params"), LONG_QUERIES.values(), ids=LONG_QUERIES.keys())
def test_a_long_query_is_cut_off_by_the_time_limit(published, client, path, params):
    response, elapsed = run_timed(client, path, params)
    assert elapsed < TIME_LIMIT + SLACK, elapsed
    assert response.status_code >= 400, (response.status_code, response.text[:300])
    assert TOO_LONG.search(response.text), response.text[:300]
    assert query(client, "select count(*) as n from claims")[0]["n"] > 0  # still answering
    assert_nothing_changed(published, client)


def test_several_long_queries_at_once_are_all_cut_off_and_the_server_keeps_answering(published, client):
    path, params = LONG_QUERIES["recursive-cte-to-1e9-json"]

    def attack(_: int) -> tuple[httpx.Response, float]:
        with httpx.Client(base_url=published.url, timeout=CLIENT_TIMEOUT) as own:
            return run_timed(own, path, params)

    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=4) as pool:
        attacks = [pool.submit(attack, n) for n in range(4)]
        time.sleep(0.2)
        versions = client.get("/-/versions.json")  # a page that needs no SQL thread
        results = [future.result() for future in attacks]
    assert versions.status_code == 200
    # Datasette runs SQL on 3 threads: 4 queries of 1 s take about two rounds.
    assert time.monotonic() - start < 2 * TIME_LIMIT + SLACK
    for response, _ in results:
        assert response.status_code >= 400 and TOO_LONG.search(response.text), response.text[:300]
    assert query(client, "select count(*) as n from claims")[0]["n"] > 0
    assert_nothing_changed(published, client)


# --- after everything ------------------------------------------------------------------------------------------


def test_after_every_attack_the_file_is_byte_identical_and_still_served(published, client):
    """Runs last in this module: the sum of all the attacks above changed nothing."""
    assert published.process.poll() is None
    assert sha256(published.db) == published.sha256
    assert published.db.stat().st_mtime_ns == published.mtime_ns
    assert sorted(os.listdir(published.db.parent)) == [SERVED, "claims.db", "claims.db.inspect.json"]
    assert os.listdir(published.targets) == []
    response = client.get("/claims/claims.json", params={"_shape": "objects", "_size": "max"})
    assert response.status_code == 200
    # counted, not taken from the claims' lines: a quote may run over several paragraphs
    assert len(response.json()["rows"]) == published.fingerprint["claim_count"] > 0
    assert client.get("/-/databases.json").json()[0]["is_mutable"] is False
    assert_nothing_changed(published, client)
