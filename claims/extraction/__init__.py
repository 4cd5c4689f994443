"""Finding attributed claims in article text: direct and partial quotes, and reported speech.

Rules over the verbatim text, no model: quotation marks are paired (straight or curly, across paragraphs
when the opening mark is repeated), each quotation is classified as a claim or not (scare quotes, slogans,
titles), attributions are found after or before the quote, pronouns resolve to the most salient person,
and reported speech is found from its reporting verb. Offsets always index the text as given.

The steps, each a module, data flowing one way: `results` (what is found); `lexicon` (the word lists in `words/`),
`verbs` and `labels` (whether words form a noun phrase); `quotations` (pairing marks, telling claims from terms);
`names`, `subjects` and `people` (who a label names, the subject of a sentence, the reader's memory of people);
`attribution` (quotes and their speakers) and `reported` (reported speech); here, `extract` runs them in turn.
"""

from __future__ import annotations

import datetime as dt

from ..corpus.sentences import sentence_spans
from .attribution import extract_quotes
from .lexicon import LEXICON, is_plural_noun, parts_of_speech
from .names import clean_label, mention_name, speaker_name
from .people import State, note_people
from .quotations import find_quotations
from .reported import extract_reported
from .results import Extracted
from .subjects import sentence_subject, subject_before
from .verbs import verb_before

MEDIA_WORDS = LEXICON.media_words

__all__ = ["MEDIA_WORDS", "Extracted", "clear_caches", "extract"]


def clear_caches() -> None:
    """Forget the noun phrases cached from earlier texts (for benchmarks that must not profit from them)."""
    cached_functions = (speaker_name, subject_before, sentence_subject, mention_name, verb_before, clean_label)
    for cached in (*cached_functions, parts_of_speech, is_plural_noun):
        cached.cache_clear()


def extract(text: str, published: dt.date | None = None) -> list[Extracted]:
    """Every attributed claim in the text, in order of position."""
    spans = sentence_spans(text)
    state = State(text=text, spans=spans, starts=[start for start, _ in spans])
    quotations = find_quotations(text)
    note_people(text, spans, state, quotations)
    quotes = extract_quotes(text, published, state, quotations, spans)
    state.last_speaker = None
    reported = extract_reported(text, published, state, quotes, quotations, spans)
    return sorted(quotes + reported, key=lambda c: (c.start, c.end))
