"""Sentence boundaries in article text, robust to the way news text arrives.

Paragraphs copied from PDFs are sometimes broken in the middle of a sentence ("the source of all\\n\\n
problems"), so a blank line only ends a sentence when what follows starts like a sentence.
"""

from __future__ import annotations

import bisect
import re

_CLOSERS = "\"'”’)]*"
_STARTER = r"[\"'“‘(*\[]?[A-Z0-9]"
# A sentence ends after . ? ! (and any closing quotes or brackets) before whitespace and a sentence start,
# or at a paragraph break followed by a sentence start. Two patterns, because one alternation that may
# start at any character is several times slower.
_PUNCTUATION_END = re.compile(rf"[.?!][{re.escape(_CLOSERS)}]*(?=\s+{_STARTER})")
_PARAGRAPH_BREAK = re.compile(rf"\n\s*\n(?=\s*{_STARTER})")
_LINE_BREAK = re.compile(rf"\n(?=[ \t]*{_STARTER})")  # a lookbehind here costs a fifth of the extraction
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Col|Gen|Lt|Sgt|Capt|Maj|Adm|Gov|Sen|Rep|Rev|Prof|St|Jr|Sr|No|Vol|vs|etc|Inc|Corp|Ltd|Co"
    r"|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|U\.S|U\.N|U\.K|E\.U)|\b[A-Z])\.$"
)


def sentence_ends(text: str) -> list[int]:
    """Offsets just past the end of each sentence, the last one being len(text)."""
    ends = []
    candidates = {match.end() for match in _PUNCTUATION_END.finditer(text)}
    for match in _PARAGRAPH_BREAK.finditer(text):
        position = match.start()
        while position and text[position - 1] in " \t":
            position -= 1
        if position and not text[position - 1].isspace():
            candidates.add(position)
    headings = set()
    for match in _LINE_BREAK.finditer(text):
        end = match.start()
        while end and text[end - 1] in " \t":
            end -= 1
        if end and text[end - 1] not in "\n\r.?!:" and _heading(text, end):
            headings.add(end)
    for position in sorted(candidates | headings):
        if position in headings:
            ends.append(position)
            continue
        if (
            text[position - 1] == "."
            and " " in text[max(0, position - 7) : position]  # only a short word can be an abbreviation
            and _ABBREVIATIONS.search(text, max(0, position - 8), position)
        ):
            continue
        if text[position - 1] not in ".?!:" + _CLOSERS and _broken_paragraph(text, position):
            continue
        ends.append(position)
    if not ends or ends[-1] != len(text):
        ends.append(len(text))
    return ends


def _broken_paragraph(text: str, end: int) -> bool:
    """A paragraph that stops without punctuation but is no heading was broken mid-sentence (PDF copy)."""
    words = text[text.rfind("\n\n", 0, end) + 1 : end].split()
    return len(words) > 20 or (len(words) > 8 and words[-1][0].islower())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, with surrounding whitespace left out."""
    spans = []
    previous = 0
    for end in sentence_ends(text):
        start = previous
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            spans.append((start, end))
        previous = end
    return spans


def context(text: str, start: int, end: int, spans: list[tuple[int, int]] | None = None) -> str:
    """The sentence or sentences that hold text[start:end], whitespace runs collapsed."""
    spans = spans if spans is not None else sentence_spans(text)
    after = bisect.bisect_right(spans, start, key=lambda span: span[1])  # the first sentence ending past start
    first = spans[after][0] if after < len(spans) else start
    before = bisect.bisect_left(spans, end, key=lambda span: span[0])  # sentences starting before end
    last = spans[before - 1][1] if before else end
    return " ".join(text[min(first, start) : max(last, end)].split())


def _heading(text: str, end: int) -> bool:
    """A line without final punctuation that is a heading ("Kasich: Deporting Parents Is Not The Kind Of Values")
    ends there, though only one line break follows; a line of hard-wrapped text, mostly in lower case, does not."""
    words = text[text.rfind("\n", 0, end) + 1 : end].split()
    capitalised = sum(word[:1].isupper() or word[:1].isdigit() for word in words)
    return 0 < len(words) <= 20 and capitalised * 2 > len(words)
