from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from datasette.app import Datasette
from datasette.utils import parse_metadata

from claims.building import build
from claims.serving import SETTINGS, TEMPLATES

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "articles" / "2018-10-02-wsws-iran-missiles-syria"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A private copy of seeds/ that a test may break."""
    return Path(shutil.copytree(SEEDS, tmp_path / "seeds"))


@pytest.fixture(scope="session")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "claims.db"
    build(SEEDS, path)
    return path


def make_datasette(db_path: Path) -> Datasette:
    metadata = parse_metadata((ROOT / "metadata.yml").read_text())
    settings = {name: int(value) if value.isdigit() else value == "on" for name, value in SETTINGS.items()}
    return Datasette(immutables=[str(db_path)], metadata=metadata, settings=settings, template_dir=str(TEMPLATES))


@pytest.fixture
def ds(db_path: Path) -> Datasette:
    return make_datasette(db_path)
