"""The `claims` command: check, build and serve the claims in seeds/."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import schema, serving
from .building import DEFAULT_DB, BuildError, build
from .validation import Problem, load_corpus

seeds_option = click.option(
    "--seeds", type=click.Path(path_type=Path), default=Path("seeds"), show_default=True, help="Seeds directory."
)
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
def check(seeds: Path) -> None:
    """Validate every file in the seeds directory; one line per problem."""
    corpus, problems = load_corpus(seeds)
    if problems:
        _report(problems)
        sys.exit(1)
    claims = sum(len(article.claims) for article in corpus.articles)
    click.echo(
        f"ok: {len(corpus.articles)} article(s), {claims} claim(s), "
        f"{len(corpus.speakers)} speaker(s), {len(corpus.outlets)} outlet(s)"
    )


@cli.command(name="build")
@seeds_option
@db_option
def build_command(seeds: Path, db: Path) -> None:
    """Validate the seeds and build the SQLite database (atomically)."""
    try:
        corpus = build(seeds, db)
    except BuildError as error:
        _report(error.problems)
        click.echo(f"build failed; {db} left as it was", err=True)
        sys.exit(1)
    claims = sum(len(article.claims) for article in corpus.articles)
    click.echo(f"built {db}: {len(corpus.articles)} article(s), {claims} claim(s)")


@cli.command()
@seeds_option
@db_option
@click.option(
    "--metadata", type=click.Path(path_type=Path, exists=True), default=Path("metadata.yml"), show_default=True
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
@click.pass_context
def serve(ctx: click.Context, seeds: Path, db: Path, metadata: Path, host: str, port: int) -> None:
    """Build if the seeds changed, then serve the database read-only with Datasette."""
    if serving.needs_build(seeds, db):
        ctx.invoke(build_command, seeds=seeds, db=db)
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
