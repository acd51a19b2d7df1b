"""Addresses and Message-IDs are masked before a message is kept."""

from __future__ import annotations

from bot.storage.redaction import ADDRESS_MASK, MESSAGE_ID_MASK, redact, redact_value


def test_address_keeps_first_letter_and_domain() -> None:
    assert redact("mail to john.doe@example.com bounced") == "mail to j***@example.com bounced"


def test_address_can_be_masked_entirely() -> None:
    masked = redact("from ap@brightlane.co to bob@x.org", keep_domain=False)
    assert masked == f"from {ADDRESS_MASK} to {ADDRESS_MASK}"


def test_every_address_in_a_pasted_bounce_is_masked() -> None:
    bounce = (
        "Delivery to the following recipient failed permanently:\n"
        "    tom.harris+billing@harborview.net\n"
        "Final-Recipient: rfc822; Tom.Harris+billing@HarborView.NET"
    )
    masked = redact(bounce)
    assert "tom.harris" not in masked.lower()
    assert masked.count("t***@harborview.net") == 1
    assert "T***@HarborView.NET" in masked


def test_slack_mailto_links_lose_the_local_part_on_both_sides() -> None:
    assert redact("<mailto:jane@corp.io|jane@corp.io>") == "<mailto:j***@corp.io|j***@corp.io>"


def test_address_at_an_ip_literal_is_masked() -> None:
    assert redact("sent to root@[192.0.2.7]") == "sent to r***@[192.0.2.7]"


def test_message_id_header_is_masked_whole() -> None:
    masked = redact("Message-ID: <CAF3x$9zQ@mail.gmail.com>\nSubject: invoice")
    assert masked == f"Message-ID: {MESSAGE_ID_MASK}\nSubject: invoice"


def test_reply_headers_with_several_ids_are_masked() -> None:
    masked = redact(
        "References: <a1@host.example> <b2@host.example>\nIn-Reply-To: <b2@host.example>"
    )
    assert "host.example" not in masked
    assert masked.count(MESSAGE_ID_MASK) == 3


def test_provider_message_id_without_brackets_is_masked() -> None:
    masked = redact("message id=0100018c-7f2a-4e1b@email.amazonses.com, status bounced")
    assert masked == f"message id={MESSAGE_ID_MASK}, status bounced"


def test_words_after_message_id_are_kept_without_a_separator() -> None:
    assert (
        redact("the message id is missing from the log") == "the message id is missing from the log"
    )


def test_version_strings_are_not_taken_for_addresses() -> None:
    assert redact("upgraded mailer@4.2.1 yesterday") == "upgraded mailer@4.2.1 yesterday"


def test_redacting_twice_changes_nothing_more() -> None:
    once = redact("Message-ID: <x@y.z> from amy@school.edu")
    assert redact(once) == once


def test_nested_evidence_values_are_redacted() -> None:
    evidence = [
        {"rule": "recipient", "matched": "bob@hotmail.com", "weight": 0.5, "extra": ("c@d.io",)}
    ]
    assert redact_value(evidence) == [
        {"rule": "recipient", "matched": "b***@hotmail.com", "weight": 0.5, "extra": ["c***@d.io"]}
    ]
