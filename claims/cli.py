"""The `claims` command: check, build and serve the claims in seeds/."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path

import click
import yaml

from . import schema
from .build.building import DEFAULT_DB, BuildError, build
from .build.metadata import MetadataError
from .build.metadata import write as write_metadata
from .corpus.claimsfile import schema_reference
from .corpus.validation import SPEAKERS_FILE, Problem, SpeakersFile, load_model
from .corpus.validation import start as start_scan
from .corpus.walk import nothing, walk
from .intake import adding, confidence, extracting
from .intake import registry as speaker_registry
from .intake.drafting import ArticleError
from .intake.editing import Refused
from .intake.evaluation import evaluate, format_report
from .intake.fixing import fix_all
from .intake.matching import SpeakerIndex
from .intake.registry import Moved
from .web import serving
from .web.records import FORMATS, ExportError, Selection, export_database

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


def _fix(seeds: Path) -> list[Problem]:
    """Fix every claims file that --fix can, one line per fix; the problems that stop the others being fixed."""
    registry, paths, _ = start_scan(seeds)  # the check that follows reports the problems of the seeds themselves
    blocking: list[Problem] = []
    for outcome in fix_all(paths, registry):
        for line in outcome.report():
            click.echo(line)
        blocking += outcome.problems
    return blocking


@cli.command()
@seeds_option
@jobs_option
@click.option(
    "--fix",
    is_flag=True,
    help="First fill in what the text determines (claim ids, offsets, sha256) and correct offsets that miss their "
    "quote when it occurs once; a file that would still not pass is left as it was.",
)
def check(seeds: Path, jobs: int, fix: bool) -> None:
    """Validate every file in the seeds directory; one line per problem."""
    blocking = _fix(seeds) if fix else []
    walked = walk(seeds, nothing, jobs)
    registry, problems = walked.registry, walked.problems
    articles = claims = 0
    for visit in walked.visits:
        problems += visit.problems
        if visit.ids is not None:
            articles, claims = articles + 1, claims + len(visit.ids.claims)
    reported = set(problems)
    problems += [problem for problem in dict.fromkeys(blocking) if problem not in reported]
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
@click.option("--full", is_flag=True, help="Build anew, even when the last database could be updated.")
def build_command(seeds: Path, db: Path, jobs: int = 0, full: bool = False) -> None:
    """Validate the seeds and build the SQLite database (atomically), updating the last one for what changed."""
    try:
        built = build(seeds, db, jobs, reuse=not full)
    except BuildError as error:
        _report(error.problems)
        click.echo(f"build failed; {db} left as it was", err=True)
        sys.exit(1)
    kept = "" if built.reused is None else f" ({built.reused} article(s) unchanged since the last build)"
    click.echo(f"built {db}: {built.articles} article(s), {built.claims} claim(s){kept}")


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
    """Build if the seeds changed (or the database is another version's), then serve it read-only with Datasette."""
    if serving.needs_build(seeds, db):
        refused = serving.other_version(db) if db.exists() and not seeds.is_dir() else None
        if refused:
            raise click.ClickException(refused)  # nothing to rebuild it from
        ctx.invoke(build_command, seeds=seeds, db=db)
    served = serving.served_link(db)
    if workers > 1:
        serving.exec_workers(*serving.worker_args(db, metadata, host, port, workers, served))
    serving.exec_datasette(serving.datasette_args(db, metadata, host, port, served))


@cli.command(name="schema")
@click.option("--dir", "directory", type=click.Path(path_type=Path), default=Path("schema"), show_default=True)
@click.option(
    "--metadata", "metadata_path", type=click.Path(path_type=Path), default=Path("metadata.yml"), show_default=True
)
@seeds_option
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Fail if the files differ from the models, or a database built from the seeds (or its export) from the spec.",
)
def schema_command(directory: Path, metadata_path: Path, seeds: Path, check_only: bool) -> None:
    """Write the JSON Schemas of the seed files and metadata.yml's table sections, generated from the models and the
    table spec (claims/build/rows.py)."""
    if check_only:
        problems = schema.problems(directory, metadata_path, seeds)
        for line in problems:
            click.echo(line, err=True)
        sys.exit(1 if problems else 0)
    for path in schema.write(directory):
        click.echo(f"wrote {path}")
    try:
        changed = write_metadata(metadata_path)
    except MetadataError as error:
        raise click.ClickException(f"{metadata_path}:{error.line}: {error}") from None
    click.echo(f"wrote {metadata_path}" if changed else f"{metadata_path}: up to date")


def _registry(seeds: Path) -> SpeakerIndex:
    """The speakers a draft recognises: those of `seeds/speakers.yml` that are valid, or none."""
    if not (seeds / SPEAKERS_FILE).is_file():
        return SpeakerIndex.of({})
    parsed, _, _ = load_model(seeds / SPEAKERS_FILE, SpeakersFile)
    return SpeakerIndex.of({s.id: s for s in parsed.speakers} if parsed else {})


@cli.command(name="extract")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]), help="Publication date (YYYY-MM-DD).")
@click.option("--outlet", help="Outlet id, as in outlets.yml.")
@click.option("--title", help="Headline (default: a saved page's title, or the text's first line).")
@click.option("--format", "output_format", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), help="Write one draft per article here.")
@jobs_option
@seeds_option
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Extract on a Dask distributed cluster (tcp://HOST:8786); paths must be reachable by every worker.",
)
def extract_command(
    inputs: tuple[Path, ...],
    published: dt.datetime | None,
    outlet: str | None,
    title: str | None,
    output_format: str,
    out: Path | None,
    jobs: int,
    seeds: Path,
    scheduler: str | None,
) -> None:
    """Draft a claims file from an article: every attributed claim, with span, speaker, verb, via and date."""
    index = _registry(seeds)
    day = published.date() if published else None
    if out is None:
        if scheduler or len(inputs) != 1 or inputs[0].is_dir():
            raise click.UsageError("several articles, or a cluster, need --out DIR")
        _extract_to_stdout(inputs[0], day, outlet, title, index, output_format)
        return
    out.mkdir(parents=True, exist_ok=True)
    files = extracting.article_files(inputs)
    batch = extracting.Batch(day, outlet, title, index, out, output_format, SCHEMA_DIR)
    failures, proposals = 0, {}
    proposed: dict[Path, list[dict]] = {}
    with click.progressbar(length=len(files), label="extracting", file=sys.stderr) as bar:
        for drafted in extracting.draft_all(batch, files, jobs, scheduler):
            bar.update(1)
            if drafted.error:
                failures += 1
                click.echo(f"\n{drafted.path}: {drafted.error}", err=True)
            proposed[drafted.path.resolve()] = drafted.new_speakers
    for path in files:  # in the articles' order, however the workers finished: the same file every run
        for speaker in proposed.get(path.resolve(), []):
            proposals.setdefault(speaker["id"], speaker)
    if proposals:
        (out / "proposed-speakers.yml").write_text(
            yaml.safe_dump({"speakers": list(proposals.values())}, sort_keys=False, allow_unicode=True),
            encoding="utf-8",
        )
    click.echo(f"{len(files) - failures} draft(s) in {out}, {failures} failed", err=True)
    sys.exit(1 if failures else 0)


def _extract_to_stdout(
    path: Path, day: dt.date | None, outlet: str | None, title: str | None, index: SpeakerIndex, output_format: str
) -> None:
    try:
        result, source = adding.draft_file(path, day, outlet, title, index, need_date=output_format == "yaml")
    except ArticleError as error:
        click.echo(f"{path}: {error}", err=True)
        sys.exit(1)
    if output_format == "yaml" and source.name != path.name:
        click.echo(f"{path}: a saved page: the draft names its text {source.name}, written only with --out", err=True)
    click.echo(extracting.render(result, output_format, schema_reference(path.resolve(), SCHEMA_DIR)), nl=False)


@cli.command(name="eval")
@click.argument("gold_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option("--mistakes", is_flag=True, help="List every miss, extra and wrong speaker.")
@click.option("--calibrate", is_flag=True, help="Count the extractor's hits per group into its calibration file.")
@click.option("--calibration", is_flag=True, help="How well confidence predicts: the share right per confidence bin.")
@jobs_option
def eval_command(gold_dir: Path, mistakes: bool, calibrate: bool, calibration: bool, jobs: int) -> None:
    """Score extraction against a gold directory of annotated articles."""
    if calibrate:
        _calibrate(gold_dir)
        return
    if calibration:
        _calibration(gold_dir)
        return
    report, problems = evaluate(gold_dir, jobs)
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
    if added.dated_by != "--published":
        click.echo(f"published {added.published}: {added.dated_by}")
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
    "--speaker",
    help="Only this speaker's claims (an id, a name or an alias); JSON-LD gives whole statements they appear in.",
)
@click.option("--outlet", help="Only the claims this outlet published (an outlet id).")
@click.option("--base-url", help="Where the database is served (https://...): JSON-LD links to its pages.")
@seeds_option
@click.option("--build", "rebuild", is_flag=True, help="Build the database first if the seeds changed since.")
def export_command(
    db: Path,
    output_format: str,
    out: str,
    speaker: str | None,
    outlet: str | None,
    base_url: str | None,
    seeds: Path,
    rebuild: bool,
) -> None:
    """Export whole claims as JSON Lines, or statements as schema.org Claims (JSON-LD), streaming. A database older
    than the seeds is refused (--build rebuilds it first)."""
    if rebuild and serving.needs_build(seeds, db):
        _build_quietly(seeds, db)
    elif db.is_file() and serving.needs_build(seeds, db):
        reason = serving.other_version(db) or f"{db} is older than {seeds}: rebuild it with `claims build`"
        click.echo(f"error: {reason} (or export --build)", err=True)
        sys.exit(1)
    try:
        count = export_database(db, output_format, out, Selection(speaker=speaker, outlet=outlet), base_url)
    except ExportError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    click.echo(f"exported {count} {'claim(s)' if output_format == 'jsonl' else 'statement(s)'} to {out}", err=True)


def _build_quietly(seeds: Path, db: Path) -> None:
    """Build as `claims build` does, saying so on standard error: standard output may be the export."""
    try:
        built = build(seeds, db)
    except BuildError as error:
        _report(error.problems)
        click.echo(f"build failed; {db} left as it was", err=True)
        sys.exit(1)
    click.echo(f"built {db}: {built.articles} article(s), {built.claims} claim(s)", err=True)


@cli.group(name="speakers")
def speakers_group() -> None:
    """Rename or merge speakers: in speakers.yml and in every claim, all files or none, checked first."""


@speakers_group.command(name="rename")
@click.argument("old")
@click.argument("new")
@seeds_option
def rename_command(old: str, new: str, seeds: Path) -> None:
    """Give speaker OLD the id NEW, in speakers.yml and in every claim's speaker and via."""
    moved = _edit_speakers(speaker_registry.rename, seeds, old, new)
    click.echo(f"renamed {old} to {new} in {seeds / SPEAKERS_FILE} and in {moved}")


@speakers_group.command(name="merge")
@click.argument("source", metavar="FROM")
@click.argument("into", metavar="INTO")
@seeds_option
def merge_command(source: str, into: str, seeds: Path) -> None:
    """Give FROM's claims to INTO; FROM's name and aliases become INTO's aliases, and FROM leaves speakers.yml."""
    moved = _edit_speakers(speaker_registry.merge, seeds, source, into)
    click.echo(f"merged {source} into {into}: {moved}")
    aliases = ", ".join(repr(alias) for alias in moved.aliases) or "none (it had them all)"
    click.echo(f"{into}'s new aliases: {aliases}; {source} removed from {seeds / SPEAKERS_FILE}")


def _edit_speakers(action: Callable[[Path, str, str], Moved], seeds: Path, first: str, second: str) -> Moved:
    """Run a rename or merge; on a refusal print why (one line, or `claims check`'s lines) and exit 1."""
    try:
        return action(seeds, first, second)
    except speaker_registry.SpeakerError as error:
        click.echo(f"error: {error}", err=True)
    except Refused as refused:
        _report(refused.problems)
        click.echo("nothing changed: the corpus would not pass `claims check`", err=True)
    sys.exit(1)


@cli.command(name="review")
@click.option(
    "--seeds", type=click.Path(path_type=Path, file_okay=False, exists=True), default=Path("seeds"), show_default=True
)
@click.option("--port", default=8002, show_default=True, type=int)
def review_command(seeds: Path, port: int) -> None:
    """Review the extractor's drafts in the browser, on http://127.0.0.1:PORT only: every change is checked and
    written to the claims files at once. Never part of what `claims serve` publishes."""
    import uvicorn  # only here: the published server never loads the review page

    from .web.reviewing import ReviewApp

    click.echo(f"Reviewing {seeds} on http://127.0.0.1:{port}/ (this machine only)")
    uvicorn.run(ReviewApp(seeds), host="127.0.0.1", port=port, log_level="warning")
