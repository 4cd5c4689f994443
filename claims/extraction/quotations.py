"""Quotations: pairing quotation marks (straight or curly, across paragraphs when the opening mark is repeated),
and telling the quotations that are claims from scare quotes, slogans, titles and lists of quoted terms."""

from __future__ import annotations

import bisect
import re

from .lexicon import LEXICON, alternation, words_of
from .results import Quotation
from .verbs import AFTER, FINITE, VERBS, verb_before

OPENING = "“"
CLOSING = "”"
STRAIGHT = '"'


class Quotations(list):
    """Quotations in order of position, with their starts at hand for bisecting."""

    def __init__(self, quotations: list[Quotation]) -> None:
        super().__init__(quotations)
        self.starts = [q.start for q in quotations]


def find_quotations(text: str) -> Quotations:
    """Pair quotation marks; a quote may run over paragraphs when each new paragraph repeats the opening mark."""
    quotations = []
    position, length = 0, len(text)
    found: list = [length + 1, None]  # the last search: from where, and the stop found (marks never closed: linear)
    while position < length:
        open_at = _next_opening(text, position)
        if open_at < 0:
            break
        close_at = _closing(text, open_at + 1, found)
        if close_at is None:
            position = open_at + 1
            continue
        quotations.append(Quotation(open_at + 1, close_at, open_at))
        position = close_at + 1
    return Quotations(quotations)


_MARK = re.compile('[“"]')


def _next_opening(text: str, position: int) -> int:
    """Offset of the next opening mark: a curly one, or a straight one that starts a word after a space,
    a bracket or a dash (or the text)."""
    while (match := _MARK.search(text, position)) is not None:
        at = match.start()
        if text[at] == OPENING:
            return at
        before = text[at - 1] if at else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        if (before.isspace() or before in "([—–-") and not after.isspace():
            return at
        position = at + 1
    return -1


_CLOSE_OR_PARAGRAPH = re.compile(r'[”"“]|\n\s*\n')


def _closing(text: str, position: int, found: list) -> int | None:
    """Offset of the closing mark for a quote opened before `position`, or None if it is not closed; a quote
    that an attribution opens and that runs to the end of its paragraph without a closing mark (a slip in
    the copy) ends there. `found` is the last search ([from where, the stop found or None]): a search from
    between the two finds the same stop, so a text of marks that never close is read once, not once a mark."""
    index = position
    while True:
        if found[0] <= index and (found[1] is None or index <= found[1].start()):
            match = found[1]
        else:
            match = _CLOSE_OR_PARAGRAPH.search(text, index)
            found[:] = [index, match]
        if match is None:
            return _unclosed_end(text, position, len(text))
        at, after, mark = match.start(), match.end(), match.group(0)
        if mark == OPENING:  # '... by March. “We will then ...': the quote was reopened without being closed
            return _unclosed_end(text, position, at)
        if mark in (CLOSING, STRAIGHT):
            if (
                mark == STRAIGHT
                and at > 0
                and text[at - 1].isspace()
                and at + 1 < len(text)
                and (text[at + 1].isalnum())
            ):
                return _unclosed_end(text, position, at)  # an opening straight mark: the quote never closed
            return at
        # a paragraph break inside the quote: it goes on only if the next paragraph reopens it
        if after < len(text) and text[after] in (OPENING, STRAIGHT):
            index = after + 1
            continue
        return _unclosed_end(text, position, at)


def _unclosed_end(text: str, start: int, end: int) -> int | None:
    """Where a quote missing its closing mark ends: the end of its paragraph, when an attribution or a sentence
    start opens it, it holds a few words, and the paragraph ends a sentence; otherwise it is no quote."""
    if start > 1 and not _OPENED_BY.search(text[max(0, start - 3) : start - 1]):
        return None  # the cheap tests first: this runs for every mark that never closes
    stop = end
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    if text[stop - 1 : stop] not in (".", "!", "?") or text.find("\n\n", start, stop) >= 0:
        return None
    if len(text[start:stop].split(None, 4)) < 4:
        return None
    return stop


_OPENED_BY = re.compile(r"(?:[:,]\s?|[.!?]\s|\n|^)$")


def inside(offset: int, quotations: list[Quotation]) -> bool:
    """Whether an offset lies inside one of the quotations (sorted by position, never overlapping)."""
    starts = quotations.starts if isinstance(quotations, Quotations) else [q.start for q in quotations]
    index = bisect.bisect_right(starts, offset) - 1
    return index >= 0 and offset < quotations[index].end


# Telling claims from terms

DETERMINERS = LEXICON.plain_determiners
DISCOURSE_WORDS = LEXICON.quoted_discourse_words
# a verb makes a short quoted phrase a statement: "the plan will fail"
_STATEMENT_VERB = re.compile(rf"\b{alternation(LEXICON.statement_verbs)}\b", re.I)
_COMMA_OR_COLON_AT_END = re.compile(r"[,:]\s*$")
_STOP_OR_END = re.compile(r"\s*[.!?]|\s*$")
_SENTENCE_OPENS = re.compile(r"(?:^|[.!?]\s+|\n)$")
_LIST_SEPARATOR = re.compile(r",? ?|,? (?:and|or) ")
_LIST_CUES = re.compile(
    r"\b(?:slogans?|chants?|chanting|chanted|titled|entitled|headlined|reading|dubbed|called|named|known as|"
    r"hashtags?|banners?|placards?|signs?|motto|labelled|labeled|termed|so-called|word|words|phrase|term)\s*$"
)  # matched against lower-cased text: ignoring case makes a pattern several times slower
# "a banner from People's Vote saying "put it to the people"": what a sign says is a slogan
_SIGN_SAYING = re.compile(
    r"\b(?:banners?|signs?|placards?|posters?|t-shirts?|shirts?|flags?|graffiti|billboards?|stickers?)\b"
    r"[^.!?\"“”]{0,60}\b(?:saying|reading|that read|which read|bearing|with the words)\s*$",
    re.I,
)
_SIGN_WORDS = re.compile(r"(?:saying|read|bearing|words)\s*$")


def is_term(text: str, index: int, quotations: list[Quotation]) -> bool:
    """Scare quotes, slogans, titles and lists of quoted terms are not claims (quotations[index] is the one)."""
    quotation = quotations[index]
    inner = text[quotation.start : quotation.end]
    words = words_of(inner)
    if len(words) <= 3:
        if len(words) == 1 and inner.endswith(",") and words[0].lower() in DISCOURSE_WORDS:
            return True  # '"However," he told Science News, "..."': the word states nothing
        head = text[max(0, quotation.open_mark - 80) : quotation.open_mark]
        after = text[quotation.end + 1 : quotation.end + 3]
        introduced = _COMMA_OR_COLON_AT_END.search(head) and verb_before(head) and _STOP_OR_END.match(after)
        opens_sentence = _SENTENCE_OPENS.search(head) and inner.rstrip().endswith((",", ".", "!", "?"))
        attribution = AFTER.match(text[quotation.end + 1 : quotation.end + 120])
        followed = attribution and (opens_sentence or attribution["verb2"] == "according to")
        return not (
            introduced or followed or _characterised(text[max(0, quotation.open_mark - 200) : quotation.open_mark])
        )
    if _LIST_CUES.search(text[max(0, quotation.open_mark - 40) : quotation.open_mark].lower()) or (
        _SIGN_WORDS.search(text, max(0, quotation.open_mark - 30), quotation.open_mark)
        and _SIGN_SAYING.search(text, max(0, quotation.open_mark - 100), quotation.open_mark)
    ):
        return True
    before = quotations[index - 1] if index > 0 else None
    after = quotations[index + 1] if index + 1 < len(quotations) else None
    short = lambda q: len(words_of(text[q.start : q.end])) <= 3  # noqa: E731
    if len(words) <= 8 and (
        (before is not None and _adjacent(text, before, quotation) and short(before))
        or (after is not None and _adjacent(text, quotation, after) and short(after))
    ):
        return True  # one of a list of quoted terms: "death to America," "death to Israel" and ...
    if all(w[0].isupper() for w in words if w.lower() not in ("of", "the", "and", "a", "in", "for", "to")):
        return True  # a title or a name
    # a short noun phrase ("the so-called international coalition") names something; it states nothing
    predicate = _PREDICATE_BEFORE.search(text, max(0, quotation.open_mark - 30), quotation.open_mark)
    return (
        len(words) <= 6
        and words[0].lower() in DETERMINERS
        and not _characterised(text[max(0, quotation.open_mark - 80) : quotation.open_mark])
        and not _STATEMENT_VERB.search(inner)
        and not predicate
        and not (inner.endswith(",") and AFTER.match(text[quotation.end + 1 : quotation.end + 120]))
        and not (inner.endswith((".", "!", "?")) and FINITE.search(inner))  # "The boys deserved it."
    )  # '"These effects matter a great deal," said Karen Alley' is a claim all the same


_CHARACTERISING = re.compile(
    r"\b(?:" + alternation(LEXICON.characterising_verbs) + r"|" + VERBS + r")\b"
    r"(?:[,;]?\s+[^\s.!?]+){0,16}?\s*$"
)
_NAMING = re.compile(r"\b(?:" + "|".join(sorted(LEXICON.naming_cues)) + r")\b", re.I)


def _characterised(head: str) -> bool:
    """A short fragment that follows a verb of saying or characterising in its own sentence, and no naming cue:
    'called the scheme "reckless"', 'accused her of "moving the goalposts"', not 'so-called "rebels"'."""
    sentence = re.split(r"[.!?][\"”’]?\s+|\n", head)[-1]
    return not _NAMING.search(sentence[-60:]) and _CHARACTERISING.search(sentence) is not None


# "it was "the moment of maximum opportunity"": a noun phrase said of something is a claim
_PREDICATE_BEFORE = re.compile(
    r"\b(?:is|was|are|were|be|been|being|as|called|calling|call|calls|termed|branded|labelled|labeled)\s+$"
)


def _adjacent(text: str, first: Quotation, second: Quotation) -> bool:
    if second.open_mark <= first.end:
        return False
    between = text[first.end + 1 : second.open_mark]
    return _LIST_SEPARATOR.fullmatch(between) is not None
