"""The claims table's `.csv`: the whole filtered view from one query of its own (claims/web/csv_view.py), the same
rows, header and cells as Datasette's own `_stream=on` CSV of that view, every row once, every formula defused."""

from __future__ import annotations

import csv
import html
import io
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from datasette.app import Datasette
from datasette.utils import parse_metadata
from hypothesis import example, given
from hypothesis import strategies as st

from claims.web import csv_view
from claims.web.exports import defuse
from claims.web.serving import SETTINGS, TEMPLATES

from .conftest import ROOT
from .hostile import QUOTES

# Filters, search, sorts, columns and labels a reader can ask the claims table for (each with `_size=max`, as the
# page's link has it: Datasette pages only 7 rows at a time here, fewer than the table's page size).
VIEWS = [
    "",
    "speaker_id=walid-al-moallem&_labels=on",
    "kind=direct&_sort=said_key",
    "kind__in=direct,partial&_sort_desc=said_key&_labels=on",
    "_search=missiles&_labels=on",
    "published__gte=2018-10-02&_sort=id",
    "via_id__notblank=1&_label=via_id",
    "_col=quote&_col=kind&_sort=said_key",
    "_nocol=context&_nocol=quote&review=unreviewed",
    "speaker_id=nobody-at-all",
    "_header=off&kind=indirect",
]
SLOW_SQL = "with recursive n(i) as (select 1 union all select i + 1 from n where i < 10000000) select count(*) from n"


def _datasette(db: Path, **changes: int) -> Datasette:
    """Datasette as `claims serve` runs it, with some settings changed."""
    settings = {name: int(value) if value.isdigit() else value == "on" for name, value in SETTINGS.items()}
    metadata = parse_metadata((ROOT / "metadata.yml").read_text())
    return Datasette(immutables=[str(db)], metadata=metadata, settings=settings | changes, template_dir=str(TEMPLATES))


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


async def _exported(ds: Datasette, url: str) -> list[str]:
    """The ids of the claims a CSV link exports, in its order."""
    return [row["id"] for row in csv.DictReader(io.StringIO((await ds.client.get(url)).text))]


def _ids(db: Path, sql: str) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute(sql)]


@pytest.fixture
def batches(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many rows each batch the renderer read held; batches of 5 rows, so that every view takes several."""
    monkeypatch.setattr(csv_view, "BATCH_ROWS", 5)
    sizes: list[int] = []
    read = csv_view.read_batch

    def counted(*args: Any) -> csv_view.Batch:
        batch = read(*args)
        sizes.append(len(batch.ids))
        return batch

    monkeypatch.setattr(csv_view, "read_batch", counted)
    return sizes


@pytest.mark.parametrize("view", VIEWS)
async def test_the_csv_of_a_view_is_datasettes_own_stream_of_it(db_path: Path, batches: list[int], view: str):
    """Byte for byte: the same header, rows, order and cells, with Datasette paging 7 rows at a time."""
    ds = _datasette(db_path, max_returned_rows=7)
    ours = await ds.client.get(f"/claims/claims.csv?{view}&_size=max")
    assert ours.status_code == 200, ours.text[:300]
    assert batches, "not read by csv_view"
    read = len(batches)
    datasettes = await ds.client.get(f"/claims/claims.csv?{view}&_size=max&_stream=on")
    assert len(batches) == read  # a stream asked for is Datasette's own
    assert datasettes.status_code == 200
    assert ours.text == datasettes.text
    assert ours.headers["content-type"] == datasettes.headers["content-type"] == "text/plain; charset=utf-8"


async def test_every_row_of_a_view_larger_than_a_batch_comes_once_in_order(db_path: Path, batches: list[int]):
    ds = _datasette(db_path)
    exported = await _exported(ds, "/claims/claims.csv?_sort=said_key")
    assert exported == _ids(db_path, "select id from claims order by said_key")
    assert len(exported) == len(set(exported)) == sum(batches) > 20 * 5
    assert set(batches[:-1]) == {5}


async def test_the_header_is_the_tables_columns_with_the_labels_beside_their_keys(db_path: Path):
    ds = _datasette(db_path)
    header = _rows((await ds.client.get("/claims/claims.csv?_labels=on")).text)[0]
    with sqlite3.connect(db_path) as conn:
        columns = [row[1] for row in conn.execute("pragma table_info(claims)")]
    labelled = {"article_id", "outlet_id", "speaker_id", "via_id"}
    assert header == [name for column in columns for name in (column, f"{column}_label")[: 1 + (column in labelled)]]


async def test_the_pages_csv_link_is_read_by_csv_view_and_exports_the_whole_view(db_path: Path, batches: list[int]):
    ds = _datasette(db_path, max_returned_rows=7)
    page = (await ds.client.get("/claims/claims?kind=partial&_size=5")).text
    link = html.unescape(re.search(r'<a href="([^"]+)">CSV</a>', page)[1])
    assert link.startswith("/claims/claims.csv?") and "_stream" not in link
    partial = _ids(db_path, "select id from claims where kind = 'partial' order by sort_key desc")
    assert await _exported(ds, link) == partial
    assert batches


async def test_a_speakers_csv_link_is_read_by_csv_view(db_path: Path, batches: list[int]):
    ds = _datasette(db_path)
    page = (await ds.client.get("/claims/speakers/john-bolton")).text
    link = html.unescape(re.search(r'class="export-csv" href="([^"]+)"', page)[1])
    expected = _ids(db_path, "select id from claims where speaker_id = 'john-bolton' order by sort_key desc")
    assert await _exported(ds, link) == expected
    assert batches


@pytest.mark.parametrize("view", ["_labels=on&_size=max", "_sort=said_key&_labels=on", ""])
async def test_formulas_are_defused_as_in_datasettes_stream(hostile_db: Path, batches: list[int], view: str):
    ds = _datasette(hostile_db)
    ours = (await ds.client.get(f"/claims/claims.csv?{view}")).text
    assert batches
    assert ours == (await ds.client.get(f"/claims/claims.csv?{view}&_stream=on")).text
    rows = _rows(ours)
    quotes = {row[rows[0].index("quote")] for row in rows[1:]}
    assert quotes == {defuse(quote) for quote, *_ in QUOTES}
    assert "'=HYPERLINK" in ours and "'+1+1" in ours and "'-2+3" in ours and "'@SUM" in ours
    if "_labels" in view:
        assert "'=cmd|' /C calc'!A0" in {row[rows[0].index("speaker_id_label")] for row in rows[1:]}


cells = st.one_of(
    st.text(alphabet=st.sampled_from('ab ,"\r\n\t=+-@.e1٣é'), max_size=8),
    st.none(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False),
)


def _shown(cell: Any) -> str:
    """A cell as Datasette's CSV writes it (the csv module: floats by repr), defused as the middleware defuses it."""
    return "" if cell is None else defuse(repr(cell) if isinstance(cell, float) else str(cell))


@given(st.lists(st.lists(cells, min_size=1, max_size=4), max_size=6))
def test_cells_are_written_as_the_csv_module_writes_them_defused(rows: list[list[Any]]):
    expected = io.StringIO()
    csv.writer(expected, lineterminator="\r\n").writerows([[_shown(cell) for cell in row] for row in rows])
    read = [[cell.encode() if isinstance(cell, str) else cell for cell in row] for row in rows]  # text as bytes
    assert csv_view.csv_bytes(read) == expected.getvalue().encode()


texts = st.text(alphabet=st.sampled_from('ab ,"\r\n\t=+-@.e1٣é\0'), max_size=8)  # NUL: what columns are joined by
# The columns a table may have: text, text or null, whole numbers (never quoted), other numbers, anything
numbers = st.integers(min_value=-(10**6), max_value=10**6)
columns = [texts, st.one_of(texts, st.none()), numbers, st.floats(allow_nan=False), st.one_of(cells, texts)]


@st.composite
def tables(draw: st.DrawFn) -> list[list[Any]]:
    height = draw(st.integers(min_value=1, max_value=6))
    kinds = draw(st.lists(st.sampled_from(columns), min_size=1, max_size=4))
    table = [draw(st.lists(kind, min_size=height, max_size=height)) for kind in kinds]
    return [list(row) for row in zip(*table, strict=True)]


@given(tables())
@example([["a\rb", None, -1, -float("inf")], ["c", "d", 2, 1e-05]])  # a line end to quote, alone in its column
def test_a_batch_written_a_column_at_a_time_is_written_as_cell_by_cell(rows: list[list[Any]]):
    read = [[cell.encode() if isinstance(cell, str) else cell for cell in row] for row in rows]  # text as bytes
    written = [csv_view.column_csv(column) for column in zip(*read, strict=True)]
    assert csv_view.rows_csv(written) == csv_view.csv_bytes(read)


def test_labels_are_looked_up_as_datasette_looks_them_up_once_each():
    """Each key's label as Datasette's `expand_foreign_keys` finds it (by the key as read; bytes bound as text, even
    bytes that are not UTF-8), written and defused; an empty cell for a null key, a key without a label and a null
    label. A key is looked up once, until more than LABELS_KEPT are known."""
    conn = sqlite3.connect(":memory:")
    conn.execute("create table other (id, name)")
    conn.executemany("insert into other values (?, ?)", [("a", "Alpha, Inc."), ("b", None), (5, "=5+5"), ("6", "six")])
    conn.execute("insert into other values (cast(x'ff41' as text), 'not UTF-8')")
    conn.text_factory = bytes
    label = csv_view.Label(0, csv_view.label_lookup({"other_table": "other", "other_column": "id"}, "name"))
    labels, queries = csv_view.Labels(), []
    conn.set_trace_callback(queries.append)
    keys = [b"a", b"b", None, 5, 6, b"\xffA", b"missing", b"a"]
    expected = [b'"Alpha, Inc."', b"", b"", b"'=5+5", b"", b"not UTF-8", b"", b'"Alpha, Inc."']
    assert labels.cells(conn, label, keys) == expected
    looked_up = len(queries)  # the keys at once, but the one that is not UTF-8
    assert labels.cells(conn, label, keys[::-1]) == expected[::-1]
    assert len(queries) == looked_up == 2


def test_labels_looked_up_are_bounded(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(csv_view, "LABELS_KEPT", 10)
    monkeypatch.setattr(csv_view, "LOOKUP_KEYS", 3)
    conn = sqlite3.connect(":memory:")
    conn.execute("create table other (id integer primary key, name text)")
    conn.executemany("insert into other values (?, ?)", [(key, f"n{key}") for key in range(100)])
    label = csv_view.Label(0, csv_view.label_lookup({"other_table": "other", "other_column": "id"}, "name"))
    labels, queries = csv_view.Labels(), []
    conn.set_trace_callback(queries.append)
    for start in range(0, 100, 7):
        keys = list(range(start, start + 7))
        assert labels.cells(conn, label, keys) == [f"n{key}".encode() if key < 100 else b"" for key in keys]
        assert len(labels.known[label.lookup]) <= 10 + 1 + 7  # the null key's, and a batch's
    # keys padded with nulls to a power of two (3 missing keys are asked for as 4): not a statement for each count
    assert {query.partition(" in (")[2].count(",") + 1 for query in queries} <= {1, 2, 4}


@pytest.mark.parametrize("view", ["_labels=on&_sort=said_key", "kind=partial&_label=article_id"])
async def test_labels_looked_up_a_few_at_a_time_and_forgotten_are_datasettes(
    db_path: Path, batches: list[int], monkeypatch: pytest.MonkeyPatch, view: str
):
    monkeypatch.setattr(csv_view, "LABELS_KEPT", 3)
    monkeypatch.setattr(csv_view, "LOOKUP_KEYS", 2)
    ds = _datasette(db_path, max_returned_rows=7)
    ours = (await ds.client.get(f"/claims/claims.csv?{view}&_size=max")).text
    assert len(batches) > 2
    assert ours == (await ds.client.get(f"/claims/claims.csv?{view}&_size=max&_stream=on")).text
    assert len(_rows(ours)[0]) == len(_rows(ours)[1])


async def test_the_download_is_a_csv_file(db_path: Path):
    response = await _datasette(db_path).client.get("/claims/claims.csv?kind=direct&_dl=1")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="claims.csv"'


def _slowly(read: Callable[..., csv_view.Batch], after: int) -> Callable[..., csv_view.Batch]:
    """`read_batch`, made to run 10 million steps of SQL (a second or two) before each batch after the first `after`."""
    calls = []

    def slow(view: csv_view.View, conn: sqlite3.Connection, *args: Any) -> csv_view.Batch:
        calls.append(1)
        if len(calls) > after:
            conn.execute(SLOW_SQL).fetchone()
        return read(view, conn, *args)

    return slow


async def test_a_first_batch_past_the_time_limit_answers_503(db_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(csv_view, "read_batch", _slowly(csv_view.read_batch, after=0))
    response = await _datasette(db_path, sql_time_limit_ms=100).client.get("/claims/claims.csv")
    assert response.status_code == 503
    assert response.text.startswith("error: this export took longer than the 100 ms time limit")


async def test_a_batch_past_the_time_limit_midway_ends_with_an_error_line(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(csv_view, "BATCH_ROWS", 20)
    monkeypatch.setattr(csv_view, "read_batch", _slowly(csv_view.read_batch, after=1))
    response = await _datasette(db_path, sql_time_limit_ms=100).client.get("/claims/claims.csv")
    assert response.status_code == 200  # sent with the first batch
    *rows, last = response.text.splitlines()
    assert last.startswith("error: this export took longer than the 100 ms time limit")
    assert len(rows) == 1 + 20


async def test_an_export_past_max_csv_mb_ends_with_an_error_line(db_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(csv_view, "BATCH_ROWS", 10)
    monkeypatch.setattr(csv_view, "MEGABYTE", 20_000)  # max_csv_mb=1 is 20,000 bytes
    text = (await _datasette(db_path, max_csv_mb=1).client.get("/claims/claims.csv")).text
    *rows, last = text.splitlines()
    assert last.startswith("error: this CSV is larger than the 1 MB the server sends (max_csv_mb)")
    assert 0 < len(text) - len(last) <= 20_000
    assert len(rows) < len(_ids(db_path, "select id from claims"))


async def test_a_view_it_cannot_check_is_left_to_datasettes_stream(db_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A first batch that does not begin with Datasette's own page is never sent."""

    async def no_filters(*_: Any) -> tuple[list[str], dict[str, Any]]:
        return [], {}

    monkeypatch.setattr(csv_view, "view_filters", no_filters)
    ds = _datasette(db_path)
    response = await ds.client.get("/claims/claims.csv?kind=partial&_size=max")
    assert response.status_code == 302
    assert response.headers["location"] == "/claims/claims.csv?kind=partial&_size=max&_stream=on"
    exported = await _exported(ds, response.headers["location"])
    assert sorted(exported) == sorted(_ids(db_path, "select id from claims where kind = 'partial'"))


async def test_other_tables_keep_datasettes_stream(db_path: Path, batches: list[int]):
    text = (await _datasette(db_path, max_returned_rows=7).client.get("/claims/speakers.csv?_size=max")).text
    assert not batches
    assert len(_rows(text)) == 1 + len(_ids(db_path, "select id from speakers"))
