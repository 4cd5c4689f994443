"""How far to trust an extracted claim: the share of claims like it that the extractor got right on the dev set.

Claims are grouped by kind and by how the article names the speaker (a name, a pronoun, a description), since
those are where the extractor's mistakes differ most. `claims eval tests/gold/dev --calibrate` counts, for each
group, the claims it found and how many of them match a gold claim with the right speaker, and writes the counts
to `confidence.json`; a test checks that the file still equals a fresh count.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from .evaluation import pair, speaker_matches
from .extraction import Extracted, extract
from .matching import normal_name
from .validation import Problem, load_corpus

CALIBRATION = Path(__file__).with_name("confidence.json")
PRONOUNS = frozenset(["he", "she", "they", "it", "we", "i", "you", "his", "her", "their", "its"])


def group(item: Extracted) -> str:
    label = normal_name(item.speaker_label)
    if label in PRONOUNS:
        named = "pronoun"
    elif item.is_person or (item.speaker_label[:1].isupper() and not item.speaker_label.lower().startswith("the ")):
        named = "name"
    else:
        named = "description"
    return f"{item.kind}/{named}"


def calibrate(gold_dir: Path) -> tuple[dict[str, list[int]], list[Problem]]:
    """For each group: [claims found that are right, claims found]."""
    corpus, problems = load_corpus(gold_dir)
    right: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for article in corpus.articles:
        predicted = extract(article.text, article.meta.published)
        found.update(group(p) for p in predicted)
        for gold_claim, guess in pair(article.claims, predicted):
            if gold_claim.kind == guess.kind and speaker_matches(guess.speaker, corpus.speakers[gold_claim.speaker]):
                right[group(guess)] += 1
    return {name: [right[name], found[name]] for name in sorted(found)}, problems


def _load() -> dict[str, float]:
    counts = json.loads(CALIBRATION.read_text()) if CALIBRATION.exists() else {}
    # add-one smoothing: a group seen a few times is not trusted fully, nor distrusted fully
    return {name: round((right + 1) / (total + 2), 2) for name, (right, total) in counts.items()}


SHARES = _load()


def confidence(item: Extracted) -> float:
    return SHARES.get(group(item), 0.5)
