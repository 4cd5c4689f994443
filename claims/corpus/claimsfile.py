"""Writing claims files: the YAML that people review, in a stable, readable layout."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from .models import ClaimsFile

SCHEMA_FILE = "claims-file.schema.json"


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if _needs_quotes(value) else None)


def _needs_quotes(value: str) -> bool:
    # characters YAML would read back differently unquoted or single-quoted (NEL, line separators, controls)
    unprintable = not value.isprintable()
    return unprintable or value != value.strip() or any(c in value for c in "\"'#:")


_Dumper.add_representer(str, _str)
# Dates are written plain (2018-10-02, not '2018-10-02'): the loader reads them back as strings.
_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def to_yaml(claims_file: ClaimsFile, schema_path: str) -> str:
    """The claims file as YAML, naming its JSON Schema for editors that validate as people type."""
    data: dict[str, Any] = claims_file.model_dump(mode="json", exclude_none=True)
    for claim in data["claims"]:
        if claim.get("said_to") == claim.get("said_from"):
            claim.pop("said_to", None)
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100_000)
    return f"# yaml-language-server: $schema={schema_path}\n{body}"


def schema_reference(claims_path: Path, schema_dir: Path) -> str:
    """Relative path from a claims file to the claims-file schema."""
    return os.path.relpath(schema_dir / SCHEMA_FILE, claims_path.parent)
