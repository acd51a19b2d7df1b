"""Details that are easy to take for the case but are not: ids in replies, out-of-office contacts,
addresses a reply points to; and verdicts pasted from a received copy's headers."""

from __future__ import annotations

from bot.entities import extract_entities


def test_message_id_in_a_queued_reply_is_never_the_recipient() -> None:
    text = "hotmail user never got it. log: 250 2.6.0 <CAF8x9k2@mail.ourapp.io> [InternalId=1] Queued mail for delivery"
    entities = extract_entities(text)
    assert entities.message_id == "<CAF8x9k2@mail.ourapp.io>"
    assert entities.recipient is None
    assert entities.mailbox == "consumer"


def test_postfix_queue_id_is_kept_as_the_receiving_servers_id() -> None:
    text = "status=sent (250 2.0.0 Ok: queued as 9A1B2C3D4E) to=<ops@kestrelfarms.com>"
    entities = extract_entities(text)
    assert entities.queue_id == "9A1B2C3D4E"
    assert entities.recipient == "ops@kestrelfarms.com"


def test_out_of_office_gives_return_date_and_alternative_contact() -> None:
    text = (
        "got this auto reply from dana@brightlane.co: Thank you for your message. I am out of "
        "the office and back on Monday 24 June. For urgent matters please contact "
        "sam.lee@brightlane.co."
    )
    entities = extract_entities(text)
    assert entities.recipient == "dana@brightlane.co"
    assert entities.alternative_contact == "sam.lee@brightlane.co"
    assert entities.return_date == "Monday 24 June"
    assert entities.date is None


def test_delist_address_in_a_reply_is_not_the_recipient() -> None:
    text = (
        "550 5.7.511 Access denied, banned sender[198.51.100.7]. To request removal from this "
        "list, forward this message to delist@microsoft.com."
    )
    assert extract_entities(text).recipient is None


def test_pasted_antispam_and_authentication_headers_are_decoded() -> None:
    text = (
        "found it in junk, what does SFV:SPM mean?\n"
        "Authentication-Results: spf=pass (sender IP is 198.51.100.7) smtp.mailfrom=lumenpay.com;"
        " dkim=pass (signature was verified) header.d=lumenpay.com;dmarc=pass action=none"
        " header.from=lumenpay.com;compauth=pass reason=100\n"
        "X-Forefront-Antispam-Report: CIP:198.51.100.7;CTRY:IE;LANG:en;SCL:5;SRV:;IPV:NLI;"
        "SFV:SPM;H:mail.lumenpay.com;PTR:mail.lumenpay.com;CAT:SPM;SFS:(13230040);DIR:INB;\n"
    )
    entities = extract_entities(text)
    assert dict(entities.authentication) == {
        "spf": "pass",
        "dkim": "pass",
        "dmarc": "pass",
        "compauth": "pass",
    }
    antispam = dict(entities.antispam)
    assert (antispam["scl"], antispam["sfv"], antispam["cat"], antispam["ipv"]) == (
        "5",
        "SPM",
        "SPM",
        "NLI",
    )
    assert entities.provider == "microsoft"
    assert "looked_in_spam" not in entities.tried


def test_steps_already_taken_are_noted() -> None:
    text = "user confirmed address is correct and checked junk/clutter/deleted, still nothing"
    assert set(extract_entities(text).tried) == {"checked_address", "looked_in_spam"}


def test_consumer_mailbox_named_in_words() -> None:
    assert (
        extract_entities("customer with a normal gmail adress never got it").mailbox == "consumer"
    )
    assert extract_entities("their office 365 tenant drops our mail").mailbox == "company"
