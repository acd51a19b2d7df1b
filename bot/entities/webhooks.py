"""Bounce events as sending services post them: SES, SendGrid, Postmark, Mailgun, Resend.

Field names follow each service's own event documentation:
SES: https://docs.aws.amazon.com/ses/latest/dg/notification-contents.html
SendGrid: https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event
Postmark: https://postmarkapp.com/developer/webhooks/bounce-webhook
Mailgun: https://documentation.mailgun.com/docs/mailgun/user-manual/events/webhooks
Resend: https://resend.com/docs/dashboard/webhooks/event-types
"""

from __future__ import annotations

import json
from typing import Any

from bot.entities.bounce_model import Bounce, address_in, one_line

_MAX_JSON_CHARS = 200_000


def _dig(data: Any, *path: str | int) -> Any:
    for key in path:
        if isinstance(key, int):
            data = data[key] if isinstance(data, list) and len(data) > key else None
        else:
            data = data.get(key) if isinstance(data, dict) else None
    return data


def _first(values: Any) -> Any:
    return values[0] if isinstance(values, list) and values else values


def _ses(event: dict[str, Any]) -> Bounce:
    recipient = _first(_dig(event, "bounce", "bouncedRecipients")) or {}
    headers = _dig(event, "mail", "commonHeaders") or {}
    return Bounce(
        layout="ses",
        recipient=address_in(_dig(recipient, "emailAddress"))
        or address_in(_first(_dig(event, "mail", "destination"))),
        sender=address_in(_first(_dig(headers, "from")))
        or address_in(_dig(event, "mail", "source")),
        subject=one_line(_dig(headers, "subject")),
        message_id=one_line(_dig(headers, "messageId")),
        date=one_line(_dig(headers, "date")) or one_line(_dig(event, "mail", "timestamp")),
        status=one_line(_dig(recipient, "status")),
        reply=one_line(_dig(recipient, "diagnosticCode"))
        or one_line(_dig(event, "bounce", "bounceSubType")),
        reporting_mta=one_line(_dig(event, "bounce", "reportingMTA")),
        queue_id=one_line(_dig(event, "mail", "messageId")),
    )


def _sendgrid(event: dict[str, Any]) -> Bounce:
    return Bounce(
        layout="sendgrid",
        recipient=address_in(event.get("email")),
        message_id=one_line(event.get("smtp-id")),
        status=one_line(event.get("status")),
        reply=one_line(event.get("reason") or event.get("response")),
        queue_id=one_line(event.get("sg_message_id")),
    )


def _postmark(event: dict[str, Any]) -> Bounce:
    return Bounce(
        layout="postmark",
        recipient=address_in(event.get("Email")),
        sender=address_in(event.get("From")),
        subject=one_line(event.get("Subject")),
        date=one_line(event.get("BouncedAt")),
        reply=one_line(event.get("Details")) or one_line(event.get("Description")),
        # Postmark's MessageID is its own id for the message, not the Message-ID header.
        queue_id=one_line(event.get("MessageID")),
    )


def _mailgun(event: dict[str, Any]) -> Bounce:
    headers = _dig(event, "message", "headers") or {}
    status = _dig(event, "delivery-status") or {}
    code = one_line(status.get("code")) if isinstance(status, dict) else None
    message = one_line(_dig(status, "message")) or one_line(_dig(status, "description"))
    reply = f"{code} {message}" if code and message and not message.startswith(code) else message
    return Bounce(
        layout="mailgun",
        recipient=address_in(event.get("recipient")) or address_in(_dig(headers, "to")),
        sender=address_in(_dig(headers, "from")),
        subject=one_line(_dig(headers, "subject")),
        message_id=one_line(_dig(headers, "message-id")),
        status=one_line(_dig(status, "enhanced-code")),
        reply=reply or one_line(event.get("reason")),
        queue_id=one_line(_dig(event, "id")),
    )


def _resend(event: dict[str, Any]) -> Bounce:
    data = event.get("data") or {}
    return Bounce(
        layout="resend",
        recipient=address_in(_first(_dig(data, "to"))),
        sender=address_in(_dig(data, "from")),
        subject=one_line(_dig(data, "subject")),
        date=one_line(_dig(data, "created_at")),
        reply=one_line(_dig(data, "bounce", "message")),
        queue_id=one_line(_dig(data, "email_id")),
    )


def _event(data: Any) -> Bounce | None:
    if isinstance(data, list):
        bounces = [item for item in data[:50] if isinstance(item, dict)]
        failed = [item for item in bounces if item.get("event") in ("bounce", "dropped", "blocked")]
        return _event(failed[0] if failed else bounces[0]) if bounces else None
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("Message"), str) and data.get("Type") == "Notification":
        # SES events reach webhooks wrapped in an SNS notification whose Message is JSON text.
        return read_webhook(data["Message"])
    if "bounce" in data and "mail" in data:
        return _ses(data)
    if "event-data" in data:
        return _event(data["event-data"])
    if "delivery-status" in data or data.get("event") == "failed":
        return _mailgun(data)
    if "RecordType" in data or "TypeCode" in data:
        return _postmark(data)
    if str(data.get("type", "")).startswith("email.") and isinstance(data.get("data"), dict):
        return _resend(data)
    if "sg_event_id" in data or "sg_message_id" in data or "smtp-id" in data or "event" in data:
        return _sendgrid(data)
    return None


def read_webhook(text: str) -> Bounce | None:
    """The case a pasted webhook event describes, or None when the text is not one we know."""
    stripped = text.strip()
    if not stripped.startswith(("{", "[")) or len(stripped) > _MAX_JSON_CHARS:
        return None
    try:
        data = json.loads(stripped)
    except ValueError:
        return None
    bounce = _event(data)
    if bounce is None or bounce.recipient is None:
        return None
    return bounce
