"""Extraction speed on one core: articles a second over the real articles in seeds/ and tests/gold/.

    python -m benchmarks.extraction_speed [--rounds 20]

Prints the median of the rounds (these machines are noisy), words per article and articles a second.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from claims.corpus.walk import load_corpus
from claims.extraction import clear_caches, extract

ROOT = Path(__file__).resolve().parent.parent


def articles() -> list[tuple[str, object]]:
    found = []
    for seeds in (ROOT / "seeds", ROOT / "tests" / "gold" / "dev", ROOT / "tests" / "gold" / "heldout"):
        corpus, problems = load_corpus(seeds)
        assert not problems, problems
        found += [(article.text, article.meta.published) for article in corpus.articles]
    return found


def eight_hundred_word_articles(texts: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """Typical 800-word articles made of real paragraphs: consecutive paragraphs of the corpus, cut at the
    first paragraph end past 800 words."""
    paragraphs = [(p, published) for text, published in texts for p in text.split("\n\n") if p.strip()]
    made, current, words = [], [], 0
    for paragraph, published in paragraphs:
        current.append(paragraph)
        words += len(paragraph.split())
        if words >= 800:
            made.append(("\n\n".join(current), published))
            current, words = [], 0
    return made


def rate(texts: list[tuple[str, object]], rounds: int) -> float:
    timings = []
    for _ in range(rounds):
        clear_caches()  # no round may profit from noun phrases cached in an earlier one
        started = time.perf_counter()
        for text, published in texts:
            extract(text, published)
        timings.append(time.perf_counter() - started)
    return len(texts) / statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    texts = articles()
    long_texts = eight_hundred_word_articles(texts)
    print(f"one core, median of {args.rounds} rounds")
    for label, group in (("real articles", texts), ("800-word articles of real paragraphs", long_texts)):
        words = statistics.mean(len(text.split()) for text, _ in group)
        print(
            f"{label}: {len(group)} of {words:.0f} words on average: {rate(group, args.rounds):.0f} articles a second"
        )


if __name__ == "__main__":
    main()
