"""One way through the corpus: every claims file of a seeds directory checked against the registry, on all cores, in
path order, with each sound article handed to what the caller does with it (count it, turn it into rows, score
the extractor on it). `claims check`, `claims build`, `claims eval` and the benchmarks differ only in that."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from .parallel import ordered_map
from .validation import Article, Corpus, Ids, Problem, Registry, Uniqueness, check_article, ids_of, start

R = TypeVar("R")


@dataclass(frozen=True)
class Shared:
    """What every worker holds while it walks a corpus: sent to each worker once, not with each file."""

    seeds: Path
    registry: Registry


Each = Callable[[Shared, Article], R]  # what is done with a sound article, in a worker process


@dataclass(frozen=True)
class Visit(Generic[R]):
    """One claims file as the walk gives it: its ids (when it loaded), its problems, duplicate ids across the
    corpus included, and what `each` made of it when the file itself is sound."""

    path: Path
    ids: Ids | None
    problems: list[Problem]
    result: R | None


@dataclass
class Walk(Generic[R]):
    """The registry, the problems that concern the seeds as a whole, and each claims file, lazily, in path order:
    only the articles being checked are held in memory."""

    registry: Registry
    problems: list[Problem]
    visits: Iterator[Visit[R]]


@dataclass(frozen=True)
class _Job(Generic[R]):
    shared: Shared
    each: Each[R]


def walk(seeds: Path, each: Each[R], jobs: int | None = 1, only: list[Path] | None = None) -> Walk[R]:
    """Walk the claims files of `seeds` (or `only` these of them) on `jobs` processes (all cores when 0 or None).
    `each` must be a module-level function, so that worker processes can be sent it."""
    registry, paths, problems = start(seeds, only)
    job = _Job(Shared(seeds, registry), each)
    return Walk(registry, problems, _visits(job, paths, jobs))


def _visits(job: _Job[R], paths: list[Path], jobs: int | None) -> Iterator[Visit[R]]:
    uniqueness = Uniqueness()
    for visit in ordered_map(_visit, paths, job, jobs):
        if visit.ids is not None:
            visit.problems.extend(uniqueness.problems(visit.ids))
        yield visit


def _visit(job: _Job[R], path: Path) -> Visit[R]:
    article, problems = check_article(path, job.shared.registry)
    if article is None:
        return Visit(path, None, problems, None)
    return Visit(path, ids_of(article), problems, None if problems else job.each(job.shared, article))


def nothing(_: Shared, __: Article) -> None:
    """For a walk that only checks: nothing is made of the articles, and nothing but their ids comes back."""


def _article(_: Shared, article: Article) -> Article:
    return article


def load_corpus(seeds: Path, jobs: int | None = 1) -> tuple[Corpus, list[Problem]]:
    """Every sound article of a seeds directory, texts included, with every problem found in it."""
    walked = walk(seeds, _article, jobs)
    problems, articles = walked.problems, []
    for visit in walked.visits:
        problems += visit.problems
        if visit.result is not None:
            articles.append(visit.result)
    registry = walked.registry
    return Corpus(registry.outlets, registry.speakers, articles, set(registry.invalid_ids)), problems
