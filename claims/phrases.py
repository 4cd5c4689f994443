"""Where a name stands in the article's words for a speaker, and the whole name a fragment was cut from.

"the United States Department of Defense" names the Department of Defense (its head); "a spokesperson for the
Department of Transport" speaks for the Department of Transport (a voice); "an official of the Department of
Defense" and "Pentagon officials" belong to a body but are not it (members); "a professor in Tehran" only places
someone (other). "Transport", cut by the extractor out of "the Department of Transport", is a fragment of the whole
name "Department of Transport". The word lists are data, in `claims/extraction/words/`.
"""

from __future__ import annotations

import re
from enum import StrEnum

from .extraction.lexicon import LEXICON

VOICES = LEXICON.voices
MEMBER_LINKS = LEXICON.member_links
MEMBERS = LEXICON.members
CONNECTORS = LEXICON.name_connectors
BODY_HEADS = LEXICON.body_heads | LEXICON.group_words
ARTICLES = frozenset(["a", "an", "the"])
JOINERS = frozenset(["and", "or", "&"])  # "Antoine Quirin and Nicolas Redouane": two names, not one
POSSESSIVE = "'s"
MAX_TEXT_OCCURRENCES = 50  # a name used more often than this is read from its first ones
MAX_MODIFIERS = 1  # words between a preposition and a body ("within the central Interior Ministry")
WINDOW = 160  # characters before a name in the text that can hold the rest of its body's name

_WORD = re.compile(r"'s|[\w&]+(?:['.-][\w&]+)*")
_TOKEN = re.compile(r"[\w&]+(?:['’.-][\w&]+)*|[^\w\s]")
_PARTS = re.compile(r",\s+|\s+[—–]\s+|\s*[()]\s*")
_SKIPPED_BEFORE_A_NAME = CONNECTORS | LEXICON.determiners | LEXICON.non_openers | LEXICON.pronouns


class Stance(StrEnum):
    """How a name stands in the words for a speaker."""

    head = "head"  # the words name it: "the United States Department of Defense", "Mayor Helen Park"
    voice = "voice"  # someone speaks for it: "a spokesperson for the Department of Transport"
    member = "member"  # someone of it, not it: "an official of the Department of Defense", "Pentagon officials"
    other = "other"  # it only modifies or places something else: "a professor in Tehran", "Okafor's partner"


def cased_words(text: str) -> tuple[str, ...]:
    """The words as written, a possessive `'s` as a word of its own ("the Pentagon's" -> the, Pentagon, 's)."""
    plain = re.sub(r"'[sS]\b", " 's", text.replace("’", "'").replace("*", ""))
    return tuple(_WORD.findall(plain))


def words(text: str) -> tuple[str, ...]:
    """The words in lower case, as compared."""
    return tuple(word.lower() for word in cased_words(text))


def key_words(name: str) -> tuple[str, ...]:
    """The words a name is looked up by: without a leading article ("the Pentagon" -> pentagon)."""
    found = words(name)
    return found[1:] if found[:1] and found[0] in ARTICLES else found


def part_texts(label: str) -> list[str]:
    """The appositive parts of a label ("Okafor's business partner, Dana Reyes" has two)."""
    return [part.strip() for part in _PARTS.split(label) if part.strip()]


def parts(label: str) -> list[tuple[str, ...]]:
    """The words of each appositive part."""
    return [found for part in part_texts(label) if (found := words(part))]


def cased_parts(label: str) -> list[tuple[str, ...]]:
    """The words of each appositive part as written."""
    return [found for part in part_texts(label) if (found := cased_words(part))]


def find_run(haystack: tuple[str, ...], needle: tuple[str, ...]) -> int | None:
    """Where `needle` last occurs in `haystack` as a run of whole words, or None."""
    size = len(needle)
    if not size:
        return None
    return next((i for i in range(len(haystack) - size, -1, -1) if haystack[i : i + size] == needle), None)


def within(name: str, label: str) -> bool:
    """Whether `name` is a run of whole words of `label` ("Dana Reyes" in "Okafor's partner, Dana Reyes")."""
    return find_run(words(label), key_words(name)) is not None


def stance(label: str, name: str) -> Stance | None:
    """How `name` stands in `label`, or None when it is not in it."""
    target = key_words(name)
    for cased in cased_parts(label):
        part = tuple(word.lower() for word in cased)
        start = find_run(part, target)
        if start is not None:
            return stance_at(cased, start, start + len(target))
    return None


def stance_at(cased: tuple[str, ...], start: int, end: int) -> Stance:
    """How the words `cased[start:end]` stand in the rest of their appositive part (words as written)."""
    after = [word.lower() for word in cased[end:] if word != POSSESSIVE]
    if after:
        return _stance_before(after[0])
    written = _before_name(cased[:start])
    before = [word.lower() for word in written]
    if not before:
        return Stance.head
    link = _link_before(before, written)
    if link is not None:  # "a statement released by", "a survey published in 2017 by"
        return Stance.voice if VOICES.intersection(before[:link]) else Stance.member
    if before[-1] in LEXICON.non_closers or before[-1] in LEXICON.non_openers:
        return Stance.other  # "a professor in Tehran", "Talks between Iran and ..."
    return Stance.head


def _before_name(before: tuple[str, ...]) -> list[str]:
    """The words before a name without its determiners ("for the", "of its") and possessors ("of the army's")."""
    words_ = list(before)
    while words_ and (words_[-1].lower() in LEXICON.determiners or words_[-1] == POSSESSIVE):
        if words_.pop() == POSSESSIVE and words_:
            words_.pop()  # the possessor: "army" in "the army's"
    return words_


def _link_before(before: list[str], written: list[str]) -> int | None:
    """Where a preposition tying a member to a body ends `before`, across up to MAX_MODIFIERS lower-case modifiers
    ("within the central"), or None. A capitalised word ("Mayor of London Sadiq Khan"), a title or a noun of people
    ("Defense official") ends the search."""
    skipped = 0
    for index in range(len(before) - 1, -1, -1):
        word = before[index]
        if word in MEMBER_LINKS:
            return index
        if word in LEXICON.determiners:
            continue
        capitalised = written[index][:1].isupper()
        if skipped == MAX_MODIFIERS or capitalised or _names_people(word) or word in LEXICON.non_closers:
            return None
        skipped += 1
    return None


def _names_people(word: str) -> bool:
    return word in VOICES or word in MEMBERS or word in LEXICON.titles or word.removesuffix("s") in LEXICON.titles


def _stance_before(word: str) -> Stance:
    """How a name stands when `word` follows it in the same part."""
    if word in VOICES:
        return Stance.voice  # "a Department of Transport spokesperson"
    if word in JOINERS:
        return Stance.other  # "Reuters and NBC": one of two
    if word in MEMBER_LINKS or word in LEXICON.non_closers:
        return Stance.head  # "the Department of Defense in Washington"
    if _names_people(word):
        return Stance.member  # "Pentagon officials", "a Department of Defense official"
    return Stance.other  # "the Trump administration", "Okafor's business partner"


def is_body_word(word: str) -> bool:
    """Whether a word heads the name of a body ("Department", "Ministry", "Forces", "Centers")."""
    lower = word.lower()
    return lower in BODY_HEADS or lower.removesuffix("s") in BODY_HEADS


def names_a_body(name: str) -> bool:
    """Whether a name is a body's ("United States Department of Defense"), not a person's."""
    return any(is_body_word(word) for word in _TOKEN.findall(name))


def whole_name(name: str, phrase: str) -> str | None:
    """The whole name of a body that `name` (at its last occurrence in `phrase`) was cut from, or None.

    "Transport" in "A spokesperson for the Department of Transport" -> "Department of Transport"; "Defense" in "the
    United States Department of Defense" -> "United States Department of Defense". Only a name that follows a
    connector ("of", "for") after a body's word ("Department", "Ministry") is a fragment: "Mike Pompeo" in "Secretary
    of State Mike Pompeo" and "Labour Party" in "Yvette Cooper of the Labour Party" are whole names.
    """
    tokens, target = _TOKEN.findall(phrase), _TOKEN.findall(name)
    start = _last_tokens(tokens, target)
    if start is None:
        return None
    link = tokens[start - 1].lower() if start else ""
    if link not in CONNECTORS or link in JOINERS:
        return None
    first = _run_start(tokens, start)
    head = next((t for t in reversed(tokens[first:start]) if t.lower() not in CONNECTORS), "")
    if not is_body_word(head):
        return None
    run = tokens[first : _run_end(tokens, start + len(target))]
    return " ".join(run) if len(run) > len(target) else None


def whole_name_in_text(name: str, text: str) -> str | None:
    """The whole name that `name` is a fragment of wherever the text uses it, or None when it stands alone anywhere."""
    if not name.strip():
        return None
    wholes = []
    pattern = re.compile(rf"(?<![\w&]){re.escape(name)}(?![\w&])")
    for found in list(pattern.finditer(text))[:MAX_TEXT_OCCURRENCES]:
        window = text[max(0, found.start() - WINDOW) : found.end()]
        whole = whole_name(name, window[window.rfind("\n") + 1 :])
        if whole is None:
            return None
        wholes.append(whole)
    return wholes[0] if wholes else None


def _last_tokens(tokens: list[str], target: list[str]) -> int | None:
    lowered, wanted = [t.lower() for t in tokens], [t.lower() for t in target]
    size = len(wanted)
    if not size:
        return None
    return next((i for i in range(len(tokens) - size, -1, -1) if lowered[i : i + size] == wanted), None)


def _in_name(token: str) -> bool:
    possessive = token.lower().endswith(("'s", "’s"))
    return token.lower() in CONNECTORS or (token[:1].isupper() and not possessive)


def _run_start(tokens: list[str], start: int) -> int:
    """The first token of the capitalised run (connectors inside it) that ends at `start`, leading function words
    ("the", "for", "In") left out."""
    first = start
    while first > 0 and _in_name(tokens[first - 1]):
        first -= 1
    while first < start and tokens[first].lower() in _SKIPPED_BEFORE_A_NAME:
        first += 1
    return first


def _run_end(tokens: list[str], end: int) -> int:
    """Past the last token of the name that goes on after `end` through a connector ("... and Social Care")."""
    while end + 1 < len(tokens) and tokens[end].lower() in CONNECTORS and tokens[end + 1][:1].isupper():
        end += 2
        while end < len(tokens) and tokens[end][:1].isupper() and _in_name(tokens[end]):
            end += 1
    return end
