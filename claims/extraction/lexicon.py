"""The extractor's word lists, read from the plain files in `words/` (one word a line, `#` for comments).

Lists are data, not code: a title, a pronoun or a group word is added to its file, and every part of the
extractor, the drafter and the matcher sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lemminflect import getAllInflections, getAllLemmas

WORDS = Path(__file__).with_name("words")


def read_words(name: str) -> frozenset[str]:
    """The words of `words/<name>.txt`, lower case."""
    lines = (line.split("#", 1)[0].strip() for line in (WORDS / f"{name}.txt").read_text("utf-8").splitlines())
    return frozenset(line.lower() for line in lines if line)


@dataclass(frozen=True)
class Lexicon:
    pronouns: frozenset[str]
    determiners: frozenset[str]
    non_openers: frozenset[str]
    non_closers: frozenset[str]
    clause_markers: frozenset[str]
    auxiliaries: frozenset[str]
    titles: frozenset[str]
    group_words: frozenset[str]
    time_words: frozenset[str]
    discourse_openers: frozenset[str]
    standalone: frozenset[str]
    person_suffixes: frozenset[str]
    not_person_nouns: frozenset[str]
    characterising_verbs: frozenset[str]
    naming_cues: frozenset[str]
    reporting_verbs: frozenset[str]
    reporting_phrases: frozenset[str]
    title_abbreviations: frozenset[str]

    @classmethod
    def load(cls) -> Lexicon:
        return cls(**{name: read_words(name) for name in cls.__dataclass_fields__})


LEXICON = Lexicon.load()


def verb_forms(lemmas: frozenset[str]) -> frozenset[str]:
    """The inflected forms of the verbs: "opine" -> opine, opines, opined, opining. A base form that is also a
    noun ("report", "state", "note") is left out: "The report, published on Monday" holds no verb of saying."""
    forms: set[str] = set()
    for lemma in lemmas:
        for tag, inflected in getAllInflections(lemma, upos="VERB").items():
            if tag not in ("VB", "VBP") or "NOUN" not in getAllLemmas(lemma):
                forms.update(inflected)
    return frozenset(forms)
