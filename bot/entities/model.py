"""The details pulled out of a message: addresses, provider, SMTP codes and the like."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class TypoHint:
    """A domain that looks like a misspelling of a well-known mail domain."""

    domain: str
    suggestion: str


@dataclass(frozen=True, slots=True)
class Entities:
    """Everything the triage found in one message; absent details stay None or empty."""

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

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view that leaves out what was not found."""
        data: dict[str, Any] = {}
        for name in (
            "sender",
            "recipient",
            "provider",
            "smtp_code",
            "enhanced_code",
            "date",
            "subject",
            "message_id",
        ):
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
        return data
