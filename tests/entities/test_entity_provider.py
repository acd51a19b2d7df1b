"""The recipient's mailbox provider comes from the recipient's domain or how it is named."""

from __future__ import annotations

import pytest

from bot.entities import extract_entities
from bot.entities.provider import provider_of_domain


@pytest.mark.parametrize(
    ("domain", "provider"),
    [
        ("outlook.com", "microsoft"),
        ("hotmail.co.uk", "microsoft"),
        ("live.fr", "microsoft"),
        ("msn.com", "microsoft"),
        ("gmail.com", "google"),
        ("googlemail.com", "google"),
        ("yahoo.co.jp", "yahoo"),
        ("ymail.com", "yahoo"),
        ("aol.com", "yahoo"),
        ("icloud.com", "apple"),
        ("me.com", "apple"),
        ("mac.com", "apple"),
        ("comcast.net", "comcast"),
        ("harborview.net", None),
        ("outlook.example.com", None),
        ("google.example.com", None),
        ("me.uk", None),
    ],
)
def test_mailbox_domain_names_its_provider(domain: str, provider: str | None) -> None:
    assert provider_of_domain(domain) == provider


@pytest.mark.parametrize(
    ("text", "provider"),
    [
        ("its a yahoo address fwiw", "yahoo"),
        ("recipient is on google workspace and can't find it", "google"),
        ("hotmail users arent recieving anything", "microsoft"),
        ("MS365 recipient, smtp said 250 queued", "microsoft"),
        ("Our Office 365 customers report missing resets", "microsoft"),
        ("o365 tenant at contoso accepted it", "microsoft"),
        ("customer on exchange online says invoices never arrive", "microsoft"),
        ("last hop acme-com.mail.protection.outlook.com says queued", "microsoft"),
        ("customers on outlook keep finding receipts in Junk", "microsoft"),
        ("part of their network is on our block list (S3150)", "microsoft"),
        ("552 5.2.2 over quota d2e1a72fcca58.312 - gsmtp", "google"),
        ("host aspmx.l.google.com[209.85.227.27] said: 550", "google"),
        ("host mta6.am0.yahoodns.net said: 421 4.7.0 [TSS04]", "yahoo"),
        ("the recipient is an AOL user", "yahoo"),
        ("how do i get out of the junk folder for icloud users", "apple"),
        ("my mom is on comcast", "comcast"),
        ("why do our mails go to junk at yahoo but inbox at gmail?", "yahoo"),
    ],
)
def test_provider_named_in_words_or_by_its_servers(text: str, provider: str) -> None:
    assert extract_entities(text).provider == provider


@pytest.mark.parametrize(
    "text",
    [
        "our Q3 outlook is looking solid, nice work everyone",
        "outlook keeps crashing when i open shared calendars",
        "open rate jumped, pretty sure that's apple mail privacy protection",
        "bounces from kestrelfarms.com and acme.com",
        "the kaolin order shipped",
        "resend dashboard says Delivered to ap@brightlane.co",
    ],
)
def test_chatter_and_company_domains_name_no_provider(text: str) -> None:
    assert extract_entities(text).provider is None


def test_recipient_domain_beats_other_providers_mentioned() -> None:
    text = "emails to mark@hotmail.co.uk show as delivered, gmail addresses work fine"
    assert extract_entities(text).provider == "microsoft"


def test_sender_domain_does_not_make_a_provider() -> None:
    entities = extract_entities("we send from alerts@gmail.com to bob@acme.io and it bounced")
    assert entities.recipient == "bob@acme.io"
    assert entities.provider is None


def test_provider_named_in_a_message_id_is_ignored() -> None:
    text = "Message-ID: <CAF1234567890abc@mail.gmail.com>\nour mail to bob@acme.io bounced"
    assert extract_entities(text).provider is None
