"""CSV exports of the whole view that a spreadsheet cannot run: cells that start like a formula are defused, as
they stream.

Every export link on a page gives the whole filtered view (`record_renderers` for JSON Lines and JSON-LD), and CSV
too: Datasette's CSV link asks for one page of up to `max_returned_rows` rows, so a `.csv` request that does not
say whether to stream is passed on as Datasette's own `_stream=on`, which pages through the whole view, each page
under the time limit, from its first row (Datasette refuses a `_next` with it, so the link's is dropped). A request
that names `_stream` itself is left as it is.

A claim's quote may begin with `=`, `+`, `-` or `@` (or a tab or carriage return), and a spreadsheet that
opens the CSV would take such a cell for a formula (`=HYPERLINK(...)`, `=cmd|...`). Datasette writes cells
as they are, so every CSV response is rewritten on its way out: such a cell gets a leading apostrophe, as
OWASP recommends, unless it is a plain number. The JSON exports keep the exact text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlencode

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")

Send = Callable[[dict[str, Any]], Awaitable[None]]


def defuse(cell: str) -> str:
    """The cell as a spreadsheet will show it but never evaluate it."""
    if cell.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(cell):
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


# Where a cell may start like a formula; a chunk without one passes through unparsed. Quoted text can match
# too (a comma then "-" inside a quote): that only sends the chunk through the parser.
_MAYBE_FORMULA = re.compile(r'(?:^|[,\n])"?[=+\-@\t\r]')
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
        if _MAYBE_FORMULA.search(ready):
            ready = defuse_csv(ready)
        if ready or not more:
            body = ready.encode("utf-8", errors="surrogateescape")
            await self.send({"type": "http.response.body", "body": body, "more_body": more})


def _asks_for_csv(scope: dict[str, Any]) -> bool:
    """Datasette's CSV: `.csv` paths and `?_format=csv` (served as text/plain unless downloaded)."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return scope.get("path", "").endswith(".csv") or "csv" in query.get("_format", [])


def whole_view(scope: dict[str, Any]) -> dict[str, Any]:
    """The scope of a `.csv` request that does not name `_stream`, asking for the whole view instead of a page."""
    raw = scope.get("query_string", b"").decode("latin-1")
    # latin-1 both ways gives back every byte of the query as it came
    query = parse_qsl(raw, keep_blank_values=True, encoding="latin-1")
    if not scope.get("path", "").endswith(".csv") or any(key == "_stream" for key, _ in query):
        return scope
    whole = [(key, value) for key, value in query if key != "_next"] + [("_stream", "on")]
    return {**scope, "query_string": urlencode(whole, encoding="latin-1").encode("latin-1")}


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
