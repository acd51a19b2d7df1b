"""Who is the sender and who the recipient, read from the words around each address."""

from __future__ import annotations

import re
from enum import Enum

from bot.entities.addresses import Found
from bot.entities.prepare import Message

# How far back a cue may stand from the address it names ("sender was", "Final-Recipient: rfc822;").
_CUE_WINDOW = 48

# What may sit between a cue and the address: spaces, quotes, brackets, JSON and header syntax.
_TAIL = r"""[\s"'(\[{<:;=,*_]*(?:mailto:)?\Z"""


class Role(Enum):
    SENDER = "sender"
    RECIPIENT = "recipient"
    OTHER = "other"


# The cue patterns run on the lower-cased text.
# A reply, complaint or out-of-office "from X" comes from the person we wrote to.
_ANSWER_FROM = re.compile(
    r"(?:\brepl(?:y|ies|ied)|\brespon(?:se|ses|der)|\banswer(?:s|ed)?|\bcomplain(?:t|ts|ed)?|"
    r"\bbounce[ds]?|\booo|\bout[- ]of[- ](?:the[- ])?office|\bvacation|\bunsubscribe[ds]?|"
    r"\bauto[- ]?(?:reply|replies|ack|acks))\b[^.\n!?]{0,24}?\bfrom" + _TAIL,
)
# Addresses that are neither end of the failed delivery: a reply-to, an alias a mailbox was
# expanded from, copies.
_NEUTRAL = re.compile(
    r"(?:\breply[- ]to|\bexpanded\s+from|\bforwarded\s+(?:from|to)|\bb?cc)" + _TAIL
)
_SENDER = re.compile(
    r"(?:\bfrom|\bsent\s+as|\bsend(?:s|ing)?\s+as|\bsender(?:'s)?|\bour|"
    r"\bsending[- ](?:address|addr|email|domain)|"
    r"\benvelope[- ]from|\breturn[- ]path|\bmailfrom|\bheader\.from)"
    r"(?:[- ](?:address|addr|email|header|domain))?(?:\s+(?:is|was|=|of))?" + _TAIL,
)
_RECIPIENT = re.compile(
    r"(?:\bto|\borig_to|\brecipients?(?:'s)?|\bfinal-recipient|\boriginal-recipient|"
    r"\bx-failed-recipients|\bdelivered-to|\brfc822|\bfor|\baddress(?:es)?|\balias|\buser|"
    r"\bmailbox|\baccount|\bemail(?:_?address)?\"|\bemailaddress\")"
    r"(?:[- ](?:address|addr|email))?(?:\s+(?:is|was|=))?" + _TAIL,
)
# A header line with a display name: `From: Sales Team <sales@ours.io>`, `To: "Kim, T" <kim@x>`.
_HEADER_LINE = re.compile(
    r"[ \t>]*(from|sender|return-path|to|cc|bcc|reply-to)[ \t]*:[^\n<>@]{0,80}<\Z"
)
_HEADER_ROLES = {
    "from": Role.SENDER,
    "sender": Role.SENDER,
    "return-path": Role.SENDER,
    "to": Role.RECIPIENT,
}
# Postfix and qmail name the failed recipient first: `<x@y>: host ... said:`, sendmail `<x@y>...`.
_RECIPIENT_AFTER = re.compile(r">?(?:\s*:|\.\.\.)")
_MAX_MENTIONS_READ = 3
# System mailboxes speak for a server; they are never the person who did not get the mail.
_SYSTEM_LOCAL = re.compile(r"(?:mailer-daemon|postmaster|no-?reply|do-?not-?reply)\Z", re.I)


def role_of(message: Message, found: Found) -> Role | None:
    """The role the wording gives one occurrence, or None when nothing says."""
    text, lower = message.text, message.lower
    line_start = text.rfind("\n", 0, found.start) + 1
    window_start = max(line_start, found.start - _CUE_WINDOW)
    header = _HEADER_LINE.match(lower, line_start, found.start)
    if header is not None:
        return _HEADER_ROLES.get(header.group(1), Role.OTHER)
    if _ANSWER_FROM.search(lower, window_start, found.start):
        # A bounce "from mailer-daemon@..." comes from a server, not from the person we wrote to.
        system = _SYSTEM_LOCAL.match(found.address.partition("@")[0])
        return Role.OTHER if system else Role.RECIPIENT
    for pattern, role in (
        (_NEUTRAL, Role.OTHER),
        (_SENDER, Role.SENDER),
        (_RECIPIENT, Role.RECIPIENT),
    ):
        if pattern.search(lower, window_start, found.start):
            return role
    if _RECIPIENT_AFTER.match(text, found.end):
        return Role.RECIPIENT
    return None


def sender_and_recipient(message: Message, found: list[Found]) -> tuple[str | None, str | None]:
    """The sender and the recipient; an address no wording places is taken as the recipient."""
    roles: dict[str, Role | None] = {}
    spelled: dict[str, str] = {}
    asked: dict[str, int] = {}
    for item in found:
        key = item.address.lower()
        spelled.setdefault(key, item.address)
        # An address repeated down a paste is judged by its first few mentions.
        if roles.get(key) is None and asked.get(key, 0) < _MAX_MENTIONS_READ:
            asked[key] = asked.get(key, 0) + 1
            roles[key] = role_of(message, item)
    sender = next((key for key, role in roles.items() if role is Role.SENDER), None)
    recipient = next((key for key, role in roles.items() if role is Role.RECIPIENT), None)
    if recipient is None:
        # Support questions are about the person who did not get the mail, so an address with
        # no cue names the recipient.
        recipient = next(
            (
                key
                for key, role in roles.items()
                if role is None and key != sender and not _SYSTEM_LOCAL.match(key.partition("@")[0])
            ),
            None,
        )
    return (
        spelled[sender] if sender else None,
        spelled[recipient] if recipient else None,
    )
