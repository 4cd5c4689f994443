"""Whether the words for a speaker form a noun phrase: a name or a description, never a clause.

A speaker label is what the article calls the speaker: "Helen Park", "the city's mayor", "a spokesperson for the
Department of Transport", "Okafor's business partner, Dana Reyes", "he". Pieces of a clause ("Unlike Moreau",
"Is Halvorsen", "councillors sit in a half circle", "it said inspections in 2019") are not, and must never become
a speaker or a registry entry. The check is lexical: function words that cannot open or close a noun phrase, words
that can only be verbs (from lemminflect's English lexicon), and clause markers.
"""

from __future__ import annotations

import functools
import re

from .lexicon import LEXICON, parts_of_speech

_TOKEN = re.compile(r"[\w'’.&-]+|[^\w\s]")
_PARTICIPLE = re.compile(r"\w{3,}(?:ed|ing|en|wn)$")  # "the embattled mayor", "a retired teacher"
_POSSESSIVE = re.compile(r"\w['’]s?$")
_OBJECT_OPENERS = LEXICON.determiners | LEXICON.pronouns | {"him", "them", "us", "me"}
_AFTER_PARTICIPLE = frozenset(["by", "in", "on"])
_ASIDE = re.compile(r"\s*\([^()]{1,60}\)")
MAX_WORDS = 24


@functools.lru_cache(maxsize=4096)
def is_speaker_phrase(label: str) -> bool:
    """Whether `label` names or describes a speaker as a noun phrase (one appositive allowed)."""
    plain = _ASIDE.sub("", label).replace("*", "").strip()  # "(IRGC)", "the *Journal*"
    parts = [part.strip() for part in re.split(r",\s+|\s+[—–]\s+", plain)]
    if not parts[0] or len(parts) > 3 or len(label.split()) > MAX_WORDS:
        return False
    return all(_is_noun_phrase(part) or (index and part.isdigit()) for index, part in enumerate(parts))  # ", 64,"


def _is_noun_phrase(phrase: str) -> bool:
    tokens = _TOKEN.findall(phrase)
    if not tokens or any(not re.match(r"[\w'’&-]", token) for token in tokens if token not in ".&"):
        return False
    words = [token.lower() for token in tokens]
    if len(words) == 1:
        return _is_one_word_phrase(tokens[0], words[0])
    if any(word.endswith(("n't", "n’t")) for word in words):
        return False  # "Weaver didn’t"
    if len(tokens) >= 4 and all(token.isupper() for token in tokens if token.isalpha()):
        return False  # "RED STATES OUTNUMBER BLUE STATES": a heading
    if words[0].endswith("ing") and parts_of_speech(words[0]) == {"VERB"} and words[1] in _OBJECT_OPENERS:
        return False  # "Citing this test", "Taking it in": a participial clause ("surviving father" is no clause)
    if words[0] in LEXICON.pronouns and words[0] not in LEXICON.determiners:
        return False  # "it said inspections", "he added"
    if (
        (words[0] in LEXICON.non_openers and not tokens[0].isupper())
        or words[-1] in LEXICON.non_closers
        or _POSSESSIVE.search(tokens[-1])
    ):
        return False
    if any(word in LEXICON.clause_markers for word in words[1:]) or words[-1] in LEXICON.time_words:
        return False  # "Park, who", "the Wall Street Journal Monday"
    if parts_of_speech(words[-1]) == {"ADV"}:
        return False  # "Heather Antos, later"
    return not any(_is_finite_verb(tokens, index) for index in range(len(tokens)))


def _is_one_word_phrase(token: str, word: str) -> bool:
    if word in LEXICON.pronouns | LEXICON.standalone:
        return True
    if word in LEXICON.determiners:
        return False  # "The", "Each", "His" (a verb may be a surname: "Lynch")
    if token.islower() and word.endswith("ly") and not parts_of_speech(word):
        return False  # "loundly": an adverb, misspelt
    return _can_be_noun(token) and not _POSSESSIVE.search(token)


def _can_be_noun(token: str) -> bool:
    word = token.lower()
    if token[:1].isupper() or word in LEXICON.group_words or word in LEXICON.titles:
        return word not in LEXICON.non_openers
    lemmas = parts_of_speech(word)
    return (not lemmas or "NOUN" in lemmas) and word not in LEXICON.non_openers | LEXICON.non_closers


def _is_finite_verb(tokens: list[str], index: int) -> bool:
    """A lower-case word that can only be a verb, other than a participle before another word."""
    token = tokens[index]
    word = token.lower()
    if token[:1].isupper() or word in LEXICON.titles or word in LEXICON.group_words:
        return False
    if word in LEXICON.auxiliaries:
        return True
    lemmas = parts_of_speech(word)
    if not lemmas or set(lemmas) - {"VERB", "AUX"}:
        return False
    after = tokens[index + 1].lower() if index + 1 < len(tokens) else ""
    if (index and word.endswith("ing")) or (after in _AFTER_PARTICIPLE and word.endswith(("ed", "en", "wn"))):
        return False  # a reduced relative: "a protester using a pseudonym", "the decree signed by the Pope"
    if not after and index >= 2 and word.endswith("ed") and tokens[index - 1][:1].isupper():
        return False  # "the protesters Wikinews interviewed"
    before = parts_of_speech(tokens[index - 1].lower()) if index and tokens[index - 1][:1].islower() else set()
    if after and "NOUN" in before and "ADJ" not in before:
        return True  # "winds presented difficulty", "police arrested suspects": a noun, then its verb
    return not (after and after not in LEXICON.non_closers and _PARTICIPLE.match(word))


_WEEKDAY_PHRASE = re.compile(
    r"^(?:(?:on|late|early|last|this)\s+)*(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today"
    r"|tonight|morning|afternoon|evening|night)\b",
    re.I,
)


@functools.lru_cache(maxsize=4096)
def noun_phrase(label: str) -> str | None:
    """The noun phrase in the words found for a speaker, without a dateline or words of time or discourse around it
    ("On Friday Ford Motor Company" -> "Ford Motor Company", "UNESCO reportedly" -> "UNESCO"), or None."""
    label = _DATELINE.sub("", label.strip(" ,;:—–-\n\t"))
    if is_speaker_phrase(label):
        return label
    trimmed = _trim(label)
    return trimmed if trimmed and is_speaker_phrase(trimmed) else None


@functools.lru_cache(maxsize=4096)
def noun_phrase_part(label: str) -> str | None:
    """A noun phrase found as one part of words that are none ("U.S. Attorney Bash, the manifesto if written ..."
    -> "U.S. Attorney Bash"): a guess, for a speaker that is unsure."""
    for part in re.split(r",\s+|\s+[—–]\s+", _DATELINE.sub("", label)):
        found = noun_phrase(part) or noun_phrase(_before_verb(part))
        if found:
            return found
    return None


def _before_verb(phrase: str) -> str:
    """The words before the first finite verb ("Speaker Nancy Pelosi issued this statement" -> "Speaker Nancy
    Pelosi"), or "" when it opens the phrase."""
    tokens = phrase.split()
    for index in range(1, len(tokens)):
        if _is_finite_verb(tokens, index):
            return " ".join(tokens[:index])
    return ""


_DATELINE = re.compile(r"^[A-Z][\w.]*(?: [A-Z][\w.]*){0,3},?(?: [A-Z][\w.]*)? [—–] (?=[A-Z])")  # "San Francisco – "


def _trim(phrase: str) -> str:
    words = phrase.split()
    while words:
        rest = " ".join(words)
        time = _WEEKDAY_PHRASE.match(rest)
        if time:
            words = rest[time.end() :].split()
        elif words[0].lower().strip(",") in LEXICON.discourse_openers and not words[0].isupper():
            words = words[1:]
        else:
            break
    while words and (_is_adverb(words[-1]) or _WEEKDAY_PHRASE.match(words[-1]) or words[-1] in LEXICON.auxiliaries):
        words = words[:-1]
        while words and words[-1].lower() in {"on", "early", "late", "last", "this", "at", "in"}:
            words = words[:-1]
    return " ".join(words).strip(" ,")


def _is_adverb(word: str) -> bool:
    word = word.lower().strip(",")
    return word in LEXICON.time_words or (not word[:1].isupper() and parts_of_speech(word) == {"ADV"})
