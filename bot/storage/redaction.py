"""Masking of email addresses and Message-IDs before any text reaches the database."""

from __future__ import annotations

import re
from typing import Any

MESSAGE_ID_MASK = "<message-id>"
ADDRESS_MASK = "<address>"

# A header or label that announces message ids ("Message-ID:", "In-Reply-To:", "References:"),
# followed by bracketed ids, or by one bare id when a colon or equals sign introduces it.
_ID_LABEL = re.compile(
    r"(?P<label>\b(?:message[-_ ]?id|in-reply-to|references)\b)"
    r"(?P<ids>(?:\s*[:=]?\s*<[^<>\s]+>)+|\s*[:=]\s*[^\s<>,;]+)",
    re.IGNORECASE,
)
_BRACKETED = re.compile(r"<[^<>\s]+>")

# Local part of an address as people paste it, then a dotted domain; the look-behind keeps
# the match from starting in the middle of a longer word.
_ADDRESS = re.compile(
    r"(?<![\w.%+'-])(?P<local>[\w.%+'-]+)@"
    r"(?P<domain>(?:[\w-]+\.)+[^\W\d_]{2,}|\[?\d{1,3}(?:\.\d{1,3}){3}\]?)(?![\w-])"
)


def redact(text: str, *, keep_domain: bool = True) -> str:
    """Mask Message-IDs, then addresses: `j***@example.com`, or `<address>` without the domain.

    The domain is kept by default because it is what triage learns from (which provider, which
    typo), while the local part is what identifies a person.
    """
    masked = _ID_LABEL.sub(_mask_ids, text)

    def _mask_address(match: re.Match[str]) -> str:
        if not keep_domain:
            return ADDRESS_MASK
        return f"{match['local'][0]}***@{match['domain']}"

    return _ADDRESS.sub(_mask_address, masked)


def _mask_ids(match: re.Match[str]) -> str:
    ids = match["ids"]
    if "<" in ids:
        return match["label"] + _BRACKETED.sub(MESSAGE_ID_MASK, ids)
    separator = ids[: len(ids) - len(ids.lstrip(" \t:="))]
    return match["label"] + separator + MESSAGE_ID_MASK


def redact_value(value: Any) -> Any:
    """Redact every string inside JSON-like data (evidence carries fragments of the message)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: redact_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [redact_value(item) for item in value]
    return value
