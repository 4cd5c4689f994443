"""Where a name stands in the article's words for a speaker, and the whole name a fragment was cut from.

"the United States Department of Defense" names the Department of Defense (its head); "a spokesperson for the
Department of Transport" speaks for the Department of Transport (a voice); "an official of the Department of
Defense" and "Pentagon officials" belong to a body but are not it (members); "a professor in Tehran" only places
someone (other). "Transport", cut by the extractor out of "the Department of Transport", is a fragment of the whole
name "Department of Transport". The word lists are data, in `claims/extraction/words/`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum

from ..extraction.lexicon import LEXICON

VOICES = LEXICON.voices
MEMBER_LINKS = LEXICON.member_links
MEMBERS = LEXICON.members
CONNECTORS = LEXICON.name_connectors
JOINERS = LEXICON.joiners
ARTICLES = LEXICON.articles
POST_NOMINALS = LEXICON.post_nominals
BODY_HEADS = LEXICON.body_heads | LEXICON.group_words
POSSESSIVE = "'s"  # the token a possessive ending becomes: "the Pentagon's" -> the, Pentagon, 's
MAX_TEXT_OCCURRENCES = 50  # a name used more often than this is read from its first ones
MAX_MODIFIERS = 1  # words between a preposition and a body ("within the central Interior Ministry")
NAME_CONTEXT = 160  # characters before a name in the text that can hold the rest of its body's name

_TOKEN = re.compile(r"(?P<word>'s|[\w&]+(?:['.-][\w&]+)*)|[^\w\s]")
_PARTS = re.compile(r",\s+|\s+[—–]\s+|\s*[()]\s*")
_ABBREVIATION = re.compile(r"\w\.\w+$")  # "U.S": a name ending in one has lost its final full stop
_GOES_ON = re.compile(r"\.\w|\s\d")  # "News" of "News.com.au", "Article" of "Article 2"
_ABBREVIATION_GOES_ON = re.compile(r"\.\s[A-Z]")  # "U.S" of "U.S. Attorney"; not of "the U.S. said"
_BODY_LINKS = CONNECTORS - JOINERS - ARTICLES  # "of" in "Department of Health and Social Care"
_SKIPPED_BEFORE_A_NAME = CONNECTORS | LEXICON.determiners | LEXICON.non_openers | LEXICON.pronouns


class Stance(StrEnum):
    """How a name stands in the words for a speaker."""

    head = "head"  # the words name it: "the United States Department of Defense", "Mayor Helen Park"
    voice = "voice"  # someone speaks for it: "a spokesperson for the Department of Transport"
    member = "member"  # someone of it, not it: "an official of the Department of Defense", "Pentagon officials"
    other = "other"  # it only modifies or places something else: "a professor in Tehran", "Okafor's partner"


def tokens(text: str) -> tuple[str, ...]:
    """The words and marks as written, a possessive `'s` as a word of its own ("the Pentagon's" -> the, Pentagon,
    's) and ’ read as '."""
    return tuple(found[0] for found in _tokens(text))


def cased_words(text: str) -> tuple[str, ...]:
    """The words as written, without the marks between them."""
    return tuple(found["word"] for found in _tokens(text) if found["word"])


def _tokens(text: str) -> list[re.Match[str]]:
    plain = re.sub(r"'[sS]\b", f" {POSSESSIVE}", text.replace("’", "'").replace("*", ""))
    return list(_TOKEN.finditer(plain))


def words(text: str) -> tuple[str, ...]:
    """The words in lower case, as compared."""
    return tuple(word.lower() for word in cased_words(text))


def without_article(text: str) -> str:
    """The text without a leading article ("the Pentagon" -> "Pentagon"); an article alone is kept."""
    found = text.split(maxsplit=1)
    return found[1] if len(found) == 2 and found[0].lower() in ARTICLES else text.strip()


def key_words(name: str) -> tuple[str, ...]:
    """The words a name is looked up by: without a leading article ("the Pentagon" -> pentagon)."""
    return words(without_article(name))


def part_texts(label: str) -> list[str]:
    """The appositive parts of a label ("Okafor's business partner, Dana Reyes" has two)."""
    return [part.strip() for part in _PARTS.split(label) if part.strip()]


def parts(label: str) -> list[tuple[str, ...]]:
    """The words of each appositive part."""
    return [found for part in part_texts(label) if (found := words(part))]


def cased_parts(label: str) -> list[tuple[str, ...]]:
    """The words of each appositive part as written."""
    return [found for part in part_texts(label) if (found := cased_words(part))]


def find_run(haystack: Sequence[str], needle: Sequence[str]) -> int | None:
    """Where `needle` last occurs in `haystack` as a run of whole words, or None."""
    haystack, needle = tuple(haystack), tuple(needle)
    size = len(needle)
    if not size:
        return None
    return next((i for i in range(len(haystack) - size, -1, -1) if haystack[i : i + size] == needle), None)


def within(name: str, label: str) -> bool:
    """Whether `name` is a run of whole words of `label` ("Dana Reyes" in "Okafor's partner, Dana Reyes")."""
    return find_run(words(label), key_words(name)) is not None


def is_joined(name: str) -> bool:
    """Whether a name joins several ("Reuters and NBC", "Both Mugabe and Tsvangirai"): a joiner that no connector
    of a body's name comes before and no body's word ends ("Department of Health and Social Care" and "Search and
    Rescue Agency" are one name each)."""
    found = words(name)
    joiner = next((i for i, word in enumerate(found) if word in JOINERS), None)
    return joiner is not None and not _BODY_LINKS.intersection(found[:joiner]) and not is_body_word(found[-1])


def is_cut(name: str, text: str) -> bool:
    """Whether `name` was cut out of longer words in `text`: an abbreviation that lost its full stop before a
    capitalised word ("U.S" of "U.S. Attorney"), or a name that goes on at every use, into a dotted name ("News" of
    "News.com.au") or a number ("Article" of "Article 2")."""
    if not name.strip():
        return False
    pattern = re.compile(rf"(?<![\w&]){re.escape(name)}(?![\w&])")
    after = [text[use.end() : use.end() + 3] for use in list(pattern.finditer(text))[:MAX_TEXT_OCCURRENCES]]
    if _ABBREVIATION.search(name) and any(_ABBREVIATION_GOES_ON.match(rest) for rest in after):
        return True
    return bool(after) and all(_GOES_ON.match(rest) for rest in after)


def stance(label: str, name: str) -> Stance | None:
    """How `name` stands in `label`, or None when it is not in it."""
    target = key_words(name)
    for cased in cased_parts(label):
        start = find_run((word.lower() for word in cased), target)
        if start is not None:
            return stance_at(cased, start, start + len(target))
    return None


def stance_at(cased: tuple[str, ...], start: int, end: int) -> Stance:
    """How the words `cased[start:end]` stand in the rest of their appositive part (words as written)."""
    after = [word for word in cased[end:] if word != POSSESSIVE]
    if after:
        return _stance_before(after)
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
    found = list(before)
    while found and (found[-1].lower() in LEXICON.determiners or found[-1] == POSSESSIVE):
        if found.pop() == POSSESSIVE and found:
            found.pop()  # the possessor: "army" in "the army's"
    return found


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


def _stance_before(after: list[str]) -> Stance:
    """How a name stands when the words `after` (as written) follow it in the same part."""
    word = after[0].lower()
    if word in VOICES:
        return Stance.voice  # "a Department of Transport spokesperson"
    if word in JOINERS:
        return Stance.other  # "Reuters and NBC": one of two
    if word in MEMBER_LINKS or word in LEXICON.non_closers or (word in POST_NOMINALS and len(after) == 1):
        return Stance.head  # "the Department of Defense in Washington", "Kama Melly QC"
    if _names_people(word):
        return Stance.member  # "Pentagon officials", "a Department of Defense official"
    if len(after) > 1 and after[0].islower() and _names_people(after[1].lower()):
        # one modifier first: "the Pentagon's annual report", "Pentagon career officials"
        return Stance.voice if after[1].lower() in VOICES else Stance.member
    return Stance.other  # "the Trump administration", "Okafor's business partner"


def is_body_word(word: str) -> bool:
    """Whether a word heads the name of a body ("Department", "Ministry", "Forces", "Centers")."""
    lower = word.lower()
    return lower in BODY_HEADS or lower.removesuffix("s") in BODY_HEADS


def names_a_body(name: str) -> bool:
    """Whether a name is a body's ("United States Department of Defense"), not a person's."""
    return any(is_body_word(word) for word in cased_words(name))


def spoken_for(name: str) -> str | None:
    """The name that words for a voice speak for, when `name` opens with one: "Department of Health and Social
    Care" of "Department of Health and Social Care spokesman", "WHO" of "the WHO's situation report dated March 16".
    One word without a possessive is no name ("Scientific study" opening a headline)."""
    found = cased_words(name)
    first = next((i for i, word in enumerate(found) if word.lower() not in CONNECTORS), len(found))
    last = first
    while last < len(found) and _in_name(found[last]):
        last += 1
    while last > first and found[last - 1].lower() in CONNECTORS:
        last -= 1
    possessive = found[last : last + 1] == (POSSESSIVE,)
    voice = [word.lower() for word in found[last + possessive :][: MAX_MODIFIERS + 1]]
    named = found[first:last]
    if not named or not VOICES.intersection(voice) or (len(named) == 1 and not possessive):
        return None
    return " ".join(named)


def whole_name(name: str, phrase: str) -> str | None:
    """The whole name of a body that `name` (at its last occurrence in `phrase`) was cut from, or None.

    "Transport" in "A spokesperson for the Department of Transport" -> "Department of Transport"; "Defense" in "the
    United States Department of Defense" -> "United States Department of Defense". Only a name that follows a
    connector ("of", "for") after a body's word ("Department", "Ministry") is a fragment: "Mike Pompeo" in "Secretary
    of State Mike Pompeo" and "Labour Party" in "Yvette Cooper of the Labour Party" are whole names.
    """
    found, target = tokens(phrase), tokens(name)
    start = find_run(_lowered(found), _lowered(target))
    if start is None:
        return None
    link = next((token.lower() for token in reversed(found[:start]) if token.lower() not in ARTICLES), "")
    if start == 0 or found[start - 1].lower() not in CONNECTORS or link in JOINERS:
        return None  # "Nicolas Redouane" in "Antoine Quirin and Nicolas Redouane", or "... and the Chinese Academy"
    first = _run_start(found, start)
    if first is None:
        return None
    run = found[first : _run_end(found, start + len(target))]
    return " ".join(run) if len(run) > len(target) else None


def whole_name_in_text(name: str, text: str) -> str | None:
    """The whole name that `name` is a fragment of wherever the text uses it, or None when it stands alone anywhere."""
    wholes = _wholes_in_text(name, text)
    return wholes[0] if wholes and None not in wholes else None


def whole_name_somewhere(name: str, text: str) -> str | None:
    """The first whole name that `name` is a fragment of where the text uses it, even if it stands alone elsewhere
    ("Transport said" after "the Department of Transport")."""
    return next((whole for whole in _wholes_in_text(name, text) if whole), None)


def _wholes_in_text(name: str, text: str) -> list[str | None]:
    """At each use of `name` in the text, the whole name it is a fragment of, or None where it stands alone."""
    if not name.strip():
        return []
    pattern = re.compile(rf"(?<![\w&]){re.escape(name)}(?![\w&])")
    wholes = []
    for found in list(pattern.finditer(text))[:MAX_TEXT_OCCURRENCES]:
        window = text[max(0, found.start() - NAME_CONTEXT) : found.end()]
        wholes.append(whole_name(name, window[window.rfind("\n") + 1 :]))
    return wholes


def _lowered(found: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(token.lower() for token in found)


def _in_name(token: str) -> bool:
    return token.lower() in CONNECTORS or token[:1].isupper()


def _run_start(found: tuple[str, ...], start: int) -> int | None:
    """Where the whole name that goes on at `start` begins, or None when no body's word ("Department") comes before:
    right after a determiner ("the United States Department of Defense"), else at the body's word, since capitalised
    words before it may be no name ("Minister Blames Department of Transport", a headline)."""
    first = start
    while first > 0 and _in_name(found[first - 1]):
        first -= 1
    while first < start and found[first].lower() in _SKIPPED_BEFORE_A_NAME:
        first += 1
    body = next((i for i in range(start - 1, first - 1, -1) if found[i].lower() not in CONNECTORS), None)
    if body is None or not is_body_word(found[body]):
        return None
    return first if first > 0 and found[first - 1].lower() in LEXICON.determiners else body


def _run_end(found: tuple[str, ...], end: int) -> int:
    """Past the last token of the name that goes on after `end` through a joiner ("... and Social Care")."""
    while end + 1 < len(found) and found[end].lower() in JOINERS and found[end + 1][:1].isupper():
        end += 2
        while end < len(found) and found[end][:1].isupper():
            end += 1
    return end
