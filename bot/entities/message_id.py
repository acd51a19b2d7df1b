"""Message-IDs: from a Message-ID header, or a machine-made id in angle brackets in a reply."""

from __future__ import annotations

import re

from bot.entities.prepare import Message

MAX_MESSAGE_ID_CHARS = 250

# Matched against the lower-cased text; the id itself is sliced from the original.
_HEADER = re.compile(
    r"\b(?:message-id|original-message-id|x-message-id|in-reply-to)\s*[:=]\s*"
    r"(<[^<>\s]{1,248}>|[^<>\s@]{1,200}@[^<>\s]{1,200})"
)
_BRACKETED = re.compile(r"<([^<>\s@]{1,128})@([A-Za-z0-9.-]{1,200})>")
# A person's mailbox rarely carries a 10-digit run or a `$`/`=`; ids made by mail software do
# (timestamps, hashes, tokens).
_MACHINE_MADE = re.compile(r"\d{10}|[$=]|[0-9a-fA-F]{16}")
_ADDRESS_CUE = re.compile(r"(?:\bto|\bfrom|\brcpt|\brecipient|\bsender)\s*[:=]?\s*\Z")
# An id in a success reply is the message's id, whatever it looks like: Microsoft's
# "250 2.6.0 <CAF8x9k2@mail.gmail.com> [InternalId=...] Queued mail for delivery".
_AFTER_SUCCESS = re.compile(
    r"\b250[ -](?:2\.\d{1,3}\.\d{1,3}\s+)?(?:ok\b[:,]?\s*)?(?:id[:=]\s*)?\Z"
)
# "250 2.0.0 Ok: queued as 9A1B2C3D4E" (Postfix), "queued as <id>", "id=1rXyZ-0004Ab-Cd" (Exim).
_QUEUE_ID = re.compile(
    r"\bqueued as\s+<?([A-Za-z0-9._$-]{4,64})>?"
    r"|\bid=([A-Za-z0-9]{6}-[A-Za-z0-9]{6}-[A-Za-z0-9]{2})\b",
    re.I,
)


def _looks_machine_made(local: str) -> bool:
    if _MACHINE_MADE.search(local):
        return True
    digits = sum(char.isdigit() for char in local)
    return len(local) >= 24 and digits >= 6


def find_message_ids(message: Message) -> list[tuple[int, int, str]]:
    """Each id found as (start, end, id); these spans are not email addresses."""
    text, lower = message.text, message.lower
    found: list[tuple[int, int, str]] = []
    if "message-id" in lower or "in-reply-to" in lower:
        for match in _HEADER.finditer(lower):
            found.append((match.start(1), match.end(1), text[match.start(1) : match.end(1)]))
    if "<" not in text or "@" not in text:
        return found
    taken = {start for start, _, _ in found}
    for match in _BRACKETED.finditer(text):
        if match.start() in taken:
            continue
        after_success = _AFTER_SUCCESS.search(lower, max(0, match.start() - 24), match.start())
        if after_success is None and not _looks_machine_made(match.group(1)):
            continue
        # `<id@host>: host ... said:` is how Postfix names a failed recipient, not an id.
        if text.startswith(">:", match.end() - 1) or text.startswith(">...", match.end() - 1):
            continue
        if _ADDRESS_CUE.search(lower, max(0, match.start() - 16), match.start()):
            continue
        found.append((match.start(), match.end(), match.group(0)))
    found.sort()
    return found


def first_message_id(found: list[tuple[int, int, str]]) -> str | None:
    if not found:
        return None
    return found[0][2][:MAX_MESSAGE_ID_CHARS]


def queue_id(text: str) -> str | None:
    """The id a server gave the message in its reply ("queued as 9A1B2C3D4E"), if any."""
    if "queued as" not in text.lower() and "id=" not in text:
        return None
    match = _QUEUE_ID.search(text)
    if match is None:
        return None
    return (match.group(1) or match.group(2))[:MAX_MESSAGE_ID_CHARS]
