"""Email addresses are found in order, once each, and never from mentions or Message-IDs."""

from __future__ import annotations

import pytest

from bot.entities import extract_entities
from bot.entities.addresses import MAX_ADDRESSES


def test_addresses_keep_their_order_and_appear_once() -> None:
    text = "cc ana@orchid.io and bo@kestrel.com, then ana@orchid.io again"
    assert extract_entities(text).addresses == ("ana@orchid.io", "bo@kestrel.com")


def test_domain_is_lower_cased_and_the_mailbox_name_kept() -> None:
    entities = extract_entities("write to Bob.Smith@Example.COM please")
    assert entities.addresses == ("Bob.Smith@example.com",)
    assert entities.domains == ("example.com",)


def test_case_alone_does_not_make_a_second_address() -> None:
    entities = extract_entities("RECIPIENT@EXAMPLE.NET and recipient@example.net")
    assert entities.addresses == ("RECIPIENT@example.net",)


@pytest.mark.parametrize(
    "text",
    [
        "<jo@harbor.net>: host mx said: 550",
        "mailto:jo@harbor.net",
        "<mailto:jo@harbor.net|jo@harbor.net>",
        "&lt;jo@harbor.net&gt;: host mx said: 550",
        "did you write to jo@harbor.net?",
        "it was jo@harbor.net.",
        "jo@harbor.net's mailbox is full",
        "(jo@harbor.net)",
        "'jo@harbor.net', and more",
        "to=<jo@harbor.net>, relay=mx.harbor.net",
    ],
)
def test_wrapping_and_trailing_punctuation_are_not_part_of_the_address(text: str) -> None:
    assert extract_entities(text).addresses == ("jo@harbor.net",)


@pytest.mark.parametrize(
    "text",
    [
        "@channel queued-but-missing again",
        "blocked on code review from @maria",
        "thanks <@U024BE7LH> for the help",
        "address has two @ in it ('pay@@northgate.io')",
        "resend won't send to bob@ anymore",
        "they typed 'john @ acme.com' with spaces",
        "no at sign here at all",
    ],
)
def test_mentions_and_malformed_addresses_are_not_addresses(text: str) -> None:
    entities = extract_entities(text)
    assert entities.addresses == ()
    assert entities.sender is None
    assert entities.recipient is None


def test_double_at_sign_does_not_leak_its_domain() -> None:
    assert extract_entities("address has two @ in it ('pay@@northgate.io')").domains == ()


def test_at_domain_mentions_count_as_domains_but_not_addresses() -> None:
    entities = extract_entities("QA used @test.com addresses in the load test")
    assert entities.addresses == ()
    assert entities.domains == ("test.com",)


def test_mailbox_name_longer_than_the_standard_allows_is_rejected() -> None:
    assert extract_entities("x" * 65 + "@gmail.com").addresses == ()
    assert extract_entities("x" * 64 + "@gmail.com").addresses == ("x" * 64 + "@gmail.com",)


def test_a_long_list_of_addresses_is_capped() -> None:
    text = " ".join(f"user{index}@example{index}.com" for index in range(MAX_ADDRESSES * 3))
    entities = extract_entities(text)
    assert len(entities.addresses) <= MAX_ADDRESSES
    assert entities.addresses[0] == "user0@example0.com"


def test_every_address_fits_the_length_limit() -> None:
    long_domain = ".".join(["a" * 60] * 5) + ".com"
    assert extract_entities(f"x@{long_domain}").addresses == ()
