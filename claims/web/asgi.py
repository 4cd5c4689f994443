"""The Datasette app that each worker process runs under `claims serve --workers N`.

One Datasette process renders pages on one core; uvicorn's workers share the port so that every core
serves. Each worker builds the same app `datasette serve` would, from the arguments `claims serve` puts
in the environment.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from datasette.app import Datasette
from datasette.utils import parse_metadata

ENVIRONMENT = "CLAIMS_SERVE"


def typed(value: str) -> Any:
    """A setting as Datasette's command line would read it: a number, or on/off."""
    return int(value) if value.isdigit() else value == "on"


def create_app() -> Any:
    config = json.loads(os.environ[ENVIRONMENT])
    datasette = Datasette(
        immutables=[config["db"]],
        metadata=parse_metadata(Path(config["metadata"]).read_text(encoding="utf-8")),
        settings={name: typed(value) for name, value in config["settings"].items()},
        template_dir=config["templates"],
        inspect_data=json.loads(Path(config["inspect"]).read_text(encoding="utf-8")),
    )
    return datasette.app()  # Datasette runs its startup hooks before the first request
