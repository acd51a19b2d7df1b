"""The case a triage found, as the details buttons and forms carry, and back again."""

from __future__ import annotations

from bot.entities.model import Entities
from bot.render.details import CaseDetails
from bot.slack.refs import DETAIL_FIELDS


def details_of(entities: Entities, text: str) -> dict[str, str]:
    found = CaseDetails.from_entities(entities, text)
    return {name: value for name in DETAIL_FIELDS if (value := getattr(found, name))}


def entities_from(details: dict[str, str]) -> tuple[Entities, str]:
    """Entities rebuilt from details a button carried; the SMTP reply doubles as the text."""
    entities = Entities(
        sender=details.get("sender"),
        recipient=details.get("recipient"),
        date=details.get("date"),
        subject=details.get("subject"),
        message_id=details.get("message_id"),
        provider=details.get("provider"),
        mailbox=details.get("mailbox"),
        queue_id=details.get("queue_id"),
        return_date=details.get("return_date"),
        alternative_contact=details.get("alternative_contact"),
        remote_mta=details.get("remote_mta"),
    )
    return entities, details.get("smtp_reply", "")
