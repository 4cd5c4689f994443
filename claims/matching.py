"""Matching the speakers a draft finds to the registry, across articles.

A name or alias that is in the registry is a sure match, unless it only describes the speaker or names an anonymous
one. A surname alone (or a one-word alias that is a person's surname), a role ("Trump's national security adviser"
for the speaker whose role is "US National Security Adviser"), a description or anonymous speaker in the registry
("a police spokesman", "the president", "senior Pentagon officials": in another article, probably someone else) and
a near spelling ("Mohammed" for "Mohammad") are unsure: the draft takes them but marks them (`speaker_match:
surname|role|description|fuzzy`) for a person to confirm, so that no two people are ever merged silently.

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
- a name the words do not hold ("the city's mayor" resolved to someone named elsewhere) is `description`;
- only a well-formed name that nothing in the registry resembles is `new`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from .extraction.labels import is_speaker_phrase
from .extraction.lexicon import LEXICON
from .models import UNSURE_MATCHES, Speaker, SpeakerMatch
from .phrases import (
    Stance,
    cased_parts,
    cased_words,
    key_words,
    names_a_body,
    part_texts,
    parts,
    stance,
    stance_at,
    whole_name,
    whole_name_in_text,
    within,
    words,
)

ROLE_NOISE = LEXICON.role_noise  # words that tell no role apart ("the", "of") or that a press description drops ("US")
MIN_ROLE_WORDS = 2
MIN_FUZZY_SCORE = 88.0
MIN_FUZZY_LENGTH = 8  # shorter names differ by a letter too easily ("Khan", "Kahn")
ARTICLES = frozenset(["a", "an", "the"])
# One capitalised word that is a description, not a name ("Police said ...", "Officials said ...").
DESCRIPTION_WORDS = LEXICON.description_words


UNIDENTIFIED = Speaker(id="unidentified-speaker", name="Unidentified speaker", type="anonymous")
WHY_UNSURE = {
    SpeakerMatch.surname: "a surname alone: another person of that name may be meant",
    SpeakerMatch.role: "a description that holds every word of this speaker's registry role",
    SpeakerMatch.description: "a registry name that only describes: in another article, probably someone else",
    SpeakerMatch.fuzzy: "a near spelling of this speaker's registry name",
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
    clause: bool = False  # the words for the speaker are no noun phrase: the claim's speaker is a poor guess


@dataclass(frozen=True)
class Candidate:
    """The name a speaker is sought by: the extractor's, or the whole name it was cut from (`fragment`)."""

    name: str
    person: bool
    fragment: str | None = None


def normal_name(name: str) -> str:
    """A name as compared: lower case, without marks, apostrophes or a leading article."""
    return re.sub(r"^(?:the|a|an)\s+", "", re.sub(r"[*’']", "", name.lower())).strip(" .,")


def is_description(name: str) -> bool:
    """Whether `name` only describes the speaker: no capitalised word but the first ("police spokesman", "Senior
    officials", "Trump's national security adviser"), a/an/the and lower-case words ("the president"), or a
    lower-case last word ("two senior Pentagon officials")."""
    words = name.split()
    if len(words) > 1 and not _capitalised(words[-1]) and words[-1].isalpha():
        return True
    if words and words[0].lower() in ARTICLES:
        words = words[1:]
        if words and not any(_capitalised(word) for word in words):
            return True
    if not words:
        return False
    if len(words) == 1:
        return not _capitalised(words[0]) or normal_name(words[0]) in DESCRIPTION_WORDS
    return not any(_capitalised(word) for word in words[1:])


def _capitalised(word: str) -> bool:
    return any(letter.isupper() for letter in word)  # "al-Moallem", "McCain" and "US" too


def _role_words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z.]+", normal_name(text))) - ROLE_NOISE


@dataclass
class SpeakerIndex:
    """Registry speakers by every name and alias they go by, persons by surname, and speakers by role."""

    speakers: dict[str, Speaker] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    by_alias: dict[str, str] = field(default_factory=dict)
    by_surname: dict[str, str] = field(default_factory=dict)
    surnames: set[str] = field(default_factory=set)  # every person's surname, shared by several or not
    roles: list[tuple[frozenset[str], str]] = field(default_factory=list)
    keys: dict[tuple[str, ...], str] = field(default_factory=dict)  # words of names and aliases that name someone

    @classmethod
    def of(cls, speakers: dict[str, Speaker]) -> SpeakerIndex:
        index = cls(dict(speakers))
        surnames: dict[str, set[str]] = {}
        for speaker in speakers.values():
            index.by_name.setdefault(normal_name(speaker.name), speaker.id)
            for alias in speaker.aliases:
                index.by_alias.setdefault(normal_name(alias), speaker.id)
            for written in (speaker.name, *speaker.aliases):
                key = key_words(written)
                if len(key) > 1 or (key and not is_description(written)):  # not "president" in "vice president"
                    index.keys.setdefault(key, speaker.id)
            if speaker.type == "person":
                surnames.setdefault(normal_name(speaker.name).split()[-1], set()).add(speaker.id)
            words = _role_words(speaker.role or "")
            if len(words) >= MIN_ROLE_WORDS:
                index.roles.append((words, speaker.id))
        index.surnames = set(surnames)
        index.by_surname = {surname: ids.pop() for surname, ids in surnames.items() if len(ids) == 1}
        return index

    def match(self, name: str, label: str = "", is_person: bool = False) -> tuple[str, SpeakerMatch] | None:
        """The registry speaker that `name` (or the article's `label` for it) names, and how sure that is."""
        key = normal_name(name)
        if not key:
            return None
        if key in self.by_name or key in self.by_alias:
            speaker_id = self.by_name.get(key) or self.by_alias[key]
            if is_description(name) or self.speakers[speaker_id].type == "anonymous":
                # "a police spokesman", "senior Pentagon officials": in another article, probably other people
                return speaker_id, SpeakerMatch.description
            if key in self.by_name:
                return speaker_id, SpeakerMatch.name
            # "Lagakos" as an alias of Alex Lagakos is still a surname alone: another Lagakos may be meant
            return speaker_id, SpeakerMatch.surname if key in self.surnames else SpeakerMatch.alias
        if is_person and " " not in key and key in self.by_surname:
            return self.by_surname[key], SpeakerMatch.surname
        # a person's name that is not in the registry is someone else, whatever their role: only descriptions
        # ("the national security adviser") are matched by role
        return (None if is_person else self._by_role(name, label)) or self._by_spelling(key)

    def _by_role(self, name: str, label: str) -> tuple[str, SpeakerMatch] | None:
        described = _role_words(name) | _role_words(label)
        found = {speaker_id for words, speaker_id in self.roles if words <= described}
        return (found.pop(), SpeakerMatch.role) if len(found) == 1 else None

    def _by_spelling(self, key: str) -> tuple[str, SpeakerMatch] | None:
        if len(key) < MIN_FUZZY_LENGTH:
            return None
        names = self.by_name | self.by_alias
        best = process.extractOne(key, list(names), scorer=fuzz.ratio, score_cutoff=MIN_FUZZY_SCORE)
        return (names[best[0]], SpeakerMatch.fuzzy) if best else None

    def attribute(self, name: str, label: str = "", is_person: bool = False, text: str = "") -> Attribution:
        """Whom the extractor's `name` for a speaker, called `label` in the article (`text`), goes to."""
        label = label or name
        if not (is_speaker_phrase(label) and is_speaker_phrase(name) and _is_name_like(name)):
            return self._best_guess(name, label)
        candidate = _candidate(name, label, is_person, text)
        place = stance(label, candidate.name)
        inferred = place is None and not _is_pronoun(label) and not _names(label, candidate.name)
        if place is Stance.member:
            return self._member_of(label, candidate)
        if place is Stance.other:
            return self._other(label, candidate)
        exact = self._exact(candidate.name) or self._exact(label)
        if exact:
            return self._known(*exact, candidate, place, inferred)
        contained = self._contained(candidate, label, place, inferred)
        if contained:
            return contained
        near = self.match(candidate.name, label, candidate.person)  # a surname, a role, a near spelling
        if near:
            return self._known(*near, candidate, place, inferred)
        return self._shared_surname(candidate) or _new(candidate, label, place, inferred)

    def _shared_surname(self, candidate: Candidate) -> Attribution | None:
        """A surname alone that several registry persons share ("Johnson"): a new speaker, but unsure."""
        key = normal_name(candidate.name)
        if not candidate.person or " " in key or key not in self.surnames:
            return None
        why = f"a surname alone that several registry persons share: {candidate.name!r} may be one of them"
        return Attribution(SpeakerMatch.surname, why, name=candidate.name, person=True)

    def _exact(self, words_: str) -> tuple[str, SpeakerMatch] | None:
        """A registry name or alias that is exactly these words."""
        key = normal_name(words_)
        return self.match(words_) if key and (key in self.by_name or key in self.by_alias) else None

    def _known(
        self, speaker_id: str, how: SpeakerMatch, candidate: Candidate, place: Stance | None, inferred: bool
    ) -> Attribution:
        """A registry speaker found by `candidate`'s name, sure only when the words name it plainly."""
        registry_name = self.speakers[speaker_id].name
        if how in UNSURE_MATCHES:
            return Attribution(how, WHY_UNSURE[how], speaker_id)
        if place is Stance.voice:
            return Attribution(SpeakerMatch.contains, f"the words speak for {registry_name!r}", speaker_id)
        if inferred:
            why = f"the words only describe the speaker; {candidate.name!r} was inferred from the text around them"
            return Attribution(SpeakerMatch.description, why, speaker_id)
        if candidate.fragment:
            why = f"{candidate.fragment!r} is cut from {candidate.name!r}, the registry's {registry_name!r}"
            return Attribution(SpeakerMatch.contains, why, speaker_id)
        return Attribution(how, speaker_id=speaker_id)

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
            return Attribution(SpeakerMatch.contains, f"the words {verb} the registry's {registry_name!r}", speaker_id)
        return None

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
        body = self.speakers[found[0]]
        return self._member(label, body.name, body.type == "person")

    def _member(self, label: str, body: str, body_is_person: bool) -> Attribution:
        """Someone of `body` ("an official of the Department of Defense"): not the body, a new anonymous speaker,
        unless the registry has these very words."""
        found = self._exact(label)
        if found:
            return self._known(*found, Candidate(label, False), Stance.head, False)
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

    def _best_guess(self, name: str, label: str) -> Attribution:
        """Words that are no name or description: the registry speaker they resemble, else the placeholder."""
        odd = label if not is_speaker_phrase(label) else name
        why = f"{odd!r} is no name or description"
        speaker_id = self._resembling(name, label)
        if speaker_id:
            why += f"; the registry's {self.speakers[speaker_id].name!r} is the nearest"
            return Attribution(SpeakerMatch.unidentified, why, speaker_id, clause=True)
        placeholder = UNIDENTIFIED.id if UNIDENTIFIED.id in self.speakers else None
        return Attribution(
            SpeakerMatch.unidentified,
            why + f"; the claim goes to {UNIDENTIFIED.name!r}",
            placeholder,
            name=UNIDENTIFIED.name,
            type=UNIDENTIFIED.type,
            clause=True,
        )

    def _resembling(self, name: str, label: str) -> str | None:
        for words_ in (name, label):
            found = self.match(words_, label) if is_speaker_phrase(words_) and _is_name_like(words_) else None
            if found:
                return found[0]
        for haystack in (words(name), words(label)):
            key = self._longest_key(haystack)
            if key:
                return self.keys[haystack[key[0] : key[1]]]
            surname = next((word for word in reversed(haystack) if word in self.by_surname), None)
            if surname:
                return self.by_surname[surname]
        return None


def _candidate(name: str, label: str, is_person: bool, text: str) -> Candidate:
    """The name to seek: the whole name of a body when `name` was cut out of it, in the label or in the text."""
    whole = whole_name(name, label) if within(name, label) else whole_name_in_text(name, text)
    return Candidate(whole, False, name) if whole else Candidate(name, is_person and not names_a_body(name))


def _is_pronoun(words_: str) -> bool:
    return normal_name(words_) in LEXICON.pronouns


def _is_name_like(name: str) -> bool:
    """Whether `name` can name anyone: not a pronoun, a determiner alone ("Some", "The"), a letter ("E") or a day
    ("Tuesday")."""
    found = [word for word in words(name) if word not in LEXICON.determiners and word not in LEXICON.pronouns]
    return any(len(word) > 1 and word not in LEXICON.time_words for word in found)


def _names(label: str, name: str) -> bool:
    """Whether the label's head word belongs to `name`: "Col. Ryan" and "U.S. Attorney Bash" name Sean Ryan and Josh
    Bash; "the minister" and "the city's mayor" name nobody."""
    first = next(iter(parts(label)), ())
    head = [word for word in first if word != "'s"][-1:]
    return bool(head) and head[0] in key_words(name)


def _may_hold(candidate: Candidate, key: tuple[str, ...], whole_part: bool) -> bool:
    """Whether a registry key in the words can be the speaker: not when the extractor found a name that the key
    does not hold ("Department of Defense official Mark Reyes" is Mark Reyes; "Mike Ryan" is not Sean Ryan, whose
    alias is "Ryan"), unless the key is a whole aside naming the same body ("... Guard Corps (IRGC)")."""
    if is_description(candidate.name):
        return True  # "spokesman" in "a Pentagon spokesman"
    own = set(key_words(candidate.name)) - LEXICON.non_closers
    if candidate.person:
        return own <= set(key)
    return bool(own & set(key)) or candidate.fragment is not None or whole_part


def _sentence_case(label: str) -> str:
    """The label without its article, capitalised: "an official of X" -> "Official of X"."""
    plain = re.sub(r"^(?:the|a|an)\s+", "", label.strip(), flags=re.IGNORECASE)
    return plain[:1].upper() + plain[1:]


def _new(candidate: Candidate, label: str, place: Stance | None, inferred: bool) -> Attribution:
    """A speaker the registry does not have: sure only for a well-formed name the words hold plainly."""
    name = candidate.name
    if place is Stance.voice:
        why = f"the words speak for {name!r}, new to the registry: the claim goes to it"
        return Attribution(SpeakerMatch.description, why, name=name, person=candidate.person)
    if is_description(name):
        why = "the words only describe the speaker: a new anonymous speaker"
        return Attribution(SpeakerMatch.description, why, name=name, type="anonymous")
    if inferred:
        why = f"the words only describe the speaker; {name!r} was inferred from the text around them"
        return Attribution(SpeakerMatch.description, why, name=name, person=candidate.person)
    if candidate.fragment and normal_name(name) != normal_name(label):
        why = f"{candidate.fragment!r} is cut from {name!r}, new to the registry"
        return Attribution(SpeakerMatch.contains, why, name=name)
    return Attribution(SpeakerMatch.new, name=name, person=candidate.person)
