"""The seed article and its reviewed claims: the facts a reader will check first."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from claims import schema
from claims.corpus.walk import load_corpus

from .conftest import ROOT, SEED_ARTICLE, SEEDS

# SHA-256 of ../shared/seeds/000_3bc9dd7a272d9bec.txt, the article as the user handed it over.
ORIGINAL_SHA256 = "94ae5c9a407adec255dfd0e902c5fbc063ddc8ed3e72154dd99f95d02a8bd19d"


@pytest.fixture(scope="module")
def claims():
    corpus, problems = load_corpus(SEEDS)
    assert problems == []
    (article,) = [article for article in corpus.articles if article.meta.id == SEED_ARTICLE.name]
    return article.claims


def test_the_article_text_is_byte_for_byte_the_original():
    assert hashlib.sha256(SEED_ARTICLE.with_suffix(".txt").read_bytes()).hexdigest() == ORIGINAL_SHA256


def test_about_twenty_claims_from_about_a_dozen_speakers(claims):
    assert len(claims) == 26
    assert len({claim.speaker for claim in claims}) == 13
    assert {claim.kind for claim in claims} == {"direct", "partial", "indirect"}


def find(claims, start_of_quote):
    (claim,) = [claim for claim in claims if claim.quote.startswith(start_of_quote)]
    return claim


def test_dates_are_resolved_against_publication(claims):
    saturday = find(claims, "It has even become clear")
    assert (saturday.said_from, saturday.said_to, saturday.said_precision) == (
        dt.date(2018, 9, 29),
        dt.date(2018, 9, 29),
        "day",
    )
    last_week = find(claims, "If you cross us")
    assert (last_week.said_from, last_week.said_to, last_week.said_precision) == (
        dt.date(2018, 9, 24),
        dt.date(2018, 9, 30),
        "week",
    )
    late_last_year = find(claims, '"great power" conflicts')
    assert (late_last_year.said_from.year, late_last_year.said_precision) == (2017, "year")
    assert find(claims, "the missiles hit just three miles").said_precision == "unknown"


def test_second_hand_claims_name_their_via(claims):
    assert find(claims, "the US would maintain its presence").via == "washington-post"
    assert find(claims, "the forces are being shifted").via == "wall-street-journal"
    assert find(claims, "the forces are being shifted").speaker == "senior-pentagon-officials"
    assert sum(claim.via is not None for claim in claims) == 2


def test_metonymy_and_pronouns_resolve_to_canonical_speakers(claims):
    assert find(claims, "the missiles, Iranian-made").speaker == "government-of-iran"
    assert find(claims, "to deploy Russian S-300").speaker == "government-of-russia"
    he_said = find(claims, "The coalition destroyed the Syrian city")
    assert (he_said.speaker_label, he_said.speaker) == ("he", "walid-al-moallem")


def test_scare_quotes_and_slogans_are_not_claims(claims):
    quotes = {claim.quote for claim in claims}
    for not_a_claim in ("rebels", "death to America,", "allies", "partners."):
        assert not_a_claim not in quotes


def test_schema_files_are_generated_from_the_models():
    assert schema.stale(ROOT / "schema") == [], "run `claims schema` to regenerate schema/"


def test_claims_files_name_their_schema():
    for path in SEEDS.rglob("*.claims.yml"):
        first_line = path.read_text().splitlines()[0]
        assert first_line == "# yaml-language-server: $schema=../../schema/claims-file.schema.json"
    assert (SEEDS / "articles" / "../../schema/claims-file.schema.json").resolve().is_file()
