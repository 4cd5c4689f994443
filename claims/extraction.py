"""Finding attributed claims in article text: direct and partial quotes, and reported speech.

Rules over the verbatim text, no model: quotation marks are paired (straight or curly, across paragraphs
when the opening mark is repeated), each quotation is classified as a claim or not (scare quotes, slogans,
titles), attributions are found after or before the quote, pronouns resolve to the most salient person,
and reported speech is found from its reporting verb. Offsets always index the text as given.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from . import dates
from .sentences import sentence_spans


def alternation(words: str) -> str:
    """A regex matching any of the |-separated words, factored by prefix (a trie), which Python's re
    matches several times faster than a flat alternation of a hundred words."""
    trie: dict = {}
    for word in words.split("|"):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return "(?:" + pattern(trie) + ")"


OPENING = "“"
CLOSING = "”"
STRAIGHT = '"'

VERBS = (
    "said|says|say|told|tells|tell|added|adds|reported|reports|claimed|claims|claiming|announced|announces|warned|"
    "warns|argued|argues|insisted|insists|stated|states|noted|notes|explained|explains|confirmed|confirms|"
    "acknowledged|acknowledges|admitted|admits|denied|denies|vowed|vows|pledged|pledges|promised|promises|charged|"
    "charges|charging|alleged|alleges|asserted|asserts|maintained|maintains|predicted|predicts|estimated|wrote|writes|"
    "testified|suggested|suggests|stressed|stresses|emphasized|emphasised|recalled|complained|cautioned|indicated|"
    "revealed|disclosed|declared|declares|conceded|countered|replied|responded|asked|asks|continued|urged|urges|"
    "believes|believed|thinks|thought|agreed|agrees|concluded|concludes|observed|pointed out|points out|"
    "spelled out|recounted|reiterated|commented|remarked|boasted|joked|sighed|grumbled|lamented|mused|tweeted|"
    "posted|shouted|screamed|whispered|contended|contends|affirmed|affirms|assured|blamed|accused|described|"
    "describing|describes|talked|spoke|speaking|add|adding|remarked|remarking|noting|saying|telling|warning|"
    "explaining|insisting|arguing|stating|asking|announcing|stressing|underlined|underlines|underlining|highlighted|"
    "say|tell|warn|explain|insist|argue|claim|called for|calling|called|calls|found|finds|ruled|rules|showed|shows|"
    "writing|read|reads|characterized|characterised|characterizing|dismissed|praised|condemned|hailed|branded|"
    "denounced|criticized|criticised|slammed|informed|informing"
)
VERB_WORDS = VERBS
VERBS = alternation(VERB_WORDS)
VERB = re.compile(rf"\b{VERBS}\b")
PRONOUNS = {"he", "she", "they", "it", "we", "i", "He", "She", "They", "It", "We", "I"}
TITLES = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "col",
    "gen",
    "lt",
    "sgt",
    "capt",
    "maj",
    "adm",
    "gov",
    "sen",
    "rep",
    "rev",
    "prof",
    "president",
    "minister",
    "secretary",
    "prime",
    "deputy",
    "foreign",
    "chief",
    "general",
    "colonel",
    "senator",
    "governor",
    "mayor",
    "judge",
    "justice",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "director",
    "chairman",
    "chairwoman",
    "representative",
    "ambassador",
    "commissioner",
    "king",
    "queen",
    "prince",
    "pope",
    "sheikh",
    "vice",
    "us",
    "u.s.",
    "former",
    "acting",
    "assistant",
    "attorney",
    "sir",
    "dame",
    "lord",
    "lady",
    "coach",
    "captain",
    "officer",
    "detective",
    "sergeant",
    "professor",
    "doctor",
    "dean",
    "leader",
    "head",
    "chancellor",
    "interior",
    "defense",
    "defence",
    "state",
    "national",
    "security",
    "adviser",
    "advisor",
    "special",
    "envoy",
    "executive",
    "ceo",
    "manager",
    "inspector",
    "superintendent",
    "lieutenant",
    "major",
    "admiral",
    "senior",
    "minority",
    "majority",
    "speaker",
    "senate",
    "founder",
    "commandant",
    "official",
    "researcher",
    "scholar",
    "analyst",
    "economist",
    "expert",
    "lawyer",
    "wife",
    "husband",
    "son",
    "daughter",
    "assemblyman",
    "assemblywoman",
    "congressman",
    "congresswoman",
    "councillor",
    "councilman",
    "councilwoman",
    "lawmaker",
    "legislator",
    "mp",
    "mep",
    "premier",
    "chair",
    "chairperson",
    "president-elect",
    "nominee",
}
ORGANISATION_WORDS = {
    "ministry",
    "department",
    "agency",
    "council",
    "party",
    "government",
    "post",
    "journal",
    "times",
    "news",
    "university",
    "corps",
    "forces",
    "army",
    "police",
    "court",
    "committee",
    "commission",
    "association",
    "union",
    "organization",
    "organisation",
    "office",
    "bank",
    "company",
    "inc",
    "group",
    "institute",
    "center",
    "centre",
    "service",
    "administration",
    "house",
    "pentagon",
    "kremlin",
    "media",
    "network",
    "tribune",
    "herald",
    "press",
    "reuters",
    "associated",
    "nations",
    "board",
    "authority",
    "foundation",
    "club",
    "team",
    "federation",
    "league",
}
LIST_CUES = re.compile(
    r"\b(?:slogans?|chants?|chanting|chanted|titled|entitled|headlined|reading|dubbed|called|named|known as|"
    r"hashtags?|banners?|placards?|signs?|motto|labelled|labeled|termed|so-called|word|words|phrase|term)\s*$",
    re.I,
)
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our"}
AUXILIARIES = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|had|will|would|can|could|should|shall|may|might|must|do|does|"
    r"did|won't|can't|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|we're|i'm|it's|they're|you're|we've|"
    r"i've|let's|need|want|think|know|believe|see|go|get|make|take)\b",
    re.I,
)


@dataclass
class Extracted:
    kind: str
    quote: str
    start: int
    end: int
    speaker: str
    speaker_label: str
    verb: str
    via: str | None = None
    said: dates.SaidDate | None = None
    is_person: bool = False


@dataclass
class Quotation:
    start: int  # first character inside the marks
    end: int  # just past the last character inside the marks
    open_mark: int  # offset of the opening mark


@dataclass
class _State:
    """What the reader of an article remembers: names seen and who spoke last."""

    full_names: dict[str, str] = field(default_factory=dict)  # surname -> full name
    people: list[tuple[int, str]] = field(default_factory=list)  # (offset, full name) of persons mentioned
    subjects: list[tuple[int, str]] = field(default_factory=list)  # persons that are the subject of a sentence
    pronouns: dict[str, str] = field(default_factory=dict)  # person -> "he" or "she", as the text refers to them
    titled: dict[str, str] = field(default_factory=dict)  # "minister" -> the person last named with that title
    text: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)
    last_speaker: Extracted | None = None


# Finding quotations


class Quotations(list):
    """Quotations in order of position, with their starts at hand for bisecting."""

    def __init__(self, quotations: list[Quotation]) -> None:
        super().__init__(quotations)
        self.starts = [q.start for q in quotations]


def find_quotations(text: str) -> Quotations:
    """Pair quotation marks; a quote may run over paragraphs when each new paragraph repeats the opening mark."""
    quotations = []
    position, length = 0, len(text)
    while position < length:
        open_at = _next_opening(text, position)
        if open_at < 0:
            break
        close_at = _closing(text, open_at + 1)
        if close_at is None:
            position = open_at + 1
            continue
        quotations.append(Quotation(open_at + 1, close_at, open_at))
        position = close_at + 1
    return Quotations(quotations)


_MARK = re.compile('[“"]')


def _next_opening(text: str, position: int) -> int:
    """Offset of the next opening mark: a curly one, or a straight one that starts a word after a space,
    a bracket or a dash (or the text)."""
    while (match := _MARK.search(text, position)) is not None:
        at = match.start()
        if text[at] == OPENING:
            return at
        before = text[at - 1] if at else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        if (before.isspace() or before in "([—–-") and not after.isspace():
            return at
        position = at + 1
    return -1


_CLOSE_OR_PARAGRAPH = re.compile(r'[”"]|\n\s*\n')


def _closing(text: str, position: int) -> int | None:
    """Offset of the closing mark for a quote opened before `position`, or None if it is not closed; a quote
    that an attribution opens and that runs to the end of its paragraph without a closing mark (a slip in
    the copy) ends there."""
    index = position
    while True:
        match = _CLOSE_OR_PARAGRAPH.search(text, index)
        if match is None:
            return _unclosed_end(text, position, len(text))
        at = match.start()
        if match.group(0) in (CLOSING, STRAIGHT):
            if (
                match.group(0) == STRAIGHT
                and at > 0
                and text[at - 1].isspace()
                and at + 1 < len(text)
                and (text[at + 1].isalnum())
            ):
                return None  # an opening straight mark: the previous quote never closed
            return at
        # a paragraph break inside the quote: it goes on only if the next paragraph reopens it
        after = match.end()
        if after < len(text) and text[after] in (OPENING, STRAIGHT):
            index = after + 1
            continue
        return _unclosed_end(text, position, at)


def _unclosed_end(text: str, start: int, end: int) -> int | None:
    """Where a quote missing its closing mark ends: the end of its paragraph, when an attribution or a sentence
    start opens it, it holds a few words, and the paragraph ends a sentence; otherwise it is no quote."""
    inner = text[start:end].rstrip()
    opened = text[max(0, start - 3) : start - 1]
    if "\n\n" in inner or len(inner.split()) < 4 or not inner.endswith((".", "!", "?")):
        return None
    if start > 1 and not re.search(r"(?:[:,]\s?|\n|^)$", opened):
        return None
    return start + len(inner)


# Speakers

_TOKEN = re.compile(r"[\w'’.-]+")


def _words(phrase: str) -> list[str]:
    return _TOKEN.findall(phrase)


PLACE_WORDS = {
    "gulf",
    "east",
    "west",
    "north",
    "south",
    "river",
    "valley",
    "sea",
    "ocean",
    "street",
    "city",
    "province",
    "district",
    "region",
    "island",
    "islands",
    "mountains",
    "republic",
    "kingdom",
    "states",
    "strait",
    "bay",
    "coast",
    "airport",
    "square",
    "road",
    "avenue",
    "park",
    "county",
    "state",
    "assembly",
    "general",
    "united",
}
MEDIA_WORDS = {
    "post",
    "journal",
    "times",
    "news",
    "tribune",
    "herald",
    "reuters",
    "press",
    "agency",
    "gazette",
    "telegraph",
    "guardian",
    "economist",
    "bloomberg",
    "ap",
    "afp",
    "tv",
    "radio",
    "television",
    "magazine",
    "daily",
    "voa",
}
PERSON_NOUNS = {
    "head",
    "lawyer",
    "protester",
    "resident",
    "witness",
    "man",
    "woman",
    "doctor",
    "teacher",
    "student",
    "investigator",
    "survivor",
    "victim",
    "mother",
    "father",
    "neighbour",
    "neighbor",
    "owner",
    "worker",
}
GENERIC_MEDIA = re.compile(r"^(?:it|the (?:newspaper|paper|article|report|story|daily|agency|magazine|outlet))$", re.I)
_RUN = re.compile(r"(?:(?:\b[A-Z][\w'’.-]*|\bal-\w+|\b(?:bin|de|van|von|der|da|di)\b)\s*)+$")
_LEADING = re.compile(
    r"^(?:(?:Similarly|Meanwhile|However|Also|But|And|Yet|Still|Later|Earlier|Instead|Separately|Then|So|Now),?\s+)+"
)


def _strip_titles(tokens: list[str]) -> list[str]:
    titles = [i for i, token in enumerate(tokens) if token.lower().rstrip(".") in TITLES]
    if titles and titles[-1] < len(tokens) - 1:
        tokens = tokens[titles[-1] + 1 :]  # "Finance Minister Paul Okafor" -> "Paul Okafor"
    while tokens and (
        tokens[0].lower().rstrip(".") in TITLES or tokens[0].endswith(("'s", "’s")) or tokens[0].lower() == "the"
    ):
        tokens = tokens[1:]
    return tokens


NOT_NAME_WORDS = ORGANISATION_WORDS | PLACE_WORDS | MEDIA_WORDS | TITLES


def is_person_name(name: str, known: dict[str, str] | None = None) -> bool:
    tokens = name.split()
    if known and len(tokens) == 1 and name in known:
        return True
    if len(tokens) < 2 or tokens[0].lower() in DETERMINERS | {"a", "an"}:
        return False
    if any(t.lower().strip(".") in NOT_NAME_WORDS for t in tokens):
        return False
    return all(t[0].isupper() or t.startswith("al-") or t in ("bin", "de", "van", "von", "da") for t in tokens)


@functools.lru_cache(maxsize=4096)
def speaker_name(label: str) -> tuple[str, bool]:
    """The speaker a label names, and whether it is a person:
    "US military spokesman Col. Sean Ryan" -> ("Sean Ryan", True); "Iranian media" -> ("Iranian media", False)."""
    plain = re.sub(r"\s*\([^)]*\)", "", label.replace("*", "")).strip(" ,")
    plain = re.split(r"\s+by\s+(?=[A-Z])", plain)[-1]  # "a tweet on Monday by Mike Pompeo"
    plain = _LEADING.sub("", plain)
    parts = [part.strip() for part in plain.split(",") if part.strip()]
    heads = []
    for part in parts:
        head_of = re.split(r"\s+(?:of|from|at|for|with)\s+", part)[0]
        run = _RUN.search(head_of)
        run_tokens = run.group(0).split() if run else []
        person_tokens = _strip_titles(run_tokens)
        titled = (
            0 < len(person_tokens) < len(run_tokens)
            and len(person_tokens) <= 3
            and run_tokens[-len(person_tokens) - 1].lower().rstrip(".") in TITLES
            and not any(t.lower() in ORGANISATION_WORDS | MEDIA_WORDS for t in person_tokens)
        )
        if person_tokens and (titled or is_person_name(" ".join(person_tokens).rstrip(".,"))):
            return " ".join(person_tokens).rstrip(".,"), True  # "Mayor Jo Park": a title makes a person
        run = _RUN.search(part)
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


def clean_label(label: str) -> str:
    return _LEADING.sub("", label.strip(" ,;:—–-\n\t")).rstrip(" ,.") if label else label


def _resolve_speaker(label: str, offset: int, state: _State, text: str) -> tuple[str, bool] | None:
    """(speaker name, is a person) for the words that name a speaker at `offset`."""
    label = clean_label(label)
    if not label:
        return None
    if label in PRONOUNS and label.lower() != "it":
        return _resolve_pronoun(label.lower(), offset, state)
    if GENERIC_MEDIA.match(label):
        medium = latest_medium(text, offset)
        if medium:
            return medium, False
        if label.lower() == "it" and state.last_speaker is not None and not state.last_speaker.is_person:
            return state.last_speaker.speaker, False  # "It also urged ...": the organisation that spoke last
        return None
    name, person = speaker_name(label)
    described = re.fullmatch(r"(?:the|The)\s+(?:[a-z-]+\s+)?([a-z-]+)", label)
    if not person and described and described.group(1) in state.titled:
        return state.titled[described.group(1)], True  # "the minister" named earlier as "Minister Lars Berg"
    if not person and name.split() and name.split()[-1].lower() in PERSON_NOUNS | TITLES:
        person = True  # "the head of the police's internal investigators", "another lawyer for the victim"
    if len(name.split()) == 1 and name in state.full_names:
        name, person = state.full_names[name], True
    if person:
        _remember_person(state, name, offset)
    return name, person


def _resolve_pronoun(pronoun: str, offset: int, state: _State) -> tuple[str, bool] | None:
    """he/she: the person who is the subject of the sentences just before, else the last person quoted,
    else the last person named; never simply the last name in the text."""
    if pronoun in ("he", "she"):
        fits = {name for name, said in state.pronouns.items() if said != pronoun}.isdisjoint
        subjects = [(at, name) for at, name in state.subjects if offset - 500 < at < offset and fits({name})]
        known = [name for _, name in subjects if state.pronouns.get(name) == pronoun]
        if known and not any(
            state.pronouns.get(name) == pronoun for name in [getattr(state.last_speaker, "speaker", "")]
        ):
            return known[-1], True  # the text already calls this person "she" (or "he")
        last = state.last_speaker
        if (
            last is not None
            and last.is_person
            and fits({last.speaker})
            and offset - last.end < 600
            and (not subjects or subjects[-1][0] < last.start)
        ):
            return last.speaker, True
        if subjects:
            return subjects[-1][1], True
        if last is not None and last.is_person and offset - last.end < 600 and fits({last.speaker}):
            return last.speaker, True
        earlier = [name for at, name in state.people if at < offset and fits({name})]
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


def _previous_subject(offset: int, state: _State) -> str | None:
    """The subject of the sentence before the one at `offset`, when it is a group or organisation."""
    index = bisect.bisect_right([start for start, _ in state.spans], offset) - 2
    if index < 0:
        return None
    start, end = state.spans[index]
    subject = sentence_subject(state.text[start:end])
    if not subject or subject.lower() in {p.lower() for p in PRONOUNS}:
        return None
    name, person = speaker_name(subject)
    return None if person or not name[:1].isupper() else name


def _remember_person(state: _State, name: str, offset: int) -> None:
    state.people.append((offset, name))
    if len(name.split()) >= 2:
        state.full_names.setdefault(name.split()[-1], name)


_PERSON_MENTION = re.compile(
    r"(?=[A-Z])(?<!the )\b(?:(?:Mr|Mrs|Ms|Dr|Col|Gen|Sen|Rep|Gov|Lt|Capt|Maj)\.?\s+)?"
    r"([A-ZÀ-Þ][a-zß-ÿ'’-]+(?:\s+(?:al-|bin\s+|de\s+|van\s+)?[A-ZÀ-Þ][\w'’-]+){0,3})\b"
)


_WORD_BEFORE_NAME = re.compile(r"\b([a-z][\w-]*)\s+$")
_AFTER_PREPOSITION = re.compile(r"\b(?:of|at|for|from|in|on)\s+$")
_NEXT_WORD = re.compile(r"\s+([\w'’-]+)")


def _note_people(text: str, spans: list[tuple[int, int]], state: _State) -> None:
    """Every person named in the text, which of them are the subject of their sentence, and whether the
    text takes them up as "he" or "she" (a sentence opening with He/She after one with them as subject)."""
    for start, end in spans:
        opening = text[start : start + 4]
        if state.subjects and (opening.startswith("He ") or opening.startswith("She ")):
            state.pronouns.setdefault(state.subjects[-1][1], opening.split()[0].lower())
        subject_end = -1
        for match in _PERSON_MENTION.finditer(text, start, end):
            mention = match.group(1)
            if " " not in mention and mention not in state.full_names:
                continue  # a single capitalised word is a person only once we know the full name
            if _AFTER_PREPOSITION.search(text, max(0, match.start() - 6), match.start()):
                continue  # "Doug Miller of Milltech Marine": an organisation
            following = _NEXT_WORD.match(text, match.end(), match.end() + 30)
            if following and following.group(1).lower() in TITLES:
                continue  # "Scripps Oceanography director Margaret Leinen": an organisation
            tokens = mention.split()
            name_tokens = _strip_titles(tokens)
            name = " ".join(name_tokens)
            if not name or not is_person_name(name, state.full_names):
                continue
            if any(w.lower() in TITLES for w in name_tokens):
                continue
            titles = [w.lower().rstrip(".") for w in tokens[: len(tokens) - len(name_tokens)]]
            before = _WORD_BEFORE_NAME.search(text, max(0, match.start() - 30), match.start())
            if before and before.group(1).lower() in TITLES:
                titles.append(before.group(1).lower())
            if len(name_tokens) == 1 and name in state.full_names:
                name = state.full_names[name]
            _remember_person(state, name, match.start(1))
            for title in titles:
                state.titled[title] = name  # "Defence Minister Lars Berg" ... "the minister said"
            if subject_end < 0:
                subject_end = start + len(_first_noun_phrase(text[start:end]) or "")
            if match.end(1) <= subject_end + 1:
                state.subjects.append((match.start(1), name))


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


# Attribution of quotations

_AFTER = re.compile(
    rf"^[ \t]*[,—–-]?[ \t]*(?:(?P<verb2>{VERBS}|according to)\s+(?P<speaker2>[^!?\"“”;]{{1,100}})"
    rf"|(?P<speaker>[\w*][^!?\"“”;]{{0,119}}?)\s+(?:has\s+|had\s+|also\s+)?(?P<verb>{VERBS})\b)"
)
_WORD_BEFORE = re.compile(r"[\w'’.*)\"”-],?\s+(?:(?:has|had|also)\s+)?$")  # a word, or a quote just closed


def _before(head: str) -> tuple[str, int] | None:
    """The reporting verb of an attribution that ends right before a quote ("X said on Friday, "),
    as (verb, offset in head): the verb nearest the quote with a word before it and at most 60 characters
    after it, none of them ending a sentence or a quotation."""
    offset = max(0, len(head) - 220)
    for verb in reversed(list(VERB.finditer(head, offset))):
        if head[max(0, verb.start() - 3) : verb.start()] == "as " and head[verb.end() : verb.end() + 4] == " by ":
            continue  # "— as reported by Hurriyet Daily News —"
        rest = head[verb.end() :].rstrip()
        if len(rest) <= 61 and not any(c in rest for c in '!?"“”') and _WORD_BEFORE.search(head, offset, verb.start()):
            return verb.group(0), verb.start()
    return None


_ACCORDING_BEFORE = re.compile(r"\b[Aa]ccording to (?P<speaker>[^!?\"“”;]{2,120}?),?\s*$")
_PASSIVE = re.compile(
    r"\b(?:was|were|been) (?P<verb>told|informed|assured|warned) by (?P<speaker>[^!?\"“”;,]{2,100}?)"
    r"(?:\s+(?:of|that|about)\b|,|\s*$)"
)
_SUBJECT_SPLIT = re.compile(
    r"\b(?:which|who|that|when|while|but|because|if|where|and|whom)\s+(?=[a-z*])"
    r"|[;:“”\"]|,\s+(?=(?!(?:in|on|at|by|for|with|from|during|after|before|through|via|under|as)\s)[a-z](?!l-))"
)
_NAME_THEN_APPOSITION = re.compile(r"((?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’.-]+),\s+[^;:\"“”]{1,160},?\s*$")


_APPOSITIVE = re.compile(
    r"(?:[A-Z][\w'’.-]+\s+(?:of\s+|for\s+)?)*[A-Z][\w'’.-]+,\s+(?:the|a|an|another|his|her|its|their)\s"
    r"[^,;:\"“”]{1,90},?\s*$"
)


_LEADING_CLAUSE = re.compile(
    r"(?i)^(?:(?:Asked|Speaking|Writing|Responding|Commenting|Interviewed|Addressing|When|While|As|After|Before|"
    r"Although|Though|If|Since|In|On|At|During|Earlier|Later|Last|This|Following|Despite|Upon|Once|Outside|Inside|"
    r"Under|Within|Among|Amid|Throughout|Having|Given|Today|Yesterday|Meanwhile|Separately|However|Still)\b[^,]*,\s+)+"
)
# "X, who co-sponsored the bill, said", "X, speaking to reporters, said": the aside between a subject and its verb
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|which|whose|[a-z]+ing)\b[^,;:\"“”]*,\s*$")
_PREPOSITIONAL = re.compile(r"(?:in|on|at|by|for|with|from|during|after|before|through|via|under)\s", re.I)
_ADVERBS_AT_END = re.compile(
    r"(?:,?\s+(?:has|have|had|also|too|further|later|previously|once|again|repeatedly|then|would|will|both"
    r"|went on to|go on to|goes on to|continued to|wanted to|used to|was quick to|did not|did|does|would not"
    r"|even|went as far as to|went so far as to|went as far to))+\s*$"
)


@functools.lru_cache(maxsize=4096)
def _subject(region: str) -> str | None:
    """The noun phrase at the end of `region`, the words before a reporting verb."""
    region = _ADVERBS_AT_END.sub(" ", region)
    appositive = _APPOSITIVE.search(region) if ", " in region else None
    if appositive and speaker_name(appositive.group(0).split(",")[0])[1]:
        # "Nancy Pelosi, the Speaker of the House, said"; not "The Pentagon, the Journal reported"
        return appositive.group(0).strip(" ,")
    region = _RELATIVE_CLAUSE.sub(" ", region)  # "MP Penny Sharpe, who co-sponsored the bill, said"
    who = re.search(r"((?:[A-Z][\w'’.-]+\s+){0,3}[A-Z][\w'’.-]+)\s+who\s*$", region)
    if who:  # "drafted by Alex Greenwich who said"
        return who.group(1)
    if re.search(r"\b(?:which|that|who)\s*$", region):  # "They released a statement which said"
        return _first_noun_phrase(_LEADING_CLAUSE.sub("", region.strip())) or None
    piece = _LEADING_CLAUSE.sub("", _SUBJECT_SPLIT.split(region)[-1].strip(" ,"))
    named_first = _NAME_THEN_APPOSITION.match(piece)
    if named_first and speaker_name(named_first.group(1))[1]:
        return named_first.group(1)  # "Professor Greg Barton, Chair in ... at Deakin University, said"
    parts = [part.strip() for part in piece.split(",") if part.strip()]
    parts = [part for part in parts if not _PREPOSITIONAL.match(part)] or parts  # not "in a statement"
    subject = _ADVERBS_AT_END.sub("", ", ".join(parts)).strip(" ,")
    pronoun = re.search(r"\b(he|she|they|it|we|He|She|They|It|We|I)$", subject)
    if pronoun:
        return pronoun.group(1)  # "On the live television he said"
    if _PREPOSITIONAL.match(subject):  # "In the filing itself Ford": the name after the phrase
        run = _RUN.search(subject)
        subject = run.group(0).strip() if run else ""
    subject = re.sub(r"^(?:with|by|from|to|for|as)\s+", "", subject)
    subject = _LEADING.sub("", subject)
    if not subject or len(_words(subject)) > 14 or not re.search(r"\w", subject):
        return None
    if subject.lower() in ("and", "but", "or", "then", "also") or re.search(r"\b(?:and|but)$", region.strip()):
        clause = re.split(r"[;:]", region)[-1]
        pronoun = re.match(r"\s*(he|she|they|it|we|I)\b", clause, re.I)
        return pronoun.group(1) if pronoun else _first_noun_phrase(clause.strip())
    return subject


@functools.lru_cache(maxsize=4096)
def sentence_subject(sentence: str) -> str | None:
    """The subject of a sentence: the noun phrase before its first verb, after any leading clause."""
    sentence = _LEADING_CLAUSE.sub("", sentence)
    verb = _FINITE.search(sentence)
    reporting = VERB.search(sentence)
    if reporting and (verb is None or reporting.start() < verb.start()):
        verb = reporting
    return _subject(sentence[: verb.start()]) if verb else _first_noun_phrase(sentence)


def _participle_subject(sentence: str, region: str) -> str | None:
    """Who speaks in "X did this, charging ...": a name right before the participle ("with Zinichev describing"),
    else the subject of the sentence."""
    named = re.search(
        r"(?<!\bon )(?<!\bin )(?<!\bat )(?<!\bof )(?<!\bto )(?<!\bby )"
        r"\b(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*\s*$",
        region,
    )
    if named and not region.rstrip().endswith(",") and not dates.resolve(named.group(0), dt.date.max):
        return named.group(0).strip()
    with_subject = re.search(r"\bwith\s+((?:[\w'’.-]+\s+){0,3}[\w'’.-]+)\s*$", region)
    if with_subject:  # "..., with officials saying ..."
        return with_subject.group(1)
    earlier = reporting_verbs(region, 0, len(region))
    if earlier:  # "..., officials told state media, adding that ...": who told adds
        return _subject(region[: earlier[-1].start()])
    return sentence_subject(sentence)


_NOUN_PHRASE = re.compile(
    r"(?:(?:[A-Z][\w'’.-]*|al-\w+|of|the|and|for|\([A-Z]+\)|(?:"
    + "|".join(sorted(TITLES | PERSON_NOUNS, key=len, reverse=True))
    + r")(?=\s+[A-Z]))\s*)+"
)


def _first_noun_phrase(sentence: str) -> str | None:
    """The subject at the start of a sentence: "Syria's ... Walid al-Moallem delivered" -> "Syria's ... al-Moallem"."""
    sentence = _LEADING.sub("", sentence)
    match = _NOUN_PHRASE.match(sentence)
    return match.group(0).strip() if match else None


_DASH_NAME = re.compile(r"^[ \t]*[—–-]+[ \t]*(?P<name>(?:[A-Z][\w.'’-]*[ \t]*){1,6})[ \t]*(?:\n|$)")


def _attribution_after(text: str, quotation: Quotation, limit: int) -> tuple[str, str, int] | None:
    tail = text[quotation.end + 1 : limit]
    dashed = _DASH_NAME.match(text[quotation.end + 1 : quotation.end + 80])
    if dashed:  # "..." - Commissioner Ruth Alvarez
        return dashed["name"].strip(), "—", quotation.end + 1 + dashed.start("name")
    match = _AFTER.match(tail)
    if not match:
        return None
    if match["speaker"] is not None:
        speaker, verb, at = match["speaker"], match["verb"], quotation.end + 1 + match.start("speaker")
    else:
        speaker, verb, at = match["speaker2"], match["verb2"], quotation.end + 1 + match.start("speaker2")
        if verb == "according to":
            return re.split(r"(?<![A-Z][a-z])(?<![A-Z])[.](?=\s)", speaker)[0], verb, at
        speaker = re.split(
            r"\s+(?:on|in|at|during|after|before|last|this|told|to|when|while|who|which|using|adding|as)\b"
            r"|(?<![A-Z][a-z])(?<![A-Z])[.](?=\s)",
            speaker,
        )[0]
        return speaker, verb, at
    first = speaker.split()[0] if speaker.split() else ""
    if len(_words(speaker)) > 14 or (
        first[:1].islower()
        and first not in PRONOUNS
        and first.lower() not in (DETERMINERS | {"senior", "officials", "police", "a", "an", "one", "another", "us"})
    ):
        return None
    return speaker, verb, at


def _attribution_before(text: str, quotation: Quotation, sentence_start: int) -> tuple[str, str, int] | None:
    """`X said: "..."`, `X warned Tehran, "..."`, `According to X, "..."`: an attribution before the mark."""
    head = text[sentence_start : quotation.open_mark]
    according = _ACCORDING_BEFORE.search(head)
    if according:
        return according["speaker"], "according to", sentence_start + according.start("speaker")
    match = _before(head)
    if match:
        passive = _PASSIVE.search(head)
        if passive:
            return passive["speaker"], passive["verb"], sentence_start + passive.start("speaker")
        verb, verb_at = match
        region = head[:verb_at]
        subject = _participle_subject(head, region) if verb.endswith("ing") else _subject(region)
        if subject is not None:
            return subject, verb, sentence_start + head.find(subject)
    if head.rstrip().endswith(":"):  # "Bill Gerstenmaier of NASA spoke of the collaboration ...: "..."
        subject = sentence_subject(head)
        if subject and subject in head:
            verb = head[head.find(subject) + len(subject) :].split()
            return subject, verb[0] if verb else ":", sentence_start + head.find(subject)
    return None


# Forms that are nouns as often as verbs ("felony charges", "the claims"): verbs only after a name or pronoun.
_AMBIGUOUS = {
    "charges",
    "claims",
    "reports",
    "calls",
    "rules",
    "shows",
    "finds",
    "states",
    "notes",
    "promises",
    "pledges",
    "vows",
    "warns",
    "tells",
    "says",
    "estimates",
    "replies",
    "responds",
    "concludes",
}
_VERB_SUBJECT_BEFORE = re.compile(r"(?:\b(?:he|she|it|they|also|still|now|which|who)|[A-Z][\w'’.-]*)\s+$")


def reporting_verbs(text: str, start: int, end: int) -> list[re.Match[str]]:
    """The reporting verbs between two offsets, leaving out plural nouns that look like verbs."""
    return [
        verb
        for verb in VERB.finditer(text, start, end)
        if verb.group(0) not in _AMBIGUOUS or _VERB_SUBJECT_BEFORE.search(text, max(0, verb.start() - 30), verb.start())
    ]


def _attribution_in_sentence(
    text: str, sentence_start: int, open_mark: int, quotations: list[Quotation]
) -> tuple[str, str, int] | None:
    """The last reporting verb before a partial quote, and its subject."""
    head = text[sentence_start:open_mark]
    verbs = [v for v in reporting_verbs(head, 0, len(head)) if not _inside(sentence_start + v.start(), quotations)]
    if not verbs:
        return None
    verb = verbs[-1]
    region = head[: verb.start()]
    subject = _participle_subject(head, region) if verb.group(0).endswith("ing") else _subject(region)
    if subject is None:
        return None
    return subject, verb.group(0), sentence_start + head.find(subject)


def _inside(offset: int, quotations: list[Quotation]) -> bool:
    """Whether an offset lies inside one of the quotations (sorted by position, never overlapping)."""
    starts = quotations.starts if isinstance(quotations, Quotations) else [q.start for q in quotations]
    index = bisect.bisect_right(starts, offset) - 1
    return index >= 0 and offset < quotations[index].end


# Classifying quotations


def _is_term(text: str, index: int, quotations: list[Quotation]) -> bool:
    """Scare quotes, slogans, titles and lists of quoted terms are not claims (quotations[index] is the one)."""
    quotation = quotations[index]
    inner = text[quotation.start : quotation.end]
    words = _words(inner)
    if len(words) <= 3:
        head = text[max(0, quotation.open_mark - 80) : quotation.open_mark]
        after = text[quotation.end + 1 : quotation.end + 3]
        introduced = re.search(r"[,:]\s*$", head) and _before(head) and re.match(r"\s*[.!?]|\s*$", after)
        opens_sentence = re.search(r"(?:^|[.!?]\s+|\n)$", head) and inner.rstrip().endswith((",", ".", "!", "?"))
        followed = opens_sentence and _AFTER.match(text[quotation.end + 1 : quotation.end + 120])
        return not (introduced or followed)
    if LIST_CUES.search(text[max(0, quotation.open_mark - 40) : quotation.open_mark]):
        return True
    before = quotations[index - 1] if index > 0 else None
    after = quotations[index + 1] if index + 1 < len(quotations) else None
    short = lambda q: len(_words(text[q.start : q.end])) <= 3  # noqa: E731
    if len(words) <= 8 and (
        (before is not None and _adjacent(text, before, quotation) and short(before))
        or (after is not None and _adjacent(text, quotation, after) and short(after))
    ):
        return True  # one of a list of quoted terms: "death to America," "death to Israel" and ...
    if all(w[0].isupper() for w in words if w.lower() not in ("of", "the", "and", "a", "in", "for", "to")):
        return True  # a title or a name
    # a short noun phrase ("the so-called international coalition") names something; it states nothing
    predicate = _PREDICATE_BEFORE.search(text, max(0, quotation.open_mark - 30), quotation.open_mark)
    return len(words) <= 6 and words[0].lower() in DETERMINERS and not AUXILIARIES.search(inner) and not predicate


# "it was "the moment of maximum opportunity"": a noun phrase said of something is a claim
_PREDICATE_BEFORE = re.compile(
    r"\b(?:is|was|are|were|be|been|being|as|called|calling|call|calls|termed|branded|labelled|labeled)\s+$"
)


def _adjacent(text: str, first: Quotation, second: Quotation) -> bool:
    if second.open_mark <= first.end:
        return False
    between = text[first.end + 1 : second.open_mark]
    return re.fullmatch(r",? ?|,? (?:and|or) ", between) is not None


def _sentence_of(spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The sentence (start, end) holding an offset, or (offset, offset) between sentences."""
    index = bisect.bisect_right(spans, (offset, len(spans) and spans[-1][1] + 1)) - 1
    if index >= 0 and spans[index][0] <= offset < spans[index][1]:
        return spans[index]
    return offset, offset


def _said(text: str, start: int, end: int, published: dt.date | None) -> dates.SaidDate | None:
    if published is None or end <= start:
        return None
    return dates.resolve(text[start:end], published)


def _kind(text: str, quotation: Quotation, head: str) -> str:
    """direct when the quote stands as the speaker's own sentence, partial when woven into the author's."""
    first = text[quotation.start : quotation.start + 1]
    capital = first.isupper() or first.isdigit() or first in ".…'‘"
    if not head.strip():
        return "direct"
    stripped = head.rstrip()
    if capital and (stripped.endswith(":") or _before(head) or _ACCORDING_BEFORE.search(head)):
        return "direct"
    return "partial"


def _find_attribution(
    text: str,
    quotation: Quotation,
    quotations: list[Quotation],
    spans: list[tuple[int, int]],
    kind: str,
    sentence_start: int,
) -> tuple[str, str, int] | None:
    _, end = _sentence_of(spans, min(quotation.end + 1, len(text) - 1))
    found = _attribution_after(text, quotation, min(end, _paragraph_end(text, quotation.end)))
    if found is None and text[sentence_start : quotation.open_mark].strip():
        found = _attribution_before(text, quotation, sentence_start)
        if found is None and kind == "partial":
            found = _attribution_in_sentence(text, sentence_start, quotation.open_mark, quotations)
    return found


def _paragraph_end(text: str, position: int) -> int:
    at = text.find("\n\n", position)
    return len(text) if at < 0 else at


def extract_quotes(
    text: str, published: dt.date | None, state: _State, quotations: list[Quotation], spans: list[tuple[int, int]]
) -> list[Extracted]:
    claims: list[Extracted] = []
    for index, quotation in enumerate(quotations):
        if _is_term(text, index, quotations):
            continue
        sentence_start, _ = _sentence_of(spans, quotation.open_mark)
        head = text[sentence_start : quotation.open_mark]
        kind = _kind(text, quotation, head)
        found = _find_attribution(text, quotation, quotations, spans, kind, sentence_start)
        quote = text[quotation.start : quotation.end]
        claim = None
        last = state.last_speaker
        if (
            kind == "partial"
            and last is not None
            and last.start >= sentence_start
            and not reporting_verbs(text, last.end, quotation.open_mark)
        ):  # another fragment of the same attribution: Zinichev describing "..." as making it "..."
            claim = dataclasses.replace(last, kind="partial", quote=quote, start=quotation.start, end=quotation.end)
        elif found is not None:
            label, verb, at = found
            resolved = _resolve_speaker(label, at, state, text)
            if resolved is not None:
                speaker, person = resolved
                _, tail_end = _sentence_of(spans, quotation.end)
                said = _said(text, sentence_start, quotation.open_mark, published) or _said(
                    text, quotation.end + 1, tail_end, published
                )
                last = state.last_speaker
                if said is None and last is not None and last.speaker == speaker and quotation.start - last.end < 600:
                    said = last.said
                claim = Extracted(
                    kind,
                    quote,
                    quotation.start,
                    quotation.end,
                    speaker,
                    clean_label(label),
                    verb,
                    said=said,
                    is_person=person,
                )
        elif kind == "direct" and (intro := _introduced_before(text, quotation, spans, state)) is not None:
            claim = intro
        elif last is not None and kind == "direct" and _continues(text, last, quotation):
            claim = dataclasses.replace(last, kind="direct", quote=quote, start=quotation.start, end=quotation.end)
        if claim is not None:
            claims.append(claim)
            state.last_speaker = claim
    return claims


def _introduced_before(
    text: str, quotation: Quotation, spans: list[tuple[int, int]], state: _State
) -> Extracted | None:
    """A quote standing alone after "X said:" or "X was defiant." in the sentence before."""
    previous = [(s, e) for s, e in spans if e <= quotation.open_mark and quotation.open_mark - e < 40]
    if not previous:
        return None
    start, end = previous[-1]
    sentence = text[start:end].rstrip()
    quote = text[quotation.start : quotation.end]
    if _inside(start, find_quotations(sentence)) or '"' in sentence or "“" in sentence:
        return None
    if sentence.endswith(":"):
        verbs = list(VERB.finditer(sentence))
        label = _subject(sentence[: verbs[-1].start()]) if verbs else sentence_subject(sentence)
        verb = verbs[-1].group(0) if verbs else ":"
    else:
        subjects = [name for at, name in state.subjects if start <= at < end]
        if not subjects:
            return None
        label, verb = subjects[0], "said"
        last = state.last_speaker
        if last is not None and quotation.start - last.end < 800:
            return None  # the quote more likely continues the last speaker
    if not label:
        return None
    resolved = _resolve_speaker(label, start + text[start:end].find(label), state, text)
    if resolved is None:
        return None
    return Extracted(
        "direct", quote, quotation.start, quotation.end, resolved[0], clean_label(label), verb, is_person=resolved[1]
    )


def _continues(text: str, last: Extracted, quotation: Quotation) -> bool:
    """A quote with no attribution of its own continues the previous speaker's if it follows closely."""
    between = text[last.end : quotation.open_mark]
    return len(between) < 300 and between.count("\n\n") <= 1


# Reported speech

_THATLESS = (
    r"said|says|say|told|tells|added|adds|adding|warned|warns|believes|believe|thinks|think|argued|argues|insisted|"
    r"claimed|claims|stated|noted|estimated|estimates|predicted|acknowledged|admitted|denied|denies|promised|"
    r"indicated|saying|suggested|suggests|confirmed|announced|agreed|reported|reports|explained|hopes|fears|feared|"
    r"expects|expected|concluded|recalled|testified|alleged|alleges"
)
_OBJECT = (
    r"(?:\s+(?:him|her|them|us|me|reporters|journalists|the\s+(?:court|press|media|jury|BBC|paper|newspaper)|"
    r"state\s+media|our\s+correspondent|Wikinews|(?:The\s+)?(?:[A-Z][\w.-]+\s*){1,4}))?"
)
_ANY_VERB = re.compile(rf"\b{alternation(VERB_WORDS + '|' + _THATLESS)}\b")
_THATLESS = alternation(_THATLESS)
_INDIRECT = re.compile(
    rf"(?P<verb>\b(?:{VERBS}))(?P<object>(?:\s+(?!that\b)[\w'’*-]+){{0,4}}?)\s+that\s+"
    rf"|(?P<verb2>\b(?:{_THATLESS}))(?P<object2>(?:(?<=told)|(?<=tells)|(?<=warned)|(?<=assured)|(?<=informed)){_OBJECT})?"
    r"(?:\s+(?:on|last|this)\s+\w+)?,?\s+"
    r"(?!(?:in|on|at|to|for|with|by|from|of|after|before|during|about|via|through|into|over|under|and|or|but|"
    r"that|if|whether|when|how|what|why|yes|no|so|as|it's|more|less|nothing|something|\w+ing)\b)(?=[A-Za-z0-9])"
)
# "A total of 39 are confirmed dead, officials told state media." -- the attribution after the claim
_POSTPOSED = re.compile(
    rf"^(?P<clause>.{{12,}}?),\s+(?P<speaker>(?:[\w'’.*-]+\s+){{0,8}}?[\w'’.*-]+)\s+(?P<verb>{_THATLESS}|{VERBS})"
    rf"(?:{_OBJECT})?\s*(?:[.;]|,\s+(?:adding|saying|noting)\b|$)"
)
_CITES = re.compile(
    r"\b(?P<verb>cites|cited|quotes|quoted|quoting|citing)\s+(?P<speaker>[^.!?]{2,160}?),?\s+as\s+"
    r"(?P<how>saying|stating|telling\s+\w+|warning|claiming|arguing)(?:\s+that)?\s+"
)
_CITES_WORD = re.compile(r"\b(?:cite|quot)")
_ACCORDING = re.compile(r"\b[Aa]ccording to (?P<speaker>[^,.;]{2,150}?)(?:,\s+|\s*[.;]|$)")

Found = tuple[int, int, str, str, int, str | None]  # clause start, clause end, label, verb, label offset, via


def extract_reported(
    text: str,
    published: dt.date | None,
    state: _State,
    quotes: list[Extracted],
    quotations: list[Quotation],
    spans: list[tuple[int, int]],
) -> list[Extracted]:
    claims = []
    for sentence_start, sentence_end in spans:
        if _inside(sentence_start, quotations):
            continue
        for start, end in _clauses(text, sentence_start, sentence_end):
            for found in _reported_in(text, start, end, state, quotations):
                claim = _reported_claim(text, found, sentence_start, published, state, quotes)
                if claim:
                    claims.append(claim)
                    state.last_speaker = claim
    return claims


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence's clauses: semicolons separate independent reports ("X denied ...; Y claimed ...")."""
    if text.find(";", start, end) < 0:
        return [(start, end)]
    pieces, position = [], start
    for match in re.finditer(r";\s+", text[start:end]):
        pieces.append((position, start + match.start()))
        position = start + match.end()
    return [*pieces, (position, end)]


def _reported_claim(
    text: str, found: Found, sentence_start: int, published: dt.date | None, state: _State, quotes: list[Extracted]
) -> Extracted | None:
    clause_start, clause_end, label, verb, label_at, via = found
    while clause_end > clause_start and text[clause_end - 1] in ".!?,; \n":
        clause_end -= 1
    quote = text[clause_start:clause_end]
    if len(_words(quote)) < 3 or _is_covered_by_direct(clause_start, clause_end, quotes):
        return None
    resolved = _resolve_speaker(label, label_at, state, text)
    if resolved is None:
        return None
    speaker, person = resolved
    said = _said(text, sentence_start, clause_start, published)
    return Extracted("indirect", quote, clause_start, clause_end, speaker, clean_label(label), verb, via, said, person)


_FINITE = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|should|shall|may|might|must|do|does|did|"
    r"won't|can't|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|[a-z]{2,}ed|remains?|seems?|needs?|wants?|"
    r"knows?|lies?|goes|says|thinks|believes|holds?|takes?|makes?|gets?|plans?|intends?)\b"
)


def _is_clause(after_verb: str) -> bool:
    """Whether the words after a reporting verb without "that" form a clause (a subject and a finite verb)
    rather than an object ("denied the allegations, saying ...")."""
    words = after_verb[:160]
    cut = re.search(r"[;.]|,\s+(?:saying|adding|noting|according|but|and|while|as|although)\b", words)
    return bool(_FINITE.search(words[: cut.start()] if cut else words))


def _reported_in(text: str, start: int, end: int, state: _State, quotations: list[Quotation]) -> list[Found]:
    """The reports in one clause: "X cites Y as saying that ...", "according to X, ...", "X said (that) ...",
    and "..., officials said" (this last one with a later report in the same clause, if any)."""
    sentence = text[start:end]
    verbs = list(_ANY_VERB.finditer(sentence))
    if not verbs and "ccording to" not in sentence and not _CITES_WORD.search(sentence):
        return []
    cites = _CITES.search(sentence) if _CITES_WORD.search(sentence) else None
    if cites:
        via = _resolve_speaker(_subject(sentence[: cites.start()]) or "it", start, state, text)
        verb = f"{cites['verb']} ... as {cites['how'].split()[0]}"
        speaker_at = start + cites.start("speaker")
        return [(start + cites.end(), end, cites["speaker"], verb, speaker_at, via[0] if via else None)]
    according = _ACCORDING.search(sentence) if "ccording to" in sentence else None
    if according and not _inside(start + according.start(), quotations):
        before = sentence[: according.start()].rstrip(" ,")
        at = start + according.start("speaker")
        if before[:1] in (STRAIGHT, OPENING):
            return []  # the claim is a quotation: a direct claim or none
        if len(_words(before)) >= 4:
            return [(start, start + len(before), according["speaker"], "according to", at, None)]
        return [(start + according.end(), end, according["speaker"], "according to", at, None)]
    found = []
    postposed = _postposed(sentence, start, verbs, quotations)
    if postposed:
        found.append(postposed)
    after = postposed[1] - start if postposed else 0
    reported = _reported_clause(sentence, start, end, [v for v in verbs if v.start() > after], quotations)
    return [*found, reported] if reported else found


def _reported_clause(
    sentence: str, start: int, end: int, verbs: list[re.Match[str]], quotations: list[Quotation]
) -> Found | None:
    """ "X said (that) CLAUSE" at the first reporting verb that governs a clause."""
    for candidate in verbs:
        match = _INDIRECT.match(sentence, candidate.start())
        if match is None:
            continue
        verb_start = match.start("verb") if match["verb"] else match.start("verb2")
        if _inside(start + verb_start, quotations):
            continue
        if match["verb2"] and not _is_clause(sentence[match.end() :]):
            continue  # "denied the allegations": an object, not reported content
        verb = match["verb"] or match["verb2"]
        region = sentence[:verb_start]
        label = _participle_subject(sentence, region) if verb.endswith("ing") else _subject(region)
        if label is None or region.rstrip().endswith(("”", '"')) or label.lower() in ("which", "who", "that"):
            continue
        return start + match.end(), end, label, verb, start + sentence.find(label), None
    return None


def _postposed(sentence: str, start: int, verbs: list[re.Match[str]], quotations: list[Quotation]) -> Found | None:
    """ "A total of 39 are confirmed dead, officials said": the claim before its attribution."""
    comma = sentence.find(", ")
    if comma < 0 or not verbs or comma > verbs[-1].start():
        return None
    postposed = _POSTPOSED.match(sentence)
    if postposed is None or _inside(start + postposed.start("verb"), quotations):
        return None
    label = _subject(postposed["speaker"])
    if not label:
        return None
    at = start + postposed.start("speaker") + postposed["speaker"].rfind(label)
    return start, start + postposed.end("clause"), label, postposed["verb"], at, None


def _is_covered_by_direct(start: int, end: int, quotes: list[Extracted]) -> bool:
    """Reported speech that is only a direct quote ("X said: "...") is the direct claim already."""
    for quote in quotes:
        if quote.kind != "direct":
            continue
        overlap = min(end, quote.end) - max(start, quote.start)
        if overlap > 0.6 * (end - start):
            return True
    return False


def clear_caches() -> None:
    """Forget the noun phrases cached from earlier texts (for benchmarks that must not profit from them)."""
    for cached in (speaker_name, _subject, sentence_subject):
        cached.cache_clear()


def extract(text: str, published: dt.date | None = None) -> list[Extracted]:
    """Every attributed claim in the text, in order of position."""
    spans = sentence_spans(text)
    state = _State(text=text, spans=spans)
    quotations = find_quotations(text)
    _note_people(text, spans, state)
    quotes = extract_quotes(text, published, state, quotations, spans)
    state.last_speaker = None
    reported = extract_reported(text, published, state, quotes, quotations, spans)
    return sorted(quotes + reported, key=lambda c: (c.start, c.end))
