"""The verbs the rules look for: every form of a reporting verb, finite verbs, and a reporting verb that stands
right after or right before a quotation (both what makes a short quotation a claim and what attributes it)."""

from __future__ import annotations

import functools
import re

from .lexicon import LEXICON, alternation, verb_forms

REPORTING_FORMS = verb_forms(LEXICON.reporting_verbs) | LEXICON.reporting_verb_forms | LEXICON.reporting_phrases
VERBS = alternation(REPORTING_FORMS)  # for patterns of their own
VERB = re.compile(rf"\b{VERBS}\b")
# Finite verbs: auxiliaries, regular pasts, the common irregular pasts and third persons.
FINITE = re.compile(rf"\b(?:{alternation(LEXICON.finite_verbs)}|[a-z]{{2,}}ed)\b")
# the first verb of a sentence, finite or reporting: where its subject ends
FINITE_OR_REPORTING = rf"(?:{alternation(LEXICON.finite_verbs | REPORTING_FORMS)}|[a-z]{{2,}}ed)\b"
FIRST_VERB = re.compile(rf"\b{FINITE_OR_REPORTING}")

# Forms that are nouns as often as verbs ("felony charges", "the claims"): verbs only after a name or pronoun.
_NOUN_LIKE = LEXICON.noun_like_verb_forms
_VERB_SUBJECT_BEFORE = re.compile(r"(?:\b(?:he|she|it|they|also|still|now|which|who)|[A-Z][\w'’.-]*)\s+$")


def reporting_verbs(text: str, start: int, end: int) -> list[re.Match[str]]:
    """The reporting verbs between two offsets, leaving out plural nouns that look like verbs."""
    return [
        verb
        for verb in VERB.finditer(text, start, end)
        if verb.group(0) not in _NOUN_LIKE or _VERB_SUBJECT_BEFORE.search(text, max(0, verb.start() - 30), verb.start())
    ]


# an attribution right after a closing mark: ', said X', ' X said', ' — according to X'
AFTER = re.compile(
    rf"^[ \t]*[,—–-]?[ \t]*(?:(?P<verb2>(?!\w+ing\b){VERBS}|according to)\s+(?P<speaker2>[^!?\"“”;]{{1,100}})"
    rf"|(?P<speaker>[\w*][^!?\"“”;]{{0,119}}?)\s+(?:has\s+|had\s+|also\s+)?(?P<verb>{VERBS})\b)"
)
_WORD_BEFORE = re.compile(r"[\w'’.*)\"”-],?\s+(?:(?:has|had|also)\s+)?$")  # a word, or a quote just closed


@functools.lru_cache(maxsize=256)  # the quotation's kind and then its attribution ask about the same head
def verb_before(head: str) -> tuple[str, int] | None:
    """The reporting verb of an attribution that ends right before a quote ("X said on Friday, "),
    as (verb, offset in head): the verb nearest the quote with a word before it and at most 60 characters
    after it, none of them ending a sentence or a quotation."""
    offset = max(0, len(head) - 220)
    for verb in reversed(list(VERB.finditer(head, offset))):
        if (
            head[max(0, verb.start() - 4) : verb.start()] in (" as ", "—as ", "(as ")
            and head[verb.end() : verb.end() + 4] == " by "
        ):
            continue  # "— as reported by Hurriyet Daily News —"
        rest = head[verb.end() :].rstrip()
        if len(rest) <= 61 and not any(c in rest for c in '!?"“”') and _WORD_BEFORE.search(head, offset, verb.start()):
            return verb.group(0), verb.start()
    return None
