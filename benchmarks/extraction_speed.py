"""Extraction speed on one core: articles a second over the real articles in seeds/ and tests/gold/.

    python -m benchmarks.extraction_speed [--rounds 20]

Prints the median of the rounds (these machines are noisy), words per article and articles a second.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from claims.extraction import extract
from claims.validation import load_corpus

ROOT = Path(__file__).resolve().parent.parent


def articles() -> list[tuple[str, object]]:
    found = []
    for seeds in (ROOT / "seeds", ROOT / "tests" / "gold" / "dev", ROOT / "tests" / "gold" / "heldout"):
        corpus, problems = load_corpus(seeds)
        assert not problems, problems
        found += [(article.text, article.meta.published) for article in corpus.articles]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    texts = articles()
    words = statistics.mean(len(text.split()) for text, _ in texts)
    timings = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        for text, published in texts:
            extract(text, published)
        timings.append(time.perf_counter() - started)
    median = statistics.median(timings)
    print(f"{len(texts)} articles, {words:.0f} words on average, {args.rounds} rounds on one core")
    total_words = sum(len(text.split()) for text, _ in texts)
    print(f"median round {median * 1000:.1f} ms: {len(texts) / median:.0f} articles a second")
    print(f"{total_words / median:,.0f} words a second: {total_words / median / 800:.0f} articles a second of 800 words")


if __name__ == "__main__":
    main()
