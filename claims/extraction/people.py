"""People: who the text names and how it takes them up (the reader's memory, `State`), and which person,
organisation or newspaper the words for a speaker stand for: a name, a pronoun, a description ("the minister",
"the 34-year-old", "the company") or "the newspaper"."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .lexicon import LEXICON, is_plural_noun
from .names import (
    NOT_A_LONE_NAME,
    PERSON_NOUNS,
    POSSESSIVE,
    PRONOUNS,
    ROLE_GENDER,
    ROLES,
    TITLES,
    clean_label,
    first_name_gender,
    latest_medium,
    mention_name,
    speaker_name,
)
from .quotations import Quotations, inside
from .results import Extracted
from .subjects import LONE_NAME, OPENING_PRONOUN, sentence_subject, subject_span
from .verbs import VERBS

ORGANISATION_NOUNS = LEXICON.organisation_nouns
# relatives and plain persons introduce someone new ("The father said"), they do not take up the person in focus
RELATIVES = LEXICON.relatives
GENERIC_GROUPS = LEXICON.generic_groups
# "the German said", "the Kenyan": the person in focus, described by nationality
DEMONYMS = LEXICON.demonyms
_PERSON_OR_TITLE = PERSON_NOUNS | TITLES
# "Her husband, Raj,", "Okafor's business partner, Dana": the words that make the name after them a person
_RELATIONS = RELATIVES | ROLES | LEXICON.relations
_PRONOUNS_LOWER = {pronoun.lower() for pronoun in PRONOUNS}


@dataclass
class State:
    """What the reader of an article remembers: names seen and who spoke last."""

    full_names: dict[str, str] = field(default_factory=dict)  # surname -> full name
    people: list[tuple[int, str]] = field(default_factory=list)  # (offset, full name) of persons mentioned
    subjects: list[tuple[int, str]] = field(default_factory=list)  # persons that are the subject of a sentence
    pronouns: dict[str, str] = field(default_factory=dict)  # person -> "he" or "she", as the text refers to them
    titled: dict[str, str] = field(default_factory=dict)  # "minister" -> the person last named with that title
    text: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # the sentences' starts, for bisecting
    last_speaker: Extracted | None = None


# Noting who the text names

_PERSON_MENTION = re.compile(
    r"(?=[A-Z])(?<!the )\b(?:(?:Mr|Mrs|Ms|Dr|Col|Gen|Sen|Rep|Gov|Lt|Capt|Maj)\.?\s+)?"
    r"([A-ZÀ-Þ][a-zß-ÿ'’-]+(?:[ \t]+(?:al-|bin[ \t]+|de[ \t]+|van[ \t]+)?[A-ZÀ-Þ][\w'’-]+){0,3})\b"
)


_PREPOSITIONS = (" of ", " at ", " for ", " from ", " in ", " on ", "\nof ", "\nat ", "\nfor ", "\nin ", "\non ")
_THAT_BEFORE = re.compile(r"\bthat\s+(?:[^,.;\"“”]{0,40},\s+)?$")


# "Her husband, Raj,", "Okafor's business partner, Dana,": a first name alone, introduced by a relation
_RELATION_BEFORE = re.compile(
    r"\b(?:[Hh]is|[Hh]er|[Tt]heir|[A-Z][\w'’-]+['’]s)\s+(?:[a-z-]+\s+){0,2}(?P<role>[a-z-]+),\s+$"
)
# "Hank Johnson (D-Ga.) said", "Smith, the team's captain, said": a person whom a reporting verb follows
_SPEAKS_NEXT = re.compile(
    rf"(?:\s*\([^()\n]{{1,40}}\))?(?:,[^,.;:\"“”\n]{{1,90}},)?\s+(?:has\s+|had\s+|also\s+)?(?:{VERBS})\b"
)


def note_people(text: str, spans: list[tuple[int, int]], state: State, quotations: Quotations) -> None:
    """Every person named in the text outside quotations, which of them are the subject of their sentence (or of
    a clause reported in it: "revealed that Crown Prince Mohammad accepted"), and whether the text takes them up
    as "he" or "she" (a sentence opening with He/She after one with them as subject, or a title: "Actress")."""
    full_names, starts = state.full_names, state.starts
    mentions = list(_PERSON_MENTION.finditer(text))
    surnames = {POSSESSIVE.sub("", match[1].rsplit(None, 1)[-1]) for match in mentions if " " in match[1]}
    for match in mentions:
        if " " in match[1] or not text.startswith(",", match.end()):
            continue
        relation = _RELATION_BEFORE.search(text, max(0, match.start() - 60), match.start())
        if relation and relation["role"] in _RELATIONS:  # "Her husband, Raj, ..."
            full_names.setdefault(match[1], match[1])
            surnames.add(match[1])
            if relation["role"] in ROLE_GENDER:
                state.pronouns.setdefault(match[1], ROLE_GENDER[relation["role"]])
    mentions = [match for match in mentions if " " in match[1] or match[1] in surnames]  # the rest name nobody
    index, count = 0, len(mentions)
    while index < count:
        sentence = bisect.bisect_right(starts, mentions[index].start()) - 1
        start, end = spans[sentence] if sentence >= 0 else (0, 0)
        if mentions[index].start() >= end:
            index += 1
            continue  # between sentences
        subject_start, subject_end = start, -1
        subjects: set[str] = set()
        while index < count and mentions[index].start() < end:
            match = mentions[index]
            index += 1
            mention = match[1]
            if " " not in mention and mention not in full_names:
                continue  # a single capitalised word is a person only once we know the full name
            named = mention_name(mention)
            if named is None:
                continue
            name, titles = named
            if " " not in name and name not in full_names:
                continue
            at = match.start()
            if text.endswith(_PREPOSITIONS, max(0, at - 6), at):
                continue  # "Doug Miller of Milltech Marine": an organisation
            if inside(at, quotations):
                continue  # "Only God who appointed me will remove me": the speaker's words, not the narrative
            following = text[match.end() : match.end() + 30].split(None, 1)
            if following and text[match.end() : match.end() + 1].isspace() and following[0].lower() in TITLES:
                continue  # "Scripps Oceanography director Margaret Leinen": an organisation
            before = text[max(0, at - 30) : at].rsplit(None, 1)
            if before and text[at - 1 : at].isspace() and before[-1][:1].islower() and before[-1] in TITLES:
                titles = (*titles, before[-1])
            if " " not in name:
                name = full_names[name]
            _remember_person(state, name, match.start(1))
            for title in titles:
                if title not in ROLES:
                    continue  # "South Korean-born Monte Haines": a description, but no title to call him by
                state.titled[title] = name  # "Defence Minister Lars Berg" ... "the minister said"
                if title in ROLE_GENDER:
                    state.pronouns.setdefault(name, ROLE_GENDER[title])  # "Actress Denise Crosby": she
            if subject_end < 0:
                subject_start, subject_end = subject_span(text, start, end)
            if (
                subject_start <= match.start(1) < subject_end
                or (text.find("that", max(0, at - 60), at) >= 0 and _THAT_BEFORE.search(text, max(0, at - 60), at))
                or (_SPEAKS_NEXT.match(text, match.end()) and not POSSESSIVE.search(match[1]))
            ):  # the subject, the subject of a reported clause, or whoever a reporting verb follows
                state.subjects.append((match.start(1), name))
                subjects.add(name)
        if len(subjects) == 1 and sentence + 1 < len(spans):
            # "Khamenei ordered mourning. In his message, he ...": Khamenei is "he"
            following_start, following_end = spans[sentence + 1]
            opening = OPENING_PRONOUN.match(text, following_start, min(following_end, following_start + 80))
            if opening and not inside(following_start, quotations):
                (name,) = subjects
                pronoun = (opening[1] or opening[2]).lower()
                if first_name_gender(name.split()[0]) in (None, pronoun):
                    state.pronouns.setdefault(name, pronoun)


def _remember_person(state: State, name: str, offset: int) -> None:
    state.people.append((offset, name))
    if len(name.split()) >= 2:
        state.full_names.setdefault(name.split()[-1], name)


# Resolving the words for a speaker

_DESCRIBED = re.compile(r"(?:the|The)\s+(?:[\w'’-]+\s+){0,3}?([\w-]+)")
_HEAD_NOUN = re.compile(r"(?:\w+\s+){0,2}?([a-z-]+)\s+(?:of|for|at|from|with)\s")
_AGED = re.compile(r"\d+-year-old")
GENERIC_MEDIA = re.compile(r"^(?:it|the (?:newspaper|paper|article|report|story|daily|agency|magazine|outlet))$", re.I)


def resolve_speaker(label: str, offset: int, state: State, text: str) -> tuple[str, bool] | None:
    """(speaker name, is a person) for the words that name a speaker at `offset`."""
    label = clean_label(label)
    if not label:
        return None
    if label in PRONOUNS and label.lower() != "it":
        return resolve_pronoun(label.lower(), offset, state)
    if GENERIC_MEDIA.match(label):
        medium = latest_medium(text, offset)
        if medium:
            return medium, False
        if label.lower() == "it":
            if state.last_speaker is not None and not state.last_speaker.is_person:
                return state.last_speaker.speaker, False  # "It also urged ...": the organisation that spoke last
            return None
    name, person = speaker_name(label)
    described = _DESCRIBED.fullmatch(label) if not person and label[:4] in ("the ", "The ") else None
    if described:
        noun = described.group(1).lower()
        if noun in state.titled:
            return state.titled[noun], True  # "the minister" named earlier as "Minister Lars Berg"
        if _takes_up_person(label, noun):
            # "the actress", "the soft-spoken veteran", "the 34-year-old": the person the text is about
            salient = resolve_pronoun(ROLE_GENDER.get(noun, "one"), offset, state, window=400)
            if salient is not None:
                return salient
        if noun in ORGANISATION_NOUNS and label.islower():  # "the company" named earlier as "Hasbro"
            organisation = _recent_organisation(offset, state)
            if organisation is not None:
                return organisation, False
    if (
        not person
        and name.split()
        and (
            name.split()[-1].lower() in _PERSON_OR_TITLE
            or (_HEAD_NOUN.match(name) is not None and _HEAD_NOUN.match(name)[1] in ROLES)
        )
    ):
        person = True  # "the head of the police's internal investigators", "another lawyer for the victim"
    if len(name.split()) == 1 and name in state.full_names:
        name, person = state.full_names[name], True
    if person:
        _remember_person(state, name, offset)
    return name, person


def _takes_up_person(label: str, noun: str) -> bool:
    """Whether a definite description takes up the person in focus ("the veteran", "the 34-year-old") rather than
    bring in someone new ("the city's mayor", "the boy's father"): no possessive, and a noun for a person."""
    if "'s " in label or "’s " in label or noun in RELATIVES or noun in LEXICON.not_person_nouns:
        return False
    if noun in ROLES or noun in DEMONYMS or _AGED.fullmatch(noun):
        return True
    return noun not in LEXICON.group_words and any(noun.endswith(end) for end in LEXICON.person_suffixes)


def _gender(state: State, name: str) -> str | None:
    """ "he" or "she" for a person, as the text takes them up or as their title or first name tells, else None."""
    known = state.pronouns.get(name)
    if known is None and name:
        known = first_name_gender(name.split()[0])
    return known


def resolve_pronoun(pronoun: str, offset: int, state: State, window: int = 600) -> tuple[str, bool] | None:
    """he/she (or "one", a person described by a role): the person still speaking, else the person who is the
    subject of the sentences just before (preferring one the text already calls he or she), else the last person
    quoted, else the last person named; never simply the last name in the text."""
    if pronoun in ("he", "she", "one"):

        def fits(name: str) -> bool:
            return pronoun == "one" or _gender(state, name) in (None, pronoun)

        subjects = [(at, name) for at, name in state.subjects if offset - 500 < at < offset and fits(name)]
        lone = _surname_subject(offset, state)  # "Smith, 34, scored twice. "...," he said."
        if lone is not None and (not subjects or subjects[-1][0] < lone[0]) and offset - 500 < lone[0]:
            subjects.append(lone)
        last = state.last_speaker
        speaking = last is not None and last.is_person and offset - last.end < window and fits(last.speaker)
        if speaking and (not subjects or subjects[-1][0] < last.start):
            return last.speaker, True  # the speaker goes on
        if subjects:
            return subjects[-1][1], True
        if speaking:
            return last.speaker, True
        if pronoun == "one":
            return None
        earlier = [name for at, name in state.people if at < offset and fits(name)]
        if earlier:
            return earlier[-1], True
        if last is not None and offset - last.end < 600 and re.fullmatch(r"[A-Z][a-z'’-]+", last.speaker):
            return last.speaker, True  # "Trump said ... He also said": a lone surname is a person after all
        return None
    group = _previous_subject(offset, state)
    if group is not None:
        return group, False  # "The commission criticised the move. They released a statement ..."
    if state.last_speaker is not None:
        return state.last_speaker.speaker, state.last_speaker.is_person
    return None


def _surname_subject(offset: int, state: State) -> tuple[int, str] | None:
    """A lone capitalised word, not a name the text knows, that is the subject of one of the sentences just before
    ("Lee, the team captain, agreed."): a person all the same, for a pronoun or a description."""
    index = bisect.bisect_right(state.starts, offset) - 1
    for start, end in reversed(state.spans[max(0, index - 2) : index + 1]):
        if start >= offset:
            continue
        subject = LONE_NAME.match(state.text, start, end)
        if subject and subject[1].lower() not in NOT_A_LONE_NAME and "'" not in subject[1] and "’" not in subject[1]:
            if subject[1] not in state.full_names and is_plural_noun(subject[1].lower()):
                continue  # "Audiences can expect him to ...", though "Sanders" is a name where "Bernie Sanders" is
            return start, state.full_names.get(subject[1], subject[1])
    return None


def _recent_organisation(offset: int, state: State) -> str | None:
    """The organisation that is the subject of one of the few sentences before `offset` ("the company")."""
    index = bisect.bisect_right(state.starts, offset) - 1
    for start, end in reversed(state.spans[max(0, index - 6) : max(0, index)]):
        subject = sentence_subject(state.text[start:end])
        if subject and subject not in PRONOUNS:
            name, person = speaker_name(subject)
            if not person and name[:1].isupper() and name.lower() not in GENERIC_GROUPS:
                return name
    return None


def _previous_subject(offset: int, state: State) -> str | None:
    """The subject of the sentence before the one at `offset`, when it is a group or organisation."""
    index = bisect.bisect_right(state.starts, offset) - 2
    if index < 0:
        return None
    start, end = state.spans[index]
    subject = sentence_subject(state.text[start:end])
    if not subject or subject.lower() in _PRONOUNS_LOWER:
        return None
    name, person = speaker_name(subject)
    if person or not (name[:1].isupper() or name.lower() in GENERIC_GROUPS):
        return None  # "The researchers used satellite imagery. From this, they concluded": the researchers
    return name
