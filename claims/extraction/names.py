"""Names: whether words name a person, the speaker a label names (titles stripped), a first name's gender, the
noun phrase in the words found for a speaker, and the newspaper a text names last."""

from __future__ import annotations

import functools
import re

import gender_guesser.detector

from .labels import noun_phrase, noun_phrase_part
from .lexicon import LEXICON
from .verbs import VERB

PRONOUNS = LEXICON.subject_pronouns | {pronoun.capitalize() for pronoun in LEXICON.subject_pronouns}
TITLES = LEXICON.name_titles
PERSON_NOUNS = LEXICON.person_nouns
MEDIA_WORDS = LEXICON.media_words
ORGANISATION_WORDS = LEXICON.organisation_words
# "the actress said": roles that tell a person's sex (for he and she)
ROLE_GENDER = {**dict.fromkeys(LEXICON.female_roles, "she"), **dict.fromkeys(LEXICON.male_roles, "he")}
ROLES = TITLES | PERSON_NOUNS | set(ROLE_GENDER)
# Common first names, for "she" not to go to Nicolas and "he" not to go to Maria when nothing else tells.
FIRST_NAME_GENDER = {**dict.fromkeys(LEXICON.female_names, "she"), **dict.fromkeys(LEXICON.male_names, "he")}
NOT_NAME_WORDS = ORGANISATION_WORDS | LEXICON.place_words | MEDIA_WORDS | TITLES | LEXICON.institution_words
NOT_FIRST_NAMES = LEXICON.not_first_names
# words that are no surname standing alone as a subject ("Lee, the team captain, agreed."; not "Police agreed")
NOT_A_LONE_NAME = NOT_NAME_WORDS | NOT_FIRST_NAMES | LEXICON.subject_pronouns | LEXICON.clause_openers
DETERMINERS = LEXICON.plain_determiners
_ORGANISATION_OR_MEDIA = ORGANISATION_WORDS | MEDIA_WORDS

_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_BY_NAME = re.compile(r"\s+by\s+(?=[A-Z])")
_HEAD_OF = re.compile(r"\s+(?:of|from|at|for|with)\s+")
NAME_RUN = re.compile(
    r"(?:\b[A-Z][\w'’.-]*|\b(?:al|el)-\w+)\s*(?:(?:\b[A-Z][\w'’.-]*|\b(?:al|el)-\w+|\b(?:bin|de|van|von|der|da|di|of|for|and)\b)\s*)*$"
)  # a run of capitalised words, "al-", name particles and the "of" of "Department of Transport"
LEADING_ADVERBS = re.compile(
    r"^(?:(?:Similarly|Meanwhile|However|Also|But|And|Yet|Still|Later|Earlier|Instead|Separately|Then|So|Now),?\s+)+"
)


def _strip_titles(tokens: list[str]) -> list[str]:
    lowered = [token.lower().rstrip(".") for token in tokens]
    last = len(lowered) - 1
    while last >= 0 and lowered[last] not in TITLES:
        last -= 1
    if 0 <= last < len(tokens) - 1:
        tokens, lowered = tokens[last + 1 :], lowered[last + 1 :]  # "Finance Minister Paul Okafor" -> "Paul Okafor"
    # "The Huffington Post's Scott Conroy", "South Korean-born Monte Haines": the name after the possessive
    described = [i for i, token in enumerate(tokens[:-1]) if token.endswith(_BEFORE_A_NAME)]
    if described:
        tokens, lowered = tokens[described[-1] + 1 :], lowered[described[-1] + 1 :]
    first = 0
    while first < len(tokens) and (
        lowered[first] in TITLES
        or lowered[first] == "the"
        or (lowered[first] in LEXICON.demonyms and len(tokens) - first > 2)  # "American Joe Smith"
    ):
        first += 1
    return tokens[first:] if first else tokens


_BEFORE_A_NAME = ("'s", "’s", "-born", "-based", "-bred", "-raised")


def is_person_name(name: str, known: dict[str, str] | None = None) -> bool:
    tokens = name.split()
    if known and len(tokens) == 1 and name in known:
        return True
    if len(tokens) < 2 or tokens[0].lower() in NOT_FIRST_NAMES:
        return False
    known_first = tokens[0] in FIRST_NAME_GENDER  # "Linda Park", "Stephen King": a first name makes a person
    for token in tokens[1:] if known_first else tokens:
        bare = token.strip(".")
        if (bare.lower() in NOT_NAME_WORDS and not known_first) or (
            len(bare) > 1 and bare.isupper() and bare.isalpha()
        ):
            return False  # "Iranian Revolutionary Guard", "Past EVD"
    return all(t[0].isupper() or t.startswith("al-") or t in ("bin", "de", "van", "von", "da") for t in tokens)


@functools.lru_cache(maxsize=4096)
def speaker_name(label: str) -> tuple[str, bool]:
    """The speaker a label names, and whether it is a person:
    "US military spokesman Col. Sean Ryan" -> ("Sean Ryan", True); "Iranian media" -> ("Iranian media", False)."""
    plain = label.replace("*", "")
    plain = (_PARENTHESES.sub("", plain) if "(" in plain else plain).strip(" ,")
    plain = _BY_NAME.split(plain)[-1] if " by " in plain else plain  # "a tweet on Monday by Mike Pompeo"
    plain = LEADING_ADVERBS.sub("", plain)
    parts = [part.strip() for part in plain.split(",") if part.strip()]
    heads = []
    for part in parts:
        head_of = _HEAD_OF.split(part, 1)[0]
        run = NAME_RUN.search(head_of)
        run_tokens = run.group(0).split() if run else []
        person_tokens = _strip_titles(run_tokens)
        titled = (
            0 < len(person_tokens) < len(run_tokens)
            and len(person_tokens) <= 3
            and run_tokens[-len(person_tokens) - 1].lower().rstrip(".") in TITLES
            and not any(t.lower() in _ORGANISATION_OR_MEDIA for t in person_tokens)
        )
        if person_tokens and (titled or is_person_name(" ".join(person_tokens).rstrip(".,"))):
            return " ".join(person_tokens).rstrip(".,"), True  # "Mayor Jo Park": a title makes a person
        run = NAME_RUN.search(part)
        tokens = _strip_titles(run.group(0).split()) if run else []
        name = " ".join(tokens).rstrip(".,")
        if name and is_person_name(name):
            return name, True
        # not a person: keep titles, which are part of names like "National Audit Office"
        tokens = run.group(0).split() if run else []
        while tokens and (tokens[0] in ("The", "the") or tokens[0].endswith(("'s", "’s"))):
            tokens = tokens[1:]
        heads.append((part, " ".join(tokens).rstrip(".,")))
    part, name = heads[0] if heads else (plain, "")
    if name:
        return name, False
    words = part.split()
    if words and words[0].lower() in DETERMINERS:
        words = words[1:]
    return " ".join(words) or part, False


@functools.lru_cache(maxsize=2048)
def clean_label(label: str) -> str:
    """The noun phrase that names the speaker in the words found for it, or "" when they hold none."""
    if not label:
        return label
    plain = LEADING_ADVERBS.sub("", label.strip(" ,;:—–-\n\t")).rstrip(" ,.")
    return noun_phrase(plain) or noun_phrase_part(plain) or ""


def label_rule(label: str, rule: str) -> str:
    """The rule, or "guessed" when the speaker's words held no noun phrase but in one of their parts."""
    found = noun_phrase(LEADING_ADVERBS.sub("", label.strip(" ,;:—–-\n\t")).rstrip(" ,."))
    if found is None:
        return "guessed"
    return "pronoun" if found.lower() in LEXICON.pronouns else rule


@functools.lru_cache(maxsize=1)
def _name_genders() -> gender_guesser.detector.Detector:
    return gender_guesser.detector.Detector(case_sensitive=False)


@functools.lru_cache(maxsize=4096)
def first_name_gender(first: str) -> str | None:
    """ "he" or "she" for a first name: the names in words/female_names.txt and male_names.txt, else
    gender-guesser's dictionary of first names when it is sure (its "mostly" and "andy" answers are no answer)."""
    if first in FIRST_NAME_GENDER:
        return FIRST_NAME_GENDER[first]
    if not first[:1].isupper() or len(first) < 2 or first.lower() in NOT_FIRST_NAMES:
        return None
    return {"male": "he", "female": "she"}.get(_name_genders().get_gender(first))


POSSESSIVE = re.compile(r"['’]s$")


@functools.lru_cache(maxsize=8192)
def mention_name(mention: str) -> tuple[str, tuple[str, ...]] | None:
    """The person a capitalised run names, and the titles before the name ("Defence Minister Lars Berg" ->
    ("Lars Berg", ("defence", "minister"))), or None; a one-word name is a person only if the text knows it."""
    tokens = mention.split()
    if len(tokens) > 1 and (VERB.fullmatch(tokens[0].lower()) or tokens[0].lower() in LEXICON.discourse_openers):
        tokens = tokens[1:]  # 'Said Comey, "..."', "And Obama, for all the progress, seems to agree"
    if POSSESSIVE.search(tokens[-1]):
        tokens[-1] = tokens[-1][:-2]  # "Actor Brendan Fraser's appearance"
    name_tokens = _strip_titles(tokens)
    if not name_tokens or any(w.lower() in TITLES for w in name_tokens):
        return None
    name = " ".join(name_tokens)
    if len(name_tokens) > 1 and not is_person_name(name):
        return None
    return name, tuple(w.lower().rstrip(".") for w in tokens[: len(tokens) - len(name_tokens)])


_MEDIUM = re.compile(
    r"\*([^*\n]{2,60})\*|\b((?:The |the )?(?:[A-Z][\w&.-]*\s+){0,3}(?:"
    + "|".join(w.capitalize() for w in sorted(MEDIA_WORDS))
    + r"|AP|AFP|VOA|BBC|CNN|NPR)\b)"
)


def latest_medium(text: str, offset: int) -> str | None:
    """The most recent newspaper or agency named before `offset` ("the newspaper", "it" refer to it)."""
    found = None
    for match in _MEDIUM.finditer(text, 0, offset):
        found = match.group(1) or match.group(2)
    if found is None:
        return None
    return re.sub(r"^(?:The|the)\s+", "", found.strip())


# a full stop, not an initial's ("U.S.", "J. Smith") nor a short title's ("Dr."); an acronym's is one ("NATO.")
_FULL_STOP = re.compile(r"(?<![A-Z][a-z])(?<![\s.(][A-Z])(?<!^[A-Z])[.](?=\s|$)")


def up_to_full_stop(words: str) -> str:
    """The words before the first full stop that is no title's ("said Sen. Jeff Merkley. Later ...")."""
    for stop in _FULL_STOP.finditer(words):
        before = words[: stop.start()].split()
        pair = " ".join(before[-2:]).lower()
        if not before or before[-1].lower() in LEXICON.title_abbreviations or pair in LEXICON.title_abbreviations:
            continue
        return words[: stop.start()]
    return words
