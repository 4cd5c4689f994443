"""Reading YAML while remembering the line of every value, so errors can name it.

Most files are the plain block YAML our own tools write; `_fast_parse` reads that subset directly.
Anything else (and every error) goes to PyYAML, libyaml first when it is installed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

Location = tuple[str | int, ...]


class FileProblem(Exception):
    """A file that cannot be read as YAML at all; `line` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates and YAML 1.1 booleans as strings, so pydantic (not YAML) judges them:
    no field is a boolean, and `country: NO` is Norway."""


_STRINGS = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool"}
_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _STRINGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

if yaml.__with_libyaml__:

    class _CPlainLoader(yaml.CSafeLoader):
        """The same loader with libyaml's parser: resolution and construction stay in Python."""

    _CPlainLoader.yaml_implicit_resolvers = _PlainLoader.yaml_implicit_resolvers

MAX_BYTES = 20_000_000


def read_text(path: Path) -> str:
    """A file's text as UTF-8, a leading byte-order mark dropped, line ends untouched."""
    return decode(path.read_bytes())


def decode(data: bytes) -> str:
    """Bytes read from a file as UTF-8 text, or the FileProblem that says why they are not text."""
    if len(data) > MAX_BYTES:
        raise FileProblem(1, f"file is {len(data):,} bytes, more than the {MAX_BYTES:,} allowed")
    if b"\x00" in data:
        raise FileProblem(data[: data.index(b"\x00")].count(b"\n") + 1, "binary file (NUL byte)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileProblem(line, f"not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})") from None


def load(path: Path) -> tuple[Any, dict[Location, int]]:
    """Parse a YAML file; return its data and the 1-based line of each value by location."""
    return parse(read_text(path))


def parse(text: str) -> tuple[Any, dict[Location, int]]:
    """Parse YAML text; return its data and the 1-based line of each value by location."""
    try:
        return _fast_parse(text)
    except _Unsupported:
        try:
            data, lines = _slow_parse(text)
        except RecursionError:
            raise FileProblem(1, "nested too deeply to read") from None
    # PyYAML places an empty value at the end of the stream on the line after the last one ("---\n")
    last = max(1, len(text.splitlines()))
    return data, {location: min(line, last) for location, line in lines.items()}


def _slow_parse(text: str) -> tuple[Any, dict[Location, int]]:
    """Any YAML, read by PyYAML: with libyaml when installed, and by the pure-Python loader on a problem."""
    if yaml.__with_libyaml__:
        try:
            return _compose(text, _CPlainLoader)
        except yaml.YAMLError:
            pass  # the pure-Python loader words the problem as before (tests rely on its wording)
    try:
        return _compose(text, _PlainLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        if mark and mark.index >= len(text) and mark.column == 0 and line > 1:
            line -= 1  # the end of the stream, after the last line break: name the last line
        opened = _unclosed_quote(text, error, line)
        if opened:
            raise FileProblem(opened, "YAML syntax: the quote opened on this line is not closed on it") from None
        raise FileProblem(line, f"YAML syntax: {error.problem or error.context}") from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise FileProblem(line, f"YAML: {str(error).splitlines()[0]}") from None
    except yaml.YAMLError as error:
        raise FileProblem(1, f"YAML: {error}") from None


# A value that opens a quote: after `key: `, `- ` or both, the quote character and the rest of the line.
_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s#'"-][^#]*?:\s+|-\s+)?(?P<quote>["'])(?P<rest>.*)$""")
# The rest of the line holds the closing quote: `\"` escapes a double quote, `''` a single one.
_CLOSED = {'"': re.compile(r'^(?:[^"\\]|\\.)*"'), "'": re.compile(r"^(?:[^']|'')*'(?!')")}


def _unclosed_quote(text: str, error: yaml.MarkedYAMLError, line: int) -> int | None:
    """The line of a quote left open that the error comes from, which PyYAML reports where the quoted value ends:
    at the end of the file, or lines below, at the next quote. None when the error is something else."""
    if error.context == "while scanning a quoted scalar" and error.problem == "found unexpected end of stream":
        return error.context_mark.line + 1 if error.context_mark else None
    lines = text.splitlines()
    for number, content in enumerate(lines[: line - 1], start=1):
        found = _QUOTED_VALUE.match(content)
        if found and not _CLOSED[found["quote"]].match(found["rest"]):
            closed = "\n".join([*lines[: number - 1], content + found["quote"], *lines[number:]])
            return number if _parses(closed) else None
    return None


def _parses(text: str) -> bool:
    try:
        _compose(text, _PlainLoader)
    except (yaml.YAMLError, FileProblem):
        return False
    return True


def _compose(text: str, loader_class: type[yaml.SafeLoader | yaml.CSafeLoader]) -> tuple[Any, dict[Location, int]]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise FileProblem(1, "file is empty")
        lines: dict[Location, int] = {}
        _map_lines(node, (), lines)
        return loader.construct_document(node), lines
    finally:
        loader.dispose()


def _map_lines(node: yaml.Node, location: Location, lines: dict[Location, int], shared: set[int] | None = None) -> None:
    if isinstance(node, yaml.CollectionNode):
        # An alias makes a list or mapping appear again, possibly inside itself or 9**9 times over.
        shared = set() if shared is None else shared
        if id(node) in shared:
            raise FileProblem(line_of(lines, location), "YAML: an alias (*name) of a list or mapping is not supported")
        shared.add(id(node))
    lines[location] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):  # `? [a, b]: c`: unhashable as a location
                raise FileProblem(key_node.start_mark.line + 1, "YAML: a key must be one value, not a list or mapping")
            key = key_node.value
            if key in seen:
                raise FileProblem(key_node.start_mark.line + 1, f"duplicate key {key!r}")
            seen.add(key)
            lines[(*location, key)] = key_node.start_mark.line + 1  # the line to name should the value be an alias
            _map_lines(value_node, (*location, key), lines, shared)
            lines[(*location, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _map_lines(item, (*location, index), lines, shared)


def line_of(lines: dict[Location, int], location: Location) -> int:
    """The line of a location, or of its nearest enclosing value that has one."""
    while location not in lines and location:
        location = location[:-1]
    return lines.get(location, 1)


# The fast reader. It accepts only lines it fully understands and raises _Unsupported on anything
# else, so that PyYAML decides every doubtful case (and words every error, duplicate keys included).


class _Unsupported(Exception):
    """The text uses YAML beyond the fast reader's subset."""


# Characters outside printable, tab-free, single-character-line-break text: tabs, \r, NEL, the
# Unicode line and paragraph separators, BOMs and control characters all go to PyYAML.
_UNUSUAL = re.compile("[^\n -~\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)")
_END = r"(?: +(?:#.*)?)?$"  # what may follow a quoted scalar or a flow sequence on its line
_DOUBLE = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"' + _END)
_SINGLE = re.compile(r"'([^']*(?:''[^']*)*)'" + _END)
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_FLOW_EMPTY = re.compile(r"\[ *\]" + _END)
_FLOW_ITEM = re.compile(
    r' *(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'
    r"'([^']*(?:''[^']*)*)'|"
    r"((?:[^-?:,\[\]{}#&*!|>'\"%@` ]|-(?=[^,\[\]{}#:? ]))[^,\[\]{}#:?]*?)) *([,\]])"
)
_FLOW_END = re.compile(_END)
_NOT_PLAIN_START = frozenset("?:,[]{}#&*!|>'\"%@`")
_ESCAPES: dict[str, str] = yaml.scanner.Scanner.ESCAPE_REPLACEMENTS
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: resolvers + _PlainLoader.yaml_implicit_resolvers.get(None, [])
    for first, resolvers in _PlainLoader.yaml_implicit_resolvers.items()
    if first is not None
}
_WILDCARD = _PlainLoader.yaml_implicit_resolvers.get(None) or None
_SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null")}
_CONSTRUCTOR = _PlainLoader("")
# Short plain scalars that needed a resolver (numbers, dates, ids starting with t, n, y...) and what they became.
_RESOLVED: dict[str, Any] = {}
_CACHED_LENGTH = 32
_CACHE_MAX = 50_000
# A simple line is `key: text` or `- key: text`: a head, one space, then plain text whose first character
# starts no other kind of node and that has no `:` or `#`, so neither a nested key nor a comment.
_HEAD = re.compile(r"( *)(?:(-) +)?([A-Za-z_][A-Za-z0-9_-]*)")
_HEADS: dict[str, tuple[int, bool, int, str] | bool] = {}  # head -> indent, dash, key's column, key; or False
_NOT_SIMPLE = _NOT_PLAIN_START | {"-", " "}

_MAP, _SEQ, _INDENTLESS = 0, 1, 2  # kinds of open collection; an indentless sequence shares its key's indent
_NO_VALUE = object()  # `key:` with nothing after it on its line
_Frame = tuple[int, Any, Location, int]  # indent, dict or list, location, kind
_BOTTOM: _Frame = (-1, None, (), -1)  # under the root, so the stack is never empty
_Lines = dict[Location, int]


def _fast_parse(text: str) -> tuple[Any, dict[Location, int]]:
    """What _slow_parse returns, for the block-YAML subset our files use; _Unsupported otherwise."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    # isprintable() is quick and stricter (no-break spaces, for one, fail it): the regex decides then.
    if not text.replace("\n", " ").isprintable() and _UNUSUAL.search(text):
        raise _Unsupported
    stack: list[_Frame] = [_BOTTOM]
    lines: _Lines = {}
    pending: tuple[_Frame, str] | None = None  # a `key:` whose value, if any, starts on a later line
    # Nearly all lines are simple (see _HEAD): `key: text` continuing the open mapping, or `- key: text`
    # starting the next item of the sequence that mapping is an item of. They are read here, as _line
    # would read them, at a fraction of the cost. The indents are -2 when there is no such mapping.
    mapping: dict[str, Any] = {}
    location: Location = ()
    key_indent = item_indent = -2
    heads, not_simple, resolvers, resolve_all = _HEADS, _NOT_SIMPLE, _RESOLVERS, _WILDCARD is not None
    for number, line in enumerate(text.split("\n"), 1):
        head, colon, value = line.partition(": ")
        if colon and value and value[0] not in not_simple and ":" not in value and "#" not in value:
            parsed = heads.get(head)
            if parsed is None:
                parsed = _head(head)
            if parsed:
                indent, dash, key_at, key = parsed
                if indent == item_indent if dash else indent == key_indent and key not in mapping:
                    if value[-1] == " ":
                        value = value.rstrip(" ")
                    if value[0] in resolvers or resolve_all:
                        value = _plain(value)
                    if dash:
                        _, items, sequence_location, _ = stack[-2]
                        location = (*sequence_location, len(items))
                        lines[location] = number
                        mapping = {}
                        items.append(mapping)
                        key_indent = key_at
                        stack[-1] = (key_at, mapping, location, _MAP)
                    lines[location + (key,)] = number  # noqa: RUF005 (twice as fast as unpacking)
                    mapping[key] = value
                    continue
        content = line.lstrip(" ")
        if content and content[0] != "#":
            pending = _line(stack, pending, content, len(line) - len(content), number, lines)
            indent, mapping, location, kind = stack[-1]
            key_indent = indent if kind == _MAP and pending is None else -2
            item_indent = stack[-2][0] if key_indent >= 0 and stack[-2][3] in (_SEQ, _INDENTLESS) else -2
    if pending is not None:
        (_, mapping, _, _), key = pending
        mapping[key] = None
    if len(stack) == 1:
        raise _Unsupported  # empty: let PyYAML say so
    return stack[1][1], lines


def _head(head: str) -> tuple[int, bool, int, str] | bool:
    """What _HEADS holds for a head: its parts, or False when it is not a simple word key."""
    match = _HEAD.fullmatch(head)
    key = _plain(match[3]) if match else None
    parsed = (match.end(1), match[2] is not None, match.start(3), key) if type(key) is str else False
    if len(_HEADS) < _CACHE_MAX:
        _HEADS[head] = parsed
    return parsed


def _line(
    stack: list[_Frame], pending: tuple[_Frame, str] | None, content: str, indent: int, number: int, lines: _Lines
) -> tuple[_Frame, str] | None:
    """Read one line that is not blank or a comment; return the key left pending, if any."""
    dash = content[0] == "-" and content[1:2] in (" ", "")
    if pending is not None:
        _open_value(stack, pending, indent, dash)
    elif len(stack) == 1:
        stack.append((indent, [] if dash else {}, (), _SEQ if dash else _MAP))
        lines[()] = number
    top = _close_to(stack, indent, dash)
    if dash:
        return _item(stack, top, content, indent, number, lines)
    match = _KEY.match(content)
    if match is None:
        raise _Unsupported
    return _entry(top, match[1], content[match.end() :], number, lines)


def _open_value(stack: list[_Frame], pending: tuple[_Frame, str], indent: int, dash: bool) -> None:
    """Give a pending `key:` its value: a nested block if this line opens one, else null."""
    (parent_indent, mapping, location, _), key = pending
    if indent > parent_indent:
        value: Any = [] if dash else {}
        stack.append((indent, value, (*location, key), _SEQ if dash else _MAP))
    elif indent == parent_indent and dash:
        value = []
        stack.append((indent, value, (*location, key), _INDENTLESS))
    else:
        value = None
    mapping[key] = value


def _close_to(stack: list[_Frame], indent: int, dash: bool) -> _Frame:
    """Close the collections this line is outside of; return the one it belongs to."""
    while stack[-1][0] > indent:
        stack.pop()
    top = stack[-1]
    if top[0] != indent:
        raise _Unsupported  # a continuation line, or an indentation PyYAML would reject
    if not dash and top[3] == _INDENTLESS:
        stack.pop()
        top = stack[-1]
    if (top[3] == _MAP) == dash:
        raise _Unsupported
    return top


def _item(
    stack: list[_Frame], frame: _Frame, content: str, indent: int, number: int, lines: _Lines
) -> tuple[_Frame, str] | None:
    """A `- ...` line: a scalar, a flow sequence or the first entry of a mapping."""
    body = content[1:].lstrip(" ")
    items: list[Any] = frame[1]
    location = (*frame[2], len(items))
    lines[location] = number
    match = _KEY.match(body)
    if match is not None:
        mapping: dict[str, Any] = {}
        items.append(mapping)
        child = (indent + len(content) - len(body), mapping, location, _MAP)
        stack.append(child)
        return _entry(child, match[1], body[match.end() :], number, lines)
    value = _value(body)
    if value is _NO_VALUE:
        raise _Unsupported
    items.append(value)
    if type(value) is list:
        for index in range(len(value)):
            lines[(*location, index)] = number
    return None


def _entry(frame: _Frame, raw_key: str, rest: str, number: int, lines: _Lines) -> tuple[_Frame, str] | None:
    """A `key: value` line; returns the pending key when the value is not on this line."""
    key = _plain(raw_key)
    mapping: dict[str, Any] = frame[1]
    if type(key) is not str or key in mapping:
        raise _Unsupported  # keys like `true:` or `1:`, and duplicates, which PyYAML reports
    location = (*frame[2], key)
    lines[location] = number
    value = _value(rest)
    if value is _NO_VALUE:
        return frame, key
    mapping[key] = value
    if type(value) is list:
        for index in range(len(value)):
            lines[(*location, index)] = number
    return None


def _value(rest: str) -> Any:
    """The scalar or flow sequence that ends a line, or _NO_VALUE."""
    if not rest or rest[0] == "#":
        return _NO_VALUE
    first = rest[0]
    if first == '"':
        match = _DOUBLE.match(rest)
        if match is None:
            raise _Unsupported
        return _unescape(match[1])
    if first == "'":
        match = _SINGLE.match(rest)
        if match is None:
            raise _Unsupported
        return match[1].replace("''", "'")
    if first == "[":
        return _flow(rest)
    cut = rest.find(" #")
    value = (rest if cut < 0 else rest[:cut]).rstrip(" ")
    if first in _NOT_PLAIN_START or value[-1] == ":" or ": " in value or (first == "-" and value[1:2] in ("", " ")):
        raise _Unsupported
    return _plain(value)


def _plain(value: str) -> Any:
    """A plain scalar resolved and constructed as _PlainLoader would."""
    resolvers = _RESOLVERS.get(value[0], _WILDCARD)
    if resolvers is None:
        return value
    if len(value) > _CACHED_LENGTH:
        return _resolve(value, resolvers)
    result = _RESOLVED.get(value, _NO_VALUE)
    if result is _NO_VALUE:
        result = _resolve(value, resolvers)
        if len(_RESOLVED) < _CACHE_MAX:
            _RESOLVED[value] = result
    return result


def _resolve(value: str, resolvers: list[tuple[str, re.Pattern[str]]]) -> Any:
    for tag, regexp in resolvers:
        if regexp.match(value):
            if tag not in _SCALAR_TAGS:
                raise _Unsupported  # `<<`, `=` and the like
            return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, value))
    return value


def _unescape(quoted: str) -> str:
    """The value of a one-line double-quoted scalar, given what is between the quotes."""
    return _ESCAPE.sub(_escaped, quoted) if "\\" in quoted else quoted


def _escaped(match: re.Match[str]) -> str:
    code = match[1]
    if len(code) == 1:
        if code not in _ESCAPES:
            raise _Unsupported
        return _ESCAPES[code]
    point = int(code[1:], 16)
    if 0xD800 <= point <= 0xDFFF or point > 0x10FFFF:
        raise _Unsupported  # libyaml rejects these; PyYAML does not
    return chr(point)


def _flow(rest: str) -> list[Any]:
    """A one-line flow sequence of scalars, `[a, "b", 'c']`."""
    if _FLOW_EMPTY.match(rest):
        return []
    items: list[Any] = []
    position = 1
    while True:
        match = _FLOW_ITEM.match(rest, position)
        if match is None:
            raise _Unsupported
        double, single, plain, end = match.groups()
        if double is not None:
            items.append(_unescape(double))
        elif single is not None:
            items.append(single.replace("''", "'"))
        else:
            items.append(_plain(plain))
        position = match.end()
        if end == "]":
            break
    if not _FLOW_END.match(rest, position):
        raise _Unsupported
    return items
