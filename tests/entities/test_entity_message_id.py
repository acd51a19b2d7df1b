"""Message-IDs come from headers and replies and are never taken for email addresses."""

from __future__ import annotations

from bot.entities import extract_entities
from bot.entities.message_id import MAX_MESSAGE_ID_CHARS


def test_message_id_header_is_read() -> None:
    entities = extract_entities("Message-ID: <CAF1234abc@mail.example.com>\nSubject: hi")
    assert entities.message_id == "<CAF1234abc@mail.example.com>"
    assert entities.addresses == ()


def test_id_in_a_queued_reply_is_read_and_not_an_address() -> None:
    text = (
        "250 2.6.0 <20240611093312.8f2c@mail.ourapp.io> [InternalId=18932087452131, "
        "Hostname=DM6PR11MB4172.namprd11.prod.outlook.com] Queued mail for delivery"
    )
    entities = extract_entities(text)
    assert entities.message_id == "<20240611093312.8f2c@mail.ourapp.io>"
    assert entities.addresses == ()
    assert entities.recipient is None


def test_numeric_mailbox_named_as_the_failed_recipient_stays_an_address() -> None:
    entities = extract_entities("<12345678901@qq.com>: host mx3.qq.com said: 550 no such user")
    assert entities.message_id is None
    assert entities.recipient == "12345678901@qq.com"


def test_numeric_mailbox_after_rcpt_to_stays_an_address() -> None:
    entities = extract_entities("RCPT TO:<12345678901@qq.com>\n550 mailbox unavailable")
    assert entities.message_id is None
    assert entities.recipient == "12345678901@qq.com"


def test_plain_bracketed_address_is_not_an_id() -> None:
    entities = extract_entities("550 5.1.1 <kim@theirs.jp>... User unknown")
    assert entities.message_id is None


def test_message_id_is_capped() -> None:
    entities = extract_entities("Message-ID: " + "a" * 190 + "@" + "b" * 190 + ".com")
    assert entities.message_id is not None
    assert len(entities.message_id) <= MAX_MESSAGE_ID_CHARS
