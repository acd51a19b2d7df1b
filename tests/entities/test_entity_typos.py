"""Misspelt well-known mail domains get a suggestion; real and unrelated domains do not."""

from __future__ import annotations

import pytest

from bot import DEFAULT_INTENTS_PATH
from bot.entities import TypoHint, extract_entities
from bot.entities.typos import MAX_HINTS, typo_hints, typo_suggestion
from bot.intents.catalog import Catalog
from bot.intents.matcher import Matcher


@pytest.mark.parametrize(
    ("domain", "suggestion"),
    [
        ("gmial.com", "gmail.com"),
        ("gmal.com", "gmail.com"),
        ("gmaill.com", "gmail.com"),
        ("gmail.con", "gmail.com"),
        ("gmail.co", "gmail.com"),
        ("hotmial.com", "hotmail.com"),
        ("hotmial.co.uk", "hotmail.co.uk"),
        ("yaho.com", "yahoo.com"),
        ("yahoo.cmo", "yahoo.com"),
        ("outlok.com", "outlook.com"),
        ("iclod.com", "icloud.com"),
        ("comcats.net", "comcast.net"),
        ("acme.con", "acme.com"),
        ("kestrelfarms.vom", "kestrelfarms.com"),
    ],
)
def test_likely_typo_gets_the_intended_domain(domain: str, suggestion: str) -> None:
    assert typo_suggestion(domain) == suggestion


@pytest.mark.parametrize(
    "domain",
    [
        "gmail.com",
        "yahoo.co.uk",
        "hotmail.fr",
        "outlook.com",
        "kestrelfarms.com",
        "brightlane.co",
        "mail.com",
        "email.com",
        "ymail.com",
        "hotmart.com",
        "wahoo.com",
        "support.google.com",
        "example.com",
        "me.com",
    ],
)
def test_real_and_unrelated_domains_are_left_alone(domain: str) -> None:
    assert typo_suggestion(domain) is None


def test_address_with_a_typo_domain_gets_a_hint() -> None:
    entities = extract_entities("customer typed jdoe@gmial.com at signup")
    assert entities.typo_hints == (TypoHint(domain="gmial.com", suggestion="gmail.com"),)


def test_domain_written_on_its_own_gets_a_hint() -> None:
    entities = extract_entities("is hotmial.com even a real domain? we have 40 signups with it")
    assert entities.typo_hints == (TypoHint(domain="hotmial.com", suggestion="hotmail.com"),)


def test_web_address_is_not_checked_for_typos() -> None:
    assert extract_entities("see https://gmial.com/help for details").typo_hints == ()


def test_hints_are_capped() -> None:
    text = " ".join(f"user{index}@company{index}.con" for index in range(MAX_HINTS * 3))
    assert len(extract_entities(text).typo_hints) == MAX_HINTS


def test_domains_listed_as_not_typos_get_no_hint() -> None:
    assert typo_hints(["gmial.com", "hotmial.com"], frozenset({"gmial.com"})) == (
        TypoHint(domain="hotmial.com", suggestion="hotmail.com"),
    )


def test_the_shipped_rules_list_real_lookalike_domains_as_not_typos() -> None:
    catalog = Catalog.load(DEFAULT_INTENTS_PATH)
    assert {"gmx.com", "ymail.com", "mail.com"} <= catalog.not_typos
    entities = Matcher(catalog).score("write to ana@gmx.com please").entities
    assert entities.typo_hints == ()
