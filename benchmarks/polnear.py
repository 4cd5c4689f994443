"""A development benchmark on PolNeAR (political news attributions, brat standoff), scored like `claims eval`.

    python -m benchmarks.polnear --polnear DIR [--split train|dev] [--limit N] [--mistakes FILE]

DIR is a work tree of https://github.com/networkdynamics/PolNeAR (only data/<split>/text and
data/<split>/attributions are read; the CoreNLP files are not needed). The test split is never used.
The data stays outside this repository: it states no licence.

What is compared, article by article (`extract(text, published)`, published from the file name's date):

- **Annotator**: several annotators marked some articles; we always take the alphabetically first annotator
  id among an article's .ann files (for every multiply annotated article in train and dev that is 4b22).
- **Attributions**: each E (or R) line ties a Source, a Cue and one or more Contents (Content, Content2); a
  span made of several fragments is compared by its extent, its words (the cue's) by its fragments.
- **Direct quotes**: gold Contents that open with a quotation mark against our direct and partial claims. A
  content of several fragments (`“A,” he said, “B.”` is one content) gives one gold quote per fragment that
  opens with a mark; each is compared without its marks. A match is an overlap covering at least half of the
  shorter span, one to one, largest overlap first, as in `claims eval`.
- **Reported speech**: the other gold Contents against our indirect claims (P, R, F1 over all of them), with
  the recall on the speech contents alone: those whose Cue holds a word of saying (SPEECH_LEMMAS and their
  inflections, or SPEECH_PHRASES). Beliefs, intentions, perception and evaluation ("believes", "wants",
  "expects", "hopes", "shows", "criticized") are not speech.
- **Speaker**, on every matched quote whose attribution has a Source: right when our label or our resolved
  speaker names a part of the Source as written. The Source is cut into parts at commas, brackets and dashes,
  and a possessor is dropped ("the mayor's spokeswoman Ann Lee" is Ann Lee). A part is named by the same words;
  or, with both cut before a post-modifier ("a spokesman for Jane Roe" is "a spokesman", "Sen. Jane Roe of Ohio"
  is "Sen. Jane Roe"), when one's words end the other's ("Spokeswoman Ann Lee" / "Ann Lee" / "Lee") or both end
  with the same word, capitalised in the Source (a surname: "Jane Q. Roe" / "Jane Roe"). When the Source is a
  pronoun (`he`, `she's`, `they`), our resolved speaker is compared the same way with the nearest preceding
  Source, of another attribution, whose head is a capitalised name (`Mayor Ann Berg`, not `the Ohio senator`);
  with none, the pair is unjudged, as are the quotes of attributions without a Source. That antecedent is a
  guess, so the pronoun figure is rough: of 54 of its mistakes checked by hand on train, about 13 were the
  guess's fault (the referent was never a Source, or not the nearest one) and our speaker was right. The figure
  for Sources that are names or descriptions is the one to trust.

Also printed: how many of our unmatched quotes lie inside a gold non-quote content (PolNeAR marks `he said the
plan was “a disaster”` as one reported content, where we give a partial quote) and the quote precision without
them; and articles a second of `extract` alone, on one core, after a warm-up call. `--mistakes FILE` writes
one tab-separated line per mistake: article, kind (missed quote, extra quote, speaker, missed speech, missed
non-speech, extra reported), gold, ours, context (the gold `Source | Cue`, or the quote of a speaker mistake).
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from claims.extraction import extract
from claims.intake.evaluation import Score, spans_match


def wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


SPLITS = ("train", "dev")
QUOTES = ("direct", "partial")
# Opening marks as the articles write them ('' is two apostrophes; a few articles open with ”).
QUOTE_MARKS = "\"'“”‘’«»„"
# Verbs of saying (their inflections are made below) and nouns that report words.
SPEECH_LEMMAS = wordset(
    """
    say tell add claim argue announce report write tweet post warn insist note explain declare state ask respond
    reply answer acknowledge admit concede deny confirm recall suggest propose promise pledge vow predict describe
    call accuse charge allege mention stress emphasize emphasise reveal disclose contend assert maintain comment
    remark testify speak talk email text quip joke complain urge demand plead boast brag repeat reiterate continue
    tout caution threaten swear assure reassure inform advise retort exclaim proclaim hint lament quote read remind echo
    statement interview remarks speech letter memo testimony announcement per
    """
)
IRREGULAR_SPEECH = wordset("said told wrote written spoke spoken swore sworn reportedly")
SPEECH_PHRASES = ("according to", "point out", "pointed out", "pointing out", "points out", "went on", "goes on")
PRONOUNS = wordset("he she it they we i you him her them us me his hers its their our my your who whom which that this")
# Capitalised words that are not names, for finding a pronoun's antecedent among the Sources.
NOT_NAMES = wordset("the a an his her its their our my this that these those some many one i")
WORD = re.compile(r"[\w][\w'.&-]*")
PRONOUN = re.compile(r"(\w+)(?:['’]\w+)?")
POST_MODIFIER = re.compile(r"\s(?:of|to|for|from|at|in|on|with|who|whose|which|that)\s")
PART_BREAK = re.compile(r"[,()\[\]—–]| - |--")
ANN_SPAN = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")
LINK = re.compile(r"^[ER]\d+\t")
DATE_IN_NAME = re.compile(r"_(\d{4}-\d\d-\d\d)_")
CELL = 90  # characters of a string kept in a mistakes line


@dataclass(frozen=True)
class Span:
    fragments: tuple[tuple[int, int], ...]
    text: str  # the fragments' text joined by spaces

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


@dataclass
class Attribution:
    source: Span | None
    cue: Span | None
    contents: list[Span]


@dataclass
class Article:
    name: str
    text: str
    published: dt.date | None
    annotator: str
    attributions: list[Attribution]


@dataclass(frozen=True)
class GoldContent:
    start: int  # for a quote: inside the marks
    end: int
    text: str
    attribution: Attribution
    quote: bool
    speech: bool


@dataclass(frozen=True)
class Mistake:
    article: str
    kind: str  # missed quote, extra quote, speaker, missed speech, missed non-speech, extra reported
    gold: str
    predicted: str
    context: str = ""

    def line(self) -> str:
        cells = (self.article, self.kind, self.gold, self.predicted, self.context)
        return "\t".join(" ".join(cell.split())[:CELL] for cell in cells)


@dataclass
class Speakers:
    right: int = 0
    judged: int = 0
    unjudged: int = 0

    @property
    def accuracy(self) -> float:
        return self.right / self.judged if self.judged else 0.0

    def add(self, other: Speakers) -> None:
        self.right += other.right
        self.judged += other.judged
        self.unjudged += other.unjudged


@dataclass
class Result:
    articles: int = 0
    words: int = 0
    attributions: int = 0
    annotators: Counter[str] = field(default_factory=Counter)  # articles scored on each annotator's marks
    quotes: Score = field(default_factory=Score)
    reported: Score = field(default_factory=Score)  # our indirect claims against every gold non-quote content
    speech: Score = field(default_factory=Score)  # gold speech contents found by an indirect claim
    non_speech: Score = field(default_factory=Score)
    extra_quotes_in_reported: int = 0  # our quotes unmatched but inside a gold non-quote content
    named_sources: Speakers = field(default_factory=Speakers)  # the Source is a name or a description
    pronoun_sources: Speakers = field(default_factory=Speakers)
    seconds: float = 0.0  # in extract() alone
    mistakes: list[Mistake] = field(default_factory=list)

    def add(self, other: Result) -> None:
        self.articles += other.articles
        self.words += other.words
        self.attributions += other.attributions
        self.annotators.update(other.annotators)
        for mine, theirs in (
            (self.quotes, other.quotes),
            (self.reported, other.reported),
            (self.speech, other.speech),
            (self.non_speech, other.non_speech),
        ):
            mine.add(theirs)
        self.extra_quotes_in_reported += other.extra_quotes_in_reported
        self.named_sources.add(other.named_sources)
        self.pronoun_sources.add(other.pronoun_sources)
        self.seconds += other.seconds
        self.mistakes += other.mistakes

    @property
    def speakers(self) -> Speakers:
        both = Speakers()
        both.add(self.named_sources)
        both.add(self.pronoun_sources)
        return both


class Spanned(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


class Predicted(Spanned, Protocol):
    """What we read of an extracted claim (`claims.extraction.Extracted` is one)."""

    @property
    def kind(self) -> str: ...
    @property
    def quote(self) -> str: ...
    @property
    def speaker(self) -> str: ...
    @property
    def speaker_label(self) -> str: ...


class NotPolNeAR(Exception):
    """The directory or the split cannot be used."""


# --- reading PolNeAR -------------------------------------------------------------------------------------------


def split_dirs(root: Path, split: str) -> tuple[Path, Path]:
    if split not in SPLITS:
        raise NotPolNeAR(f"the {split} split is never used; choose one of {', '.join(SPLITS)}")
    text_dir, ann_dir = root / "data" / split / "text", root / "data" / split / "attributions"
    if not (text_dir.is_dir() and ann_dir.is_dir()):
        raise NotPolNeAR(f"{root} is not a PolNeAR checkout (no data/{split}/text and data/{split}/attributions)")
    return text_dir, ann_dir


def annotation_file(ann_dir: Path, name: str) -> Path | None:
    """The article's .ann file of its alphabetically first annotator (files are named NAME_ANNOTATOR.ann)."""
    found = sorted(ann_dir.glob(f"{glob.escape(name)}_*.ann"))
    return found[0] if found else None


def span_of(text: str, offsets: str) -> Span:
    fragments = tuple((int(a), int(b)) for a, b in (pair.split() for pair in offsets.split(";")))
    return Span(fragments, " ".join(text[a:b] for a, b in fragments))


def parse_ann(ann: str, text: str) -> list[Attribution]:
    """Attributions from brat standoff: T lines give typed spans, each E or R line ties some into one."""
    spans: dict[str, tuple[str, Span]] = {}
    links: list[list[str]] = []
    for line in ann.splitlines():
        if found := ANN_SPAN.match(line):
            spans[found[1]] = (found[2], span_of(text, found[3]))
        elif LINK.match(line):
            links.append(re.findall(r":(T\d+)", line))
    attributions = []
    for ids in links:
        typed = [spans[i] for i in ids if i in spans]
        contents = sorted((span for kind, span in typed if kind.startswith("Content")), key=lambda s: s.start)
        if contents:
            attributions.append(Attribution(first(typed, "Source"), first(typed, "Cue"), contents))
    return attributions


def first(typed: list[tuple[str, Span]], kind: str) -> Span | None:
    return next((span for k, span in typed if k == kind), None)


def published_of(name: str) -> dt.date | None:
    found = DATE_IN_NAME.search(name)
    return dt.date.fromisoformat(found[1]) if found else None


def load_articles(root: Path, split: str, limit: int | None = None) -> list[Article]:
    text_dir, ann_dir = split_dirs(root, split)
    articles = []
    for path in sorted(text_dir.glob("*.txt"))[:limit]:
        ann = annotation_file(ann_dir, path.stem)
        if ann is None:
            continue
        text = path.read_text(encoding="utf-8")
        annotator = ann.stem.rsplit("_", 1)[1]
        attributions = parse_ann(ann.read_text(encoding="utf-8"), text)
        articles.append(Article(path.stem, text, published_of(path.stem), annotator, attributions))
    if not articles:
        raise NotPolNeAR(f"{root} is not a PolNeAR checkout (no annotated articles in data/{split})")
    return articles


# --- gold contents -----------------------------------------------------------------------------------------------


def inflections(lemma: str) -> set[str]:
    forms = {lemma, lemma + "s", lemma + "ed", lemma + "ing", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(lemma + "es")
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return forms


SPEECH_FORMS = frozenset(IRREGULAR_SPEECH.union(*(inflections(lemma) for lemma in SPEECH_LEMMAS)))


def is_speech(cue: Span | None) -> bool:
    """A cue of saying: one of its words is a speech word, or it is a colon (`Roe: ...`)."""
    if cue is None:
        return False
    words = cue.text.lower()
    return (
        words.strip() == ":"
        or any(phrase in words for phrase in SPEECH_PHRASES)
        or any(word in SPEECH_FORMS for word in re.findall(r"[a-z]+", words))
    )


def opens_with_mark(text: str) -> bool:
    return text[:1] in QUOTE_MARKS


def inside_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the quotation marks, spaces and trailing commas at its ends."""
    while start < end and (text[start] in QUOTE_MARKS or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in QUOTE_MARKS or text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def quotations(text: str, span: Span) -> list[tuple[int, int]]:
    """A quote content's quotations: one per fragment that opens with a mark (`“A,” he said, “B.”` is marked as one
    content of two fragments), a fragment without a mark joined to the one before; each inside its marks."""
    pieces: list[list[int]] = []
    for start, end in span.fragments:
        if pieces and text[start] not in QUOTE_MARKS:
            pieces[-1][1] = end
        else:
            pieces.append([start, end])
    return [inside_marks(text, start, end) for start, end in pieces]


def gold_contents(article: Article) -> list[GoldContent]:
    """Every gold content: quotes one per quotation, the others by their extent."""
    contents = []
    for attribution in article.attributions:
        speech = is_speech(attribution.cue)
        for span in attribution.contents:
            quote = opens_with_mark(span.text)
            parts = quotations(article.text, span) if quote else [(span.start, span.end)]
            contents += [
                GoldContent(start, end, article.text[start:end], attribution, quote, speech)
                for start, end in parts
                if end > start
            ]
    return contents


# --- matching ----------------------------------------------------------------------------------------------------

G = TypeVar("G", bound=Spanned)
P = TypeVar("P", bound=Spanned)


def pair(gold: Sequence[G], predicted: Sequence[P]) -> list[tuple[G, P]]:
    """Greedy one-to-one matching, largest overlaps first (as `claims eval`)."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if spans_match(g.start, g.end, p.start, p.end):
                candidates.append((min(g.end, p.end) - max(g.start, p.start), gi, pi))
    pairs, used_gold, used_predicted = [], set(), set()
    for _, gi, pi in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if gi not in used_gold and pi not in used_predicted:
            pairs.append((gold[gi], predicted[pi]))
            used_gold.add(gi)
            used_predicted.add(pi)
    return pairs


# --- speakers ----------------------------------------------------------------------------------------------------


def words(name: str) -> list[str]:
    """Lower-case words with apostrophes straightened, a leading article and any possessor dropped."""
    name = unicodedata.normalize("NFKC", name).replace("’", "'").replace("‘", "'")
    tokens = WORD.findall(name)
    possessive = [i for i, t in enumerate(tokens) if t.lower().endswith(("'s", "s'")) and i < len(tokens) - 1]
    if possessive:
        tokens = tokens[possessive[-1] + 1 :]
    tokens = [t.lower().removesuffix("'s").rstrip("'.") for t in tokens]
    if tokens and tokens[0] in ("the", "a", "an"):
        tokens = tokens[1:]
    return [t for t in tokens if t]


def parts(source: str) -> list[str]:
    """A Source's parts between commas, brackets and dashes (`Roe, a senator from Ohio`)."""
    return [part for part in PART_BREAK.split(source) if part.strip()]


def names_match(ours: str, source: str) -> bool:
    """Our string names a part of the Source: the same words as the part; or, both cut before a post-modifier
    (`a spokesman for Jane Roe` is `a spokesman`), one's words end the other's, or both end with the same
    capitalised word (a surname)."""
    whole, a = words(ours), words(before_post_modifier(ours))
    for part in parts(source):
        head = before_post_modifier(part)
        b = words(head)
        if not a or not b:
            continue
        if whole == words(part) or a[-len(b) :] == b or b[-len(a) :] == a:
            return True
        if a[-1] == b[-1] and WORD.findall(head)[-1][:1].isupper():
            return True
    return False


def before_post_modifier(phrase: str) -> str:
    return POST_MODIFIER.split(phrase, maxsplit=1)[0]


def is_pronoun(source: Span) -> bool:
    """A Source of one pronoun, contracted or not (`he`, `she’s`)."""
    found = PRONOUN.fullmatch(source.text.strip())
    return bool(found) and found[1].lower() in PRONOUNS


def has_name(source: Span) -> bool:
    """The head of the Source's first part is capitalised: `Mayor Ann Berg`, `Roe, a senator`, not
    `the Ohio senator`."""
    first_part = parts(source.text)[:1]
    head = WORD.findall(first_part[0])[-1:] if first_part else []
    return bool(head) and head[0][:1].isupper() and head[0].lower() not in NOT_NAMES


def antecedent(article: Article, source: Span) -> Span | None:
    """The nearest Source before this one, of another attribution, holding a capitalised name."""
    before = [
        a.source
        for a in article.attributions
        if a.source is not None and a.source.end <= source.start and not is_pronoun(a.source) and has_name(a.source)
    ]
    return max(before, key=lambda s: s.start, default=None)


def judge_speaker(article: Article, source: Span | None, label: str, speaker: str) -> tuple[bool | None, str]:
    """Whether our speaker is right (None: unjudged), and the gold string it was compared with."""
    if source is None:
        return None, ""
    if not is_pronoun(source):
        return names_match(label, source.text) or names_match(speaker, source.text), source.text
    named = antecedent(article, source)
    if named is None:
        return None, source.text
    return names_match(speaker, named.text), f"{source.text} = {named.text}"


# --- scoring -----------------------------------------------------------------------------------------------------


def score_article(article: Article, predicted: Sequence[Predicted]) -> Result:
    """Score our claims for one article (objects with kind, start, end, quote, speaker, speaker_label)."""
    result = Result(
        articles=1,
        words=len(article.text.split()),
        attributions=len(article.attributions),
        annotators=Counter([article.annotator]),
    )
    gold = gold_contents(article)
    score_quotes(article, [g for g in gold if g.quote], [p for p in predicted if p.kind in QUOTES], result)
    score_reported(article, [g for g in gold if not g.quote], [p for p in predicted if p.kind == "indirect"], result)
    return result


def score_quotes(article: Article, gold: list[GoldContent], ours: list[Predicted], result: Result) -> None:
    pairs = pair(gold, ours)
    result.quotes.add(Score(len(gold), len(ours), len(pairs)))
    found = {id(g) for g, _ in pairs}
    used = {id(p) for _, p in pairs}
    result.mistakes += [
        Mistake(article.name, "missed quote", g.text, "", who(g.attribution)) for g in gold if id(g) not in found
    ]
    reported = list(gold_reported(article))
    for p in ours:
        if id(p) not in used:
            result.mistakes.append(Mistake(article.name, "extra quote", "", p.quote))
            result.extra_quotes_in_reported += any(s.start <= p.start and p.end <= s.end for s in reported)
    for g, p in pairs:
        source = g.attribution.source
        tally = result.pronoun_sources if source and is_pronoun(source) else result.named_sources
        right, compared = judge_speaker(article, source, p.speaker_label, p.speaker)
        if right is None:
            tally.unjudged += 1
            continue
        tally.judged += 1
        tally.right += right
        if not right:
            said = f"{p.speaker_label} -> {p.speaker}"
            result.mistakes.append(Mistake(article.name, "speaker", compared, said, g.text))


def who(attribution: Attribution) -> str:
    """`Source | Cue` of a gold attribution, for the mistakes file."""
    return " | ".join(span.text if span else "-" for span in (attribution.source, attribution.cue))


def gold_reported(article: Article) -> Iterable[Span]:
    return (span for a in article.attributions for span in a.contents if not opens_with_mark(span.text))


def score_reported(article: Article, gold: list[GoldContent], ours: list[Predicted], result: Result) -> None:
    pairs = pair(gold, ours)
    found = {id(g) for g, _ in pairs}
    used = {id(p) for _, p in pairs}
    result.reported.add(Score(len(gold), len(ours), len(pairs)))
    for group, score, label in ((True, result.speech, "speech"), (False, result.non_speech, "non-speech")):
        members = [g for g in gold if g.speech is group]
        score.add(Score(len(members), 0, sum(id(g) in found for g in members)))
        result.mistakes += [
            Mistake(article.name, f"missed {label}", g.text, "", who(g.attribution))
            for g in members
            if id(g) not in found
        ]
    result.mistakes += [Mistake(article.name, "extra reported", "", p.quote) for p in ours if id(p) not in used]


def run(articles: Iterable[Article]) -> Result:
    """Extract and score every article; only the extraction is timed, after a warm-up call that loads what the
    extractor loads lazily (its lemma tables, about 0.15 s)."""
    extract("“We are ready,” the new coach of the local club said on Monday.", None)
    total = Result()
    for article in articles:
        started = time.perf_counter()
        predicted = extract(article.text, article.published)
        seconds = time.perf_counter() - started
        result = score_article(article, predicted)
        result.seconds = seconds
        total.add(result)
    return total


# --- report ------------------------------------------------------------------------------------------------------


def format_result(result: Result, split: str) -> str:
    header = f"{'':30}{'gold':>6}{'found':>7}{'match':>7}{'P':>7}{'R':>7}{'F1':>7}"
    lines = [
        f"PolNeAR {split}: {result.articles} articles, {result.attributions} attributions"
        " (alphabetically first annotator of each article: "
        + ", ".join(f"{name} {count}" for name, count in sorted(result.annotators.items()))
        + ")",
        header,
        row("direct quotes (marks)", result.quotes),
        row("reported: all contents", result.reported),
        row("  of which speech", result.speech, recall_only=True),
        row("  of which not speech", result.non_speech, recall_only=True),
        f"our unmatched quotes inside a gold non-quote content: {result.extra_quotes_in_reported}"
        f" (quote precision without them: {quote_precision_without_inner(result):.3f})",
        speakers("speaker right on matched quotes", result.speakers),
        speakers("  Source a name or description", result.named_sources),
        speakers("  Source a pronoun", result.pronoun_sources),
        f"extraction: {result.seconds:.2f} s, {ratio(result.articles, result.seconds):.0f} articles/s"
        f" ({ratio(result.words, result.articles):.0f} words an article, one core)",
    ]
    return "\n".join(lines)


def quote_precision_without_inner(result: Result) -> float:
    """Quote precision when our partial quotes inside a gold reported content are not counted as wrong (PolNeAR
    marks `he said the plan was “a disaster”` as one content, not as a quote)."""
    return ratio(result.quotes.matched, result.quotes.predicted - result.extra_quotes_in_reported)


def row(label: str, score: Score, recall_only: bool = False) -> str:
    if recall_only:
        return f"{label:30}{score.gold:>6}{'':>7}{score.matched:>7}{'':>7}{score.recall:>7.3f}{'':>7}"
    return (
        f"{label:30}{score.gold:>6}{score.predicted:>7}{score.matched:>7}"
        f"{score.precision:>7.3f}{score.recall:>7.3f}{score.f1:>7.3f}"
    )


def speakers(label: str, tally: Speakers) -> str:
    return f"{label:34}{tally.right:>5}/{tally.judged:<5} = {tally.accuracy:.3f}   unjudged: {tally.unjudged}"


def ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.polnear", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--polnear", type=Path, required=True, help="a PolNeAR work tree")
    parser.add_argument("--split", default="train", help="train or dev (the test split is never used)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles (by file name)")
    parser.add_argument("--mistakes", type=Path, default=None, help="write one tab-separated line per mistake")
    args = parser.parse_args(argv)
    try:
        articles = load_articles(args.polnear, args.split, args.limit)
    except NotPolNeAR as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    result = run(articles)
    wall = time.perf_counter() - started
    print(format_result(result, args.split))
    print(f"wall time with scoring: {wall:.2f} s")
    if args.mistakes:
        lines = ["article\tkind\tgold\tours\tcontext", *(m.line() for m in result.mistakes)]
        args.mistakes.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{len(result.mistakes)} mistakes written to {args.mistakes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
