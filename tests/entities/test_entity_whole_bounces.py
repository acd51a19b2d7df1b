"""Whole bounces from many mail systems, in their own layouts, give the returned message's case."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.entities import extract_entities

BOUNCES = Path(__file__).parent / "bounces"

# file: (sender, recipient, subject, Message-ID, basic code, enhanced code, layout read)
EXPECTED: dict[str, tuple[str | None, ...]] = {
    "postfix_mime.eml": (
        "billing@lumenpay.com",
        "t.okafor@harborview.net",
        "Invoice 1182 for June",
        "<inv-1182.20240611093311@lumenpay.com>",
        "550",
        "5.1.1",
        "dsn",
    ),
    "exim.txt": (
        "sales@ridgecrest.io",
        "orders@kestrelfarms.com",
        "PO 1182 confirmation",
        "<c4f1e2a0-77a1-4b1e-9c1a-0d3e5f6a7b8c@ridgecrest.io>",
        "552",
        "5.2.2",
        "exim",
    ),
    "exchange_online_outlook.txt": (
        "support@lumenpay.com",
        "a.lindqvist@contoso.com",
        "Your ticket #4471 has been updated",
        "<0102018f3a9b.ticket4471@lumenpay.com>",
        "550",
        "5.1.10",
        "exchange",
    ),
    "gmail_dsn.txt": (
        "jo.martin@gmail.com",
        "p.ng@brightlane.co",
        "Lease renewal",
        "<CAF8x9k2Lq7mZt0w3=Rb4pQ@mail.gmail.com>",
        "550",
        "5.7.1",
        "gmail",
    ),
    "forwarded_gmail_to_ms.txt": (
        "ops@ridgecrest.io",
        "m.haas@fabrikam.com",
        "Your delivery window for order 5521",
        "<CAJ4dE7q1sxV+order5521@mail.gmail.com>",
        "550",
        "5.4.1",
        "gmail",
    ),
    "qmail.txt": (
        "news@lumenpay.com",
        "r.baker@oldhost.example",
        "June product update",
        "<news-june-2024.r.baker@lumenpay.com>",
        "550",
        "5.1.1",
        "qmail",
    ),
    "sendmail.txt": (
        "alerts@ridgecrest.io",
        "k.ito@yahoo.co.jp",
        "Your weekly usage summary",
        "<202406190311.45J3B5aB012345@app02.ridgecrest.io>",
        "554",
        None,
        "sendmail",
    ),
    "exchange_onprem_quoted.txt": (
        "k.tran@lumenpay.com",
        "j.doe@hotmail.co.uk",
        "Contract draft v3",
        "<AM9PR01MB7001.contractv3@AM9PR01MB7001.eurprd01.prod.exchangelabs.com>",
        "550",
        "5.7.1",
        "exchange",
    ),
    "ses_sns.json": (
        "hello@lumenpay.com",
        "lee@tailspin.example",
        "Welcome to Lumenpay",
        "<welcome-lee@lumenpay.com>",
        "550",
        "5.1.1",
        "ses",
    ),
    "sendgrid.json": (
        None,
        "maria@contoso.example",
        None,
        "<14c5d75ce93.dfd.64b469@ismtpd-555>",
        "550",
        "5.7.1",
        "sendgrid",
    ),
    "postmark.json": (
        "invoices@lumenpay.com",
        "sam@fourthcoffee.example",
        "Invoice 1190",
        None,
        "550",
        "5.1.1",
        "postmark",
    ),
    "mailgun.json": (
        "noreply@mg.lumenpay.com",
        "ana@woodgrove.example",
        "Your password reset code",
        "20240622101500.1.ABCDEF@mg.lumenpay.com",
        "550",
        "5.2.2",
        "mailgun",
    ),
}
FIELDS = ("sender", "recipient", "subject", "message_id", "smtp_code", "enhanced_code", "layout")


def _read(name: str) -> tuple[str | None, ...]:
    entities = extract_entities((BOUNCES / name).read_text(encoding="utf-8"))
    return (
        entities.sender,
        entities.recipient,
        entities.subject,
        entities.message_id,
        entities.smtp_code,
        entities.enhanced_code,
        entities.bounce_layout,
    )


def test_every_stored_bounce_has_its_expected_case() -> None:
    assert sorted(EXPECTED) == sorted(path.name for path in BOUNCES.iterdir())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_whole_bounce_gives_the_returned_message_case(name: str) -> None:
    found = dict(zip(FIELDS, _read(name), strict=True))
    assert found == dict(zip(FIELDS, EXPECTED[name], strict=True))


def test_at_least_eight_mail_systems_are_covered() -> None:
    assert len({expected[-1] for expected in EXPECTED.values()}) >= 8


def test_the_notice_headers_never_become_the_case() -> None:
    for name in EXPECTED:
        entities = extract_entities((BOUNCES / name).read_text(encoding="utf-8"))
        for value in (entities.sender, entities.recipient):
            assert value is None or "mailer-daemon" not in value.lower()
            assert value is None or "microsoftexchange" not in value.lower()
        subject = (entities.subject or "").lower()
        assert not subject.startswith(("undeliverable", "undelivered", "delivery status"))
