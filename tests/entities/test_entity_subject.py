"""A quoted subject line is found in headers and prose, whole and capped in length."""

from __future__ import annotations

import pytest

from bot.entities import extract_entities
from bot.entities.subject import MAX_SUBJECT_CHARS


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("We sent it on Tuesday, subject 'PO 1182'. No error back.", "PO 1182"),
        ('the one with subject "Your March invoice" bounced', "Your March invoice"),
        ("subject line was “Welcome aboard” and it went to spam", "Welcome aboard"),
        ("Subject: Quarterly report\nTo: a@b.io\n\nplease read", "Quarterly report"),
        ("  To: kim\n  Subject: Some test message\n  Sent: Wed", "Some test message"),
        ("sent it with subject Invoice 2291, at 9am", "Invoice 2291"),
        ("subject 'Don't miss out' landed in junk", "Don't miss out"),
        ("the message with the subject of (foo) matches a profile", "foo"),
    ],
)
def test_subject_is_found_in_headers_and_prose(text: str, subject: str) -> None:
    assert extract_entities(text).subject == subject


@pytest.mark.parametrize(
    "text",
    [
        "subject line had FREE in caps so... yeah",
        "the subject of the meeting is budgets",
        "no subject here at all",
    ],
)
def test_unquoted_mentions_of_a_subject_give_none(text: str) -> None:
    assert extract_entities(text).subject is None


def test_subject_is_capped() -> None:
    entities = extract_entities("Subject: " + "long words " * 100)
    assert entities.subject is not None
    assert len(entities.subject) == MAX_SUBJECT_CHARS


def test_unclosed_quote_gives_no_subject() -> None:
    assert extract_entities("subject '" + "x" * 5000).subject is None
