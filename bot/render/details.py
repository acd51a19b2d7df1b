"""The facts of one case, cleaned and capped before any template sees them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields

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
_REPLY_PREFIX = re.compile(r"\s*([245]\d\d)[ -]")


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


def _reply_part(line: str, start: int) -> str:
    """The reply within its line: what precedes it ("Remote Server returned") is dropped, and
    a quoted reply ends at its closing quote."""
    quote = line[start - 1] if start > 0 and line[start - 1] in "'\"" else None
    end = line.find(quote, start) if quote else -1
    return line[start : end if end > 0 else len(line)].strip()


def reply_from_text(text: str, entities: Entities) -> str | None:
    """The line of a pasted message that carries the SMTP reply, with its continuation lines."""
    # Only codes the triage recognised count: a "422" from an HTTP API is no SMTP reply.
    codes = [code for code in (entities.enhanced_code, entities.smtp_code) if code]
    if not codes:
        return None
    lines = text.splitlines()
    for index, line in enumerate(lines):
        starts = [line.find(code) for code in codes[::-1] if code in line]
        if starts:
            picked = [_reply_part(line, min(starts))]
            prefix = _REPLY_PREFIX.match(line)
            # Multi-line replies repeat the basic code on every line ("550-5.7.26 ...").
            for following in lines[index + 1 :]:
                if prefix is None or not following.lstrip().startswith(prefix.group(1)):
                    break
                picked.append(following.strip())
            return " ".join(picked)
    return " ".join(codes[::-1])


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

    def __post_init__(self) -> None:
        for item in fields(self):
            raw = getattr(self, item.name)
            if raw is not None and not isinstance(raw, str):
                raise TypeError(f"CaseDetails.{item.name} must be text, not {type(raw).__name__}")
            if item.name == "provider":
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
            smtp_reply=reply_from_text(text, entities),
            provider=entities.provider,
        )

    @property
    def known(self) -> tuple[str, ...]:
        """Names of the details that have a value."""
        return tuple(item.name for item in fields(self) if getattr(self, item.name) is not None)
