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
from typing import NamedTuple

import gender_guesser.detector
from lemminflect import getAllLemmas

from .. import dates
from ..sentences import sentence_spans
from .labels import noun_phrase, noun_phrase_part
from .lexicon import LEXICON, verb_forms

# patterns used in the functions below, compiled once
_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_BY_NAME = re.compile(r"\s+by\s+(?=[A-Z])")
_HEAD_OF = re.compile(r"\s+(?:of|from|at|for|with)\s+")
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
_COMMA_OR_COLON_AT_END = re.compile(r"[,:]\s*$")
_STOP_OR_END = re.compile(r"\s*[.!?]|\s*$")
_SENTENCE_OPENS = re.compile(r"(?:^|[.!?]\s+|\n)$")
_LIST_SEPARATOR = re.compile(r",? ?|,? (?:and|or) ")
_CLAUSE_BREAK = re.compile(r";\s+|\s*\n\s*\n\s*")


def _word_set(words: str) -> set[str]:
    """The words of a space-separated string, as a set."""
    return set(words.split())


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
    "denounced|criticized|criticised|slammed|informed|informing|quipped|quips|jokes|laughed|reacted|recalls|recall|"
    "observes|reflected|enthused|confessed|proposed|established|demonstrated|reckoned|reckons|continues|shared|"
    "cautions|insisting|claiming|reporting|questioning|questioned|wondered|wondering"
)
VERB_WORDS = "|".join(sorted(set(VERBS.split("|")) | verb_forms(LEXICON.reporting_verbs) | LEXICON.reporting_phrases))
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
    # roles news prose puts before a name ("Actress Denise Crosby", "striker Ali Mo", "co-author Karen Alley")
    "actress",
    "actor",
    "artist",
    "player",
    "striker",
    "midfielder",
    "goalkeeper",
    "defender",
    "winger",
    "athlete",
    "sprinter",
    "cyclist",
    "swimmer",
    "golfer",
    "boxer",
    "champion",
    "skipper",
    "referee",
    "umpire",
    "jockey",
    "novelist",
    "author",
    "co-author",
    "journalist",
    "reporter",
    "columnist",
    "scientist",
    "biologist",
    "physicist",
    "chemist",
    "astronomer",
    "geologist",
    "ecologist",
    "oceanographer",
    "archaeologist",
    "historian",
    "engineer",
    "surgeon",
    "physician",
    "prosecutor",
    "sheriff",
    "constable",
    "commander",
    "chef",
    "entrepreneur",
    "businessman",
    "businesswoman",
    "activist",
    "campaigner",
    "comedian",
    "musician",
    "drummer",
    "guitarist",
    "rapper",
    "designer",
    "photographer",
    "filmmaker",
    "editor",
    "producer",
    "lecturer",
    "student",
    "nurse",
    "teammate",
    "cosplayer",
    "lead",
}
# "the actress said": roles that tell a person's sex (for he and she)
FEMALE_ROLES = _word_set(
    "actress spokeswoman chairwoman assemblywoman congresswoman councilwoman businesswoman wife mother "
    "daughter sister queen princess mrs ms miss lady dame woman girl grandmother aunt niece widow nun"
)
MALE_ROLES = _word_set(
    "spokesman chairman assemblyman congressman councilman businessman husband father son brother king prince "
    "mr sir lord man boy grandfather uncle nephew widower monk"
)
ROLE_GENDER = {**dict.fromkeys(FEMALE_ROLES, "she"), **dict.fromkeys(MALE_ROLES, "he")}
# Common first names, for "she" not to go to Nicolas and "he" not to go to Maria when nothing else tells.
FEMALE_NAMES = _word_set(
    "Mary Maria Anna Anne Ann Elizabeth Catherine Katherine Kathryn Sarah Sara Laura Lisa Linda Susan Karen "
    "Nancy Patricia Jennifer Jessica Emily Emma Olivia Sophia Sophie Isabella Julia Julie Alice Helen "
    "Margaret Ruth Rachel Rebecca Hannah Amy Amanda Angela Andrea Barbara Betty Carol Caroline Christine "
    "Claire Diana Diane Donna Dorothy Eva Eve Grace Heather Irene Jane Janet Joan Joanna Judith Judy Kate "
    "Kathleen Kelly Kim Kristen Lauren Leah Lucy Marie Martha Megan Melissa Michelle Monica Natalie Natasha "
    "Nicole Olga Pamela Rosa Rose Sandra Sharon Stephanie Tanya Teresa Theresa Tina Valerie Victoria Virginia "
    "Wendy Yvette Alexis Brigid Paula Denise Gloria Doris Kirsten Elena Irina Svetlana Tatiana Yulia Natalia "
    "Ana Carmen Isabel Lucia Marta Beatriz Fatima Aisha Ayesha Leila Layla Mariam Miriam Noura Priya Sunita "
    "Indira Mei Yuki Hatice Agnès Ursula Angela Jacinda Theresa Nicola Carrie Hillary Kamala Nikki Tulsi "
    "Elizabeth Tima Jill Selena Penny Tanya Gladys Kay Kristalina Christine Greta Malala Serena Venus Naomi "
    "Simone Megan Charlotte Louise Sadie Maya Carolyn Shirley Cheryl Deborah Brenda Joyce Frances Ashley "
    "Brittany Danielle Veronika Monika Agnieszka Katarzyna Magdalena Joanna Ewa Jenn Leisha"
)
MALE_NAMES = _word_set(
    "John James Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew Anthony "
    "Mark Donald Steven Stephen Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason "
    "Jeffrey Ryan Jacob Gary Nicholas Nicolas Eric Jonathan Larry Justin Scott Brandon Benjamin Samuel "
    "Gregory Frank Alexander Raymond Patrick Jack Dennis Jerry Tyler Aaron Jose Adam Henry Nathan Douglas "
    "Zachary Peter Kyle Walter Ethan Jeremy Harold Keith Christian Roger Noah Gerald Carl Terry Sean Austin "
    "Arthur Lawrence Jesse Dylan Bryan Joe Jordan Billy Bruce Albert Willie Gabriel Logan Alan Juan Wayne Roy "
    "Ralph Randy Eugene Vincent Russell Elijah Louis Bobby Philip Johnny Bill Tom Tim Jim Mike Dave Steve "
    "Tony Ben Sam Dan Ted Chris Rob Bob Ian Hugh Karl Hans Klaus Jürgen Friedrich Wolfgang Pierre Jean-Claude "
    "Jacques François Emmanuel Nicolas Antoine Boris Vladimir Sergei Sergey Dmitry Dmitri Alexei Alexey Ivan "
    "Igor Yevgeny Oleg Mikhail Viktor Andrzej Tomasz Paweł Mateusz Jarosław Ahmed Mohammed Muhammad Mohammad "
    "Mahmoud Ali Omar Hassan Hussein Abdullah Khalid Recep Xavier Javier Carlos Luis Miguel Pedro Diego Jorge "
    "Andrés Marcelo Eduardo Ricardo Fernando Hamid Jamal Yousef Yusuf Elon Jeff Bernie Barack Mitt Mitch "
    "Kevin Rudy Hunter Joaquín Narendra Rahul Imran Nawaz Xi Shinzo Moon Kim Jong-un Benjamin Recep Hubert "
    "Akilisi Jair Evo Nicolás Cyril Jacob Robert Emmerson Morgan Uhuru Eliud Karsten Lawrence Kipchoge "
    "Brendan Ginger Mick Keith Dominic Maurizio Steven Darren Tristan Doug Baslan Arba Delfin Graciano Arnel "
    "Elson Rodrigo Tony Franky Walter Pradeep Howard Nick Stephen Adil Ashton Joel Mohammed Gáspár Viktor "
    "Jean-Jacques Anthony"
)
FIRST_NAME_GENDER = {**dict.fromkeys(FEMALE_NAMES, "she"), **dict.fromkeys(MALE_NAMES, "he")}
del FIRST_NAME_GENDER["Kim"]  # Kim Jong-un, Kim Clijsters
del FIRST_NAME_GENDER["Moon"]
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
    r"hashtags?|banners?|placards?|signs?|motto|labelled|labeled|termed|so-called|word|words|phrase|term)\s*$"
)  # matched against lower-cased text: ignoring case makes a pattern several times slower
# "a banner from People's Vote saying "put it to the people"": what a sign says is a slogan
_SIGN_SAYING = re.compile(
    r"\b(?:banners?|signs?|placards?|posters?|t-shirts?|shirts?|flags?|graffiti|billboards?|stickers?)\b"
    r"[^.!?\"“”]{0,60}\b(?:saying|reading|that read|which read|bearing|with the words)\s*$",
    re.I,
)
_SIGN_WORDS = re.compile(r"(?:saying|read|bearing|words)\s*$")
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
    rule: str = ""  # which rule found the speaker: after, before, pronoun, introduced, continues, fallback, ...


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
    starts: list[int] = field(default_factory=list)  # the sentences' starts, for bisecting
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
    found: list = [length + 1, None]  # the last search: from where, and the stop found (marks never closed: linear)
    while position < length:
        open_at = _next_opening(text, position)
        if open_at < 0:
            break
        close_at = _closing(text, open_at + 1, found)
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


_CLOSE_OR_PARAGRAPH = re.compile(r'[”"“]|\n\s*\n')


def _closing(text: str, position: int, found: list) -> int | None:
    """Offset of the closing mark for a quote opened before `position`, or None if it is not closed; a quote
    that an attribution opens and that runs to the end of its paragraph without a closing mark (a slip in
    the copy) ends there. `found` is the last search ([from where, the stop found or None]): a search from
    between the two finds the same stop, so a text of marks that never close is read once, not once a mark."""
    index = position
    while True:
        if found[0] <= index and (found[1] is None or index <= found[1].start()):
            match = found[1]
        else:
            match = _CLOSE_OR_PARAGRAPH.search(text, index)
            found[:] = [index, match]
        if match is None:
            return _unclosed_end(text, position, len(text))
        at, after, mark = match.start(), match.end(), match.group(0)
        if mark == OPENING:  # '... by March. “We will then ...': the quote was reopened without being closed
            return _unclosed_end(text, position, at)
        if mark in (CLOSING, STRAIGHT):
            if (
                mark == STRAIGHT
                and at > 0
                and text[at - 1].isspace()
                and at + 1 < len(text)
                and (text[at + 1].isalnum())
            ):
                return _unclosed_end(text, position, at)  # an opening straight mark: the quote never closed
            return at
        # a paragraph break inside the quote: it goes on only if the next paragraph reopens it
        if after < len(text) and text[after] in (OPENING, STRAIGHT):
            index = after + 1
            continue
        return _unclosed_end(text, position, at)


def _unclosed_end(text: str, start: int, end: int) -> int | None:
    """Where a quote missing its closing mark ends: the end of its paragraph, when an attribution or a sentence
    start opens it, it holds a few words, and the paragraph ends a sentence; otherwise it is no quote."""
    if start > 1 and not _OPENED_BY.search(text[max(0, start - 3) : start - 1]):
        return None  # the cheap tests first: this runs for every mark that never closes
    stop = end
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    if text[stop - 1 : stop] not in (".", "!", "?") or text.find("\n\n", start, stop) >= 0:
        return None
    if len(text[start:stop].split(None, 4)) < 4:
        return None
    return stop


_OPENED_BY = re.compile(r"(?:[:,]\s?|[.!?]\s|\n|^)$")


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
ROLES = TITLES | PERSON_NOUNS | set(ROLE_GENDER)
ORGANISATION_NOUNS = {
    "company", "firm", "club", "team", "group", "agency", "ministry", "department", "organisation", "organization",
    "party", "union", "council", "board", "commission", "committee", "administration", "authority", "charity",
    "foundation", "airline", "carrier", "bank", "university", "institute", "manufacturer", "retailer", "broadcaster",
    "network", "operator", "developer", "insurer", "utility", "league", "federation", "association", "campaign",
}  # fmt: skip
# relatives and plain persons introduce someone new ("The father said"), they do not take up the person in focus
RELATIVES = _word_set(
    "wife husband mother father son daughter sister brother grandmother grandfather aunt uncle niece nephew widow "
    "widower man woman boy girl child parent family"
)
GENERIC_GROUPS = _word_set(
    "officials police authorities prosecutors investigators residents witnesses reports critics experts scientists "
    "researchers protesters analysts sources doctors"
)
_DESCRIBED = re.compile(r"(?:the|The)\s+(?:[\w'’-]+\s+){0,3}?([\w-]+)")
_HEAD_NOUN = re.compile(r"(?:\w+\s+){0,2}?([a-z-]+)\s+(?:of|for|at|from|with)\s")
# "the German said", "the Kenyan": the person in focus, described by nationality
DEMONYMS = _word_set(
    "american british german russian chinese iranian iraqi syrian turkish israeli palestinian indian pakistani "
    "japanese korean mexican canadian australian brazilian italian spanish polish ukrainian kenyan nigerian egyptian "
    "saudi afghan greek cypriot libyan swedish norwegian danish dutch belgian swiss austrian irish scottish "
    "zimbabwean filipino indonesian thai vietnamese hungarian czech romanian serbian croatian frenchman frenchwoman "
    "englishman englishwoman welshman spaniard argentine argentinian colombian chilean peruvian portuguese finn "
    "dane swede pole ethiopian ghanaian jamaican briton brit scot kiwi"
)
_AGED = re.compile(r"\d+-year-old")
GENERIC_MEDIA = re.compile(r"^(?:it|the (?:newspaper|paper|article|report|story|daily|agency|magazine|outlet))$", re.I)
_RUN = re.compile(
    r"(?:\b[A-Z][\w'’.-]*|\b(?:al|el)-\w+)\s*(?:(?:\b[A-Z][\w'’.-]*|\b(?:al|el)-\w+|\b(?:bin|de|van|von|der|da|di|of|for|and)\b)\s*)*$"
)  # a run of capitalised words, "al-", name particles and the "of" of "Department of Transport"
_LEADING = re.compile(
    r"^(?:(?:Similarly|Meanwhile|However|Also|But|And|Yet|Still|Later|Earlier|Instead|Separately|Then|So|Now),?\s+)+"
)


def _strip_titles(tokens: list[str]) -> list[str]:
    lowered = [token.lower().rstrip(".") for token in tokens]
    last = len(lowered) - 1
    while last >= 0 and lowered[last] not in TITLES:
        last -= 1
    if 0 <= last < len(tokens) - 1:
        tokens, lowered = tokens[last + 1 :], lowered[last + 1 :]  # "Finance Minister Paul Okafor" -> "Paul Okafor"
    first = 0
    while first < len(tokens) and (
        lowered[first] in TITLES or lowered[first] == "the" or tokens[first].endswith(("'s", "’s"))
    ):
        first += 1
    return tokens[first:] if first else tokens


# words of institutions and peoples, never of a person's name: "International Religious Freedom", "Iranian
# Revolutionary Guard"
INSTITUTION_WORDS = _word_set(
    "international national religious freedom rights human democratic republican liberal conservative federal "
    "central royal supreme public foreign global world united revolutionary guard guards islamic catholic "
    "orthodox jewish muslim american european african asian british german russian chinese iranian iraqi "
    "syrian turkish israeli palestinian indian pakistani japanese korean mexican canadian australian brazilian "
    "italian spanish polish ukrainian kenyan nigerian egyptian saudi afghan greek cypriot libyan swedish norwegian "
    "danish dutch belgian swiss austrian irish scottish zimbabwean philippine indonesian thai "
    "vietnamese hungarian czech romanian serbian croatian emergency emergencies security defence defense justice "
    "health affairs foundation museum hospital school college cathedral mosque stadium airport "
    "station palace island coast fire rescue trade economic environmental"
)
NOT_NAME_WORDS = ORGANISATION_WORDS | PLACE_WORDS | MEDIA_WORDS | TITLES | INSTITUTION_WORDS


# Capitalised at the start of a sentence, never a first name: "Only God", "Past EVD outbreak"
NOT_FIRST_NAMES = _word_set(
    "only past many some most all both each every other another such no not new former late early last next first "
    "after before since during despite although if as when while yesterday today tomorrow tonight this that these "
    "those his her their its our my your several few more less however meanwhile also but and or so then there here "
    "one two three four five six seven eight nine ten dear good great little big old young god lord on in at by "
    "for with from to of under over per via into amid among than until upon throughout within without monday "
    "tuesday wednesday thursday friday saturday sunday january february march july september october november "
    "december the a an"
)


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
    plain = _LEADING.sub("", plain)
    parts = [part.strip() for part in plain.split(",") if part.strip()]
    heads = []
    for part in parts:
        head_of = _HEAD_OF.split(part, 1)[0]
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


@functools.lru_cache(maxsize=2048)
def clean_label(label: str) -> str:
    """The noun phrase that names the speaker in the words found for it, or "" when they hold none."""
    if not label:
        return label
    plain = _LEADING.sub("", label.strip(" ,;:—–-\n\t")).rstrip(" ,.")
    return noun_phrase(plain) or noun_phrase_part(plain) or ""


def _label_rule(label: str, rule: str) -> str:
    """The rule, or "guessed" when the speaker's words held no noun phrase but in one of their parts."""
    found = noun_phrase(_LEADING.sub("", label.strip(" ,;:—–-\n\t")).rstrip(" ,."))
    if found is None:
        return "guessed"
    return "pronoun" if found.lower() in LEXICON.pronouns else rule


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
            salient = _resolve_pronoun(ROLE_GENDER.get(noun, "one"), offset, state, window=400)
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
            name.split()[-1].lower() in PERSON_NOUNS | TITLES
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


@functools.lru_cache(maxsize=1)
def _name_genders() -> gender_guesser.detector.Detector:
    return gender_guesser.detector.Detector(case_sensitive=False)


@functools.lru_cache(maxsize=4096)
def first_name_gender(first: str) -> str | None:
    """ "he" or "she" for a first name: the names listed here, else gender-guesser's dictionary of first names
    when it is sure (its "mostly" and "andy" answers are no answer)."""
    if first in FIRST_NAME_GENDER:
        return FIRST_NAME_GENDER[first]
    if not first[:1].isupper() or len(first) < 2 or first.lower() in NOT_FIRST_NAMES:
        return None
    return {"male": "he", "female": "she"}.get(_name_genders().get_gender(first))


def _gender(state: _State, name: str) -> str | None:
    """ "he" or "she" for a person, as the text takes them up or as their title or first name tells, else None."""
    known = state.pronouns.get(name)
    if known is None and name:
        known = first_name_gender(name.split()[0])
    return known


def _resolve_pronoun(pronoun: str, offset: int, state: _State, window: int = 600) -> tuple[str, bool] | None:
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


def _surname_subject(offset: int, state: _State) -> tuple[int, str] | None:
    """A lone capitalised word, not a name the text knows, that is the subject of one of the sentences just before
    ("Lee, the team captain, agreed."): a person all the same, for a pronoun or a description."""
    index = bisect.bisect_right(state.starts, offset) - 1
    for start, end in reversed(state.spans[max(0, index - 2) : index + 1]):
        if start >= offset:
            continue
        subject = _LONE_NAME.match(state.text, start, end)
        if (
            subject
            and subject[1].lower() not in NOT_NAME_WORDS | NOT_FIRST_NAMES | PRONOUNS_LOWER
            and "'" not in subject[1]
            and "’" not in subject[1]
        ):
            return start, state.full_names.get(subject[1], subject[1])
    return None


PRONOUNS_LOWER = {"he", "she", "they", "it", "we", "i", "this", "that", "there", "the"}


def _recent_organisation(offset: int, state: _State) -> str | None:
    """The organisation that is the subject of one of the few sentences before `offset` ("the company")."""
    index = bisect.bisect_right(state.starts, offset) - 1
    for start, end in reversed(state.spans[max(0, index - 6) : max(0, index)]):
        subject = sentence_subject(state.text[start:end])
        if subject and subject not in PRONOUNS:
            name, person = speaker_name(subject)
            if not person and name[:1].isupper() and name.lower() not in GENERIC_GROUPS:
                return name
    return None


def _previous_subject(offset: int, state: _State) -> str | None:
    """The subject of the sentence before the one at `offset`, when it is a group or organisation."""
    index = bisect.bisect_right(state.starts, offset) - 2
    if index < 0:
        return None
    start, end = state.spans[index]
    subject = sentence_subject(state.text[start:end])
    if not subject or subject.lower() in {p.lower() for p in PRONOUNS}:
        return None
    name, person = speaker_name(subject)
    if person or not (name[:1].isupper() or name.lower() in GENERIC_GROUPS):
        return None  # "The researchers used satellite imagery. From this, they concluded": the researchers
    return name


def _remember_person(state: _State, name: str, offset: int) -> None:
    state.people.append((offset, name))
    if len(name.split()) >= 2:
        state.full_names.setdefault(name.split()[-1], name)


_PERSON_MENTION = re.compile(
    r"(?=[A-Z])(?<!the )\b(?:(?:Mr|Mrs|Ms|Dr|Col|Gen|Sen|Rep|Gov|Lt|Capt|Maj)\.?\s+)?"
    r"([A-ZÀ-Þ][a-zß-ÿ'’-]+(?:\s+(?:al-|bin\s+|de\s+|van\s+)?[A-ZÀ-Þ][\w'’-]+){0,3})\b"
)


_PREPOSITIONS = (" of ", " at ", " for ", " from ", " in ", " on ", "\nof ", "\nat ", "\nfor ", "\nin ", "\non ")


_OPENING_PRONOUN = re.compile(r"(?:[A-Z][^,.;\"“”]{0,60},\s+([Hh]e|[Ss]he)|(He|She))\s")
_THAT_BEFORE = re.compile(r"\bthat\s+(?:[^,.;\"“”]{0,40},\s+)?$")
_POSSESSIVE = re.compile(r"['’]s$")


def _subject_end(text: str, start: int, end: int) -> int:
    """Where the subject of the sentence ends: at its first verb, after any leading clause ("In 1962, when
    ... Stones, Watts recommended"): the names before it ("Another actor, Lauren Landa, would") are subjects."""
    lead = _LEADING_CLAUSE_AT.match(text, start, end)
    position = lead.end() if lead else start
    verb = _FIRST_VERB.search(text, position, min(end, position + 250))
    return verb.start() if verb else start + len(_first_noun_phrase(text[start:end]) or "")


@functools.lru_cache(maxsize=8192)
def _mention_name(mention: str) -> tuple[str, tuple[str, ...]] | None:
    """The person a capitalised run names, and the titles before the name ("Defence Minister Lars Berg" ->
    ("Lars Berg", ("defence", "minister"))), or None; a one-word name is a person only if the text knows it."""
    tokens = mention.split()
    if len(tokens) > 1 and VERB.fullmatch(tokens[0].lower()):
        tokens = tokens[1:]  # 'Said Comey, "..."'
    if _POSSESSIVE.search(tokens[-1]):
        tokens[-1] = tokens[-1][:-2]  # "Actor Brendan Fraser's appearance"
    name_tokens = _strip_titles(tokens)
    if not name_tokens or any(w.lower() in TITLES for w in name_tokens):
        return None
    name = " ".join(name_tokens)
    if len(name_tokens) > 1 and not is_person_name(name):
        return None
    return name, tuple(w.lower().rstrip(".") for w in tokens[: len(tokens) - len(name_tokens)])


_SPEAKS_NEXT = re.compile(rf"(?:,[^,.;:\"“”\n]{{1,90}},)?\s+(?:has\s+|had\s+|also\s+)?(?:{VERBS})\b")


def _note_people(text: str, spans: list[tuple[int, int]], state: _State, quotations: Quotations) -> None:
    """Every person named in the text outside quotations, which of them are the subject of their sentence (or of
    a clause reported in it: "revealed that Crown Prince Mohammad accepted"), and whether the text takes them up
    as "he" or "she" (a sentence opening with He/She after one with them as subject, or a title: "Actress")."""
    full_names, starts = state.full_names, state.starts
    mentions = list(_PERSON_MENTION.finditer(text))
    surnames = {_POSSESSIVE.sub("", match[1].rsplit(None, 1)[-1]) for match in mentions if " " in match[1]}
    mentions = [match for match in mentions if " " in match[1] or match[1] in surnames]  # the rest name nobody
    index, count = 0, len(mentions)
    while index < count:
        sentence = bisect.bisect_right(starts, mentions[index].start()) - 1
        start, end = spans[sentence] if sentence >= 0 else (0, 0)
        if mentions[index].start() >= end:
            index += 1
            continue  # between sentences
        subject_end = -1
        subjects: set[str] = set()
        while index < count and mentions[index].start() < end:
            match = mentions[index]
            index += 1
            mention = match[1]
            if " " not in mention and mention not in full_names:
                continue  # a single capitalised word is a person only once we know the full name
            named = _mention_name(mention)
            if named is None:
                continue
            name, titles = named
            if " " not in name and name not in full_names:
                continue
            at = match.start()
            if text.endswith(_PREPOSITIONS, max(0, at - 6), at):
                continue  # "Doug Miller of Milltech Marine": an organisation
            if _inside(at, quotations):
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
                state.titled[title] = name  # "Defence Minister Lars Berg" ... "the minister said"
                if title in ROLE_GENDER:
                    state.pronouns.setdefault(name, ROLE_GENDER[title])  # "Actress Denise Crosby": she
            if subject_end < 0:
                subject_end = _subject_end(text, start, end)
            if (
                match.start(1) < subject_end
                or (text.find("that", max(0, at - 60), at) >= 0 and _THAT_BEFORE.search(text, max(0, at - 60), at))
                or (_SPEAKS_NEXT.match(text, match.end()) and not _POSSESSIVE.search(match[1]))
            ):  # the subject, the subject of a reported clause, or whoever a reporting verb follows
                state.subjects.append((match.start(1), name))
                subjects.add(name)
        if len(subjects) == 1 and sentence + 1 < len(spans):
            # "Khamenei ordered mourning. In his message, he ...": Khamenei is "he"
            following_start, following_end = spans[sentence + 1]
            opening = _OPENING_PRONOUN.match(text, following_start, min(following_end, following_start + 80))
            if opening and not _inside(following_start, quotations):
                (name,) = subjects
                pronoun = (opening[1] or opening[2]).lower()
                if first_name_gender(name.split()[0]) in (None, pronoun):
                    state.pronouns.setdefault(name, pronoun)


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


@functools.lru_cache(maxsize=256)  # _kind and then _attribution_before ask about the same head
def _before(head: str) -> tuple[str, int] | None:
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


_ACCORDING_BEFORE = re.compile(r"\b[Aa]ccording to (?P<speaker>[^!?\"“”;]{2,120}?),?\s*$")
_PASSIVE = re.compile(
    r"\b(?:was|were|been) (?P<verb>told|informed|assured|warned) by (?P<speaker>[^!?\"“”;,]{2,100}?)"
    r"(?:\s+(?:of|that|about)\b|,|\s*$)"
)
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
    r"(?:[A-Z][\w'’.-]+\s+(?:of\s+|for\s+)?)*[A-Z][\w'’.-]+,\s+(?:the|a|an|another|his|her|its|their)\s"
    r"[^,;:\"“”]{1,90},?\s*$"
)


_OPENERS = (
    "Asked|Speaking|Writing|Responding|Commenting|Interviewed|Addressing|When|While|As|After|Before|Although|Though|"
    "If|Since|In|On|At|During|Following|Despite|Upon|Once|Outside|Inside|Under|Within|Among|Amid|Throughout|Having|"
    "Given"
)
_SHORT_OPENERS = "Earlier|Later|Last|This|Today|Yesterday|Meanwhile|Separately|However|Still"
_LEADING_CLAUSES = (  # both capitalised and not, for a second clause ("In 1962, when ..."): case-sensitive is faster
    rf"(?:(?:(?:{alternation(_OPENERS + '|' + _OPENERS.lower())})\b[^,]*"
    rf"|(?:{alternation(_SHORT_OPENERS + '|' + _SHORT_OPENERS.lower())})\b[^,]{{0,30}}),\s+)+"
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


@functools.lru_cache(maxsize=4096)
def _subject(region: str) -> str | None:
    """The noun phrase at the end of `region`, the words before a reporting verb."""
    region = _ADVERBS_AT_END.sub(" ", region)
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
        run = _RUN.search(subject)
        subject = run.group(0).strip() if run else ""
    subject = _PREPOSITION_FIRST.sub("", subject)
    subject = _LEADING.sub("", subject)
    if subject and len(_words(subject)) > 14 and " of " in subject:
        named = subject.split(" of ")[0]  # "Director Anthony Fauci of the United States National Institute of ..."
        subject = named if speaker_name(named)[1] else subject
    if not subject or len(_words(subject)) > 14 or not _WORD_CHARACTER.search(subject):
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
    with_subject = _WITH_SUBJECT.search(region) if "with " in region else None
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
    """The subject at the start of a sentence: "Syria's ... Walid al-Moallem delivered" -> "Syria's ... al-Moallem",
    "The president noted" -> "The president"."""
    sentence = _without_opening(_LEADING.sub("", sentence))
    match = _NOUN_PHRASE.match(sentence)
    phrase = match.group(0).strip() if match else ""
    if phrase.lower() in ("", "the", "a", "an"):
        verb = _FIRST_VERB.search(sentence)
        before = sentence[: verb.start()].strip(" ,") if verb else ""
        return before if before and len(before.split()) <= 6 and noun_phrase(before) else phrase or None
    return phrase


_OPENING_WORD = re.compile(r"([A-Z][a-z]+(?:ing|ly))\b[^,;:]{0,120},\s+")


def _without_opening(sentence: str) -> str:
    """A sentence without the clause that opens it: "In 1962, when ...", "Appearing before supporters, ...",
    "Domestically, ..." (an -ing word that is only a verb, an -ly word that is only an adverb)."""
    sentence = _LEADING_CLAUSE.sub("", sentence)
    opening = _OPENING_WORD.match(sentence)
    if opening and set(getAllLemmas(opening[1].lower())) in ({"VERB"}, {"ADV"}):
        return sentence[opening.end() :]
    return sentence


_DASH_NAME = re.compile(r"^[ \t]*[—–-]+[ \t]*(?P<name>(?:[A-Z][\w.'’-]*[ \t]*){1,6})[ \t]*(?:\n|$)")


_FULL_STOP = re.compile(r"(?<![A-Z][a-z])(?<![A-Z])[.](?=\s)")


def _up_to_full_stop(words: str) -> str:
    """The words before the first full stop that is no title's ("said Sen. Jeff Merkley. Later ...")."""
    for stop in _FULL_STOP.finditer(words):
        before = words[: stop.start()].split()
        pair = " ".join(before[-2:]).lower()
        if not before or before[-1].lower() in LEXICON.title_abbreviations or pair in LEXICON.title_abbreviations:
            continue
        return words[: stop.start()]
    return words


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
        speaker = _up_to_full_stop(speaker)
        if verb == "according to":
            return speaker, verb, at
        speaker = re.split(
            r"\s+(?:on|in|at|during|after|before|last|this|told|to|when|while|who|which|using|adding|as)\b", speaker
        )[0]
        return speaker, verb, at
    first = speaker.split()[0] if speaker.split() else ""
    if len(_words(speaker)) > 14 or (
        first[:1].islower()
        and first not in PRONOUNS
        and first.lower() not in (DETERMINERS | {"senior", "officials", "police", "a", "an", "one", "another", "us"})
        and not (first in ROLES and speaker_name(speaker)[1])  # "chief executive Paul Green said"
    ):
        return None
    return speaker, verb, at


_INVERTED = re.compile(
    rf"^\s*(?P<verb>(?i:{VERBS}))\s+(?P<speaker>(?:[A-Z][\w'’.-]*\s+){{0,4}}[A-Z][\w'’-]+)\s*[,:]\s*$"
)


def _attribution_before(text: str, quotation: Quotation, sentence_start: int) -> tuple[str, str, int] | None:
    """`X said: "..."`, `X warned Tehran, "..."`, `According to X, "..."`: an attribution before the mark."""
    head = text[sentence_start : quotation.open_mark]
    according = _ACCORDING_BEFORE.search(head)
    if according:
        return according["speaker"], "according to", sentence_start + according.start("speaker")
    inverted = _INVERTED.match(head)
    if inverted:  # 'Said Comey, "..."'
        return inverted["speaker"], inverted["verb"], sentence_start + inverted.start("speaker")
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
        if len(words) == 1 and inner.endswith(",") and words[0].lower() in DISCOURSE_WORDS:
            return True  # '"However," he told Science News, "..."': the word states nothing
        head = text[max(0, quotation.open_mark - 80) : quotation.open_mark]
        after = text[quotation.end + 1 : quotation.end + 3]
        introduced = _COMMA_OR_COLON_AT_END.search(head) and _before(head) and _STOP_OR_END.match(after)
        opens_sentence = _SENTENCE_OPENS.search(head) and inner.rstrip().endswith((",", ".", "!", "?"))
        followed = opens_sentence and _AFTER.match(text[quotation.end + 1 : quotation.end + 120])
        return not (
            introduced or followed or _characterised(text[max(0, quotation.open_mark - 200) : quotation.open_mark])
        )
    if LIST_CUES.search(text[max(0, quotation.open_mark - 40) : quotation.open_mark].lower()) or (
        _SIGN_WORDS.search(text, max(0, quotation.open_mark - 30), quotation.open_mark)
        and _SIGN_SAYING.search(text, max(0, quotation.open_mark - 100), quotation.open_mark)
    ):
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
    return (
        len(words) <= 6
        and words[0].lower() in DETERMINERS
        and not _characterised(text[max(0, quotation.open_mark - 80) : quotation.open_mark])
        and not AUXILIARIES.search(inner)
        and not predicate
        and not (inner.endswith(",") and _AFTER.match(text[quotation.end + 1 : quotation.end + 120]))
        and not (inner.endswith((".", "!", "?")) and _FINITE.search(inner))  # "The boys deserved it."
    )  # '"These effects matter a great deal," said Karen Alley' is a claim all the same


_CHARACTERISING = re.compile(
    r"\b(?:" + alternation("|".join(sorted(LEXICON.characterising_verbs))) + r"|" + VERBS + r")\b"
    r"(?:,?\s+[\w'’-]+){0,16}?\s*$"
)
_NAMING = re.compile(r"\b(?:" + "|".join(sorted(LEXICON.naming_cues)) + r")\b", re.I)


def _characterised(head: str) -> bool:
    """A short fragment that follows a verb of saying or characterising in its own sentence, and no naming cue:
    'called the scheme "reckless"', 'accused her of "moving the goalposts"', not 'so-called "rebels"'."""
    sentence = re.split(r"[.!?][\"”’]?\s+|\n", head)[-1]
    return not _NAMING.search(sentence[-60:]) and _CHARACTERISING.search(sentence) is not None


DISCOURSE_WORDS = _word_set(
    "however but and so well now still yes no look listen sure okay ok indeed frankly overall honestly again also "
    "first second finally obviously clearly actually basically anyway meanwhile then"
)

# "it was "the moment of maximum opportunity"": a noun phrase said of something is a claim
_PREDICATE_BEFORE = re.compile(
    r"\b(?:is|was|are|were|be|been|being|as|called|calling|call|calls|termed|branded|labelled|labeled)\s+$"
)


def _adjacent(text: str, first: Quotation, second: Quotation) -> bool:
    if second.open_mark <= first.end:
        return False
    between = text[first.end + 1 : second.open_mark]
    return _LIST_SEPARATOR.fullmatch(between) is not None


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


_EDITORIAL_START = re.compile(r"[\[\].…\s]*(.)")  # "[T]he strains", "[...] Rather"
_SPLIT_QUOTE_HEAD = re.compile(r"[,.!?][\"”]\s+[^\"“”]{1,80}[,:]\s*$")
_SENTENCE_ENDED = re.compile(r"(?:^|[.!?][\"'”’)\]]*)\s*$")


def _kind(text: str, quotation: Quotation, head: str) -> str:
    """direct when the quote stands as the speaker's own sentence, partial when woven into the author's."""
    first = text[quotation.start : quotation.start + 1]
    if first == "[":
        first = _EDITORIAL_START.match(text, quotation.start, quotation.end)[1]
    capital = first.isupper() or first.isdigit() or first in ".…'‘"
    if _SENTENCE_ENDED.search(head):  # at the start of a sentence: ', said Dr. Livermore. "[...] Rather'
        return "direct"
    stripped = head.rstrip()
    if capital and (stripped.endswith(":") or _before(head) or _ACCORDING_BEFORE.search(head)):
        return "direct"
    if capital and stripped.endswith(",") and not _FINITE.search(head) and not VERB.search(head):
        return "direct"  # 'During the premiere, "I felt like Cinderella at the ball."'
    if _SPLIT_QUOTE_HEAD.search(head):
        return "direct"  # '"However," he told Science News, "this study does lay groundwork."'
    return "partial"


class Attribution(NamedTuple):
    """The words that name a quote's speaker, its reporting verb, where the words are, and the rule that found them."""

    label: str
    verb: str
    at: int
    rule: str


def _find_attribution(
    text: str,
    quotation: Quotation,
    quotations: list[Quotation],
    spans: list[tuple[int, int]],
    kind: str,
    sentence_start: int,
) -> Attribution | None:
    _, end = _sentence_of(spans, min(quotation.end + 1, len(text) - 1))
    found = _attribution_after(text, quotation, min(end, _paragraph_end(text, quotation.end)))
    if found is not None:
        return Attribution(*found, "after")
    if not text[sentence_start : quotation.open_mark].strip():
        return None
    found = _attribution_before(text, quotation, sentence_start)
    if found is not None:
        return Attribution(*found, "before")
    if kind == "partial":
        found = _attribution_in_sentence(text, sentence_start, quotation.open_mark, quotations)
        return Attribution(*found, "in-sentence") if found is not None else None
    return None


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
        claim = _quote_claim(text, published, state, quotations, spans, quotation)
        if claim is not None:
            claims.append(claim)
            if (
                claim.kind == "direct"
                and ("'" in claim.quote or "‘" in claim.quote)
                and _NESTED_CUE.search(claim.quote)
            ):
                claims += _nested(text, claim, state)
            state.last_speaker = claim
    return claims


def _quote_claim(
    text: str,
    published: dt.date | None,
    state: _State,
    quotations: list[Quotation],
    spans: list[tuple[int, int]],
    quotation: Quotation,
) -> Extracted | None:
    """The claim a quotation makes, by the first rule that finds its speaker."""
    sentence_start, _ = _sentence_of(spans, quotation.open_mark)
    kind = _kind(text, quotation, text[sentence_start : quotation.open_mark])
    quote = text[quotation.start : quotation.end]
    span = {"kind": kind, "quote": quote, "start": quotation.start, "end": quotation.end}
    last = state.last_speaker
    if (
        kind == "partial"
        and last is not None
        and last.start >= sentence_start
        and not reporting_verbs(text, last.end, quotation.open_mark)
    ):  # another fragment of the same attribution: Zinichev describing "..." as making it "..."
        return dataclasses.replace(last, **span, rule="fragment")
    found = _find_attribution(text, quotation, quotations, spans, kind, sentence_start)
    if found is not None:
        claim = _attributed(text, published, state, spans, quotation, span, found, sentence_start)
        if claim is not None:
            return claim
    if kind == "direct" and (intro := _introduced_before(text, quotation, spans, state)) is not None:
        return intro
    if last is not None and kind == "direct" and _continues(text, last, quotation):
        return dataclasses.replace(last, **span, rule="continues")
    if found is not None:
        return _fallback(state, quotation, span, found)
    return None


def _attributed(
    text: str,
    published: dt.date | None,
    state: _State,
    spans: list[tuple[int, int]],
    quotation: Quotation,
    span: dict,
    found: Attribution,
    sentence_start: int,
) -> Extracted | None:
    resolved = _resolve_speaker(found.label, found.at, state, text)
    if resolved is None:
        return None
    speaker, person = resolved
    _, tail_end = _sentence_of(spans, quotation.end)
    said = _said(text, sentence_start, quotation.open_mark, published) or _said(
        text, quotation.end + 1, tail_end, published
    )
    last = state.last_speaker
    if said is None and last is not None and last.speaker == speaker and quotation.start - last.end < 600:
        said = last.said
    label, rule = clean_label(found.label), _label_rule(found.label, found.rule)
    return Extracted(
        **span, speaker=speaker, speaker_label=label, verb=found.verb, said=said, is_person=person, rule=rule
    )


def _fallback(state: _State, quotation: Quotation, span: dict, found: Attribution) -> Extracted | None:
    """An attributed quote whose words for the speaker are no noun phrase: the most salient person, unsure."""
    candidate = _resolve_pronoun("one", quotation.open_mark, state)
    if candidate is None:
        return None
    return Extracted(
        **span, speaker=candidate[0], speaker_label=candidate[0], verb=found.verb, is_person=True, rule="fallback"
    )


_NESTED_CUE = re.compile(r"(?:said|says|say|told|tells|shouted|yelled|wrote|replied)\b[^'‘]{0,12}['‘]")
_NESTED = re.compile(
    r"\b(?P<verb>said|says|say|told|tells|shouted|yelled|wrote|replied)(?:\s+(?:me|us|him|her|them))?[,:]?\s+['‘]"
)
_FIRST_PERSON = re.compile(r"(?:I|we|We|you|You)(?:['’]\w+)?\b")
_NESTED_CLOSE = re.compile(r"['’](?![\w])")


def _nested(text: str, claim: Extracted, state: _State) -> list[Extracted]:
    """Quotations of others inside a direct quote ("Women in Nevada have said, 'It's time ...'"): direct claims of
    their own that came through the speaker; the speaker's own words quoted again ("I said, '...'") are not."""
    found = []
    for match in _NESTED.finditer(text, claim.start, claim.end):
        close = _NESTED_CLOSE.search(text, match.end(), claim.end)
        if close is None or len(_words(text[match.end() : close.start()])) <= 3:
            continue  # "he said 'no comment'": a few words state nothing
        region = text[max(claim.start, match.start() - 120) : match.start()]
        region = re.split(r"(?<=[.!?])\s+|,\s+(?:and|but)\s+", region)[-1]
        label = _subject(region) if region.strip() else None
        if not label or _FIRST_PERSON.match(label):
            continue  # "I've always said, '...'": the speaker quoting themselves
        resolved = _resolve_speaker(label, match.start() - len(region) + region.find(label), state, text)
        if resolved is None:
            continue
        found.append(
            Extracted(
                "direct",
                text[match.end() : close.start()],
                match.end(),
                close.start(),
                resolved[0],
                clean_label(label),
                match["verb"],
                via=claim.speaker,
                is_person=resolved[1],
                rule="nested",
            )
        )
    return found


def _introduced_before(
    text: str, quotation: Quotation, spans: list[tuple[int, int]], state: _State
) -> Extracted | None:
    """A quote standing alone after "X said:", "X was defiant." or "She left the series." in the sentence before."""
    index = bisect.bisect_right(state.starts, quotation.open_mark) - 1
    while index >= 0 and spans[index][1] > quotation.open_mark:
        index -= 1
    if index < 0 or quotation.open_mark - spans[index][1] >= 40:
        return None
    start, end = spans[index]
    sentence = text[start:end].rstrip()
    quote = text[quotation.start : quotation.end]
    last = state.last_speaker
    if last is not None and last.end > start:
        return None  # the sentence before holds a claim: the quote goes on with it, or not
    quoted = '"' in sentence or "“" in sentence
    at = start
    if sentence.endswith(":"):
        if quoted:
            return None
        verbs = list(VERB.finditer(sentence))
        label = _subject(sentence[: verbs[-1].start()]) if verbs else sentence_subject(sentence)
        verb = verbs[-1].group(0) if verbs else ":"
        at += sentence.find(label) if label else 0
    else:
        subjects = [(position, name) for position, name in state.subjects if start <= position < end]
        opening = _OPENING_PRONOUN.match(text, start, end) if not subjects else None
        lone = _LONE_NAME.match(text, start, end) if not subjects and not opening else None
        if subjects:
            at, label = subjects[0]  # "Lead Paul Lee talked about how ... During the premiere, "I felt ...""
        elif lone and lone[1].lower() not in NOT_NAME_WORDS | NOT_FIRST_NAMES | PRONOUNS_LOWER and "'" not in lone[1]:
            at, label = start, lone[1]  # "Tipton was thrilled. "I cried when I got the call.""
        elif opening:
            label = opening[1] or opening[2]  # "Underwhelmed, she left the series. "This is not what I wanted""
            at = opening.start(1) if opening[1] else opening.start(2)
        else:
            return None
        verb = "said"
        if last is not None and quotation.start - last.end < 800 and (last.start > at or last.speaker == label):
            return None  # the quote more likely continues the last speaker
    if not label:
        return None
    resolved = _resolve_speaker(label, at, state, text)
    if resolved is None:
        return None
    return Extracted(
        "direct",
        quote,
        quotation.start,
        quotation.end,
        resolved[0],
        clean_label(label),
        verb,
        is_person=resolved[1],
        rule=_label_rule(label, "introduced"),
    )


def _continues(text: str, last: Extracted, quotation: Quotation) -> bool:
    """A quote with no attribution of its own continues the previous speaker's if it follows closely."""
    between = text[last.end : quotation.open_mark]
    return len(between) < 300 and between.count("\n\n") <= 1


# Reported speech

_THATLESS_WORDS = _THATLESS = (
    r"said|says|say|told|tells|added|adds|adding|warned|warns|believes|believe|thinks|think|argued|argues|insisted|"
    r"claimed|claims|stated|noted|estimated|estimates|predicted|acknowledged|admitted|denied|denies|promised|"
    r"indicated|saying|suggested|suggests|confirmed|announced|agreed|reported|reports|explained|hopes|fears|feared|"
    r"expects|expected|concluded|recalled|recalls|testified|alleged|alleges|claiming|arguing|insisting|noting|stating|"
    r"warning|explaining|suggesting|pointed out|points out|informed|cautioned|underlined|stressed|emphasized|"
    r"emphasised|reiterated|maintained|conceded|estimate|revealed|wrote|writes|tweeted|observed|reckoned|reckons|"
    r"reporting"
)
_OBJECT = (
    r"(?:\s+(?:him|her|them|us|me|it|reporters|journalists|parliament|congress|lawmakers|legislators|supporters|fans|"
    r"students|viewers|listeners|the\s+(?:court|press|media|jury|BBC|paper|newspaper|magazine|station|broadcaster|"
    r"channel|network|agency|committee|panel|inquiry|audience|crowd|parliament|senate|house|council|conference|"
    r"hearing|judge|tribunal|commission|website|radio|programme|program|show|podcast|outlet)|"
    r"state\s+media|our\s+correspondent|Wikinews|(?:The\s+)?(?:[A-Z][\w.-]+\s*){1,4}))?"
)
_ANY_VERB = re.compile(rf"\b{alternation(VERB_WORDS + '|' + _THATLESS)}\b")
_THATLESS = alternation(_THATLESS)
_INDIRECT = re.compile(
    rf"(?P<verb>\b(?:{VERBS}))(?P<object>(?:\s+(?!that\b)[\w'’*-]+){{0,4}}?"
    r"|\s+(?:in|on|at|to|during|via|through|with)(?:\s+(?!that\b)[\w'’*.&-]+){1,12}?)\s+(?:that|whether)\s+"
    rf"|(?P<verb2>\b(?:{_THATLESS}))(?P<object2>(?:(?<=told)|(?<=tells)|(?<=warned)|(?<=assured)|(?<=informed)){_OBJECT})?"
    r"(?:\s+(?:on|last|this)\s+(?:[A-Z]\w+|week|month|year|night|morning|afternoon|evening)"
    r"(?:\s+(?:morning|afternoon|evening|night))?"
    r"|\s+(?:yesterday|today|tonight|earlier|later|previously|also|again|repeatedly|publicly|privately)"
    r"|\s+(?:via|on|in|at|during|through|over)\s+[^,.;:\"“”]{1,60}(?=,)"
    r"|\s+(?:in|at|during|on)\s+(?:a|an|the|his|her|its|their|our)\s+(?:[\w-]+\s+){0,3}?[\w-]+"
    r"(?:\s+(?:yesterday|today|on\s+[A-Z]\w+)(?:\s+(?:morning|afternoon|evening|night))?)?"
    r"(?=\s+(?:the|a|an|he|she|it|they|we|there|this|these|those|[A-Z])\b))?,?\s+"
    r"(?!(?:in|on|at|to|for|with|by|from|of|after|before|during|about|via|through|into|over|under|and|or|but|"
    r"that|if|whether|when|how|what|why|who|whom|whose|which|yes|so|it's|more|less|nothing|something|\w+ing)\b)"
    r"(?=[A-Za-z0-9])"
)
# "A total of 39 are confirmed dead, officials told state media." -- the attribution after the claim
_POSTPOSED_VERBS = alternation(
    _THATLESS_WORDS + "|stated|reported|reports|confirmed|announced|claimed|explained|remarked|commented|declared|"
    "recalled|quipped|joked|insisted|argued|estimated|predicted|observed|posted|tweeted|wrote|revealed"
)
_POSTPOSED = re.compile(
    rf"^(?P<clause>.{{12,}}?),\s+(?P<speaker>(?:[\w'’.*-]+\s+){{0,8}}?[\w'’.*-]+)\s+(?P<verb>{_POSTPOSED_VERBS})"
    rf"(?:{_OBJECT})?(?:\s+(?:on|last|this|yesterday|today|earlier|late|in\s+a\s+statement)\b[^.;,]{{0,25}})?\s*"
    r"(?:[.;]|,\s+(?:adding|saying|noting)\b|$|(?P<goes_on>,\s+(?:and|but)\s|,\s+(?=[a-z])))"
)
# "..., said the ministry." / "Because ..., says the study, it rises ...": the verb before its speaker
_POSTPOSED_INVERTED = re.compile(
    r"^(?P<clause>.{12,}?),\s+(?P<verb>said|says|say|added|adds|reported|reports|wrote|writes|told|explained|noted|"
    r"notes|argued|argues|warned|warns)\s+(?P<speaker>(?:the|a|an)\s+[\w'’.-]+(?:\s+[\w'’.-]+){0,5}?|"
    r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4}|officials|police|authorities|prosecutors|investigators|witnesses|"
    r"scientists|researchers|experts|analysts|doctors|residents)(?:\s*[.;]|\s*$|(?P<goes_on>,\s+(?=[a-z])))"
)
_NOT_A_SPEAKER = re.compile(
    r"^(?:which|who|whom|whose|when|where|while|as|after|before|because|if|although|though|since|until|and|but)\b"
    r"|\b(?:has|have|had|is|are|was|were|be|been|being)$",
    re.I,
)
_CITES = re.compile(
    r"\b(?P<verb>cites|cited|quotes|quoted|quoting|citing)\s+(?P<speaker>[^.!?]{2,160}?),?\s+as\s+"
    r"(?P<how>saying|stating|telling\s+\w+|warning|claiming|arguing)(?:\s+that)?\s+"
)
_CITES_WORD = re.compile(r"\b(?:cite|quot)")
_ACCORDING = re.compile(
    r"\b[Aa]ccording to (?P<speaker>(?:[^,.;]|\b[A-Z]\.|\b(?:Dr|Mr|Mrs|Ms|St|Jr|Prof|Gen|Col|Lt|Sgt|Rep|Sen|Gov|Rev)\.)"
    r"{2,150}?)(?:,\s+|\s*[.;]|$)"
)
_PER = re.compile(r"^Per\s+(?P<speaker>(?:the|a|an|numbers|figures|data|reports?)\b[^,]{2,100}),\s+")
_PRONOUN_OPENS = re.compile(r"\s(?=(?:he|she|it|they|we|there)\s)")
_LAST_NOUN_PHRASE = re.compile(r"((?:the|a|an|its|their|this)\s+[^,;]{1,60}?)\s*$")
# "cured," he told the press, "they ...": a verb whose subject follows a closing mark attributes a quotation
_QUOTE_JUST_CLOSED = re.compile(
    r"(?:[,.!?][\"”]|[\"”],)\s*(?!(?:while|and|but|as|whereas|although|though|when)\b)(?:[\w'’.-]+\s+){0,10}$"
)
# "several alleged accomplices", "reported incidents": a participle after a determiner or preposition is an adjective
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|his|its|their|our|my|your|several|such)\s+$", re.I)
_PREPOSITION_BEFORE = re.compile(r"\b(?:amongst|among|of|with|for|by|from|in|on|at|as|into)\s+$", re.I)
_CLAUSE_ENDS = re.compile(r":\s*[\"“]|\n\s*\n")

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
    cues = ("ccording to" in text, "cite" in text or "quot" in text)
    for sentence_start, sentence_end in spans:
        if _inside(sentence_start, quotations):
            continue
        for start, end in _clauses(text, sentence_start, sentence_end):
            clause_verbs = [verb.start() - start for verb in _ANY_VERB.finditer(text, start, end)]
            if not clause_verbs and not any(cues) and not text.startswith("Per ", start):
                continue
            for found in _reported_in(text, start, end, state, quotations, clause_verbs, cues):
                claim = _reported_claim(text, found, sentence_start, published, state, quotes)
                if claim:
                    claims.append(claim)
                    state.last_speaker = claim
    return claims


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence's clauses: semicolons separate independent reports ("X denied ...; Y claimed ..."), and no
    clause runs over a paragraph break (a headline without a stop and the dateline under it)."""
    if text.find(";", start, end) < 0 and text.find("\n", start, end) < 0:
        return [(start, end)]
    pieces, position = [], start
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        pieces.append((position, match.start()))
        position = match.end()
    return [*pieces, (position, end)]


def _reported_claim(
    text: str, found: Found, sentence_start: int, published: dt.date | None, state: _State, quotes: list[Extracted]
) -> Extracted | None:
    clause_start, clause_end, label, verb, label_at, via = found
    ends = _CLAUSE_ENDS.search(text, clause_start, clause_end)  # before a quotation it introduces, or a new paragraph
    if ends:
        clause_end = ends.start()
    while clause_end > clause_start and text[clause_end - 1] in ".!?,; \n\r\t":
        clause_end -= 1
    quote = text[clause_start:clause_end]
    if len(_words(quote)) < 3 or _is_covered_by_direct(clause_start, clause_end, quotes):
        return None
    resolved = _resolve_speaker(label, label_at, state, text)
    if resolved is None:
        return None
    speaker, person = resolved
    said = _said(text, sentence_start, clause_start, published)
    label, rule = clean_label(label), _label_rule(label, "reported")
    return Extracted("indirect", quote, clause_start, clause_end, speaker, label, verb, via, said, person, rule)


# Finite verbs: auxiliaries, regular pasts, the common irregular pasts and third persons; in reported content, a
# subject pronoun followed by a word ("he expects") is one too.
FINITE_WORDS = (
    "is|are|was|were|be|been|has|have|had|will|would|can|could|should|shall|may|might|must|do|does|did|"
    "won't|can't|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|remains|seems|needs|wants|"
    "knows|lies|goes|says|thinks|believes|holds|takes|makes|gets|intends|"
    "gave|made|took|went|came|saw|knew|thought|told|got|found|left|felt|kept|held|brought|began|won|lost|ran|"
    "wrote|spoke|broke|chose|drove|fell|grew|hid|sent|spent|stood|understood|taught|caught|bought|fought|sought|"
    "built|meant|paid|led|sat|sold|struck|wore|became|drew|flew|forgot|forgave|froze|rode|rose|shook|stole|swore|"
    "threw|woke|dealt|fled|met|overcame|rang|sang|sank|withdrew|fits|appears|expects|hopes|continues|includes|"
    "involves|requires|means|suggests|indicates|lacks|faces|poses|becomes|belongs|depends|exists|happens|matters|"
    "occurs|violates|threatens|deserves|comes"
)
_FINITE = re.compile(rf"\b(?:{alternation(FINITE_WORDS)}|[a-z]{{2,}}ed)\b")
# the first verb of a sentence, finite or reporting: where its subject ends
_FIRST_VERB = re.compile(rf"\b(?:{alternation(FINITE_WORDS + '|' + VERB_WORDS)}|[a-z]{{2,}}ed)\b")
# "Lee, the team captain, agreed.": a lone capitalised word as the subject of its sentence
_LONE_NAME = re.compile(
    r"(?![A-Z][a-z]+(?:ed|ing|ly)\b)([A-Z][a-z'’-]+)(?:,\s+(?:\d+|the\s[^,]{1,40}),)?\s+(?:also\s+|then\s+)?"
    rf"(?:{alternation(FINITE_WORDS + '|' + VERB_WORDS)}|[a-z]{{2,}}ed)\b"
)
_PRONOUN_SUBJECT = re.compile(r"\b(?:he|she|they|we|I)\s+(?!and\b|or\b)[a-z']{2,}")
# where an object's description ends or a clause of its own begins: "her season with the show, when they were"
_CLAUSE_CUT = re.compile(
    r"[;.:]|,\s+(?:saying|adding|noting|according|but|and|while|as|although|when|where|whereas|because|since|"
    r"after|before|until|though|if)\b|\s+(?:whereby|wherein|(?:in|under|by|for|with|through) which)\b"
    r"|\s+(?:after|before|when|while|because|since|until|although|though|whereas|unless)\s"
)
_RELATIVE_ASIDE = re.compile(r",\s+(?:which|who|whom|whose)\b[^,;]*,")


def _is_clause(after_verb: str) -> bool:
    """Whether the words after a reporting verb without "that" form a clause (a subject and a finite verb)
    rather than an object ("denied the allegations, saying ...", "recalled her season, when they were ...")."""
    words = after_verb[:160]
    cut = _CLAUSE_CUT.search(words)
    words = words[: cut.start()] if cut else words
    if ", " in words:
        words = _RELATIVE_ASIDE.sub(" ", words)  # "the plan, which was approved, would fail"
    return bool(_FINITE.search(words) or _PRONOUN_SUBJECT.search(words))


def _reported_in(
    text: str,
    start: int,
    end: int,
    state: _State,
    quotations: list[Quotation],
    verbs: list[int],
    cues: tuple[bool, bool] = (True, True),
) -> list[Found]:
    """The reports in one clause: "X cites Y as saying that ...", "according to X, ...", "X said (that) ...",
    and "..., officials said" (this last one with a later report in the same clause, if any); `verbs` are the
    offsets of the reporting verbs in the clause, `cues` whether the text has "according to" and "cite/quot"."""
    sentence = text[start:end]
    according_cue = cues[0] and "ccording to" in sentence
    cites_cue = cues[1] and _CITES_WORD.search(sentence) is not None
    if not verbs and not according_cue and not cites_cue and not sentence.startswith("Per "):
        return []
    cites = _CITES.search(sentence) if cites_cue else None
    if cites:
        via = _resolve_speaker(_subject(sentence[: cites.start()]) or "it", start, state, text)
        verb = f"{cites['verb']} ... as {cites['how'].split()[0]}"
        speaker_at = start + cites.start("speaker")
        return [(start + cites.end(), end, cites["speaker"], verb, speaker_at, via[0] if via else None)]
    according = _ACCORDING.search(sentence) if according_cue else None
    if according and not _inside(start + according.start(), quotations):
        found = _according(sentence, start, end, according)
        if found and found[0][0] < start + according.start():  # the claim before: a report may follow
            more = _reported_clause(sentence, start, end, [v for v in verbs if v > according.end()], quotations)
            return [*found, more] if more else found
        return found
    per = _PER.match(sentence) if sentence.startswith("Per ") else None
    if per:
        return [(start + per.end(), end, per["speaker"], "Per", start + per.start("speaker"), None)]
    found = []
    postposed = _postposed(sentence, start, verbs, quotations)
    if postposed:
        found.append(postposed)
    after = postposed[1] - start if postposed else 0
    reported = _reported_clause(sentence, start, end, [v for v in verbs if v > after], quotations)
    while reported is not None:
        # "Officials said 24 were hurt, but AFP reported 32 hurt", "indicated ... and suggested ...": two reports
        following = None
        for boundary in _NEXT_REPORT.finditer(sentence, reported[0] - start):
            near = [v for v in verbs if boundary.end() <= v < boundary.end() + 40]
            if near and _PUNCTUATION.search(sentence, boundary.end(), near[0]):
                continue  # "he can and may declare an emergency, which he said": not a report of its own
            if near and not _inside(start + boundary.start(), quotations):
                following = _reported_clause(sentence, start, end, near, quotations, reported[2])
                if following is not None:
                    found.append((reported[0], start + boundary.start(), *reported[2:]))
                    break
        if following is None:
            found.append(reported)
        reported = following
    return found


_NEGATED = re.compile(r"(?:\bnot|\bnever|n't)\s+$")
_PUNCTUATION = re.compile(r"[,;:.\"“”]")
_JOINED_VERB = re.compile(r"\b(?:and|but)\s+(?:also\s+|further\s+|later\s+)?$")
_NEXT_REPORT = re.compile(r",?\s+(?:but|and|while|whereas)\s+(?=\S)")


def _according(sentence: str, start: int, end: int, according: re.Match[str]) -> list[Found]:
    """The claim "according to X": the clause after it, or the one before it, or "according to which" ..."""
    before = sentence[: according.start()].rstrip(" ,")
    at = start + according.start("speaker")
    speaker = according["speaker"]
    if before[:1] in (STRAIGHT, OPENING):
        return []  # the claim is a quotation: a direct claim or none
    if speaker.startswith("which "):  # "an agreement, according to which a section would cross ..."
        antecedent = _LAST_NOUN_PHRASE.search(before)
        if antecedent is None:
            return []
        at = start + antecedent.start(1)
        return [(start + according.start("speaker") + 6, end, antecedent[1], "according to", at, None)]
    opens = _PRONOUN_OPENS.search(speaker)
    if opens:  # "according to the ministry he died in the morning"
        return [(at + opens.end(), end, speaker[: opens.start()], "according to", at, None)]
    if len(_words(before)) >= 4:
        return [(start, start + len(before), speaker, "according to", at, None)]
    named = _APPOSITIVE_NAME.match(sentence, according.end())
    if named and is_person_name(named[1]):  # "According to the city's mayor, Helen Park, the council ..."
        return [(start + named.end(), end, f"{speaker}, {named[1]}", "according to", at, None)]
    return [(start + according.end(), end, speaker, "according to", at, None)]


_APPOSITIVE_NAME = re.compile(r"((?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’-]+),\s+")


def _reported_clause(
    sentence: str,
    start: int,
    end: int,
    verbs: list[int],
    quotations: list[Quotation],
    same_subject: str | None = None,
) -> Found | None:
    """ "X said (that) CLAUSE" at the first reporting verb that governs a clause; `same_subject` is the speaker of
    a report just before, for a verb joined to it ("indicated ... and suggested the driver lost control")."""
    for candidate in verbs:
        match = _INDIRECT.match(sentence, candidate)
        if match is None:
            continue
        verb_start = match.start("verb") if match["verb"] else match.start("verb2")
        if _inside(start + verb_start, quotations):
            continue
        if match["verb2"] and not _is_clause(sentence[match.end() :]):
            continue  # "denied the allegations": an object, not reported content
        verb = match["verb"] or match["verb2"]
        region = sentence[:verb_start]
        if verb.endswith("ed") and (
            _DETERMINER_BEFORE.search(region, max(0, verb_start - 12))
            or _PREPOSITION_BEFORE.search(region, max(0, verb_start - 10))
        ):
            continue  # "several alleged accomplices", "amongst reported incidents": an adjective
        if _NEGATED.search(region, max(0, verb_start - 12)):
            continue  # "did not say he had ordered it": nothing was said
        if same_subject is not None and _JOINED_VERB.search(region, max(0, verb_start - 20)):
            return start + match.end(), end, same_subject, verb, start + sentence.find(same_subject), None
        if ('"' in region or "”" in region) and _QUOTE_JUST_CLOSED.search(region, max(0, verb_start - 120)):
            continue  # '"...," he told the press, "...': the attribution of a quotation
        if region.endswith("who ") and _BEFORE_WHO.search(region):
            label = _antecedent(region)  # "according to police, who said officers arrived"
        else:
            label = _participle_subject(sentence, region) if verb.endswith("ing") else _subject(region)
        if label is None or region.rstrip().endswith(("”", '"')) or label.lower() in ("which", "who", "that"):
            continue
        return start + match.end(), end, label, verb, start + sentence.find(label), None
    return None


_BEFORE_WHO = re.compile(
    r"(?:^|,\s+|\b(?:to|by|from|with|of|for)\s+)((?:the\s+)?[\w'’.-]+(?:\s+[\w'’.-]+){0,3}),\s+who\s*$"
)


def _antecedent(region: str) -> str | None:
    """What "who" stands for in "..., according to police, who said": the noun phrase before it."""
    match = _BEFORE_WHO.search(region)
    return _PREPOSITION_BEFORE_NOUN.sub("", match.group(1)) if match else None


_PREPOSITION_BEFORE_NOUN = re.compile(r"^(?:according\s+to|to|by|from|with|of|for)\s+")


def _postposed(sentence: str, start: int, verbs: list[int], quotations: list[Quotation]) -> Found | None:
    """ "A total of 39 are confirmed dead, officials said": the claim before its attribution."""
    comma = sentence.find(", ")
    if comma < 0 or not verbs or comma > verbs[-1]:
        return None
    for verb in verbs:  # a verb at most nine words after a comma, which is at least 12 characters in
        before = sentence.rfind(", ", 0, verb)
        if before >= 12 and sentence.count(" ", before + 2, verb) <= 10:
            break
    else:
        return None
    postposed = _POSTPOSED.match(sentence)
    if postposed is not None and _NOT_A_SPEAKER.search(postposed["speaker"]):
        postposed = None  # "..., which he denied", "..., no evidence has been reported"
    if postposed is None:
        if not any(sentence.endswith(", ", 0, verb) for verb in verbs):
            return None  # no verb right after a comma: no "..., said the ministry"
        postposed = _POSTPOSED_INVERTED.match(sentence)
        if postposed is None or _FINITE.search(postposed["speaker"]):
            return None  # not "The senator, speaking to reporters, said the vote would be delayed"
        if not _is_clause(postposed["clause"]) and postposed["speaker"] not in GENERIC_GROUPS:
            return None  # not "Dr. Anne Chu, a virologist, explained the findings": no claim before the verb
    if _inside(start + postposed.start("verb"), quotations):
        return None
    label = _subject(postposed["speaker"])
    if not label:
        return None
    at = start + postposed.start("speaker") + postposed["speaker"].rfind(label)
    if postposed["goes_on"]:  # "Orders will not stop, Maroth said, and the loan is safe": the whole clause
        return start, start + len(sentence), label, postposed["verb"], at, None
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
    for cached in (speaker_name, _subject, sentence_subject, _mention_name, _before, clean_label):
        cached.cache_clear()


def extract(text: str, published: dt.date | None = None) -> list[Extracted]:
    """Every attributed claim in the text, in order of position."""
    spans = sentence_spans(text)
    state = _State(text=text, spans=spans, starts=[start for start, _ in spans])
    quotations = find_quotations(text)
    _note_people(text, spans, state, quotations)
    quotes = extract_quotes(text, published, state, quotations, spans)
    state.last_speaker = None
    reported = extract_reported(text, published, state, quotes, quotations, spans)
    return sorted(quotes + reported, key=lambda c: (c.start, c.end))
