"""Reading YAML while remembering the line of every value, so errors can name it."""

from __future__ import annotations

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
    """SafeLoader that leaves dates as strings, so pydantic (not YAML) judges them."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

MAX_BYTES = 20_000_000


def read_text(path: Path) -> str:
    """A file's text as UTF-8, a leading byte-order mark dropped, line ends untouched."""
    data = path.read_bytes()
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
    text = read_text(path)
    loader = _PlainLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise FileProblem(1, "file is empty")
        lines: dict[Location, int] = {}
        _map_lines(node, (), lines)
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise FileProblem(line, f"YAML syntax: {error.problem or error.context}") from None
    except yaml.YAMLError as error:
        raise FileProblem(1, f"YAML: {error}") from None
    finally:
        loader.dispose()


def _map_lines(node: yaml.Node, location: Location, lines: dict[Location, int]) -> None:
    lines[location] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                raise FileProblem(key_node.start_mark.line + 1, f"duplicate key {key!r}")
            seen.add(key)
            _map_lines(value_node, (*location, key), lines)
            lines[(*location, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _map_lines(item, (*location, index), lines)


def line_of(lines: dict[Location, int], location: Location) -> int:
    """The line of a location, or of its nearest enclosing value that has one."""
    while location not in lines and location:
        location = location[:-1]
    return lines.get(location, 1)
