"""Cue of quotations: direct and partial quotes and their speakers, found after the quote, before it, in
its sentence, in the sentence before, or as the continuation of the last speaker's words."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re

from .lexicon import LEXICON, words_of
from .names import DETERMINERS, NOT_A_LONE_NAME, PRONOUNS, clean_label, label_rule, speaker_name, up_to_full_stop
from .people import State, resolve_pronoun, resolve_speaker
from .quotations import inside, is_term
from .results import Cue, Extracted, Quotation, said_date
from .subjects import LONE_NAME, OPENING_PRONOUN, participle_subject, sentence_subject, subject_before
from .verbs import AFTER, FINITE, VERB, VERBS, reporting_verbs, verb_before

# lower-case words that may open the words for a speaker after a quote ('"...," senior officials said')
_LOWER_OPENERS = DETERMINERS | {"senior", "officials", "police", "a", "an", "one", "another", "us"}


_ACCORDING_BEFORE = re.compile(r"\b[Aa]ccording to (?P<speaker>[^!?\"“”;]{2,120}?),?\s*$")
_PASSIVE = re.compile(
    r"\b(?:was|were|been) (?P<verb>told|informed|assured|warned) by (?P<speaker>[^!?\"“”;,]{2,100}?)"
    r"(?:\s+(?:of|that|about)\b|,|\s*$)"
)


_DASH_NAME = re.compile(r"^[ \t]*[—–-]+[ \t]*(?P<name>(?:[A-Z][\w.'’-]*[ \t]*){1,6})[ \t]*(?:\n|$)")


def _attribution_after(text: str, quotation: Quotation, limit: int) -> tuple[str, str, int] | None:
    tail = text[quotation.end + 1 : limit]
    dashed = _DASH_NAME.match(text[quotation.end + 1 : quotation.end + 80])
    if dashed:  # "..." - Commissioner Ruth Alvarez
        return dashed["name"].strip(), "—", quotation.end + 1 + dashed.start("name")
    match = AFTER.match(tail)
    if not match:
        return None
    if match["speaker"] is not None:
        speaker, verb, at = match["speaker"], match["verb"], quotation.end + 1 + match.start("speaker")
    else:
        speaker, verb, at = match["speaker2"], match["verb2"], quotation.end + 1 + match.start("speaker2")
        speaker = up_to_full_stop(speaker)
        if verb == "according to":
            return speaker, verb, at
        speaker = re.split(
            r"\s+(?:on|in|at|during|after|before|last|this|told|to|when|while|who|which|using|adding|as)\b", speaker
        )[0]
        return speaker, verb, at
    first = speaker.split()[0] if speaker.split() else ""
    if len(words_of(speaker)) > 14 or (
        first[:1].islower()
        and first not in PRONOUNS
        and first.lower() not in _LOWER_OPENERS
        and (first.lower() in LEXICON.non_openers or not speaker_name(speaker)[1])
        # a name after a lower-case description is the speaker ("super PAC spokeswoman Kellyanne Conway said"),
        # not after a conjunction ('", while Governor Oleg Klimov said'): that is another claim
    ):
        return None
    return speaker, verb, at


_INVERTED = re.compile(
    rf"^\s*(?P<verb>(?i:{VERBS}))\s+(?P<speaker>(?:[A-Z][\w'’.-]*\s+){{0,4}}[A-Z][\w'’-]+)\s*[,:]\s*$"
)


def _last_word_run(head: str, words: str) -> int:
    """Where `words` stand in `head` as whole words, the last time ("he" in "The latest ... when he yelled")."""
    found = [m.start() for m in re.finditer(rf"(?<![\w'’]){re.escape(words)}(?![\w'’])", head)]
    return found[-1] if found else max(0, head.find(words))


def _attribution_before(text: str, quotation: Quotation, sentence_start: int) -> tuple[str, str, int] | None:
    """`X said: "..."`, `X warned Tehran, "..."`, `According to X, "..."`: an attribution before the mark."""
    head = text[sentence_start : quotation.open_mark]
    according = _ACCORDING_BEFORE.search(head)
    if according:
        return according["speaker"], "according to", sentence_start + according.start("speaker")
    inverted = _INVERTED.match(head)
    if inverted:  # 'Said Comey, "..."'
        return inverted["speaker"], inverted["verb"], sentence_start + inverted.start("speaker")
    match = verb_before(head)
    if match:
        passive = _PASSIVE.search(head)
        if passive:
            return passive["speaker"], passive["verb"], sentence_start + passive.start("speaker")
        verb, verb_at = match
        region = head[:verb_at]
        subject = participle_subject(head, region) if verb.endswith("ing") else subject_before(region)
        if subject is not None:
            return subject, verb, sentence_start + _last_word_run(head, subject)
    if head.rstrip().endswith(":"):  # "Bill Gerstenmaier of NASA spoke of the collaboration ...: "..."
        subject = sentence_subject(head)
        if subject and subject in head:
            verb = head[head.find(subject) + len(subject) :].split()
            return subject, verb[0] if verb else ":", sentence_start + head.find(subject)
    return None


def _attribution_in_sentence(
    text: str, sentence_start: int, open_mark: int, quotations: list[Quotation]
) -> tuple[str, str, int] | None:
    """The last reporting verb before a partial quote, and its subject."""
    head = text[sentence_start:open_mark]
    verbs = [v for v in reporting_verbs(head, 0, len(head)) if not inside(sentence_start + v.start(), quotations)]
    if not verbs:
        return None
    verb = verbs[-1]
    region = head[: verb.start()]
    subject = participle_subject(head, region) if verb.group(0).endswith("ing") else subject_before(region)
    if subject is None:
        return None
    return subject, verb.group(0), sentence_start + _last_word_run(head, subject)


def _sentence_of(spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The sentence (start, end) holding an offset, or (offset, offset) between sentences."""
    index = bisect.bisect_right(spans, (offset, len(spans) and spans[-1][1] + 1)) - 1
    if index >= 0 and spans[index][0] <= offset < spans[index][1]:
        return spans[index]
    return offset, offset


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
    if capital and (stripped.endswith(":") or verb_before(head) or _ACCORDING_BEFORE.search(head)):
        return "direct"
    if capital and stripped.endswith(",") and not FINITE.search(head) and not VERB.search(head):
        return "direct"  # 'During the premiere, "I felt like Cinderella at the ball."'
    if _SPLIT_QUOTE_HEAD.search(head):
        return "direct"  # '"However," he told Science News, "this study does lay groundwork."'
    return "partial"


def _find_attribution(
    text: str,
    quotation: Quotation,
    quotations: list[Quotation],
    spans: list[tuple[int, int]],
    kind: str,
    sentence_start: int,
) -> Cue | None:
    _, end = _sentence_of(spans, min(quotation.end + 1, len(text) - 1))
    if end <= quotation.end + 1 and text[quotation.end - 1 : quotation.end] in ("!", "?"):
        _, end = _sentence_of(spans, min(end + 1, len(text) - 1))  # '"... paid!" LeVell declared': one sentence
    found = _attribution_after(text, quotation, min(end, _paragraph_end(text, quotation.end)))
    if found is not None:
        return Cue(*found, "after")
    if not text[sentence_start : quotation.open_mark].strip():
        return None
    found = _attribution_before(text, quotation, sentence_start)
    if found is not None:
        return Cue(*found, "before")
    if kind == "partial":
        found = _attribution_in_sentence(text, sentence_start, quotation.open_mark, quotations)
        return Cue(*found, "in-sentence") if found is not None else None
    return None


def _paragraph_end(text: str, position: int) -> int:
    at = text.find("\n\n", position)
    return len(text) if at < 0 else at


def extract_quotes(
    text: str, published: dt.date | None, state: State, quotations: list[Quotation], spans: list[tuple[int, int]]
) -> list[Extracted]:
    claims: list[Extracted] = []
    for index, quotation in enumerate(quotations):
        if is_term(text, index, quotations):
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
    state: State,
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
        if clean_label(found.label).lower() in ("he", "she"):
            return _fallback(state, quotation, span, found)  # '"...," he says' with no man in sight: unsure
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
    state: State,
    spans: list[tuple[int, int]],
    quotation: Quotation,
    span: dict,
    found: Cue,
    sentence_start: int,
) -> Extracted | None:
    # a pronoun after the quotation refers to whoever was in view when it opened, however long it is
    at = quotation.open_mark if found.at > quotation.end and found.label in PRONOUNS else found.at
    resolved = resolve_speaker(found.label, at, state, text)
    if resolved is None:
        return None
    speaker, person = resolved
    _, tail_end = _sentence_of(spans, quotation.end)
    said = said_date(text, sentence_start, quotation.open_mark, published) or said_date(
        text, quotation.end + 1, tail_end, published
    )
    last = state.last_speaker
    if said is None and last is not None and last.speaker == speaker and quotation.start - last.end < 600:
        said = last.said
    label, rule = clean_label(found.label), label_rule(found.label, found.rule)
    return Extracted(
        **span, speaker=speaker, speaker_label=label, verb=found.verb, said=said, is_person=person, rule=rule
    )


def _described_before(text: str, spans: list[tuple[int, int]], offset: int, state: State) -> tuple[str, bool] | None:
    """A "he" or "she" that names nobody: the person described as the subject of the sentence before ("The minister
    met students. '...,' he said."), as a guess."""
    index = bisect.bisect_right(spans, (offset, len(text))) - 1  # the sentence holding offset
    if index < 1:
        return None
    start, end = spans[index - 1]
    subject = sentence_subject(text[start:end])
    if not subject or subject.split()[0].lower() not in ("the", "a", "an"):
        return None
    resolved = resolve_speaker(subject, start, state, text)
    return resolved if resolved is not None and resolved[1] else None


def _fallback(state: State, quotation: Quotation, span: dict, found: Cue) -> Extracted | None:
    """An attributed quote whose words for the speaker are no noun phrase: the most salient person, unsure."""
    candidate = _described_before(state.text, state.spans, quotation.open_mark, state)
    candidate = candidate or resolve_pronoun("one", quotation.open_mark, state)
    if candidate is None:
        return None
    return Extracted(
        **span,
        speaker=candidate[0],
        speaker_label=candidate[0],
        verb=found.verb,
        is_person=candidate[1],
        rule="fallback",
    )


_NESTED_CUE = re.compile(r"(?:said|says|say|told|tells|shouted|yelled|wrote|replied)\b[^'‘]{0,12}['‘]")
_NESTED = re.compile(
    r"\b(?P<verb>said|says|say|told|tells|shouted|yelled|wrote|replied)(?:\s+(?:me|us|him|her|them))?[,:]?\s+['‘]"
)
_FIRST_PERSON = re.compile(r"(?:I|we|We|you|You)(?:['’]\w+)?\b")
_NESTED_CLOSE = re.compile(r"['’](?![\w])")


def _nested(text: str, claim: Extracted, state: State) -> list[Extracted]:
    """Quotations of others inside a direct quote ("Women in Nevada have said, 'It's time ...'"): direct claims of
    their own that came through the speaker; the speaker's own words quoted again ("I said, '...'") are not."""
    found = []
    for match in _NESTED.finditer(text, claim.start, claim.end):
        close = _NESTED_CLOSE.search(text, match.end(), claim.end)
        if close is None or len(words_of(text[match.end() : close.start()])) <= 3:
            continue  # "he said 'no comment'": a few words state nothing
        region = text[max(claim.start, match.start() - 120) : match.start()]
        region = re.split(r"(?<=[.!?])\s+|,\s+(?:and|but)\s+", region)[-1]
        label = subject_before(region) if region.strip() else None
        if not label or _FIRST_PERSON.match(label):
            continue  # "I've always said, '...'": the speaker quoting themselves
        resolved = resolve_speaker(label, match.start() - len(region) + region.find(label), state, text)
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


def _only_person_named(state: State, start: int, end: int) -> tuple[int, str] | None:
    """The one person named in a sentence, wherever they stand in it, or None when it names none or several."""
    named = [(position, name) for position, name in state.people if start <= position < end]
    return named[0] if named and len({name for _, name in named}) == 1 else None


def _introduced_before(text: str, quotation: Quotation, spans: list[tuple[int, int]], state: State) -> Extracted | None:
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
        label = subject_before(sentence[: verbs[-1].start()]) if verbs else sentence_subject(sentence)
        verb = verbs[-1].group(0) if verbs else ":"
        at += sentence.find(label) if label else 0
    else:
        subjects = [(position, name) for position, name in state.subjects if start <= position < end]
        opening = OPENING_PRONOUN.match(text, start, end) if not subjects else None
        lone = LONE_NAME.match(text, start, end) if not subjects and not opening else None
        if subjects:
            at, label = subjects[0]  # "Lead Paul Lee talked about how ... During the premiere, "I felt ...""
        elif lone and lone[1].lower() not in NOT_A_LONE_NAME and "'" not in lone[1]:
            at, label = start, lone[1]  # "Tipton was thrilled. "I cried when I got the call.""
        elif opening:
            label = opening[1] or opening[2]  # "Underwhelmed, she left the series. "This is not what I wanted""
            at = opening.start(1) if opening[1] else opening.start(2)
        elif (named := _only_person_named(state, start, end)) is not None and "\n\n" not in text[
            end : quotation.open_mark
        ]:
            at, label = named  # "..., leaving Ingram unimpressed. "One of them was questionable.""
        else:
            return None
        verb = "said"
        if last is not None and quotation.start - last.end < 800 and (last.start > at or last.speaker == label):
            return None  # the quote more likely continues the last speaker
    if not label:
        return None
    resolved = resolve_speaker(label, at, state, text)
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
        rule=label_rule(label, "introduced"),
    )


def _continues(text: str, last: Extracted, quotation: Quotation) -> bool:
    """A quote with no attribution of its own continues the previous speaker's if it follows closely."""
    between = text[last.end : quotation.open_mark]
    return len(between) < 300 and between.count("\n\n") <= 1
