"""The `claims` command: check, build and serve the claims in seeds/."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import multiprocessing
import shutil
import sys
from pathlib import Path

import click
import yaml

from . import adding, confidence, parallel, schema, serving
from .building import DEFAULT_DB, BuildError, build
from .claimsfile import schema_reference, to_yaml
from .drafting import ArticleError, Draft, as_json, draft
from .evaluation import evaluate, format_report
from .matching import SpeakerIndex
from .records import FORMATS, ExportError, Selection, export_database
from .validation import SPEAKERS_FILE, Problem, SpeakersFile, load_model, scan

SCHEMA_DIR = Path("schema").resolve()  # drafts name the schema of the repository they are made in

seeds_option = click.option(
    "--seeds", type=click.Path(path_type=Path), default=Path("seeds"), show_default=True, help="Seeds directory."
)
jobs_option = click.option("--jobs", type=int, default=0, help="Worker processes (default: one per core).")
db_option = click.option("--db", type=click.Path(path_type=Path), default=DEFAULT_DB, show_default=True)


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(problems)} problem(s) found", err=True)


@click.group()
@click.version_option()
def cli() -> None:
    """Track attributed claims: who said what, when, where, and through whom."""


@cli.command()
@seeds_option
@jobs_option
def check(seeds: Path, jobs: int) -> None:
    """Validate every file in the seeds directory; one line per problem."""
    registry, problems, checked = scan(seeds, jobs)
    articles = claims = 0
    for summary in checked:
        problems += summary.problems
        if summary.ids is not None:
            articles, claims = articles + 1, claims + summary.claims
    if problems:
        _report(problems)
        sys.exit(1)
    click.echo(
        f"ok: {articles} article(s), {claims} claim(s), "
        f"{len(registry.speakers)} speaker(s), {len(registry.outlets)} outlet(s)"
    )


@cli.command(name="build")
@seeds_option
@db_option
@jobs_option
def build_command(seeds: Path, db: Path, jobs: int = 0) -> None:
    """Validate the seeds and build the SQLite database (atomically)."""
    try:
        built = build(seeds, db, jobs)
    except BuildError as error:
        _report(error.problems)
        click.echo(f"build failed; {db} left as it was", err=True)
        sys.exit(1)
    click.echo(f"built {db}: {built.articles} article(s), {built.claims} claim(s)")


@cli.command()
@seeds_option
@db_option
@click.option(
    "--metadata", type=click.Path(path_type=Path, exists=True), default=Path("metadata.yml"), show_default=True
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int, help="Server processes (one per core for load).")
@click.pass_context
def serve(ctx: click.Context, seeds: Path, db: Path, metadata: Path, host: str, port: int, workers: int) -> None:
    """Build if the seeds changed, then serve the database read-only with Datasette."""
    if serving.needs_build(seeds, db):
        ctx.invoke(build_command, seeds=seeds, db=db)
    if workers > 1:
        serving.exec_workers(*serving.worker_args(db, metadata, host, port, workers))
    serving.exec_datasette(serving.datasette_args(db, metadata, host, port))


@cli.command(name="schema")
@click.option("--dir", "directory", type=click.Path(path_type=Path), default=Path("schema"), show_default=True)
@click.option("--check", "check_only", is_flag=True, help="Fail if the files differ from the models.")
def schema_command(directory: Path, check_only: bool) -> None:
    """Write the JSON Schemas of the seed files, generated from the models."""
    if check_only:
        stale = schema.stale(directory)
        for name in stale:
            click.echo(f"{directory / name}:1: (file): stale; run `claims schema`", err=True)
        sys.exit(1 if stale else 0)
    for path in schema.write(directory):
        click.echo(f"wrote {path}")


def _registry(seeds: Path) -> SpeakerIndex:
    """The speakers a draft recognises: those of `seeds/speakers.yml` that are valid, or none."""
    if not (seeds / SPEAKERS_FILE).is_file():
        return SpeakerIndex.of({})
    parsed, _, _ = load_model(seeds / SPEAKERS_FILE, SpeakersFile)
    return SpeakerIndex.of({s.id: s for s in parsed.speakers} if parsed else {})


def _proposals(draft_: Draft) -> str:
    if not draft_.new_speakers:
        return ""
    entries = [s.model_dump(mode="json", exclude_none=True, exclude_defaults=True) for s in draft_.new_speakers]
    body = yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=1000)
    lines = "".join(f"#   {line}\n" for line in body.splitlines())
    return f"# New speakers to review and add to speakers.yml:\n{lines}"


def _render(draft_: Draft, output_format: str, schema_path: str) -> str:
    if output_format == "json":
        return json.dumps([as_json(item) for item in draft_.extracted], indent=2, ensure_ascii=False) + "\n"
    return to_yaml(draft_.claims_file, schema_path) + _proposals(draft_)


def _extract_one(
    job: tuple[Path, dt.date | None, str | None, str | None, SpeakerIndex, Path, str],
) -> tuple[Path, str | None, list[dict], str | None]:
    """Worker: one article to one draft file in the output directory; never raises."""
    path, published, outlet, title, index, out, output_format = job
    try:
        result = draft(path, published, outlet, title, index, need_date=output_format == "yaml")
        suffix = ".claims.yml" if output_format == "yaml" else ".claims.json"
        target = out / f"{result.claims_file.article.id}{suffix}"
        schema_path = schema_reference(target.resolve(), SCHEMA_DIR)
        target.write_text(_render(result, output_format, schema_path), encoding="utf-8")
        if output_format == "yaml":
            shutil.copyfile(path, out / result.claims_file.article.text)
        return path, str(target), [s.model_dump(mode="json", exclude_defaults=True) for s in result.new_speakers], None
    except ArticleError as error:
        return path, None, [], str(error)
    except Exception as error:  # a draft must never stop the batch: report and go on
        return path, None, [], f"{type(error).__name__}: {error}"


def _article_files(inputs: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for item in inputs:
        files += sorted(p for p in item.rglob("*.txt") if p.is_file()) if item.is_dir() else [item]
    return files


@cli.command(name="extract")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]), help="Publication date (YYYY-MM-DD).")
@click.option("--outlet", help="Outlet id, as in outlets.yml.")
@click.option("--title", help="Headline (default: the first line of the text).")
@click.option("--format", "output_format", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), help="Write one draft per article here.")
@jobs_option
@seeds_option
def extract_command(
    inputs: tuple[Path, ...],
    published: dt.datetime | None,
    outlet: str | None,
    title: str | None,
    output_format: str,
    out: Path | None,
    jobs: int,
    seeds: Path,
) -> None:
    """Draft a claims file from an article: every attributed claim, with span, speaker, verb, via and date."""
    index = _registry(seeds)
    day = published.date() if published else None
    if out is None:
        if len(inputs) != 1 or inputs[0].is_dir():
            raise click.UsageError("several articles need --out DIR")
        try:
            result = draft(inputs[0], day, outlet, title, index, need_date=output_format == "yaml")
        except ArticleError as error:
            click.echo(f"{inputs[0]}: {error}", err=True)
            sys.exit(1)
        schema_path = schema_reference(inputs[0].resolve(), SCHEMA_DIR)
        click.echo(_render(result, output_format, schema_path), nl=False)
        return
    out.mkdir(parents=True, exist_ok=True)
    files = _article_files(inputs)
    jobs_list = [(path, day, outlet, title, index, out, output_format) for path in files]
    failures, proposals = 0, {}
    workers = parallel.workers(jobs)
    pool = multiprocessing.Pool(min(workers, len(files))) if workers > 1 and len(files) > 1 else None
    with (
        pool or contextlib.nullcontext(),
        click.progressbar(length=len(files), label="extracting", file=sys.stderr) as bar,
    ):
        results = pool.imap_unordered(_extract_one, jobs_list, chunksize=8) if pool else map(_extract_one, jobs_list)
        for path, _target, new_speakers, error in results:
            bar.update(1)
            if error:
                failures += 1
                click.echo(f"\n{path}: {error}", err=True)
            for speaker in new_speakers:
                proposals.setdefault(speaker["id"], speaker)
    if proposals:
        (out / "proposed-speakers.yml").write_text(
            yaml.safe_dump({"speakers": list(proposals.values())}, sort_keys=False, allow_unicode=True),
            encoding="utf-8",
        )
    click.echo(f"{len(files) - failures} draft(s) in {out}, {failures} failed", err=True)
    sys.exit(1 if failures else 0)


@cli.command(name="eval")
@click.argument("gold_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option("--mistakes", is_flag=True, help="List every miss, extra and wrong speaker.")
@click.option("--calibrate", is_flag=True, help="Count the extractor's hits per group into claims/confidence.json.")
@click.option("--calibration", is_flag=True, help="How well confidence predicts: the share right per confidence bin.")
def eval_command(gold_dir: Path, mistakes: bool, calibrate: bool, calibration: bool) -> None:
    """Score extraction against a gold directory of annotated articles."""
    if calibrate:
        _calibrate(gold_dir)
        return
    if calibration:
        _calibration(gold_dir)
        return
    report, problems = evaluate(gold_dir)
    if problems:
        _report(problems)
        sys.exit(1)
    click.echo(format_report(report, gold_dir))
    if mistakes:
        click.echo("\n".join(report.mistakes))


@cli.command(name="add")
@click.argument("article", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--outlet", required=True, help="Outlet id, as in outlets.yml.")
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]), help="Publication date (default: the page's).")
@click.option("--url", help="Where the article was published (default: the page's canonical URL).")
@click.option("--title", help="Headline (default: the page's title or the text's first line).")
@click.option("--author", help="Byline.")
@click.option("--licence", help="Licence of the text, e.g. 'CC BY 2.5'.")
@click.option("--collected", type=click.DateTime(formats=["%Y-%m-%d"]), help="Day the text was collected (today).")
@seeds_option
def add_command(
    article: Path,
    outlet: str,
    published: dt.datetime | None,
    url: str | None,
    title: str | None,
    author: str | None,
    licence: str | None,
    collected: dt.datetime | None,
    seeds: Path,
) -> None:
    """Bring an article (text, or a saved HTML page) into seeds/ with draft claims to review."""
    try:
        added = adding.add(
            article,
            seeds,
            outlet,
            published=published and published.date(),
            url=url,
            title=title,
            author=author,
            licence=licence,
            collected=collected and collected.date(),
        )
    except ArticleError as error:
        click.echo(f"{article}: {error}", err=True)
        sys.exit(1)
    click.echo(
        f"wrote {added.text_path}" + (f" and kept the page as {added.original_path}" if added.original_path else "")
    )
    click.echo(f"wrote {added.claims_path}: {added.claims} claims to review; unsure speaker matches: {_unsure(added)}")
    for line in added.unsure:
        click.echo(str(line))
    if added.new_speakers:
        names = ", ".join(s.id for s in added.new_speakers)
        click.echo(f"added {len(added.new_speakers)} new speakers to {seeds / SPEAKERS_FILE} for review: {names}")


def _calibration(gold_dir: Path) -> None:
    bins, problems = confidence.reliability(gold_dir)
    if problems:
        _report(problems)
        sys.exit(1)
    click.echo(
        f"{'confidence':14}{'claims':>8}{'mean':>8}{'right':>8}   (two folds of {gold_dir}, each scored by the other)"
    )
    for b in bins:
        click.echo(f"{b.low:.2f}-{b.high:.2f}{b.claims:>12}{b.mean_confidence:>8.2f}{b.share_right:>8.2f}")


def _unsure(added: adding.Added) -> str:
    """How many unsure matches there are, by kind ("3 (2 by contains, 1 by fuzzy); check each:"), or "none"."""
    if not added.unsure:
        return "none"
    kinds = ", ".join(f"{n} by {how}" for how, n in sorted(added.unsure_counts().items()))
    return f"{len(added.unsure)} ({kinds}); check each:"


def _calibrate(gold_dir: Path) -> None:
    counts, problems = confidence.calibrate(gold_dir)
    if problems:
        _report(problems)
        sys.exit(1)
    confidence.CALIBRATION.write_text(json.dumps(counts, indent=1) + "\n", encoding="utf-8")
    for name, (right, found) in counts.items():
        click.echo(f"{name:24}{right:>5} of {found:<5} right")
    click.echo(f"wrote {confidence.CALIBRATION}")


@cli.command(name="export")
@db_option
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("--out", default="-", show_default=True, help="File to write; - for standard output.")
@click.option(
    "--speaker", help="Only this speaker's claims (a speaker id); JSON-LD gives whole statements they appear in."
)
@click.option("--outlet", help="Only the claims this outlet published (an outlet id).")
@click.option("--base-url", help="Where the database is served (https://...): JSON-LD links to its pages.")
def export_command(
    db: Path, output_format: str, out: str, speaker: str | None, outlet: str | None, base_url: str | None
) -> None:
    """Export whole claims as JSON Lines, or statements as schema.org Claims (JSON-LD), streaming."""
    try:
        count = export_database(db, output_format, out, Selection(speaker=speaker, outlet=outlet), base_url)
    except ExportError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    click.echo(f"exported {count} {'claim(s)' if output_format == 'jsonl' else 'statement(s)'} to {out}", err=True)
