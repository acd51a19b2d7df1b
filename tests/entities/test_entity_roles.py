"""Sender and recipient are told apart by how people and mail servers word them."""

from __future__ import annotations

import pytest

from bot.entities import extract_entities


@pytest.mark.parametrize(
    ("text", "sender", "recipient"),
    [
        (
            "We sent an email from sales@ridge.io to p.ng@outlook.com on Tuesday",
            "sales@ridge.io",
            "p.ng@outlook.com",
        ),
        (
            "MS365 recipient, sender was billing@lumen.com if that matters",
            "billing@lumen.com",
            None,
        ),
        ("IT blocked our domain (we send as alerts@vantora.io)", "alerts@vantora.io", None),
        ("all our emails from hello@pine.com land in spam", "hello@pine.com", None),
        (
            "Sender Address: robot@ours.io\nRecipient Address: kim@theirs.jp",
            "robot@ours.io",
            "kim@theirs.jp",
        ),
        (
            "SMTP error after MAIL FROM:<app@ours.io>:\n550 sender rejected",
            "app@ours.io",
            None,
        ),
        ("SMTP error after RCPT TO:<kim@theirs.jp>:\n550 no such user", None, "kim@theirs.jp"),
        ("Final-Recipient: rfc822; kim@theirs.jp\nAction: failed", None, "kim@theirs.jp"),
        (
            "postfix/qmgr[1]: 4Xk2: from=<news@ours.io>, size=2100\n"
            "postfix/smtp[2]: 4Xk2: to=<ops@farm.com>, relay=mx1.farm.com[203.0.113.8]:25",
            "news@ours.io",
            "ops@farm.com",
        ),
        ("<tom@harbor.net>: host mail.harbor.net said: 552 5.2.2 full", None, "tom@harbor.net"),
        ("550 5.1.1 <ana@vertex.com.br>... User unknown", None, "ana@vertex.com.br"),
        ("We got an auto reply from dmitri@koval.eu saying he's away", None, "dmitri@koval.eu"),
        ("a spam complaint came in from dana@yahoo.com today", None, "dana@yahoo.com"),
        ("complaint notification for dana@yahoo.com", None, "dana@yahoo.com"),
        ('{"event": "bounce", "email": "kim@theirs.jp"}', None, "kim@theirs.jp"),
        ('{"recipients": ["kim@theirs.jp"]}', None, "kim@theirs.jp"),
        ("customer typed jdoe@gmial.com at signup", None, "jdoe@gmial.com"),
        ("ravi@leaf.in isn't getting any of our emails", None, "ravi@leaf.in"),
    ],
)
def test_wording_decides_who_sent_and_who_received(
    text: str, sender: str | None, recipient: str | None
) -> None:
    entities = extract_entities(text)
    assert (entities.sender, entities.recipient) == (sender, recipient)


def test_reply_to_names_neither_end() -> None:
    entities = extract_entities("Reply-To: desk@ours.io")
    assert entities.addresses == ("desk@ours.io",)
    assert (entities.sender, entities.recipient) == (None, None)


def test_system_mailbox_is_not_taken_for_the_recipient() -> None:
    entities = extract_entities("got a message from the robot mailer-daemon@mx.example.org")
    assert entities.recipient is None


def test_alias_a_mailbox_was_expanded_from_is_not_the_recipient() -> None:
    text = "<kim@mail.theirs.jp> (expanded from <info@theirs.jp>): host mx said: 550"
    assert extract_entities(text).recipient == "kim@mail.theirs.jp"


def test_first_explicit_recipient_wins_over_an_address_without_a_cue() -> None:
    text = "ops@ours.io here: our mail to kim@theirs.jp bounced"
    assert extract_entities(text).recipient == "kim@theirs.jp"


def test_bounce_from_a_mail_server_robot_does_not_name_the_recipient() -> None:
    entities = extract_entities("got a bounce from MAILER-DAEMON@googlemail.com for kim@acme.io")
    assert entities.recipient == "kim@acme.io"
    assert entities.provider is None
    assert extract_entities("got a bounce from mailer-daemon@googlemail.com").recipient is None


def test_header_lines_with_display_names_name_sender_and_recipient() -> None:
    text = 'From: Sales Team <sales@ours.io>\nCc: "Lee, A" <lee@ours.io>\nTo: Kim <kim@theirs.jp>'
    entities = extract_entities(text)
    assert (entities.sender, entities.recipient) == ("sales@ours.io", "kim@theirs.jp")
