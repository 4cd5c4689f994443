"""CSV exports of the whole view that a spreadsheet cannot run: cells that start like a formula are defused, as
they stream.

Every export link on a page gives the whole filtered view (`record_renderers` for JSON Lines and JSON-LD), and CSV
too: Datasette's CSV link asks for one page of up to `max_returned_rows` rows, so a `.csv` request that does not
say whether to stream asks for the whole view instead, from its first row (the link's `_next` is dropped): on the
claims table from `csv_view`, which reads the view from one query of its own, a batch at a time; on the other
tables from Datasette's own `_stream=on`, which pages through the view, each page under the time limit. A request
that names `_stream` itself is left to Datasette as it is.

A claim's quote may begin with `=`, `+`, `-` or `@` (or a tab or carriage return), and a spreadsheet that
opens the CSV would take such a cell for a formula (`=HYPERLINK(...)`, `=cmd|...`). Datasette writes cells
as they are, so every CSV response of Datasette's is rewritten on its way out: such a cell gets a leading
apostrophe, as OWASP recommends, unless it is a plain number (`csv_view` writes its cells defused the same way).
The JSON exports keep the exact text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlencode

from datasette.utils import tilde_decode

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Digits 0-9 only: a spreadsheet reads no other digits as a number
PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")

Send = Callable[[dict[str, Any]], Awaitable[None]]


def defuse(cell: str) -> str:
    """The cell as a spreadsheet will show it but never evaluate it."""
    if cell.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def defuse_csv(text: str) -> str:
    """Complete CSV records with every cell defused, written back the way Datasette writes them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for record in csv.reader(io.StringIO(text, newline="")):
        writer.writerow([defuse(cell) for cell in record])
    return out.getvalue()


def _complete_records(text: str) -> int:
    """The length of the longest prefix of `text` that ends a CSV record (a newline outside quotes)."""
    end = len(text)
    while (end := text.rfind("\n", 0, end)) >= 0:
        if text.count('"', 0, end) % 2 == 0:
            return end + 1
    return 0


# Where a cell after the first of a chunk may start like a formula; a chunk without one passes through unparsed.
# Quoted text can match too (a comma then "-" inside a quote): that only sends the chunk through the parser. The
# pattern begins with a set of characters, which the regular expression engine skips to fast (`^|` would not).
_MAYBE_FORMULA = re.compile(r'[,\n]"?[=+\-@\t\r]')
_FORMULA_FIRST = tuple(start for first in FORMULA_STARTS for start in (first, '"' + first))


def _may_hold_formulas(text: str) -> bool:
    return text.startswith(_FORMULA_FIRST) or _MAYBE_FORMULA.search(text) is not None


CHUNK_BYTES = 1 << 16  # Datasette sends each row on its own; rows are gathered into chunks of about 64 KB


class CsvDefuser:
    """Rewrites the body of one streamed CSV response, complete records at a time, in chunks."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.pending: list[bytes] = []
        self.size = 0
        self.carry = ""  # an incomplete record left from the previous chunk

    async def body(self, message: dict[str, Any]) -> None:
        chunk = message.get("body", b"")
        more = message.get("more_body", False)
        self.pending.append(chunk)
        self.size += len(chunk)
        if more and self.size < CHUNK_BYTES:
            return
        text = self.carry + b"".join(self.pending).decode("utf-8", errors="surrogateescape")
        self.pending, self.size = [], 0
        cut = _complete_records(text) if more else len(text)
        ready, self.carry = text[:cut], text[cut:]
        if _may_hold_formulas(ready):
            ready = defuse_csv(ready)
        if ready or not more:
            body = ready.encode("utf-8", errors="surrogateescape")
            await self.send({"type": "http.response.body", "body": body, "more_body": more})


def _asks_for_csv(scope: dict[str, Any]) -> bool:
    """Datasette's CSV: `.csv` paths and `?_format=csv` (served as text/plain unless downloaded)."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return scope.get("path", "").endswith(".csv") or "csv" in query.get("_format", [])


# The renderer of a whole view's CSV (csv_view.py), and the tables whose `.csv` it answers.
CSV_VIEW = "csvview"
CSV_VIEW_TABLES = frozenset({"claims"})
# Datasette's page before the renderer needs neither (its own CSV adds them too)
NO_FACETS_OR_COUNT = [("_nofacet", "1"), ("_nocount", "1")]


def _encoded(query: list[tuple[str, str]]) -> bytes:
    return urlencode(query, encoding="latin-1").encode("latin-1")


def _table_csv(scope: dict[str, Any]) -> str | None:
    """The table a `/database/table.csv` path names, or None."""
    parts = scope.get("path", "").strip("/").split("/")
    raw_path = scope.get("raw_path")
    if len(parts) != 2 or not parts[1].endswith(".csv") or (raw_path and not raw_path.endswith(b".csv")):
        return None
    return tilde_decode(parts[1].removesuffix(".csv"))


def _to_csv_view(scope: dict[str, Any], query: list[tuple[str, str]]) -> dict[str, Any]:
    """The scope of the same request to the renderer of the whole view's CSV."""
    path, raw_path = scope["path"], scope.get("raw_path")
    named = {key for key, _ in query}
    query = query + [(key, value) for key, value in NO_FACETS_OR_COUNT if key not in named]
    routed = {**scope, "path": f"{path.removesuffix('.csv')}.{CSV_VIEW}", "query_string": _encoded(query)}
    if raw_path:
        routed["raw_path"] = raw_path.removesuffix(b".csv") + f".{CSV_VIEW}".encode()
    return routed


def whole_view(scope: dict[str, Any]) -> dict[str, Any]:
    """The scope of a `.csv` request that does not name `_stream`, asking for the whole view instead of a page."""
    raw = scope.get("query_string", b"").decode("latin-1")
    # latin-1 both ways gives back every byte of the query as it came
    query = parse_qsl(raw, keep_blank_values=True, encoding="latin-1")
    if not scope.get("path", "").endswith(".csv") or any(key == "_stream" for key, _ in query):
        return scope
    whole = [(key, value) for key, value in query if key != "_next"]
    if _table_csv(scope) in CSV_VIEW_TABLES:
        return _to_csv_view(scope, whole)
    return {**scope, "query_string": _encoded([*whole, ("_stream", "on")])}


def _is_csv_view(scope: dict[str, Any]) -> bool:
    return scope.get("path", "").endswith(f".{CSV_VIEW}")


def _is_csv(message: dict[str, Any]) -> bool:
    headers = dict(message.get("headers", []))
    return headers.get(b"content-type", b"").split(b";")[0].strip() == b"text/csv"


def defuse_csv_responses(app: Any) -> Any:
    """ASGI middleware: CSV asks for the whole view, and its responses leave with their cells defused; anything
    else passes untouched."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        scope = whole_view(scope)
        if _is_csv_view(scope):  # written defused
            await app(scope, receive, send)
            return
        defuser: CsvDefuser | None = None
        csv_asked = _asks_for_csv(scope)

        async def intercept(message: dict[str, Any]) -> None:
            nonlocal defuser
            is_ok = message.get("status") == 200
            if message["type"] == "http.response.start" and is_ok and (csv_asked or _is_csv(message)):
                defuser = CsvDefuser(send)
                # the length changes with the apostrophes; the body is sent in chunks without one
                message = {**message, "headers": [h for h in message["headers"] if h[0].lower() != b"content-length"]}
            if message["type"] == "http.response.body" and defuser is not None:
                await defuser.body(message)
                return
            await send(message)

        await app(scope, receive, intercept)

    return wrapped
