"""What is generated from the models, and its check: the JSON Schemas in `schema/` (from the file models, never
edited by hand), metadata.yml's table sections (from the table spec, claims/build/metadata.py), and a database built
from the seeds and its export, compared with the table spec (`claims schema --check`, which `make lint` runs)."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import tempfile
from pathlib import Path

from pydantic import BaseModel

from .build import metadata, tables
from .build.building import BuildError, build
from .corpus.claimsfile import SCHEMA_FILE
from .corpus.models import ClaimsFile, OutletsFile, SpeakersFile
from .web import records

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


def built_drift(seeds: Path) -> list[str]:
    """How a database freshly built from `seeds`, and its export, differ from the table spec; [] when they agree."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "claims.db"
        try:
            build(seeds, path)
        except BuildError as error:
            return [f"{seeds}: the build failed with {len(error.problems)} problem(s); run `claims check`"]
        with contextlib.closing(sqlite3.connect(path)) as conn:
            return [f"built database: {line}" for line in tables.drift(conn)] + records.export_drift(conn)


def problems(directory: Path, metadata_path: Path, seeds: Path) -> list[str]:
    """Everything generated that differs from the models, one line each: the JSON Schemas, metadata.yml's table
    sections, a database built from the seeds and its export."""
    lines = [f"{directory / name}:1: (file): stale; run `claims schema`" for name in stale(directory)]
    lines += metadata.stale(metadata_path)
    return lines + built_drift(seeds)
