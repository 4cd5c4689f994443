"""The extractor's word lists, read from the plain files in `words/` (one word a line, `#` for comments).

Lists are data, not code: a title, a pronoun or a group word is added to its file, and every part of the
extractor, the drafter and the matcher sees it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from lemminflect import getAllInflections, getAllLemmas

WORDS = Path(__file__).with_name("words")
_TOKEN = re.compile(r"[\w'’.-]+")


def read_words(name: str, *, cased: bool = False) -> frozenset[str]:
    """The words of `words/<name>.txt`: lower case, or as written when `cased`."""
    lines = (line.split("#", 1)[0].strip() for line in (WORDS / f"{name}.txt").read_text("utf-8").splitlines())
    return frozenset(line if cased else line.lower() for line in lines if line)


def _cased() -> Any:
    """A list whose case matters ("Kim", "Jong-un"): read as written."""
    return field(metadata={"cased": True})


@dataclass(frozen=True, slots=True)  # slots: past 30 attributes an instance's own are slow to read
class Lexicon:
    """Every list in `words/`, by file name."""

    # phrases and clauses (labels.py)
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
    # people and what describes them
    person_suffixes: frozenset[str]
    not_person_nouns: frozenset[str]
    name_titles: frozenset[str]
    title_abbreviations: frozenset[str]
    person_nouns: frozenset[str]
    relatives: frozenset[str]
    relations: frozenset[str]
    demonyms: frozenset[str]
    female_roles: frozenset[str]
    male_roles: frozenset[str]
    female_names: frozenset[str] = _cased()
    male_names: frozenset[str] = _cased()
    not_first_names: frozenset[str]
    subject_pronouns: frozenset[str]
    plain_determiners: frozenset[str]
    # organisations, places and media
    organisation_words: frozenset[str]
    organisation_nouns: frozenset[str]
    institution_words: frozenset[str]
    place_words: frozenset[str]
    media_words: frozenset[str]
    generic_groups: frozenset[str]
    # verbs
    reporting_verbs: frozenset[str]
    reporting_verb_forms: frozenset[str]
    reporting_phrases: frozenset[str]
    noun_like_verb_forms: frozenset[str]
    thatless_verbs: frozenset[str]
    thatless_lemmas: frozenset[str]
    postposed_verbs: frozenset[str]
    finite_verbs: frozenset[str]
    statement_verbs: frozenset[str]
    characterising_verbs: frozenset[str]
    # what opens a sentence or a quotation
    clause_openers: frozenset[str]
    short_clause_openers: frozenset[str]
    naming_cues: frozenset[str]
    quoted_discourse_words: frozenset[str]
    # the matcher (phrases.py, matching.py) and the drafter (drafting.py)
    voices: frozenset[str]
    members: frozenset[str]
    member_links: frozenset[str]
    name_connectors: frozenset[str]
    body_heads: frozenset[str]
    description_words: frozenset[str]
    role_noise: frozenset[str]
    anonymous_words: frozenset[str]
    government_words: frozenset[str]
    articles: frozenset[str]
    joiners: frozenset[str]
    post_nominals: frozenset[str]
    unnamed_people: frozenset[str]

    @classmethod
    def load(cls) -> Lexicon:
        return cls(**{f.name: read_words(f.name, cased=f.metadata.get("cased", False)) for f in fields(cls)})


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


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of the words, factored by prefix (a trie), which Python's re matches several times
    faster than a flat alternation of a hundred words."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return "(?:" + pattern(trie) + ")"


def words_of(phrase: str) -> list[str]:
    """The words of a phrase, as the rules count them."""
    return _TOKEN.findall(phrase)


@functools.lru_cache(maxsize=1 << 16)
def parts_of_speech(word: str) -> frozenset[str]:
    """What a word can be ("NOUN", "VERB", "ADV", ...), by lemminflect's dictionary; empty when it knows none."""
    return frozenset(getAllLemmas(word))


@functools.lru_cache(maxsize=1 << 12)
def is_plural_noun(word: str) -> bool:
    """Whether a lower-case word is a noun's plural ("audiences", "voters"), by lemminflect's dictionary."""
    return word.endswith("s") and getAllLemmas(word).get("NOUN", (word,))[0] != word
