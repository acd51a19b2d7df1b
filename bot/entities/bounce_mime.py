"""A bounce in its MIME form (RFC 3464 multipart/report), read with the standard email package."""

from __future__ import annotations

from email import message_from_string
from email.message import Message
from email.parser import HeaderParser
from email.policy import compat32

from bot.entities.bounce_model import Bounce, address_in, one_line, without_type

_REPORT_TYPES = frozenset({"message/delivery-status", "message/global-delivery-status"})
_ORIGINAL_TYPES = frozenset({"message/rfc822", "message/global"})
_HEADER_TYPES = frozenset({"text/rfc822-headers", "message/global-headers"})
_MAX_PARTS = 50


def _status_blocks(part: Message) -> list[Message]:
    payload = part.get_payload()
    if isinstance(payload, list):
        return [block for block in payload if isinstance(block, Message)]
    if isinstance(payload, str):
        # Some writers give the report as plain text; its blocks are separated by blank lines.
        parser = HeaderParser(policy=compat32)
        return [parser.parsestr(chunk + "\n\n") for chunk in payload.strip().split("\n\n")]
    return []


def _original_headers(part: Message) -> Message | None:
    kind = part.get_content_type()
    if kind in _ORIGINAL_TYPES:
        payload = part.get_payload()
        if isinstance(payload, list) and payload and isinstance(payload[0], Message):
            return payload[0]
    if kind in _HEADER_TYPES:
        raw = part.get_payload(decode=True)
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(part.get_payload())
        return HeaderParser(policy=compat32).parsestr(text, headersonly=True)
    return None


def _recipient_block(blocks: list[Message]) -> Message | None:
    """The first recipient that failed, else the first recipient reported."""
    recipients = [block for block in blocks if block.get("Final-Recipient") or block.get("Status")]
    failed = [block for block in recipients if (block.get("Action") or "").lower() == "failed"]
    chosen = failed or recipients
    return chosen[0] if chosen else None


def read_mime_report(text: str) -> Bounce | None:
    """The case a multipart/report bounce returns, or None when the text is not one."""
    lowered = text[:20_000].lower()
    if "delivery-status" not in lowered and "multipart/report" not in lowered:
        return None
    message = message_from_string(text, policy=compat32)
    if not message.is_multipart():
        return None
    per_message: Message | None = None
    recipient: Message | None = None
    original: Message | None = None
    for count, part in enumerate(message.walk()):
        if count > _MAX_PARTS:
            break
        kind = part.get_content_type()
        if kind in _REPORT_TYPES and recipient is None:
            blocks = _status_blocks(part)
            per_message = blocks[0] if blocks else None
            recipient = _recipient_block(blocks[1:] or blocks)
        elif original is None:
            original = _original_headers(part)
    if recipient is None:
        return None
    fields = per_message or Message()
    return Bounce(
        layout="dsn",
        recipient=address_in(recipient.get("Final-Recipient"))
        or address_in(recipient.get("Original-Recipient")),
        sender=address_in(original.get("From")) if original else None,
        subject=one_line(original.get("Subject")) if original else None,
        message_id=one_line(original.get("Message-ID")) if original else None,
        date=one_line(original.get("Date")) if original else one_line(fields.get("Arrival-Date")),
        status=one_line(recipient.get("Status")),
        reply=without_type(recipient.get("Diagnostic-Code")),
        remote_mta=without_type(recipient.get("Remote-MTA")),
        reporting_mta=without_type(fields.get("Reporting-MTA")),
        queue_id=one_line(fields.get("X-Postfix-Queue-ID")),
    ).filled_from(Bounce(layout="dsn", sender=address_in(fields.get("X-Postfix-Sender"))))
