"""The decisive SMTP codes are reported; HTTP statuses and counts are not."""

from __future__ import annotations

import pytest

from bot.codes.parse import parse_status_codes
from bot.entities import extract_entities


@pytest.mark.parametrize(
    ("text", "smtp_code", "enhanced_code"),
    [
        ("550 5.1.1 <kim@theirs.jp>: Recipient address rejected", "550", "5.1.1"),
        ("Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound'", "550", "5.1.10"),
        ("250 2.0.0 OK earlier, then 421 4.7.0 [TSS04] deferred", "421", "4.7.0"),
        ("'550 No Such User Here' from a cpanel server when sending", "550", None),
        ("the ESP API returned 550 5.1.1 user unknown", "550", "5.1.1"),
        ("554 delivery error: dd This mailbox is disabled (554.30)", "554", None),
    ],
)
def test_decisive_codes_of_a_reply(text: str, smtp_code: str, enhanced_code: str | None) -> None:
    entities = extract_entities(text)
    assert (entities.smtp_code, entities.enhanced_code) == (smtp_code, enhanced_code)


@pytest.mark.parametrize(
    "text",
    [
        "sending to test@example.com from staging gives 422 Unprocessable Entity",
        "HTTP 429 Too Many Requests from the email API",
        "550 people registered for the webinar!!",
        "250 New signups this week",
        "our API returns 422 when the payload is missing customer_id",
    ],
)
def test_http_statuses_and_counts_are_not_smtp_codes(text: str) -> None:
    assert extract_entities(text).smtp_code is None


def test_codes_parsed_by_the_caller_give_the_same_answer() -> None:
    text = "host mx said: 552-5.2.2 The email account is over quota - gsmtp"
    given = extract_entities(text, status_codes=parse_status_codes(text))
    assert given == extract_entities(text)
    assert (given.smtp_code, given.enhanced_code) == ("552", "5.2.2")
