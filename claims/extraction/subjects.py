"""Subjects: the noun phrase before a reporting verb, the subject of a sentence (after the clause that opens it),
and where the subject of a sentence ends."""

from __future__ import annotations

import datetime as dt
import functools
import re

from ..corpus import dates
from .labels import noun_phrase
from .lexicon import LEXICON, alternation, parts_of_speech, words_of
from .names import LEADING_ADVERBS, NAME_RUN, PERSON_NOUNS, TITLES, speaker_name
from .verbs import FINITE, FINITE_OR_REPORTING, FIRST_VERB, VERB, reporting_verbs

_NAME_WHO = re.compile(r"((?:[A-Z][\w'’.-]+\s+){0,3}[A-Z][\w'’.-]+),?\s+who\s*$")
_AS_OR_AND = re.compile(r"^(?:As|as|And|and|But|but)\s+")
_RELATIVE_AT_END = re.compile(r"\b(?:which|that|who)\s*$")
_PRONOUN_AT_END = re.compile(r"\b(he|she|they|it|we|He|She|They|It|We|I)$")
_PREPOSITION_FIRST = re.compile(r"^(?:with|by|from|to|for|as)\s+")
_WORD_CHARACTER = re.compile(r"\w")
_AND_AT_END = re.compile(r"\b(?:and|but)$")
_SEMICOLON_OR_COLON = re.compile(r"[;:]")
_PRONOUN_FIRST = re.compile(r"\s*(he|she|they|it|we|I)\b", re.I)
_WITH_SUBJECT = re.compile(r"\bwith\s+((?:[\w'’.-]+\s+){0,3}[\w'’.-]+)\s*$")
_SUBJECT_SPLIT = re.compile(
    r"\b(?:which|who|that|when|while|but|because|if|where|and|whom|after|before|since|until|although|though)"
    r"\s+(?=[a-z*])"
    r"|[;:“”\"]|,\s+(?=(?!(?:in|on|at|by|for|with|from|during|after|before|through|via|under|as)\s)[a-z](?!l-))"
)
_NAME_THEN_APPOSITION = re.compile(r"((?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’.-]+),\s+[^;:\"“”]{1,160},?\s*$")


# a name opening the clause, then its role between commas: "Vladimir Putin, president of Russia, said"
_NAME_THEN_ROLE = re.compile(
    r"(?:^|[.;]\s+|,\s+)((?:[A-Z][\w'’.-]+\s+){1,4}[A-Z][\w'’.-]+),\s+[^,;:\"“”]{1,160}(?:,\s+[^,;:\"“”]{1,80})?,\s*$"
)
_APPOSITIVE = re.compile(
    r"(?:[A-Z][\w'’.-]+\s+(?:of\s+|for\s+)?)*[A-Z][\w'’.-]+(?:\s+\([A-Z][\w.-]{0,8}\))?,\s+"
    r"(?:the|a|an|another|his|her|its|their)\s"
    r"[^,;:\"“”]{1,90},?\s*$"
)
# the words that open a clause before a sentence's subject: "Asked about the plan, she said", "Earlier, ..."
_OPENERS = LEXICON.clause_openers | {word.capitalize() for word in LEXICON.clause_openers}
_SHORT_OPENERS = LEXICON.short_clause_openers | {word.capitalize() for word in LEXICON.short_clause_openers}
_LEADING_CLAUSES = (  # both capitalised and not, for a second clause ("In 1962, when ..."): case-sensitive is faster
    rf"(?:(?:(?:{alternation(_OPENERS)})\b[^,]*"
    rf"|(?:{alternation(_SHORT_OPENERS)})\b[^,]{{0,30}}),\s+)+"
)
_LEADING_CLAUSE = re.compile("^" + _LEADING_CLAUSES)
_LEADING_CLAUSE_AT = re.compile(_LEADING_CLAUSES)  # for match(text, position)
# "X, who co-sponsored the bill, said", "X, speaking to reporters, said": the aside between a subject and its verb
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|which|whose|[a-z]+ing|[a-z]+ed)\b[^,;:\"“”]*,\s*$")
_PREPOSITIONAL = re.compile(r"(?:in|on|at|by|for|with|from|during|after|before|through|via|under)\s", re.I)
_ADVERBS_AT_END = re.compile(
    r"(?:,?\s+(?:has|have|had|also|too|further|later|previously|once|again|repeatedly|then|would|will|both"
    r"|went on to|go on to|goes on to|continued to|wanted to|used to|was quick to|did not|did|does|would not"
    r"|even|went as far as to|went so far as to|went as far to))+\s*$"
)


_WHO_CLAUSE = re.compile(
    r"(?:^|,\s+|\b(?:and|but)\s+)(?P<np>(?:the|a|an|[A-Z][\w'’.-]*|[a-z]+)(?:\s+[\w'’.-]+){0,5}?)\s+who\s+[^,;:\"“”]{1,100}$"
)


@functools.lru_cache(maxsize=4096)
def subject_before(region: str) -> str | None:
    """The noun phrase at the end of `region`, the words before a reporting verb."""
    if "\n" in region:  # a heading or paragraph above never belongs to the subject
        region = region[region.rindex("\n") + 1 :]
    region = _ADVERBS_AT_END.sub(" ", region)
    adverb = _LY_AT_END.search(region)
    if adverb and parts_of_speech(adverb[1]) == {"ADV"}:
        region = region[: adverb.start()] + " "  # "Christie, a Trump ally, effectively acknowledged"
    what = _WHAT_BEFORE.search(region) if "what " in region else None
    if what:  # "met with what WalesOnline called", "drew what the mayor described as"
        return what["np"]
    return _named_as(region, _subject_before(region))


_LY_AT_END = re.compile(r"(?<=,)\s([a-z]{3,}ly)\s*$")  # after an appositive
_WHAT_BEFORE = re.compile(r"\bwhat\s+(?P<np>(?:the\s+)?[\w'’.-]+(?:\s+[\w'’.-]+){0,3}?)\s*$")
_BARE_SUBJECTS = LEXICON.standalone | {"another"}
_NAMED_AS = re.compile(r"^\s*\w+\s+(?:was|is)\s+(?P<np>[^,;:\"“”]{2,80}?)(?:,|\s+who\b)")


def _subject_before(region: str) -> str | None:
    appositive = _APPOSITIVE.search(region) if ", " in region else None
    if appositive:
        # "Nancy Pelosi, the Speaker of the House, said", "As John Cornyn, the No. 2, put it"; not "The Pentagon,
        # the Journal reported"
        named = _AS_OR_AND.sub("", appositive.group(0).strip(" ,"))
        if speaker_name(named.split(",")[0])[1]:
            return named
    named = _NAME_THEN_ROLE.search(region) if ", " in region else None
    if named and speaker_name(named.group(1))[1]:
        return named.group(1)  # "Vladimir Putin, president of Russia, said"; "Muyembe, Director General of ..., said"
    region = _RELATIVE_CLAUSE.sub(" ", region)  # "MP Penny Sharpe, who co-sponsored the bill, said"
    who = _NAME_WHO.search(region) if "who" in region else None
    if who:  # "drafted by Alex Greenwich who said"
        return who.group(1)
    relative = _WHO_CLAUSE.search(region) if " who " in region else None
    if relative and noun_phrase(relative["np"]):  # "a White House official who spoke anonymously said"
        return relative["np"]
    if _RELATIVE_AT_END.search(region):  # "They released a statement which said"
        return _first_noun_phrase(_without_opening(region.strip())) or None
    piece = _without_opening(_SUBJECT_SPLIT.split(region)[-1].strip(" ,"))
    named_first = _NAME_THEN_APPOSITION.match(piece)
    if named_first and speaker_name(named_first.group(1))[1]:
        return named_first.group(1)  # "Professor Greg Barton, Chair in ... at Deakin University, said"
    parts = [part.strip() for part in piece.split(",") if part.strip()]
    parts = [part for part in parts if not _PREPOSITIONAL.match(part)] or parts  # not "in a statement"
    subject = _ADVERBS_AT_END.sub("", ", ".join(parts)).strip(" ,")
    if subject not in region and parts:  # the parts joined anew ("«Said,» John" -> "«Said, » John"): the text's words
        first, last = region.find(parts[0]), region.rfind(parts[-1])
        subject = region[first : last + len(parts[-1])] if 0 <= first <= last else parts[-1]
        subject = _ADVERBS_AT_END.sub("", subject).strip(" ,")
    pronoun = _PRONOUN_AT_END.search(subject)
    if pronoun:
        return pronoun.group(1)  # "On the live television he said"
    if _PREPOSITIONAL.match(subject):  # "In the filing itself Ford": the name after the phrase
        run = NAME_RUN.search(subject)
        subject = run.group(0).strip() if run else ""
    subject = _PREPOSITION_FIRST.sub("", subject)
    subject = LEADING_ADVERBS.sub("", subject)
    if subject and len(words_of(subject)) > 14 and " of " in subject:
        named = subject.split(" of ")[0]  # "Director Anthony Fauci of the United States National Institute of ..."
        subject = named if speaker_name(named)[1] else subject
    if not subject or len(words_of(subject)) > 14 or not _WORD_CHARACTER.search(subject):
        return None
    if subject.lower() in ("and", "but", "or", "then", "also") or _AND_AT_END.search(region.strip()):
        clause = _SEMICOLON_OR_COLON.split(region)[-1]
        pronoun = _PRONOUN_FIRST.match(clause)
        return pronoun.group(1) if pronoun else _first_noun_phrase(clause.strip())
    return subject


@functools.lru_cache(maxsize=4096)
def sentence_subject(sentence: str) -> str | None:
    """The subject of a sentence: the noun phrase before its first verb, after any leading clause."""
    sentence = _without_opening(sentence)
    verb = _first_verb(FINITE, sentence, 0, len(sentence))
    reporting = _first_verb(VERB, sentence, 0, len(sentence))
    if reporting and (verb is None or reporting.start() < verb.start()):
        verb = reporting
    subject = subject_before(sentence[: verb.start()]) if verb else _first_noun_phrase(sentence)
    return _named_as(sentence, subject)


# an article or possessive right before a word makes it a noun or an adjective ("The retired", "His remarks")
ARTICLE_BEFORE = re.compile(r"\b(?:the|an?|his|her|its|their|our|my|your)\s+$", re.I)


def _first_verb(verb: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    """The first verb in text[start:end] that no article or possessive makes a noun or an adjective ("The retired
    neurosurgeon has", "His remarks indicated")."""
    for match in verb.finditer(text, start, end):
        if not ARTICLE_BEFORE.search(text, max(start, match.start() - 7), match.start()):
            return match
    return None


def _named_as(sentence: str, subject: str | None) -> str | None:
    """Who a bare "Another" or "One" turns out to be: "Another was tour manager Thomas Gray, 24, who ..."."""
    named = _NAMED_AS.match(sentence) if subject and subject.lower() in _BARE_SUBJECTS else None
    return named["np"] if named else subject


def participle_subject(sentence: str, region: str) -> str | None:
    """Who speaks in "X did this, charging ...": a name right before the participle ("with Zinichev describing"),
    else the subject of the sentence."""
    named = re.search(
        r"(?<!\bon )(?<!\bin )(?<!\bat )(?<!\bof )(?<!\bto )(?<!\bby )"
        r"\b(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*\s*$",
        region,
    )
    if named and not region.rstrip().endswith(",") and not dates.resolve(named.group(0), dt.date.max):
        return named.group(0).strip()
    with_subject = _WITH_SUBJECT.search(region) if "with " in region else None
    if with_subject:  # "..., with officials saying ..."
        return with_subject.group(1)
    earlier = reporting_verbs(region, 0, len(region))
    if earlier:  # "..., officials told state media, adding that ...": who told adds
        return subject_before(region[: earlier[-1].start()])
    return sentence_subject(sentence)


_NOUN_PHRASE = re.compile(
    r"(?:(?:[A-Z][\w'’.-]*|al-\w+|of|the|and|for|\([A-Z]+\)|(?:"
    + "|".join(sorted(TITLES | PERSON_NOUNS, key=len, reverse=True))
    + r")(?=\s+[A-Z]))\s*)+"
)


def _first_noun_phrase(sentence: str) -> str | None:
    """The subject at the start of a sentence: "Syria's ... Walid al-Moallem delivered" -> "Syria's ... al-Moallem",
    "The president noted" -> "The president"."""
    sentence = _without_opening(LEADING_ADVERBS.sub("", sentence))
    match = _NOUN_PHRASE.match(sentence)
    phrase = match.group(0).strip() if match else ""
    if phrase.lower() in ("", "the", "a", "an"):
        verb = FIRST_VERB.search(sentence)
        before = sentence[: verb.start()].strip(" ,") if verb else ""
        return before if before and len(before.split()) <= 6 and noun_phrase(before) else phrase or None
    return phrase


_OPENING_WORD = re.compile(r"([A-Z][a-z]+(?:ing|ly))\b[^,;:]{0,120},\s+")


def _without_opening(sentence: str) -> str:
    """A sentence without the clause that opens it: "In 1962, when ...", "Appearing before supporters, ...",
    "Domestically, ..." (an -ing word that is only a verb, an -ly word that is only an adverb)."""
    sentence = _LEADING_CLAUSE.sub("", sentence)
    opening = _OPENING_WORD.match(sentence)
    if opening and parts_of_speech(opening[1].lower()) in ({"VERB"}, {"ADV"}):
        return sentence[opening.end() :]
    return sentence


def subject_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the subject of the sentence starts and ends: after any leading clause ("Speaking to Martin Smith of PBS,
    he"; "In 1962, when ... Stones, Watts recommended") and up to its first verb; the names in it ("Another actor,
    Lauren Landa, would") are subjects."""
    lead = _LEADING_CLAUSE_AT.match(text, start, end)
    position = lead.end() if lead else start
    verb = _first_verb(FIRST_VERB, text, position, min(end, position + 250))
    present = _present_tense_verb(text, position, verb.start() if verb else min(end, position + 250))
    if present is not None:
        return position, present  # "His assistant, Daniel Osei, shrugs.": a verb in the present, as features write
    return position, verb.start() if verb else start + len(_first_noun_phrase(text[start:end]) or "")


_AFTER_NAME = re.compile(r"[A-Z][\w'’.-]*,?\s+([a-z]{3,}s)\b")


def _present_tense_verb(text: str, start: int, end: int) -> int | None:
    """Where the first present-tense verb after a name is ("Osei shrugs", "Reyes handles the accounts")."""
    for match in _AFTER_NAME.finditer(text, start, end):
        if "VERB" in parts_of_speech(match[1]) and not match[1].endswith("ss"):
            if FIRST_VERB.match(text, match.end() + 1):
                continue  # "The US forces withdrew": a noun before the sentence's verb
            return match.start(1)
    return None


# a sentence whose subject is he or she: "He left.", "In his message, he ..."
OPENING_PRONOUN = re.compile(r"(?:[A-Z][^,.;\"“”]{0,60},\s+([Hh]e|[Ss]he)|(He|She))\s")
# "Lee, the team captain, agreed.": a lone capitalised word as the subject of its sentence
LONE_NAME = re.compile(
    r"(?![A-Z][a-z]+(?:ed|ing|ly)\b)([A-Z][a-z'’-]+)(?:,\s+(?:\d+|the\s[^,]{1,40}),)?\s+(?:also\s+|then\s+)?"
    + FINITE_OR_REPORTING
)
