"""The JSON Schemas in `schema/`, generated from the pydantic models (never edited by hand)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .claimsfile import SCHEMA_FILE
from .models import ClaimsFile, OutletsFile, SpeakersFile

SCHEMAS: dict[str, type[BaseModel]] = {
    SCHEMA_FILE: ClaimsFile,
    "outlets.schema.json": OutletsFile,
    "speakers.schema.json": SpeakersFile,
}


def render(model: type[BaseModel]) -> str:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema()}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def stale(directory: Path) -> list[str]:
    """Names of the schema files that are missing or differ from the models."""
    return [
        name
        for name, model in SCHEMAS.items()
        if not (directory / name).is_file() or (directory / name).read_text(encoding="utf-8") != render(model)
    ]


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = directory / name
        path.write_text(render(model), encoding="utf-8")
        written.append(path)
    return written
