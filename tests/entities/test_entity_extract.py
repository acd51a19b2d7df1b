"""Whole messages: every detail at once, Slack markup, and hostile or huge input."""

from __future__ import annotations

import json
import random

import pytest

from bot.entities import Entities, TypoHint, extract_entities
from bot.entities.addresses import MAX_ADDRESS_CHARS
from bot.entities.dates import MAX_DATE_CHARS
from bot.entities.message_id import MAX_MESSAGE_ID_CHARS
from bot.entities.prepare import MAX_SCAN_CHARS
from bot.entities.subject import MAX_SUBJECT_CHARS


def test_a_support_question_gives_every_detail() -> None:
    text = (
        "We sent an email from sales@ridgecrest.io to p.ng@outlook.com on Tuesday, "
        "subject 'PO 1182'. Didn't get any error back and they say it never arrived."
    )
    assert extract_entities(text) == Entities(
        sender="sales@ridgecrest.io",
        recipient="p.ng@outlook.com",
        addresses=("sales@ridgecrest.io", "p.ng@outlook.com"),
        domains=("ridgecrest.io", "outlook.com"),
        provider="microsoft",
        mailbox="consumer",
        date="Tuesday",
        subject="PO 1182",
        tried=("no_bounce",),
    )


def test_a_pasted_bounce_gives_the_returned_case_never_the_notice_headers() -> None:
    text = (
        "Subject: Undelivered Mail Returned to Sender\n"
        "Date: Tue, 11 Jun 2024 09:33:12 +0000\n"
        "Message-ID: <20240611093312.4F2A1@mx.ourapp.io>\n\n"
        "<jdoe@gmial.com>: Host or domain name not found. Name service error for "
        "name=gmial.com type=MX: Host not found, try again"
    )
    entities = extract_entities(text)
    assert entities.recipient == "jdoe@gmial.com"
    # The notice's own Subject, Date and Message-ID are not the returned message's.
    assert entities.subject is None
    assert entities.date is None
    assert entities.message_id is None
    assert entities.typo_hints == (TypoHint(domain="gmial.com", suggestion="gmail.com"),)


def test_slack_links_read_as_what_the_person_typed() -> None:
    text = (
        "is <http://hotmial.com|hotmial.com> real? mail to <mailto:kim@acme.io|kim@acme.io> failed"
    )
    entities = extract_entities(text)
    assert entities.recipient == "kim@acme.io"
    assert entities.typo_hints == (TypoHint(domain="hotmial.com", suggestion="hotmail.com"),)


def test_chatter_gives_no_details() -> None:
    assert extract_entities("who took the last oat milk 😡") == Entities()


@pytest.mark.parametrize("text", ["", "   \n\t ", "\x00" * 10])
def test_empty_input_gives_empty_details(text: str) -> None:
    entities = extract_entities(text)
    assert entities.addresses == ()
    assert entities.recipient is None


def test_letters_that_grow_when_lower_cased_do_not_shift_the_address() -> None:
    entities = extract_entities("İİİ İstanbul office: mail to kim@acme.io bounced")
    assert entities.recipient == "kim@acme.io"


def test_only_the_first_part_of_a_huge_paste_is_read() -> None:
    text = "x " * MAX_SCAN_CHARS + "mail to late@acme.io bounced"
    assert extract_entities(text).addresses == ()


_HOSTILE = {
    "at signs": "@" * 100_000,
    "half addresses": "a@" * 50_000,
    "angle brackets": "<" * 100_000,
    "unclosed subject": "subject '" + "x" * 100_000,
    "deep domain": "a@" + "b." * 5_000 + "com",
    "digits": "5" * 100_000,
    "dots": "a." * 50_000,
    "repeated address": "to kim@acme.io " * 7_000,
    "lone surrogates": "\ud800\udfff mail to kim@acme.io \udc00",
    "control characters": "".join(chr(code) for code in range(32)) * 1_000,
    "right to left": "\u202e moc.liamg@mik \u202c to kim@acme.io",
    "binary": bytes(range(256)).decode("latin-1") * 400,
    "emoji": "📧🚫" * 20_000 + " to kim@acme.io",
}


@pytest.mark.parametrize("name", sorted(_HOSTILE))
def test_hostile_input_never_raises_and_values_stay_capped(name: str) -> None:
    _assert_well_formed(extract_entities(_HOSTILE[name]))


def test_random_text_never_raises() -> None:
    alphabet = "ab@.<>:;'\"|-_ 0123456789\n\tmailto:gmail.com İ\u0000\ud800/5.1.1 550 subject"
    generator = random.Random(20240611)
    for _ in range(300):
        length = generator.randrange(0, 400)
        text = "".join(generator.choice(alphabet) for _ in range(length))
        _assert_well_formed(extract_entities(text))


def _assert_well_formed(entities: Entities) -> None:
    assert all(len(address) <= MAX_ADDRESS_CHARS for address in entities.addresses)
    assert entities.subject is None or len(entities.subject) <= MAX_SUBJECT_CHARS
    assert entities.message_id is None or len(entities.message_id) <= MAX_MESSAGE_ID_CHARS
    assert entities.date is None or len(entities.date) <= MAX_DATE_CHARS
    assert entities.recipient is None or entities.recipient in entities.addresses
    assert entities.sender is None or entities.sender in entities.addresses
    json.dumps(entities.as_dict(), ensure_ascii=True)
