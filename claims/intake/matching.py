"""Matching the speakers a draft finds to the registry, across articles.

A name or alias that is in the registry is a sure match, unless it only describes the speaker, names an anonymous
one or is shared by several ("the Air Force"). A surname alone (or a one-word alias that is a person's surname), a
role ("Trump's national security adviser" for the speaker whose role is "US National Security Adviser"), a
description or anonymous speaker in the registry ("a police spokesman", "the president", "senior Pentagon officials":
in another article, probably someone else) and a near spelling ("Mohammed" for "Mohammad") are unsure: the draft
takes them but marks them (`speaker_match: surname|role|description|fuzzy`) for a person to confirm, so that no two
people are ever merged silently.

`SpeakerIndex.attribute` decides a draft claim's speaker from the extractor's words for it (`speaker_label`) and
the name it resolved them to (`speaker`):

- words that are no noun phrase ("it said inspections in 2019", "Unlike Moreau") never make a registry entry: the
  claim goes to the registry speaker they resemble, else to the placeholder "Unidentified speaker", flagged
  `unidentified`;
- a name cut out of a body's whole name ("Transport" out of "the Department of Transport") is sought as the whole;
- a registry name or alias inside longer words is found (`contains`) when the words name it ("the United States
  Department of Defense" holds "Department of Defense") or speak for it ("a spokesperson for the Department of
  Transport"); a person of a body ("an official of the Department of Defense", "Pentagon officials") is not the
  body but a new anonymous speaker affiliated to it (`description`);
- a name the words do not hold ("the city's mayor" resolved to someone named elsewhere) is `description`, and the
  person the extractor found is never overridden by a registry name the label happens to be ("The president"
  resolved to Emmanuel Macron, "Washington" to Kerry Washington);
- words cut out of longer ones ("U.S" of "U.S. Attorney", "News" of "News.com.au") and codes ("COVID-19") never
  make a speaker; words for people alone ("Observers", "One MP") are a description;
- only a well-formed name that nothing in the registry resembles is `new`: not one with a registry person's
  surname ("Jim Jeffrey" beside James Jeffrey), a joined one ("Reuters and NBC"), a short form of a body the text
  names in full, nor one reached through a pronoun alone (the drafter makes it sure when another claim names it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process

from ..corpus.models import UNSURE_MATCHES, Speaker, SpeakerMatch
from ..extraction.labels import is_speaker_phrase
from ..extraction.lexicon import LEXICON
from .phrases import (
    POSSESSIVE,
    POST_NOMINALS,
    Stance,
    cased_parts,
    cased_words,
    is_cut,
    is_joined,
    key_words,
    names_a_body,
    part_texts,
    parts,
    spoken_for,
    stance,
    stance_at,
    whole_name,
    whole_name_in_text,
    whole_name_somewhere,
    within,
    without_article,
    words,
)

ROLE_NOISE = LEXICON.role_noise  # words that tell no role apart ("the", "of") or that a press description drops ("US")
MIN_ROLE_WORDS = 2
MIN_FUZZY_SCORE = 88.0
MIN_FUZZY_LENGTH = 8  # shorter names differ by a letter too easily ("Khan", "Kahn")
# Words for people that, alone or after a determiner, describe a speaker and never name one ("Police", "One MP").
PEOPLE = LEXICON.description_words | LEXICON.members | LEXICON.generic_groups | LEXICON.unnamed_people
_CODE = re.compile(r"[^\W\d]\d+[^\W\d]|-\d+$")  # digits between letters ("H1N1") or after a hyphen ("COVID-19")


UNIDENTIFIED = Speaker(id="unidentified-speaker", name="Unidentified speaker", type="anonymous")
WHY_UNSURE = {
    SpeakerMatch.surname: "a surname alone: another person of that name may be meant",
    SpeakerMatch.role: "a description that holds every word of this speaker's registry role",
    SpeakerMatch.description: "a registry name that only describes: in another article, probably someone else",
    SpeakerMatch.fuzzy: "a near spelling of this speaker's registry name",
    SpeakerMatch.contains: "a registry name found inside longer words",
    SpeakerMatch.unidentified: "the words are no name or description",
}


@dataclass(frozen=True)
class Attribution:
    """Whom a claim goes to, how sure that is and why: a registry speaker (`speaker_id`), or a new one to add."""

    how: SpeakerMatch
    why: str = ""
    speaker_id: str | None = None  # None: a new speaker named `name`
    name: str = ""
    person: bool = False
    type: str | None = None  # the new speaker's type when the words decide it ("anonymous"); else guessed
    affiliation: str | None = None
    guessed: bool = False  # the words for the speaker are no noun phrase: the claim's speaker is a poor guess
    pronoun: bool = False  # a new speaker reached through a pronoun: sure only if the article names it plainly


class Match(NamedTuple):
    """A registry speaker that some words name, how sure that is, and why when WHY_UNSURE does not say it."""

    speaker_id: str
    how: SpeakerMatch
    why: str = ""


@dataclass(frozen=True)
class Candidate:
    """The name a speaker is sought by: the extractor's, or the whole name it was cut from (`fragment`)."""

    name: str
    person: bool
    fragment: str | None = None


def normal_name(name: str) -> str:
    """A name as compared: lower case, without marks, apostrophes or a leading article."""
    return without_article(re.sub(r"[*’']", "", name.lower())).strip(" .,")


def is_description(name: str) -> bool:
    """Whether `name` only describes the speaker: no capitalised word but the first ("police spokesman", "Senior
    officials", "Trump's national security adviser"), a/an/the and lower-case words ("the president"), a lower-case
    last word ("two senior Pentagon officials") or words for people alone ("Police", "Observers", "One MP")."""
    written = name.split()
    if len(written) > 1 and not _capitalised(written[-1]) and written[-1].isalpha():
        return True
    plain = without_article(name).split()
    if not plain:
        return False
    if len(plain) < len(written) and not any(_capitalised(word) for word in plain):
        return True  # "the president"
    if _names_nobody(plain):
        return True
    return not any(_capitalised(word) for word in plain[1:]) if len(plain) > 1 else not _capitalised(plain[0])


def _names_nobody(written: list[str]) -> bool:
    """Whether the words are determiners and words for people only ("Officials", "One MP", "Two ministers")."""
    plain = [word.lower().strip(".,") for word in written]
    plain = plain[next((i for i, word in enumerate(plain) if word not in LEXICON.determiners), len(plain)) :]
    return bool(plain) and all(word in PEOPLE for word in plain)


def _capitalised(word: str) -> bool:
    return any(letter.isupper() for letter in word)  # "al-Moallem", "McCain" and "US" too


def _role_words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z.]+", normal_name(text))) - ROLE_NOISE


def _surname(name: str) -> str:
    """A person's surname as compared: the last word of the name but for letters after it ("Kama Melly QC")."""
    found = [word for word in normal_name(name).split() if word not in POST_NOMINALS]
    return found[-1] if found else ""


@dataclass
class SpeakerIndex:
    """Registry speakers by every name and alias they go by, persons by surname, and speakers by role."""

    speakers: dict[str, Speaker] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    by_alias: dict[str, str] = field(default_factory=dict)
    surnames: dict[str, list[str]] = field(default_factory=dict)  # every person by surname, shared or not
    roles: list[tuple[frozenset[str], str]] = field(default_factory=list)
    keys: dict[tuple[str, ...], str] = field(default_factory=dict)  # words of names and aliases that name someone
    shared: dict[str, list[str]] = field(default_factory=dict)  # names and aliases that several speakers go by
    shared_keys: dict[tuple[str, ...], list[str]] = field(default_factory=dict)  # keys that several speakers hold

    @classmethod
    def of(cls, speakers: dict[str, Speaker]) -> SpeakerIndex:
        index = cls(dict(speakers))
        for speaker in speakers.values():
            index._add(speaker)
        index.shared = {key: ids for key, ids in index.shared.items() if len(ids) > 1}
        index.shared_keys = {key: ids for key, ids in index.shared_keys.items() if len(ids) > 1}
        return index

    def _add(self, speaker: Speaker) -> None:
        self.by_name.setdefault(normal_name(speaker.name), speaker.id)
        for alias in speaker.aliases:
            self.by_alias.setdefault(normal_name(alias), speaker.id)
        for written in (speaker.name, *speaker.aliases):
            _own(self.shared, normal_name(written), speaker.id)
            key = key_words(written)
            if len(key) > 1 or (key and not is_description(written)):  # not "president" in "vice president"
                self.keys.setdefault(key, speaker.id)
                _own(self.shared_keys, key, speaker.id)
        if speaker.type == "person":
            self.surnames.setdefault(_surname(speaker.name), []).append(speaker.id)
        role = _role_words(speaker.role or "")
        if len(role) >= MIN_ROLE_WORDS:
            self.roles.append((role, speaker.id))

    def match(self, name: str, label: str = "", is_person: bool = False) -> Match | None:
        """The registry speaker that `name` (or the article's `label` for it) names, and how sure that is."""
        key = normal_name(name)
        if not key:
            return None
        if key in self.by_name or key in self.by_alias:
            return self._registered(name, key)
        owners = self.surnames.get(key, [])
        if " " not in key and len(owners) == 1:  # whether the extractor took it for a person's or not ("Johnson")
            return Match(owners[0], SpeakerMatch.surname)
        # a person's name that is not in the registry is someone else, whatever their role: only descriptions
        # ("the national security adviser") are matched by role
        return (None if is_person else self._by_role(name, label)) or self._by_spelling(key)

    def _registered(self, name: str, key: str) -> Match:
        """The registry speaker whose name or alias `name` is."""
        speaker_id = self.by_name.get(key) or self.by_alias[key]
        if key in self.shared:
            why = f"a name or alias of several registry speakers ({self._names(self.shared[key])}): any may be meant"
            return Match(speaker_id, SpeakerMatch.description, why)
        if is_description(name) or self.speakers[speaker_id].type == "anonymous":
            # "a police spokesman", "senior Pentagon officials": in another article, probably other people
            return Match(speaker_id, SpeakerMatch.description)
        if key in self.by_name:
            return Match(speaker_id, SpeakerMatch.name)
        if key in self.surnames:  # "Lagakos" as an alias of Alex Lagakos: another Lagakos may be meant
            return Match(speaker_id, SpeakerMatch.surname)
        return Match(speaker_id, SpeakerMatch.alias)

    def _names(self, speaker_ids: list[str]) -> str:
        return ", ".join(repr(self.speakers[speaker_id].name) for speaker_id in speaker_ids)

    def _by_role(self, name: str, label: str) -> Match | None:
        described = _role_words(name) | _role_words(label)
        found = {speaker_id for role, speaker_id in self.roles if role <= described}
        return Match(found.pop(), SpeakerMatch.role) if len(found) == 1 else None

    def _by_spelling(self, key: str) -> Match | None:
        if len(key) < MIN_FUZZY_LENGTH:
            return None
        names = self.by_name | self.by_alias
        best = process.extractOne(key, list(names), scorer=fuzz.ratio, score_cutoff=MIN_FUZZY_SCORE)
        return Match(names[best[0]], SpeakerMatch.fuzzy) if best else None

    def attribute(self, name: str, label: str = "", is_person: bool = False, text: str = "") -> Attribution:
        """Whom the extractor's `name` for a speaker, called `label` in the article (`text`), goes to."""
        label = label or name
        refused = self._refused(name, label, text)
        if refused:
            return refused
        candidate = _candidate(name, label, is_person, text)
        place = stance(label, candidate.name)
        if place is Stance.member:
            return self._member_of(label, candidate)
        if place is Stance.other:
            return self._other(label, candidate)
        inferred = place is None and not _is_pronoun(label) and not _names(label, candidate.name)
        return (
            self._registered_speaker(candidate, label, place, inferred)
            or self._new_unsure(candidate, label, place, inferred)
            or self._doubted(candidate, text)
            or Attribution(SpeakerMatch.new, name=candidate.name, person=candidate.person)
        )

    def _refused(self, name: str, label: str, text: str) -> Attribution | None:
        """The best guess for words that are no name: no noun phrase ("it said inspections in 2019"), or cut out of
        longer words in the text ("U.S" of "U.S. Attorney Cullen")."""
        if not (is_speaker_phrase(label) and is_speaker_phrase(name) and _is_name_like(name)):
            return self._best_guess(name, label)
        cut = next((phrase for phrase in (name, label) if is_cut(phrase, text or label)), None)
        return self._best_guess(name, label, f"{cut!r} is cut out of longer words in the text") if cut else None

    def _registered_speaker(
        self, candidate: Candidate, label: str, place: Stance | None, inferred: bool
    ) -> Attribution | None:
        """The registry speaker the candidate's name or the label is, holds, or resembles."""
        exact = self._exact(candidate.name) or self._label_holding(candidate, label)
        if exact:
            return self._known(exact, candidate, place, inferred)
        contained = self._contained(candidate, label, place, inferred)
        if contained:
            return contained
        near = self.match(candidate.name, label, candidate.person)  # a surname, a role, a near spelling
        return self._known(near, candidate, place, inferred) if near else None

    def _exact(self, phrase: str) -> Match | None:
        """A registry name or alias that is exactly these words."""
        key = normal_name(phrase)
        return self.match(phrase) if key and (key in self.by_name or key in self.by_alias) else None

    def _label_holding(self, candidate: Candidate, label: str) -> Match | None:
        """The registry name or alias the label is, when it holds the extractor's name ("Pope Francis" for
        "Francis"); not when it is part of the name ("Washington" for Kerry Washington) or other words the extractor
        resolved to it ("The president" for Emmanuel Macron): the person the extractor found is the speaker."""
        if normal_name(label) == normal_name(candidate.name) or not within(candidate.name, label):
            return None
        return self._exact(label)

    def _known(self, found: Match, candidate: Candidate, place: Stance | None, inferred: bool) -> Attribution:
        """A registry speaker found by `candidate`'s name, sure only when the words name it plainly."""
        registry_name = self.speakers[found.speaker_id].name
        if found.how in UNSURE_MATCHES:
            return Attribution(found.how, found.why or WHY_UNSURE[found.how], found.speaker_id)
        if place is Stance.voice:
            return Attribution(SpeakerMatch.contains, f"the words speak for {registry_name!r}", found.speaker_id)
        if inferred:
            return Attribution(SpeakerMatch.description, _inferred(candidate.name), found.speaker_id)
        if candidate.fragment:
            why = f"{candidate.fragment!r} is cut from {candidate.name!r}, the registry's {registry_name!r}"
            return Attribution(SpeakerMatch.contains, why, found.speaker_id)
        return Attribution(found.how, speaker_id=found.speaker_id)

    def _contained(self, candidate: Candidate, label: str, place: Stance | None, inferred: bool) -> Attribution | None:
        """A registry name or alias inside the words for the speaker (or inside a name they were resolved to)."""
        haystacks = cased_parts(label) + ([cased_words(candidate.name)] if place is None else [])
        for cased in haystacks:
            haystack = tuple(word.lower() for word in cased)
            found = self._longest_key(haystack)
            key = haystack[found[0] : found[1]] if found else ()
            if found is None or not _may_hold(candidate, key, whole_part=key == haystack):
                continue
            speaker_id = self.keys[key]
            registry_name = self.speakers[speaker_id].name
            held = stance_at(cased, *found)
            if held is Stance.member:
                return self._member(label, registry_name, self.speakers[speaker_id].type == "person")
            if held is Stance.other:
                continue
            if inferred:
                why = f"the words only describe the speaker; {candidate.name!r} holds the registry's {registry_name!r}"
                return Attribution(SpeakerMatch.description, why, speaker_id)
            verb = "speak for" if held is Stance.voice or place is Stance.voice else "hold"
            why = f"the words {verb} the registry's {registry_name!r}" + self._also(key)
            return Attribution(SpeakerMatch.contains, why, speaker_id)
        return None

    def _also(self, key: tuple[str, ...]) -> str:
        """What to add to the reason when other registry speakers go by the same words."""
        owners = self.shared_keys.get(key)
        return f", one of several registry speakers those words name ({self._names(owners)})" if owners else ""

    def _longest_key(self, haystack: tuple[str, ...]) -> tuple[int, int] | None:
        """Where the longest registry key occurs in `haystack` (the last one of that length), or None."""
        for size in range(len(haystack), 0, -1):
            for start in range(len(haystack) - size, -1, -1):
                if haystack[start : start + size] in self.keys:
                    return start, start + size
        return None

    def _member_of(self, label: str, candidate: Candidate) -> Attribution:
        """Someone of the body the extractor named ("Defense" in "an official of the Department of Defense")."""
        found = self._exact(candidate.name)
        if found is None:
            return self._member(label, candidate.name, candidate.person)
        body = self.speakers[found.speaker_id]
        return self._member(label, body.name, body.type == "person")

    def _member(self, label: str, body: str, body_is_person: bool) -> Attribution:
        """Someone of `body` ("an official of the Department of Defense"): not the body, a new anonymous speaker,
        unless the registry has these very words."""
        found = self._exact(label)
        if found:
            return self._known(found, Candidate(label, False), Stance.head, False)
        why = f"the words name someone of {body!r}, not {body!r} itself: a new anonymous speaker"
        name = _sentence_case(label)
        affiliation = None if body_is_person else body
        return Attribution(SpeakerMatch.description, why, name=name, type="anonymous", affiliation=affiliation)

    def _other(self, label: str, candidate: Candidate) -> Attribution:
        """A name that only modifies or places the words ("Okafor" in "Okafor's business partner, Dana Reyes", "Tehran"
        in "a professor in Tehran"): the name the label gives in another part, else the label as a description."""
        for part in part_texts(label):
            if not within(candidate.name, part) and is_speaker_phrase(part) and not is_description(part):
                found = self.attribute(part, part)
                if found.how not in UNSURE_MATCHES:
                    why = f"the words name {part!r}; the extractor's {candidate.name!r} only modifies them"
                    return replace(found, how=SpeakerMatch.contains, why=why)
                if found.how is not SpeakerMatch.unidentified:
                    return found
        why = f"{candidate.name!r} only modifies or places the words: the speaker is whom they describe"
        return Attribution(SpeakerMatch.description, why, name=_sentence_case(label), type="anonymous")

    def _new_unsure(self, candidate: Candidate, label: str, place: Stance | None, inferred: bool) -> Attribution | None:
        """A speaker the registry does not have, unsure for the way the words give it (a voice, a description, a
        code, an inference, a fragment, a pronoun); None when they name it plainly."""
        name = candidate.name
        if place is Stance.voice:
            why = f"the words speak for {name!r}, new to the registry: the claim goes to it"
            return Attribution(SpeakerMatch.description, why, name=name, person=candidate.person)
        if is_description(name):
            why = "the words only describe the speaker: a new anonymous speaker"
            return Attribution(SpeakerMatch.description, why, name=name, type="anonymous")
        if _is_code(name):  # "COVID-19", "H1N1"
            return self._best_guess(name, label)
        if candidate.fragment and normal_name(name) != normal_name(label):
            why = f"{candidate.fragment!r} is cut from {name!r}, new to the registry"
            return Attribution(SpeakerMatch.contains, why, name=name)
        if inferred:
            return Attribution(SpeakerMatch.description, _inferred(name), name=name, person=candidate.person)
        if _is_pronoun(label):  # "he" resolved to "Fitness"
            why = f"{label!r} stands for {name!r}, new to the registry, which no other claim names plainly"
            return Attribution(SpeakerMatch.description, why, name=name, person=candidate.person, pronoun=True)
        return None

    def _doubted(self, candidate: Candidate, text: str) -> Attribution | None:
        """A plainly named new speaker that may be another's after all: a joined name ("Reuters and NBC"), a short
        form of a body the text names in full ("Transport said" after "the Department of Transport"), or a registry
        person's surname, alone ("Johnson") or in a full name ("Jim Jeffrey" beside James Jeffrey)."""
        name = candidate.name
        if is_joined(name):
            why = f"{name!r} joins several names: one new speaker for them all, to be checked"
            return Attribution(SpeakerMatch.contains, why, name=name)
        whole = None if candidate.fragment else whole_name_somewhere(name, text)
        if whole:
            return Attribution(
                SpeakerMatch.contains, f"{name!r} may be short for {whole!r}, named so elsewhere", name=name
            )
        owners = [] if names_a_body(name) else self.surnames.get(_surname(name), [])
        if not owners:
            return None
        why = f"{name!r} has the surname of the registry's {self._names(owners)}: the same person may be meant"
        return Attribution(SpeakerMatch.surname, why, name=name, person=candidate.person)

    def _best_guess(self, name: str, label: str, why: str = "") -> Attribution:
        """Words that are no name or description: the registry speaker they resemble, else the placeholder."""
        why = why or f"{label if not is_speaker_phrase(label) else name!r} is no name or description"
        speaker_id = self._resembling(name, label)
        if speaker_id:
            why += f"; the registry's {self.speakers[speaker_id].name!r} is the nearest"
            return Attribution(SpeakerMatch.unidentified, why, speaker_id, guessed=True)
        placeholder = UNIDENTIFIED.id if UNIDENTIFIED.id in self.speakers else None
        return Attribution(
            SpeakerMatch.unidentified,
            why + f"; the claim goes to {UNIDENTIFIED.name!r}",
            placeholder,
            name=UNIDENTIFIED.name,
            type=UNIDENTIFIED.type,
            guessed=True,
        )

    def _resembling(self, name: str, label: str) -> str | None:
        for phrase in (name, label):
            found = self.match(phrase, label) if is_speaker_phrase(phrase) and _is_name_like(phrase) else None
            if found:
                return found.speaker_id
        for haystack in (words(name), words(label)):
            key = self._longest_key(haystack)
            if key:
                return self.keys[haystack[key[0] : key[1]]]
            surname = next((word for word in reversed(haystack) if len(self.surnames.get(word, [])) == 1), None)
            if surname:
                return self.surnames[surname][0]
        return None


def _own(owners: dict[Any, list[str]], key: Any, speaker_id: str) -> None:
    ids = owners.setdefault(key, [])
    if speaker_id not in ids:
        ids.append(speaker_id)


def _candidate(name: str, label: str, is_person: bool, text: str) -> Candidate:
    """The name to seek: the body that words for a voice speak for ("Pentagon" of "Pentagon's annual report"), or
    the whole name of a body when `name` was cut out of it, in the label or in the text."""
    voiced = spoken_for(name)
    if voiced:
        return Candidate(voiced, False)
    whole = whole_name(name, label) if within(name, label) else whole_name_in_text(name, text)
    if whole and is_speaker_phrase(whole) and _is_name_like(whole):
        return Candidate(whole, False, name)
    return Candidate(name, is_person and not names_a_body(name))


def _inferred(name: str) -> str:
    return f"the words only describe the speaker; {name!r} was inferred from the text around them"


def _is_pronoun(phrase: str) -> bool:
    return normal_name(phrase) in LEXICON.pronouns


def _is_name_like(name: str) -> bool:
    """Whether `name` can name anyone: not a pronoun, a determiner alone ("Some", "The"), a letter ("E") or a day
    ("Tuesday")."""
    found = [word for word in words(name) if word not in LEXICON.determiners and word not in LEXICON.pronouns]
    return any(len(word) > 1 and word not in LEXICON.time_words for word in found)


def _is_code(name: str) -> bool:
    """Whether a name is one word with digits inside it or after a hyphen ("H1N1", "COVID-19"): a code, not a
    speaker's name ("TVN24", "G7" and "3M" are names)."""
    found = cased_words(name)
    return len(found) == 1 and _CODE.search(found[0]) is not None


def _names(label: str, name: str) -> bool:
    """Whether the label's head word belongs to `name`: "Col. Ryan" and "U.S. Attorney Bash" name Sean Ryan and Josh
    Bash; "the minister" and "the city's mayor" name nobody."""
    first = next(iter(parts(label)), ())
    head = [word for word in first if word != POSSESSIVE][-1:]
    return bool(head) and head[0] in key_words(name)


def _may_hold(candidate: Candidate, key: tuple[str, ...], whole_part: bool) -> bool:
    """Whether a registry key in the words can be the speaker: not when the extractor found a name that the key
    does not hold ("Department of Defense official Mark Reyes" is Mark Reyes; "Mike Ryan" is not Sean Ryan, whose
    alias is "Ryan"), unless the key is a whole aside naming the same body ("... Guard Corps (IRGC)"). A person's
    titles and the letters after the name do not count ("Prosecutor Kama Melly QC" holds Kama Melly)."""
    if is_description(candidate.name):
        return True  # "spokesman" in "a Pentagon spokesman"
    own = set(key_words(candidate.name)) - LEXICON.non_closers
    if candidate.person:
        return (own - LEXICON.titles - POST_NOMINALS or own) <= set(key)
    return bool(own & set(key)) or candidate.fragment is not None or whole_part


def _sentence_case(label: str) -> str:
    """The label without its article, capitalised: "an official of X" -> "Official of X"."""
    plain = without_article(label)
    return plain[:1].upper() + plain[1:]
