"""The facts of one case, cleaned and capped before any template sees them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields

from bot.codes.reply import reply_from_text
from bot.entities.model import Entities

DETAIL_LIMIT = 200
REPLY_LIMIT = 1000
ELLIPSIS = "…"

# Control, format (bidi overrides, zero-width), private-use (our sentinels), surrogate and
# unassigned characters, plus line and paragraph separators: none belongs in a one-line detail.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})
# Line breaks and tabs of every kind become spaces instead of being dropped, so words stay apart.
_BREAKS = frozenset("\t\n\r\x0b\x0c\x85\u2028\u2029")
_SPACES = re.compile(r"\s+")
_PROVIDER = re.compile(r"[a-z0-9][a-z0-9.-]{0,39}")


def clean(value: str | None, limit: int = DETAIL_LIMIT) -> str | None:
    """One line of printable text at most `limit` characters long, or None when nothing is left."""
    if value is None:
        return None
    # Bound the work on huge pastes: what survives the cap lies well within this prefix.
    value = value[: limit * 8]
    if value.isascii() and value.isprintable():
        text = value
    else:
        text = "".join(
            " " if char in _BREAKS else char
            for char in value
            if char in _BREAKS or unicodedata.category(char) not in _DROPPED_CATEGORIES
        )
    text = _SPACES.sub(" ", text).strip()
    if not text:
        return None
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + ELLIPSIS
    return text


def clean_provider(value: str | None) -> str | None:
    """A provider name is a lower-case word; anything else is treated as unknown."""
    if value is None:
        return None
    name = value.strip().lower()
    return name if _PROVIDER.fullmatch(name) else None


@dataclass(frozen=True, slots=True)
class CaseDetails:
    """What is known about one message; every field is cleaned, capped text or None."""

    sender: str | None = None
    recipient: str | None = None
    date: str | None = None
    subject: str | None = None
    message_id: str | None = None
    smtp_reply: str | None = None
    provider: str | None = None
    mailbox: str | None = None
    queue_id: str | None = None
    return_date: str | None = None
    alternative_contact: str | None = None
    remote_mta: str | None = None

    def __post_init__(self) -> None:
        for item in fields(self):
            raw = getattr(self, item.name)
            if raw is not None and not isinstance(raw, str):
                raise TypeError(f"CaseDetails.{item.name} must be text, not {type(raw).__name__}")
            if item.name in ("provider", "mailbox"):
                value = clean_provider(raw)
            else:
                value = clean(raw, REPLY_LIMIT if item.name == "smtp_reply" else DETAIL_LIMIT)
            object.__setattr__(self, item.name, value)

    @classmethod
    def from_entities(cls, entities: Entities, text: str = "") -> CaseDetails:
        """The details a triage found; `text` is the message, searched for the SMTP reply line."""
        return cls(
            sender=entities.sender,
            recipient=entities.recipient,
            date=entities.date,
            subject=entities.subject,
            message_id=entities.message_id,
            smtp_reply=entities.reply
            or reply_from_text(text, entities.smtp_code, entities.enhanced_code),
            provider=entities.provider,
            mailbox=entities.mailbox,
            queue_id=entities.queue_id,
            return_date=entities.return_date,
            alternative_contact=entities.alternative_contact,
            remote_mta=entities.remote_mta,
        )

    @property
    def known(self) -> tuple[str, ...]:
        """Names of the details that have a value."""
        return tuple(item.name for item in fields(self) if getattr(self, item.name) is not None)
