"""Reported speech: "X said (that) ...", "..., officials said", "according to X, ...", "Per X, ...", "X cites Y as
saying ...", each clause attributed to its speaker."""

from __future__ import annotations

import datetime as dt
import re

from .lexicon import LEXICON, alternation, verb_forms, words_of
from .names import clean_label, is_person_name, label_rule, up_to_full_stop
from .people import GENERIC_GROUPS, State, resolve_speaker
from .quotations import OPENING, STRAIGHT, inside
from .results import Extracted, Found, Quotation, said_date
from .subjects import ARTICLE_BEFORE, participle_subject, subject_before
from .verbs import FINITE, REPORTING_FORMS, VERBS

_THATLESS_FORMS = LEXICON.thatless_verbs | verb_forms(LEXICON.thatless_lemmas)
# ", saying, \"...": a reporting participle hands the clause over to a quotation
_PARTICIPLES = frozenset(form for form in REPORTING_FORMS | _THATLESS_FORMS if form.endswith("ing"))
_ANY_VERB = re.compile(rf"\b{alternation(REPORTING_FORMS | _THATLESS_FORMS)}\b")
_THATLESS = alternation(_THATLESS_FORMS)
# "A total of 39 are confirmed dead, officials told state media." -- the attribution after the claim
_POSTPOSED_VERBS = alternation(_THATLESS_FORMS | LEXICON.postposed_verbs)
_CLAUSE_BREAK = re.compile(r";\s+|\s*\n\s*\n\s*")
_OBJECT = (
    r"(?:\s+(?:him|her|them|us|me|it|reporters|journalists|parliament|congress|lawmakers|legislators|supporters|fans|"
    r"students|viewers|listeners|the\s+(?:court|press|media|jury|BBC|paper|newspaper|magazine|station|broadcaster|"
    r"channel|network|agency|committee|panel|inquiry|audience|crowd|parliament|senate|house|council|conference|"
    r"hearing|judge|tribunal|commission|website|radio|programme|program|show|podcast|outlet)|"
    r"state\s+media|our\s+correspondent|Wikinews|(?:The\s+)?(?:[A-Z][\w.-]+\s*){1,4}))?"
)
_INDIRECT = re.compile(
    rf"(?P<verb>\b(?:{VERBS}))(?P<object>(?:\s+(?:earlier|later|also|again|publicly|privately|previously|repeatedly))?"
    r"(?:(?:\s+(?!that\b)[\w'’*-]+){0,4}?"
    r"|\s+(?:in|on|at|to|during|via|through|with)(?:\s+(?!that\b)[\w'’*.&-]+){1,12}?))\s+(?:that|whether)\s+"
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
    r"scientists|researchers|experts|analysts|doctors|residents)(?:,\s+(?:a|an|the|who)\s+[^,.;]{1,80}?)?"
    r"(?:\s*[.;]|\s*$|(?P<goes_on>,\s+(?=[a-z])))"
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
_CLAUSE_ENDS = re.compile(
    rf":\s*[\"“]|\n\s*\n|,\s+{alternation(_PARTICIPLES)}\b[^,\"“”]{{0,20}}[,:]?\s*[\"“]"
)  # and before ", saying, \"..."


def extract_reported(
    text: str,
    published: dt.date | None,
    state: State,
    quotes: list[Extracted],
    quotations: list[Quotation],
    spans: list[tuple[int, int]],
) -> list[Extracted]:
    claims = []
    cues = ("ccording to" in text, "cite" in text or "quot" in text)
    for sentence_start, sentence_end in spans:
        if inside(sentence_start, quotations):
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
    text: str, found: Found, sentence_start: int, published: dt.date | None, state: State, quotes: list[Extracted]
) -> Extracted | None:
    clause_start, clause_end, label, verb, label_at, via = found
    ends = _CLAUSE_ENDS.search(text, clause_start, clause_end)  # before a quotation it introduces, or a new paragraph
    if ends:
        clause_end = ends.start()
    while clause_end > clause_start and text[clause_end - 1] in ".!?,; \n\r\t":
        clause_end -= 1
    quote = text[clause_start:clause_end]
    if len(words_of(quote)) < 3 or _is_covered_by_direct(clause_start, clause_end, quotes):
        return None
    resolved = resolve_speaker(label, label_at, state, text)
    if resolved is None:
        return None
    speaker, person = resolved
    said = said_date(text, sentence_start, clause_start, published)
    label, rule = clean_label(label), label_rule(label, "reported")
    return Extracted("indirect", quote, clause_start, clause_end, speaker, label, verb, via, said, person, rule)


_PRONOUN_SUBJECT = re.compile(r"\b(?:he|she|they|we|I)\s+(?!and\b|or\b)[a-z']{2,}")
# where an object's description ends or a clause of its own begins: "her season with the show, when they were"
_CLAUSE_CUT = re.compile(
    r"[;:]|,\s+(?:saying|adding|noting|according|but|and|while|as|although|when|where|whereas|because|since|"
    r"after|before|until|though|if)\b|\s+(?:whereby|wherein|(?:in|under|by|for|with|through) which)\b"
    r"|\s+(?:after|before|when|while|because|since|until|although|though|whereas|unless)\s"
)
_RELATIVE_ASIDE = re.compile(r",\s+(?:which|who|whom|whose)\b[^,;]*,")


def _is_clause(after_verb: str) -> bool:
    """Whether the words after a reporting verb without "that" form a clause (a subject and a finite verb)
    rather than an object ("denied the allegations, saying ...", "recalled her season, when they were ...")."""
    words = up_to_full_stop(after_verb[:160])
    cut = _CLAUSE_CUT.search(words)
    words = words[: cut.start()] if cut else words
    if ", " in words:
        words = _RELATIVE_ASIDE.sub(" ", words)  # "the plan, which was approved, would fail"
    return bool(FINITE.search(words) or _PRONOUN_SUBJECT.search(words))


def _reported_in(
    text: str,
    start: int,
    end: int,
    state: State,
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
        via = resolve_speaker(subject_before(sentence[: cites.start()]) or "it", start, state, text)
        verb = f"{cites['verb']} ... as {cites['how'].split()[0]}"
        speaker_at = start + cites.start("speaker")
        return [Found(start + cites.end(), end, cites["speaker"], verb, speaker_at, via[0] if via else None)]
    according = _ACCORDING.search(sentence) if according_cue else None
    if according and not inside(start + according.start(), quotations):
        found = _according(sentence, start, end, according)
        if found and found[0].clause_start < start + according.start():  # the claim before: a report may follow
            more = _reported_clause(sentence, start, end, [v for v in verbs if v > according.end()], quotations)
            return [*found, more] if more else found
        return found
    per = _PER.match(sentence) if sentence.startswith("Per ") else None
    if per:
        return [Found(start + per.end(), end, per["speaker"], "Per", start + per.start("speaker"), None)]
    found = []
    postposed = _postposed(sentence, start, verbs, quotations)
    if postposed:
        found.append(postposed)
    after = postposed.clause_end - start if postposed else 0
    reported = _reported_clause(sentence, start, end, [v for v in verbs if v > after], quotations)
    while reported is not None:
        # "Officials said 24 were hurt, but AFP reported 32 hurt", "indicated ... and suggested ...": two reports
        following, cut = None, reported.clause_end
        for boundary in _NEXT_REPORT.finditer(sentence, reported.clause_start - start):
            near = [v for v in verbs if boundary.end() <= v < boundary.end() + 40]
            if near and _PUNCTUATION.search(sentence, boundary.end(), near[0]):
                continue  # "he can and may declare an emergency, which he said": not a report of its own
            if near and not inside(start + boundary.start(), quotations):
                following = _reported_clause(sentence, start, end, near, quotations, reported.label)
                quoted = _JOINED.match(sentence, boundary.end(), near[0]) and _QUOTED.match(sentence, near[0])
                if following is not None or quoted:
                    cut = start + boundary.start()  # '... winners but added, "I think ..."': a report of its own
                    break
        found.append(reported._replace(clause_end=cut))
        reported = following
    return found


# "Trump, Sexton said, has ...", "Putting the show together, Butz said, allowed him ...": an attribution inserted
# between a sentence's subject and its verb
_INSERTED = re.compile(
    r"^(?P<subject>[^,;:\"“”]{2,80}),\s+(?P<speaker>(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*"
    r"|(?:the|a|an)\s+[\w'’.-]+(?:\s+[\w'’.-]+){0,3}?|he|she|they)\s+$"
)
_INSERTED_AFTER = re.compile(r",\s+[a-z]")
_NEGATED = re.compile(r"(?:\bnot|\bnever|n't)\s+$")
_PUNCTUATION = re.compile(r"[,;:.\"“”]")
_JOINED_VERB = re.compile(r"\b(?:and|but)\s+(?:also\s+|further\s+|later\s+)?$")
_QUOTED = re.compile(r"[a-z]+[,:]?\s*[\"“]")  # "added, "I think ...""
_JOINED = re.compile(r"(?:also\s+|further\s+|later\s+)?$")  # "but added", "and also said": a verb right after it
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
        return [Found(start + according.start("speaker") + 6, end, antecedent[1], "according to", at, None)]
    opens = _PRONOUN_OPENS.search(speaker)
    if opens:  # "according to the ministry he died in the morning"
        return [Found(at + opens.end(), end, speaker[: opens.start()], "according to", at, None)]
    if len(words_of(before)) >= 4:
        return [Found(start, start + len(before), speaker, "according to", at, None)]
    named = _APPOSITIVE_NAME.match(sentence, according.end())
    if named and is_person_name(named[1]):  # "According to the city's mayor, Helen Park, the council ..."
        return [Found(start + named.end(), end, f"{speaker}, {named[1]}", "according to", at, None)]
    return [Found(start + according.end(), end, speaker, "according to", at, None)]


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
        if inside(start + verb_start, quotations):
            continue
        if match["verb2"] and not _is_clause(sentence[match.end() :]):
            continue  # "denied the allegations": an object, not reported content
        verb = match["verb"] or match["verb2"]
        region = sentence[:verb_start]
        if ARTICLE_BEFORE.search(region, max(0, verb_start - 8)) or (
            verb.endswith("ed")
            and (
                _DETERMINER_BEFORE.search(region, max(0, verb_start - 12))
                or _PREPOSITION_BEFORE.search(region, max(0, verb_start - 10))
            )
        ):
            continue  # "several alleged accomplices", "amongst reported incidents", "His remarks": no verb
        if _NEGATED.search(region, max(0, verb_start - 12)):
            continue  # "did not say he had ordered it": nothing was said
        if same_subject is not None and _JOINED_VERB.search(region, max(0, verb_start - 20)):
            return Found(start + match.end(), end, same_subject, verb, start + sentence.find(same_subject), None)
        if ('"' in region or "”" in region) and _QUOTE_JUST_CLOSED.search(region, max(0, verb_start - 120)):
            continue  # '"...," he told the press, "...': the attribution of a quotation
        inserted = _INSERTED.match(region) if _INSERTED_AFTER.match(sentence, verb_start + len(verb)) else None
        if inserted:  # "Trump, Sexton said, has created a zone": the report is the whole sentence around it
            return Found(start, end, inserted["speaker"], verb, start + inserted.start("speaker"), None)
        if region.endswith("who ") and _BEFORE_WHO.search(region):
            label = _antecedent(region)  # "according to police, who said officers arrived"
        else:
            label = participle_subject(sentence, region) if verb.endswith("ing") else subject_before(region)
        if label is None or region.rstrip().endswith(("”", '"')) or label.lower() in ("which", "who", "that"):
            continue
        return Found(start + match.end(), end, label, verb, start + sentence.find(label), None)
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
        if postposed is None or FINITE.search(postposed["speaker"]):
            return None  # not "The senator, speaking to reporters, said the vote would be delayed"
        if not _is_clause(postposed["clause"]) and postposed["speaker"] not in GENERIC_GROUPS:
            return None  # not "Dr. Anne Chu, a virologist, explained the findings": no claim before the verb
    if inside(start + postposed.start("verb"), quotations):
        return None
    label = subject_before(postposed["speaker"])
    if not label:
        return None
    at = start + postposed.start("speaker") + postposed["speaker"].rfind(label)
    if postposed["goes_on"]:  # "Orders will not stop, Maroth said, and the loan is safe": the whole clause
        return Found(start, start + len(sentence), label, postposed["verb"], at, None)
    return Found(start, start + postposed.end("clause"), label, postposed["verb"], at, None)


def _is_covered_by_direct(start: int, end: int, quotes: list[Extracted]) -> bool:
    """Reported speech that is only a direct quote ("X said: "...") is the direct claim already."""
    for quote in quotes:
        if quote.kind != "direct":
            continue
        overlap = min(end, quote.end) - max(start, quote.start)
        if overlap > 0.6 * (end - start):
            return True
    return False
