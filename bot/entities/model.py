"""The details pulled out of a message: addresses, provider, SMTP codes and the like."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class TypoHint:
    """A domain that looks like a misspelling of a well-known mail domain."""

    domain: str
    suggestion: str


# The fields `as_dict` writes, in order; absent values are left out.
_TEXT_FIELDS = (
    "sender",
    "recipient",
    "provider",
    "mailbox",
    "smtp_code",
    "enhanced_code",
    "reply",
    "date",
    "subject",
    "message_id",
    "queue_id",
    "bounce_layout",
    "reporting_mta",
    "remote_mta",
    "return_date",
    "alternative_contact",
)


@dataclass(frozen=True, slots=True)
class Entities:
    """Everything the triage found in one message; absent details stay None or empty.

    For a whole bounce, sender, recipient, subject, message_id and date are the returned
    original's, never the notice's own. `queue_id` is an id a server or sending service gave
    the message ("queued as 9A1B2C3D4E"); `reply` is the receiving server's own words.
    """

    sender: str | None = None
    recipient: str | None = None
    addresses: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    provider: str | None = None
    smtp_code: str | None = None
    enhanced_code: str | None = None
    date: str | None = None
    subject: str | None = None
    message_id: str | None = None
    typo_hints: tuple[TypoHint, ...] = field(default=())
    mailbox: str | None = None
    reply: str | None = None
    queue_id: str | None = None
    bounce_layout: str | None = None
    reporting_mta: str | None = None
    remote_mta: str | None = None
    return_date: str | None = None
    alternative_contact: str | None = None
    authentication: tuple[tuple[str, str], ...] = ()
    antispam: tuple[tuple[str, str], ...] = ()
    tried: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view that leaves out what was not found."""
        data: dict[str, Any] = {}
        for name in _TEXT_FIELDS:
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        if self.addresses:
            data["addresses"] = list(self.addresses)
        if self.domains:
            data["domains"] = list(self.domains)
        if self.typo_hints:
            data["typo_hints"] = [
                {"domain": hint.domain, "suggestion": hint.suggestion} for hint in self.typo_hints
            ]
        if self.authentication:
            data["authentication"] = dict(self.authentication)
        if self.antispam:
            data["antispam"] = dict(self.antispam)
        if self.tried:
            data["tried"] = list(self.tried)
        return data
