"""Cases the render tests share: one realistic case per intent, and details meant to break things."""

from __future__ import annotations

from functools import cache

from bot import DEFAULT_RESPONSES_DIR
from bot.entities.model import Entities, TypoHint
from bot.render import CaseDetails, Renderer

# The contract ids with titles of our own, so these tests do not depend on intents.yaml wording.
TITLES = {
    "delivered_not_received": "Delivered but not received",
    "microsoft_queued": "Microsoft accepted it and it vanished",
    "blocked": "Blocked by the recipient's server",
    "spam": "Landing in spam",
    "mailbox_full": "Mailbox full or unavailable",
    "autoresponder": "Automatic reply",
    "invalid_address": "Address does not exist",
    "bounce": "Bounced without a reason",
    "suppressed": "On the suppression list",
    "not_delivered": "Not delivered",
    "domain_verification": "Domain will not verify",
    "warmup": "Warming up a domain or IP",
    "attachment_blocked": "Attachment type refused",
    "consent": "Consent to email",
    "test_addresses": "Addresses for testing",
    "tls": "TLS settings",
    "open_tracking": "Open tracking",
}
INTENT_IDS = tuple(TITLES)
# Intents about our own setup: nobody on the recipient's side has anything to look at.
OUR_SIDE_ONLY = frozenset({"domain_verification", "test_addresses"})

_BASE = {
    "sender": "billing@lumenpay.com",
    "recipient": "p.ng@contoso.com",
    "date": "2024-06-11 09:33 UTC",
    "subject": "Invoice 1182",
    "message_id": "<20240611093312.8f2c@mail.lumenpay.com>",
}
# Per intent: the pasted text and what a triage would have found in it.
_CASES: dict[str, tuple[str, dict[str, object]]] = {
    "delivered_not_received": (
        "logs show 250 2.0.0 OK but she never got it",
        {"provider": "google", "smtp_code": "250", "enhanced_code": "2.0.0"},
    ),
    "microsoft_queued": (
        "smtp log: 250 2.6.0 <x@lumenpay.com> Queued mail for delivery",
        {"provider": "microsoft", "smtp_code": "250", "enhanced_code": "2.6.0"},
    ),
    "blocked": (
        "550 5.7.1 Unfortunately, messages from [198.51.100.23] weren't sent (S3150)",
        {"provider": "microsoft", "smtp_code": "550", "enhanced_code": "5.7.1"},
    ),
    "spam": ("all our mail lands in junk at their office", {"provider": "microsoft"}),
    "mailbox_full": (
        "552 5.2.2 Quota exceeded (mailbox for user is full)",
        {"smtp_code": "552", "enhanced_code": "5.2.2"},
    ),
    "autoresponder": ("got an out of office reply from her", {}),
    "invalid_address": (
        "550 5.1.1 <jdoe@gmial.com>: User unknown",
        {
            "recipient": "jdoe@gmial.com",
            "provider": None,
            "smtp_code": "550",
            "enhanced_code": "5.1.1",
            "typo_hints": (TypoHint("gmial.com", "gmail.com"),),
        },
    ),
    "bounce": ("it bounced back, undeliverable", {}),
    "suppressed": ("the log entry says suppressed, not sent", {}),
    "not_delivered": ("status says failed, delivery failed", {}),
    "domain_verification": (
        "lumenpay.com stuck on pending, DKIM not found",
        {"domains": ("lumenpay.com",)},
    ),
    "warmup": (
        "421 4.7.0 [TSS04] Messages temporarily deferred due to unexpected volume",
        {"provider": "yahoo", "smtp_code": "421", "enhanced_code": "4.7.0"},
    ),
    "attachment_blocked": ("cannot send setup.exe as an attachment", {}),
    "consent": ("is a pre-checked box enough consent under GDPR?", {}),
    "test_addresses": ("sending to test@example.com gives 422", {"recipient": "test@example.com"}),
    "tls": ("should we enforce TLS for password resets?", {}),
    "open_tracking": ("open rate looks way too high", {}),
}


def full_case(intent_id: str) -> tuple[str, Entities]:
    text, extra = _CASES[intent_id]
    values: dict[str, object] = {**_BASE, **extra}
    return text, Entities(**values)  # type: ignore[arg-type]


# Each value tries to escape its place: Slack mentions and links, Markdown links, headings and
# boxes, control and bidi characters, and sheer size.
HOSTILE = {
    "channel": "<!channel>",
    "mention": "<@U123>",
    "slack_link": "<http://evil|click>",
    "md_link": "[x](http://evil)",
    "heading": "# Heading\n- [ ] injected box",
    "control": "ok\x1b[31mred\x07\x00\u202eevil\u2028next",
    "huge": "A" * 10_240,
}


def hostile_entities() -> Entities:
    return Entities(
        sender=HOSTILE["mention"] + "@evil.example",
        recipient=HOSTILE["channel"],
        provider=HOSTILE["slack_link"],
        smtp_code="550",
        enhanced_code="5.7.1",
        date=HOSTILE["control"],
        subject=" ".join(HOSTILE.values()),
        message_id=HOSTILE["md_link"],
        domains=(HOSTILE["heading"],),
        typo_hints=(TypoHint(HOSTILE["md_link"], HOSTILE["slack_link"]),),
    )


def hostile_text() -> str:
    return "550 5.7.1 " + HOSTILE["slack_link"] + " " + HOSTILE["huge"]


def hostile_details() -> CaseDetails:
    return CaseDetails(
        sender=HOSTILE["mention"],
        recipient=HOSTILE["channel"],
        date=HOSTILE["control"],
        subject=" ".join(HOSTILE.values()),
        message_id=HOSTILE["md_link"],
        smtp_reply="550 5.7.1 " + HOSTILE["slack_link"] + HOSTILE["heading"] + HOSTILE["huge"],
        provider=HOSTILE["slack_link"],
    )


@cache
def renderer() -> Renderer:
    return Renderer.load(DEFAULT_RESPONSES_DIR, TITLES.items())
