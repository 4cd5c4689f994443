"""Scoring extraction against a gold directory of annotated articles (a seeds directory)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..corpus.models import Claim, Speaker
from ..corpus.validation import Article, Problem
from ..corpus.walk import Shared, walk
from ..extraction import Extracted, extract
from .matching import normal_name

QUOTES = ("direct", "partial")


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched


@dataclass
class Report:
    quotes: Score = field(default_factory=Score)
    reported: Score = field(default_factory=Score)
    speakers_right: int = 0
    speakers_judged: int = 0
    articles: int = 0
    mistakes: list[str] = field(default_factory=list)

    def add(self, other: Report) -> None:
        self.quotes.add(other.quotes)
        self.reported.add(other.reported)
        self.speakers_right += other.speakers_right
        self.speakers_judged += other.speakers_judged
        self.articles += other.articles
        self.mistakes += other.mistakes

    @property
    def speaker_accuracy(self) -> float:
        return self.speakers_right / self.speakers_judged if self.speakers_judged else 0.0


def spans_match(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Two spans match when their overlap covers at least half of the shorter one."""
    overlap = min(a_end, b_end) - max(a_start, b_start)
    return overlap > 0 and overlap >= 0.5 * min(a_end - a_start, b_end - b_start)


def speaker_matches(predicted: str, gold: Speaker) -> bool:
    """A predicted speaker string names the gold speaker: its name, an alias, or a person's surname."""
    names = {normal_name(n) for n in [gold.name, *gold.aliases]}
    guess = normal_name(predicted)
    if guess in names:
        return True
    if gold.type == "person":
        # the surname alone, or a part of the full name as far as the article gives it ("his wife Mary")
        surnames = {n.split()[-1] for n in names if n}
        return bool(guess) and (
            guess.split()[-1] in surnames or set(guess.split()) <= set(normal_name(gold.name).split())
        )
    return any(len(n) > 3 and (n in guess or guess in n) for n in names if n)


def pair(gold: list[Claim], predicted: list[Extracted]) -> list[tuple[Claim, Extracted]]:
    """Greedy one-to-one matching, largest overlaps first."""
    candidates = []
    for g in gold:
        for p in predicted:
            if spans_match(g.start, g.end, p.start, p.end):
                candidates.append((min(g.end, p.end) - max(g.start, p.start), g, p))
    pairs, used_gold, used_predicted = [], set(), set()
    for _, g, p in sorted(candidates, key=lambda c: -c[0]):
        if id(g) not in used_gold and id(p) not in used_predicted:
            pairs.append((g, p))
            used_gold.add(id(g))
            used_predicted.add(id(p))
    return pairs


def evaluate(gold_dir: Path, jobs: int | None = 1) -> tuple[Report, list[Problem]]:
    """The extractor scored on every article of a gold directory, on `jobs` processes."""
    walked = walk(gold_dir, score_article, jobs)
    report, problems = Report(), walked.problems
    for visit in walked.visits:
        problems += visit.problems
        if visit.result is not None:
            report.add(visit.result)
    return (Report(), problems) if problems else (report, [])


def score_article(shared: Shared, article: Article) -> Report:
    """The extractor's claims in one gold article, scored against its gold claims."""
    report = Report(articles=1)
    predicted = extract(article.text, article.meta.published)
    name = article.meta.id
    for group, score, kinds in (("quote", report.quotes, QUOTES), ("reported", report.reported, ("indirect",))):
        gold = [c for c in article.claims if c.kind in kinds]
        guesses = [p for p in predicted if p.kind in kinds]
        pairs = pair(gold, guesses)
        score.add(Score(len(gold), len(guesses), len(pairs)))
        matched_gold = {id(g) for g, _ in pairs}
        matched_guess = {id(p) for _, p in pairs}
        report.mistakes += [f"{name}: missed {group} {g.quote[:70]!r}" for g in gold if id(g) not in matched_gold]
        report.mistakes += [f"{name}: extra {group} {p.quote[:70]!r}" for p in guesses if id(p) not in matched_guess]
        if group == "quote":
            for g, p in pairs:
                report.speakers_judged += 1
                if speaker_matches(p.speaker, shared.registry.speakers[g.speaker]):
                    report.speakers_right += 1
                else:
                    report.mistakes.append(
                        f"{name}: speaker {p.speaker!r} should be {g.speaker!r} for {g.quote[:50]!r}"
                    )
    return report


def format_report(report: Report, gold_dir: Path) -> str:
    lines = [
        f"gold: {gold_dir} ({report.articles} articles)",
        f"{'':24}{'gold':>6}{'found':>7}{'match':>7}{'P':>7}{'R':>7}{'F1':>7}",
    ]
    for label, score in (("direct+partial quotes", report.quotes), ("reported speech", report.reported)):
        lines.append(
            f"{label:24}{score.gold:>6}{score.predicted:>7}{score.matched:>7}"
            f"{score.precision:>7.3f}{score.recall:>7.3f}{score.f1:>7.3f}"
        )
    lines.append(
        f"speaker right on matched quotes: {report.speakers_right}/{report.speakers_judged}"
        f" = {report.speaker_accuracy:.3f}"
    )
    return "\n".join(lines)
