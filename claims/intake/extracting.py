"""`claims extract ARTICLES... --out DIR`: one draft claims file per article, on worker processes (the corpus's one
pool helper) or on a Dask cluster, a failed article reported by name while the rest go through."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from ..corpus.claimsfile import schema_reference, to_yaml
from ..corpus.parallel import ordered_map
from . import adding, cluster
from .drafting import ArticleError, Draft, Source, as_json
from .matching import SpeakerIndex

SUFFIXES = {"yaml": ".claims.yml", "json": ".claims.json"}


@dataclass(frozen=True)
class Batch:
    """What every article of one run shares, sent to each worker once: the settings and the speaker index."""

    published: dt.date | None
    outlet: str | None
    title: str | None
    index: SpeakerIndex
    out: Path
    output_format: str  # "yaml" or "json"
    schema_dir: Path  # drafts name the JSON Schema of the repository they are made in


@dataclass(frozen=True)
class Drafted:
    """One article's outcome: the draft written and the new speakers it proposes, or the error that stopped it."""

    path: Path
    target: Path | None
    new_speakers: list[dict]
    error: str | None


def article_files(inputs: tuple[Path, ...]) -> list[Path]:
    """The article files named, a folder's `*.txt` files in path order."""
    files: list[Path] = []
    for item in inputs:
        files += sorted(p for p in item.rglob("*.txt") if p.is_file()) if item.is_dir() else [item]
    return files


def draft_all(batch: Batch, files: list[Path], jobs: int | None, scheduler: str | None) -> Iterator[Drafted]:
    """Every article drafted into `batch.out`: in order on `jobs` processes, or as they finish on the cluster at
    `scheduler`, where paths are made absolute (the workers' working directories are their own)."""
    if scheduler:
        absolute = replace(batch, out=batch.out.resolve(), schema_dir=batch.schema_dir.resolve())
        return cluster.map_on_cluster(scheduler, draft_to_file, [path.resolve() for path in files], absolute)
    return ordered_map(draft_to_file, files, batch, jobs)


def draft_to_file(batch: Batch, path: Path) -> Drafted:
    """One article to one draft file in the output directory; never raises."""
    try:
        result, source = adding.draft_file(
            path, batch.published, batch.outlet, batch.title, batch.index, need_date=batch.output_format == "yaml"
        )
        target = batch.out / f"{result.claims_file.article.id}{SUFFIXES[batch.output_format]}"
        schema_path = schema_reference(target.resolve(), batch.schema_dir)
        target.write_text(render(result, batch.output_format, schema_path), encoding="utf-8")
        if batch.output_format == "yaml":
            _write_text(path, source, batch.out)
        proposed = [s.model_dump(mode="json", exclude_defaults=True) for s in result.new_speakers]
        return Drafted(path, target, proposed, None)
    except ArticleError as error:
        return Drafted(path, None, [], str(error))
    except Exception as error:  # a draft must never stop the batch: report and go on
        return Drafted(path, None, [], f"{type(error).__name__}: {error}")


def render(draft: Draft, output_format: str, schema_path: str) -> str:
    """A draft as a claims file (with the speakers it proposes as comments), or its claims as JSON."""
    if output_format == "json":
        return json.dumps([as_json(item) for item in draft.extracted], indent=2, ensure_ascii=False) + "\n"
    return to_yaml(draft.claims_file, schema_path) + _proposals(draft)


def _proposals(draft: Draft) -> str:
    if not draft.new_speakers:
        return ""
    entries = [s.model_dump(mode="json", exclude_none=True, exclude_defaults=True) for s in draft.new_speakers]
    body = yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=1000)
    lines = "".join(f"#   {line}\n" for line in body.splitlines())
    return f"# New speakers to review and add to speakers.yml:\n{lines}"


def _write_text(path: Path, source: Source, out: Path) -> None:
    """The text a draft names, in `out`: a text file copied byte for byte; a page's text, and the page beside it."""
    if source.name == path.name:
        shutil.copyfile(path, out / source.name)
        return
    (out / source.name).write_text(source.text, encoding="utf-8")
    shutil.copyfile(path, out / path.name)
