"""Sentence boundaries, as news text arrives: headings without a stop, hard-wrapped lines, PDF copies."""

from __future__ import annotations

import pytest

from claims.corpus.sentences import sentence_spans


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kasich: Deporting Parents Is Not The Kind Of Values\nJohn Kasich said the plan was fair.",
            ["Kasich: Deporting Parents Is Not The Kind Of Values", "John Kasich said the plan was fair."],
        ),
        (  # a hard-wrapped line, mostly lower case, goes on across the line break
            "The mayor said on Monday that the plan for the\nCity Hall annex was fair.",
            ["The mayor said on Monday that the plan for the\nCity Hall annex was fair."],
        ),
        ("He said it was over. Mr. Smith left.", ["He said it was over.", "Mr. Smith left."]),
        (  # a PDF copy broken mid-sentence by a blank line
            "the council has argued for years that the source of all of our\n\nProblems is money.",
            ["the council has argued for years that the source of all of our\n\nProblems is money."],
        ),
    ],
)
def test_sentence_spans(text, expected):
    assert sentences(text) == expected
