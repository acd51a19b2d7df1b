"""SMTP status codes are read from replies and left alone in counts and version numbers."""

from __future__ import annotations

import pytest

from bot.codes.parse import code_matches, parse_status_codes


def test_basic_and_enhanced_codes_of_a_reply() -> None:
    codes = parse_status_codes("550-5.1.1 The email account that you tried to reach does not exist")
    assert codes.basic == ("550",)
    assert codes.enhanced == ("5.1.1",)
    assert codes.reply_like


def test_delivery_status_fields() -> None:
    codes = parse_status_codes(
        "Status: 5.0.0\nDiagnostic-Code: smtp; 553 sorry, user unknown (#5.7.1)"
    )
    assert codes.basic == ("553",)
    assert codes.enhanced == ("5.0.0", "5.7.1")


def test_failure_codes_decide_over_success_codes() -> None:
    codes = parse_status_codes("250 2.0.0 ok at first, then 550 5.2.2 mailbox full")
    assert codes.basic == ("250", "550")
    assert codes.decisive_enhanced == "5.2.2"


@pytest.mark.parametrize(
    "text",
    [
        "550 people registered for the webinar",
        "5.1.1 release notes are up",
        "version 4.2.20 ships friday",
    ],
)
def test_numbers_that_are_not_replies_are_ignored(text: str) -> None:
    codes = parse_status_codes(text)
    assert codes.basic == () and codes.enhanced == ()


def test_code_wildcards() -> None:
    assert code_matches("5.7.*", "5.7.26")
    assert not code_matches("5.7.*", "5.1.1")
    assert code_matches("55*", "552")
    assert code_matches("5.1.1", "5.1.1")
    assert not code_matches("5.1.1", "5.1.10")
