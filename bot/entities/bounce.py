"""Read a whole bounce: the returned message's sender, recipient, subject and Message-ID, and the
receiving server's reply, never the notice's own headers.

MIME reports go through the standard library's email package; pasted ones (from a mail
client, forwarded, quoted) are split into header runs read by the same package's parser, and
the body's wording is read per mail system (see bounce_text). Webhook JSON is read too.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.entities.bounce_mime import read_mime_report
from bot.entities.bounce_model import Bounce, address_in, is_system, one_line, without_type
from bot.entities.bounce_text import read_text_bounce
from bot.entities.header_blocks import HeaderBlock, header_blocks, unquote
from bot.entities.webhooks import read_webhook

# Words only a non-delivery report or delivery status notice uses.
_BOUNCE_MARKERS = re.compile(
    r"final-recipient:|diagnostic-code:|mailer-daemon|mail delivery (?:system|subsystem|failed)"
    r"|delivery has failed|couldn't be delivered|could not be delivered|wasn't delivered"
    r"|undeliverable|undelivered mail|delivery status notification|non-?delivery"
    r"|following address(?:\(es\)|es)? failed|permanent fatal errors|does not like recipient"
    r"|returned mail|failure notice|delivery to the following recipient",
    re.I,
)
# The notice's own subject; "Undeliverable: X" keeps the original subject X after the colon.
_NOTICE_SUBJECT = re.compile(
    r"^(?:(?:re|fw|fwd|tr|wg)\s*:\s*)*(?:undeliverable|undelivered mail returned to sender"
    r"|delivery status notification|mail delivery failed|returned mail|failure notice"
    r"|non-?delivery|delivery failure|message not delivered|undelivered|warning: could not send)",
    re.I,
)
_KEEPS_ORIGINAL = re.compile(r"^(?:(?:fw|fwd)\s*:\s*)*undeliverable:\s*(.+)$", re.I)
_NOTICE_FROM = re.compile(
    r"mailer-daemon|postmaster|mail delivery|microsoft outlook|microsoftexchange", re.I
)


def looks_like_bounce(text: str) -> bool:
    return _BOUNCE_MARKERS.search(text[:20_000]) is not None


def _is_notice(block: HeaderBlock) -> bool:
    subject = block.get("Subject") or ""
    sender = block.get("From") or ""
    return bool(_NOTICE_SUBJECT.match(subject) or _NOTICE_FROM.search(sender))


def _status_fields(blocks: list[HeaderBlock]) -> Bounce | None:
    """The delivery-status fields of a pasted report (they survive copying as plain lines)."""
    per_message = next((b for b in blocks if "reporting-mta" in b.names), None)
    recipients = [
        b for b in blocks if "final-recipient" in b.names or {"status", "action"} <= b.names
    ]
    failed = [b for b in recipients if (b.get("Action") or "").lower() == "failed"]
    if not (failed or recipients):
        return None
    chosen = (failed or recipients)[0]
    fields = per_message or chosen
    return Bounce(
        layout="dsn",
        recipient=address_in(chosen.get("Final-Recipient"))
        or address_in(chosen.get("Original-Recipient")),
        status=chosen.get("Status"),
        reply=without_type(chosen.get("Diagnostic-Code")),
        remote_mta=without_type(chosen.get("Remote-MTA")),
        reporting_mta=without_type(fields.get("Reporting-MTA")),
        date=fields.get("Arrival-Date"),
        queue_id=fields.get("X-Postfix-Queue-ID"),
        sender=address_in(fields.get("X-Postfix-Sender")),
    )


def _original(blocks: list[HeaderBlock]) -> Bounce | None:
    """The returned message's own headers: the last message head that is not the notice's."""
    heads = [block for block in blocks if block.is_message_head]
    originals = [block for block in heads if not _is_notice(block)]
    if originals:
        # The returned original comes after the notice; a forwarding note above it does not count.
        block = originals[-1]
        sender = address_in(block.get("From"))
        return Bounce(
            layout="original",
            sender=None if is_system(sender) else sender,
            recipient=address_in(block.get("To")),
            subject=block.get("Subject"),
            message_id=block.get("Message-ID"),
            date=block.get("Date") or block.get("Sent"),
        )
    for block in heads:
        # Exchange names its notice "Undeliverable: <the original subject>".
        kept = _KEEPS_ORIGINAL.match(block.get("Subject") or "")
        if kept:
            return Bounce(layout="original", subject=one_line(kept.group(1)))
    return None


def _notice_recipient(blocks: list[HeaderBlock]) -> str | None:
    """A notice goes back to whoever sent the original, so its To names the sender."""
    for block in blocks:
        if block.is_message_head and _is_notice(block):
            address = address_in(block.get("To"))
            if address and not is_system(address):
                return address
    return None


def read_bounce(text: str) -> Bounce | None:
    """The case a pasted bounce or webhook event describes, or None for anything else."""
    webhook = read_webhook(text)
    if webhook is not None:
        return webhook
    if not looks_like_bounce(text):
        return None
    plain = unquote(text.replace("\r\n", "\n"))
    reading = read_mime_report(plain)
    blocks = header_blocks(plain)
    for other in (_status_fields(blocks), read_text_bounce(plain)):
        if other is not None:
            reading = other if reading is None else reading.filled_from(other)
    if reading is None or reading.recipient is None:
        return None
    original = _original(blocks)
    if original is not None:
        # The returned original's headers win over what a service or layout guessed; the failed
        # address stays the one the report names (the original may have had several).
        reading = replace(original, layout=reading.layout, recipient=reading.recipient).filled_from(
            reading
        )
    if reading.sender is None:
        reading = replace(reading, sender=_notice_recipient(blocks))
    return reading
