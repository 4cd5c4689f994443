"""The table spec (claims/build/rows.py) and what is generated from it: metadata.yml's table sections, the tables and
indexes of a build and the export's columns, each checked by `claims schema --check` (`make lint`)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from claims import schema
from claims.build import metadata, tables
from claims.build.rows import ROW_MODELS, ClaimRow
from claims.build.tablespec import column_names, table_of
from claims.cli import cli
from claims.corpus.models import Claim
from claims.web import records

from .conftest import ROOT, SEEDS

METADATA = ROOT / "metadata.yml"


def check(metadata_path: Path = METADATA) -> tuple[int, str]:
    """`claims schema --check` on the repository's schema/ and seeds, with this metadata file."""
    arguments = ["schema", "--check", "--dir", str(ROOT / "schema"), "--metadata", str(metadata_path)]
    result = CliRunner().invoke(cli, [*arguments, "--seeds", str(SEEDS)])
    return result.exit_code, result.stderr


@pytest.fixture
def metadata_copy(tmp_path: Path) -> Path:
    return Path(shutil.copyfile(METADATA, tmp_path / "metadata.yml"))


def test_the_generated_files_a_fresh_build_and_its_export_agree_with_the_spec():
    assert check() == (0, "")


EDITS = {
    "a column's description": ("          id: Stable id of the claim;", "          id: The id of the claim;"),
    "a facet taken out": ("          - summary: via_id\n", ""),
    "a facet's label": ("              via_id: Through\n", "              via_id: By way of\n"),
    "the sortable columns": ("sortable_columns: [sort_key, said_key, id]", "sortable_columns: [sort_key, quote]"),
    "an END line taken out": ("        # END HopRow\n", ""),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_the_check_fails_when_metadata_yml_drifts_from_the_spec(metadata_copy: Path, edit: tuple[str, str]):
    text = metadata_copy.read_text()
    old, new = edit
    assert old in text
    metadata_copy.write_text(text.replace(old, new, 1))
    status, errors = check(metadata_copy)
    assert status == 1
    assert errors.startswith(f"{metadata_copy}:") and errors.count("\n") == 1, errors


def test_claims_schema_regenerates_the_regions_and_keeps_what_is_written_by_hand(metadata_copy: Path):
    text = metadata_copy.read_text()
    hand = "          One row per attributed claim."
    edited = text.replace("          id: Stable id of the claim;", "          id: Something else;").replace(
        hand, "          Each row is one attributed claim."
    )
    metadata_copy.write_text(edited)
    arguments = ["schema", "--dir", str(metadata_copy.parent / "schema"), "--metadata", str(metadata_copy)]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 0, result.output
    assert metadata_copy.read_text() == text.replace(hand, "          Each row is one attributed claim.")
    assert metadata.stale(metadata_copy) == []


def test_a_region_in_another_tables_section_is_refused(metadata_copy: Path):
    lines = metadata_copy.read_text().splitlines()
    begin = next(i for i, line in enumerate(lines) if "# BEGIN OutletRow:" in line)
    end = lines.index("        # END OutletRow")
    region, rest = lines[begin : end + 1], lines[:begin] + lines[end + 1 :]
    at = rest.index("        description: One row per alias, so a speaker can be found by any of its names.")
    metadata_copy.write_text("\n".join([*rest[: at + 1], *region, *rest[at + 1 :]]) + "\n")
    [line] = metadata.stale(metadata_copy)
    assert "the region of OutletRow is not in the section of table outlets" in line


def test_every_table_and_column_in_metadata_yml_comes_from_the_spec():
    tables_ = yaml.safe_load(METADATA.read_text())["databases"]["claims"]["tables"]
    for model in ROW_MODELS:
        assert tables_[table_of(model).name].items() >= metadata.section(model).items()
    facets = [facet["summary"] for facet in tables_["claims"]["facets"]]
    assert list(tables_["claims"]["plugins"]["claims"]["facet_labels"]) == facets


def test_the_check_fails_when_the_built_tables_drift_from_the_spec(db_path: Path, tmp_path: Path):
    copy = Path(shutil.copyfile(db_path, tmp_path / "claims.db"))
    conn = sqlite3.connect(copy)
    assert tables.drift(conn) == []
    conn.execute("alter table claims add column extra text")
    conn.execute("drop index idx_claims_said_from")
    conn.execute("create index idx_hops_to_id on hops (to_id)")
    conn.execute("create table notes (note text)")
    assert sorted(tables.drift(conn)) == [
        "claims: columns ('extra', 'TEXT', False, None, 0): in the database, not in the spec",
        "claims: indexes (('said_from',), False): in the spec, not in the database",
        "hops: indexes (('to_id',), False): in the database, not in the spec",
        "notes: a table the spec does not have",
    ]
    conn.close()


def test_the_check_fails_when_the_export_drifts_from_the_spec(db_path: Path, monkeypatch: pytest.MonkeyPatch):
    conn = sqlite3.connect(db_path)
    assert records.export_drift(conn) == []
    fewer = {"article": {name: f"[article].[{name}]" for name in ("id", "title", "url")}}
    parts = tuple((name, fewer.get(name, columns)) for name, columns in records.CLAIMS_LAYOUT.parts)
    monkeypatch.setattr(records, "CLAIMS_LAYOUT", records.Layout(parts))
    [line] = records.export_drift(conn)
    assert line.startswith("export: a claim's article has ['id', 'title', 'url'], the spec exports ['id', 'title',")
    conn.close()


def test_a_broken_build_fails_the_check(seeds: Path):
    (seeds / "outlets.yml").write_text("outlets: 3\n")
    [line] = schema.built_drift(seeds)
    assert line.endswith("run `claims check`")


@pytest.mark.parametrize("model", ROW_MODELS, ids=lambda model: model.__name__)
def test_every_row_is_a_valid_row_of_its_model(db_path: Path, model):
    """The rows assembled without a model (claims, articles, trails, facet counts) are what the spec says."""
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    names = column_names(model)
    rows = conn.execute(f"select {', '.join(f'[{n}]' for n in names)} from [{table_of(model).name}]").fetchall()
    assert rows or model.__name__ == "CorrectionRow"  # a copy of the seeds without git history has no corrections
    for row in rows:
        assert model.model_validate(dict(row)).model_dump(mode="json") == dict(row)
    conn.close()


def test_a_claims_row_is_its_claim_and_article_by_name():
    """Row assembly takes a claim's fields by name: every ClaimRow column is given or a field of the claim."""
    given = {"article_id", "outlet_id", "published", "collected", "speaker_id", "via_id", "context"}
    keys = {"said_year", "sort_key", "said_key"}
    assert set(column_names(ClaimRow)) <= set(Claim.model_fields) | given | keys
