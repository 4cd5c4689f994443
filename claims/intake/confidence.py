"""How far to trust an extracted claim: the share of claims like it that the extractor got right on articles its
rules were not tuned on.

Claims are grouped by family (quotes, reported speech) and by the evidence for the speaker: the rule that found it
(`Extracted.rule`) and how the article names the speaker (a name, a pronoun, a description). A speaker carried over
from the quote before, introduced by the sentence before, or guessed from part of the words is trusted less.
`claims eval tests/gold/heldout --calibrate` counts, for each group, the claims found and how many of them match a
gold claim with the right speaker, and writes the counts to `confidence.json`; a test checks the file still equals
a fresh count. `claims eval DIR --calibration` says how well such counts predict: two folds of articles, each scored
with the counts of the other.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..corpus.validation import Article, Problem
from ..corpus.walk import Shared, walk
from ..extraction import Extracted, extract
from .evaluation import pair, speaker_matches
from .matching import normal_name

CALIBRATION = Path(__file__).with_name("confidence.json")
PRONOUNS = frozenset(["he", "she", "they", "it", "we", "i", "you", "his", "her", "their", "its"])
EVIDENCE = {"guessed": "guessed", "fallback": "guessed", "continues": "carried", "fragment": "carried"}
EVIDENCE |= {"introduced": "introduced", "pronoun": "pronoun"}
BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 1.01)

Counts = dict[str, list[int]]  # group -> [claims found that are right, claims found]


def group(item: Extracted) -> str:
    family = "reported" if item.kind == "indirect" else "quote"
    return f"{family}/{EVIDENCE.get(item.rule) or _named(item)}"


def _named(item: Extracted) -> str:
    label = normal_name(item.speaker_label)
    if label in PRONOUNS:
        return "pronoun"
    if item.is_person or (item.speaker_label[:1].isupper() and not item.speaker_label.lower().startswith("the ")):
        return "name"
    return "description"


@dataclass(frozen=True)
class Judged:
    """One extracted claim and whether it matches a gold claim of its kind with the right speaker."""

    group: str
    right: bool


def judge(gold_dir: Path) -> tuple[list[list[Judged]], list[Problem]]:
    """Every claim the extractor finds in each gold article, judged."""
    walked = walk(gold_dir, judge_article)
    problems, articles = walked.problems, []
    for visit in walked.visits:
        problems += visit.problems
        if visit.result is not None:
            articles.append(visit.result)
    return articles, problems


def judge_article(shared: Shared, article: Article) -> list[Judged]:
    """Every claim the extractor finds in one gold article, judged."""
    predicted = extract(article.text, article.meta.published)
    right = {
        id(guess)
        for gold_claim, guess in pair(article.claims, predicted)
        if gold_claim.kind == guess.kind
        and speaker_matches(guess.speaker, shared.registry.speakers[gold_claim.speaker])
    }
    return [Judged(group(p), id(p) in right) for p in predicted]


def count(judged: Iterable[Judged]) -> Counts:
    right: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for item in judged:
        found[item.group] += 1
        right[item.group] += item.right
    return {name: [right[name], found[name]] for name in sorted(found)}


def calibrate(gold_dir: Path) -> tuple[Counts, list[Problem]]:
    articles, problems = judge(gold_dir)
    return count(item for article in articles for item in article), problems


def shares(counts: Counts) -> dict[str, float]:
    # add-one smoothing: a group seen a few times is not trusted fully, nor distrusted fully
    return {name: round((right + 1) / (total + 2), 2) for name, (right, total) in counts.items()}


SHARES = shares(json.loads(CALIBRATION.read_text())) if CALIBRATION.exists() else {}


def confidence(item: Extracted) -> float:
    return SHARES.get(group(item), 0.5)


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    claims: int
    mean_confidence: float
    share_right: float


def reliability(gold_dir: Path, folds: int = 2) -> tuple[list[Bin], list[Problem]]:
    """Claims binned by the confidence that counts from the other folds give them, with the share right in each."""
    articles, problems = judge(gold_dir)
    scored: list[tuple[float, bool]] = []
    for fold in range(folds):
        trained = shares(count(item for i, a in enumerate(articles) if i % folds != fold for item in a))
        scored += [(trained.get(j.group, 0.5), j.right) for i, a in enumerate(articles) if i % folds == fold for j in a]
    bins = []
    for low, high in itertools.pairwise(BINS):
        inside = [(c, r) for c, r in scored if low <= c < high]
        if inside:
            mean = sum(c for c, _ in inside) / len(inside)
            bins.append(Bin(low, min(high, 1.0), len(inside), mean, sum(r for _, r in inside) / len(inside)))
    return bins, problems
