"""`claims check --fix` fills in and corrects what the text determines; `claims check` says where a quote is, and
refuses a reviewed claim whose speaker match is still unsure."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from claims.cli import cli
from claims.corpus.models import claim_id
from claims.intake.fixing import settled_place

CLAIMS = "articles/2018-10-02-wsws-iran-missiles-syria.claims.yml"
TEXT = "articles/2018-10-02-wsws-iran-missiles-syria.txt"
ARTICLE = "2018-10-02-wsws-iran-missiles-syria"
FIRST_QUOTE = (
    "it had killed and wounded a significant number of Islamist militia members that it charged with responsibility "
    "for a terrorist attack against an Iranian military parade last month"
)
# claims[2] of CLAIMS, at 782..887 in the text
PENTAGON = "the missiles hit just three miles from where US troops are based in the Al Bukamal district of Deir Ezzor"


def run(seeds: Path, *options: str) -> Result:
    result = CliRunner().invoke(cli, ["check", "--seeds", str(seeds), *options])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def problems(result: Result) -> list[str]:
    return result.stderr.splitlines()[:-1]


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def repeat_the_pentagon_quote(seeds: Path) -> int:
    """Append a paragraph that repeats claims[2]'s quote (keeping the recorded sha256 true); its new place."""
    text = seeds / TEXT
    old = hashlib.sha256(text.read_bytes()).hexdigest()
    body = text.read_text(encoding="utf-8")
    addition = f"\nThe Pentagon later repeated that {PENTAGON}, officials said.\n"
    text.write_text(body + addition, encoding="utf-8")
    replace(seeds / CLAIMS, old, hashlib.sha256(text.read_bytes()).hexdigest())
    return len(body) + addition.index(PENTAGON)


# Without --fix: every offset error says where the quote is, at once.


def test_the_wrong_length_already_says_where_the_quote_is(seeds):
    replace(seeds / CLAIMS, "  start: 782\n  end: 887\n", "  start: 782\n  end: 899\n")
    assert problems(run(seeds)) == [
        f"{seeds / CLAIMS}:{line_of(seeds / CLAIMS, '- id: c-59b402c967c3')}: claims[2]: end - start is 117 but the "
        "quote has 105 characters; the quote is at start 782, end 887"
    ]


def test_missing_offsets_say_where_the_quote_is(seeds):
    replace(seeds / CLAIMS, "  start: 782\n  end: 887\n", "")
    lines = problems(run(seeds))
    assert [line.split(": ", 2)[1:] for line in lines] == [
        ["claims[2].start", "required field is missing; the quote is at start 782, end 887"],
        ["claims[2].end", "required field is missing; the quote is at start 782, end 887"],
    ]


def test_a_quote_that_occurs_twice_is_shown_at_both_places_in_one_line(seeds):
    second = repeat_the_pentagon_quote(seeds)
    replace(seeds / CLAIMS, "  start: 782\n  end: 887\n", "  start: 780\n  end: 885\n")
    assert problems(run(seeds)) == [
        f"{seeds / CLAIMS}:{line_of(seeds / CLAIMS, 'start: 780')}: claims[2].start: text[780:885] is not the quote; "
        "the quote occurs 2 times: at start 782, end 887 ('The Pentagon reported that [...]. \"Iranian forces did "
        f"conduct') or at start {second}, end {second + 105} ('Pentagon later repeated that [...], officials said.')"
    ]


def test_a_problem_after_an_invalid_claim_names_its_own_claim(seeds):
    replace(seeds / CLAIMS, "- id: c-24933c7ab865\n", "- id: C!\n")  # claims[0] does not validate
    replace(seeds / CLAIMS, "  start: 782\n  end: 887\n", "  start: 781\n  end: 886\n")
    lines = problems(run(seeds))
    assert lines[1] == (
        f"{seeds / CLAIMS}:{line_of(seeds / CLAIMS, 'start: 781')}: claims[2].start: text[781:886] is not the quote; "
        "the quote is at start 782, end 887"
    )


# --fix


def test_fix_fills_in_ids_offsets_and_the_sha256_as_they_were(seeds):
    original = (seeds / CLAIMS).read_bytes()
    digest = hashlib.sha256((seeds / TEXT).read_bytes()).hexdigest()
    replace(seeds / CLAIMS, f"  sha256: {digest}\n", "")
    replace(seeds / CLAIMS, "- id: c-24933c7ab865\n  kind: indirect\n", "- kind: indirect\n")
    replace(seeds / CLAIMS, "  start: 611\n  end: 752\n", "")
    assert run(seeds).exit_code == 1
    path = seeds / CLAIMS
    article, first, second = (line_of(path, text) for text in ("article:", "- kind:", "- id: c-dccf98ee6a2e"))

    result = run(seeds, "--fix")

    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == original  # the same id, offsets and digest, comments and layout kept
    assert result.stdout.splitlines()[:-1] == [
        f"{path}:{article}: article.sha256: filled in: {digest}",
        f"{path}:{first}: claims[0].id: filled in: {claim_id(ARTICLE, 'indirect', FIRST_QUOTE)}",
        f"{path}:{second}: claims[1].start: filled in: 611",
        f"{path}:{second}: claims[1].end: filled in: 752",
    ]
    assert result.stdout.splitlines()[-1].startswith("ok: 17 article(s)")


def test_fix_corrects_offsets_of_a_quote_that_occurs_once(seeds):
    original = (seeds / CLAIMS).read_bytes()
    replace(seeds / CLAIMS, "  start: 782\n  end: 887\n", "  start: 785\n  end: '880'\n")
    start, end = line_of(seeds / CLAIMS, "start: 785"), line_of(seeds / CLAIMS, "end: '880'")

    result = run(seeds, "--fix")

    assert result.exit_code == 0, result.stderr
    assert (seeds / CLAIMS).read_bytes() == original
    assert result.stdout.splitlines()[:-1] == [
        f"{seeds / CLAIMS}:{start}: claims[2].start: fixed: 785 -> 782",
        f"{seeds / CLAIMS}:{end}: claims[2].end: fixed: '880' -> 887",
    ]


def test_fix_keeps_a_start_that_is_at_one_of_the_places(seeds):
    repeat_the_pentagon_quote(seeds)
    replace(seeds / CLAIMS, "  start: 782\n  end: 887\n", "  start: 782\n  end: 880\n")
    result = run(seeds, "--fix")
    assert result.exit_code == 0, result.stderr
    assert "  start: 782\n  end: 887\n" in (seeds / CLAIMS).read_text()


@pytest.mark.parametrize(
    ("text", "start", "end", "place"),
    [
        ("ab x ab", 5, None, 5),  # the given start is at one of the places
        ("ab x ab", None, 2, 0),  # so is the given end
        ("ab x ab", 1, 3, None),  # neither: two places to pick from
        ("ab x ab", 0, 7, None),  # start and end at different places
        ("x ab", 3, 9, 2),  # one place
        ("x y", 0, 2, None),  # none
    ],
)
def test_the_text_settles_a_place_or_the_person_picks(text, start, end, place):
    assert settled_place(text, "ab", start, end) == place


def test_fix_does_not_guess_between_two_places_and_leaves_the_file_as_it_was(seeds):
    second = repeat_the_pentagon_quote(seeds)
    replace(seeds / CLAIMS, "- id: c-24933c7ab865\n  kind: indirect\n", "- kind: indirect\n")  # fixable
    replace(seeds / CLAIMS, "  start: 782\n  end: 887\n", "")  # where? at 782 or later
    before = (seeds / CLAIMS).read_bytes()

    result = run(seeds, "--fix")

    assert result.exit_code == 1
    assert (seeds / CLAIMS).read_bytes() == before
    assert result.stdout.splitlines() == [
        f"{seeds / CLAIMS}:{line_of(seeds / CLAIMS, '- kind: indirect')}: (file): not fixed, left as it was until its "
        "problems are settled: claims[0].id"
    ]
    missing = [line for line in problems(result) if "claims[2]" in line]
    assert len(missing) == 2  # start and end, each naming both places
    assert all("at start 782, end 887 (" in line and f"or at start {second}, end " in line for line in missing)


def test_fix_leaves_a_file_with_other_problems_as_it_was(seeds):
    replace(seeds / CLAIMS, "  start: 782\n", "  start: 781\n")
    replace(seeds / CLAIMS, "  speaker: irgc\n", "  speaker: nobody\n")
    before = (seeds / CLAIMS).read_bytes()
    result = run(seeds, "--fix")
    assert (result.exit_code, (seeds / CLAIMS).read_bytes()) == (1, before)
    assert "not fixed" in result.stdout
    assert sum("unknown speaker 'nobody'" in line for line in problems(result)) == 1


def test_fix_keeps_a_byte_order_mark_and_crlf_line_ends(seeds):
    path = seeds / CLAIMS
    original = path.read_bytes()
    path.write_bytes(b"\xef\xbb\xbf" + original.replace(b"  start: 782\n", b"  start: 781\n").replace(b"\n", b"\r\n"))
    assert run(seeds, "--fix").exit_code == 0
    assert path.read_bytes() == b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n")


# Review means reviewed


UNSURE = "  speaker: us-department-of-defense\n"  # claims[2], no via


@pytest.mark.parametrize("match", ["surname", "role", "description", "fuzzy", "contains", "unidentified"])
def test_a_reviewed_claim_with_an_unsure_speaker_match_is_refused(seeds, match):
    replace(seeds / CLAIMS, UNSURE, f"{UNSURE}  speaker_match: {match}\n")
    assert problems(run(seeds)) == [
        f"{seeds / CLAIMS}:{line_of(seeds / CLAIMS, 'speaker_match:')}: claims[2].speaker_match: '{match}' is unsure, "
        "but the claim is reviewed: check its speaker against the text, then set `speaker_match: confirmed` (or "
        "leave the claim `review: unreviewed`)"
    ]


def test_an_unsure_via_asks_for_the_via_to_be_checked_too(seeds):
    replace(seeds / CLAIMS, "  via: washington-post\n", "  via: washington-post\n  speaker_match: fuzzy\n")
    (line,) = problems(run(seeds))
    assert "claims[9].speaker_match: 'fuzzy' is unsure" in line and "check its speaker and via" in line


@pytest.mark.parametrize(
    "fields",
    [
        "  speaker_match: confirmed\n",
        "  review: reviewed\n  speaker_match: confirmed\n",
        "  review: unreviewed\n  speaker_match: surname\n",
        "  speaker_match: name\n",
    ],
)
def test_a_confirmed_match_or_an_unreviewed_claim_passes(seeds, fields):
    replace(seeds / CLAIMS, UNSURE, UNSURE + fields)
    result = run(seeds)
    assert result.exit_code == 0, result.stderr
