"""Matching the speakers a draft finds to the registry, across articles.

A name or alias that is in the registry is a sure match, unless it only describes the speaker or names an anonymous
one. A surname alone (or a one-word alias that is a person's surname), a role ("Trump's national security adviser"
for the speaker whose role is "US National Security Adviser"), a description or anonymous speaker in the registry
("a police spokesman", "the president", "senior Pentagon officials": in another article, probably someone else) and
a near spelling ("Mohammed" for "Mohammad") are unsure: the draft takes them but marks them (`speaker_match:
surname|role|description|fuzzy`) for a person to confirm, so that no two people are ever merged silently. Anything
else is a new speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .models import Speaker, SpeakerMatch

# Words that say nothing about which role it is ("the", "of") or that a press description drops ("US").
ROLE_NOISE = frozenset(["the", "a", "an", "of", "for", "and", "to", "in", "on", "at", "us", "u.s.", "uk", "s"])
MIN_ROLE_WORDS = 2
MIN_FUZZY_SCORE = 88.0
MIN_FUZZY_LENGTH = 8  # shorter names differ by a letter too easily ("Khan", "Kahn")
ARTICLES = frozenset(["a", "an", "the"])
# One capitalised word that is a description, not a name ("Police said ...", "Officials said ...").
DESCRIPTION_WORDS = frozenset(
    [
        *["police", "officials", "official", "sources", "source", "spokesman", "spokeswoman", "spokesperson"],
        *["authorities", "witnesses", "residents", "analysts", "experts", "investigators", "prosecutors"],
        *["officers", "diplomats", "reports"],
    ]
)


def normal_name(name: str) -> str:
    """A name as compared: lower case, without marks, apostrophes or a leading article."""
    return re.sub(r"^(?:the|a|an)\s+", "", re.sub(r"[*’']", "", name.lower())).strip(" .,")


def is_description(name: str) -> bool:
    """Whether `name` only describes the speaker: no capitalised word but the first ("police spokesman", "Senior
    officials", "Trump's national security adviser"), or a/an/the and lower-case words ("the president")."""
    words = name.split()
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

    @classmethod
    def of(cls, speakers: dict[str, Speaker]) -> SpeakerIndex:
        index = cls(dict(speakers))
        surnames: dict[str, set[str]] = {}
        for speaker in speakers.values():
            index.by_name.setdefault(normal_name(speaker.name), speaker.id)
            for alias in speaker.aliases:
                index.by_alias.setdefault(normal_name(alias), speaker.id)
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
