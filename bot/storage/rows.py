"""The table row each kind of record becomes, with texts redacted and cleaned for the database.

Rows are plain column values for Core inserts: the writer inserts hundreds at a time, and ORM
objects cost several times more to build and flush.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.storage.interface import ChecklistRecord, EscalationRecord, FeedbackRecord, TriageRecord
from bot.storage.redaction import redact, redact_value
from bot.storage.tables import Checklist, Escalation, Feedback, Triage

Record = TriageRecord | FeedbackRecord | EscalationRecord | ChecklistRecord
Model = type[Triage] | type[Feedback] | type[Escalation] | type[Checklist]


def row_for(record: Record, at: datetime) -> tuple[Model, dict[str, Any]]:
    """The table for `record` and its row, stamped `at` (the record's own time, or now)."""
    if isinstance(record, TriageRecord):
        evidence = _clean_value(redact_value(list(record.evidence))) if record.evidence else None
        return Triage, {
            "at": at,
            "team_id": record.team_id,
            "channel_id": record.channel_id,
            "surface": str(record.surface.value),
            "intent": record.intent,
            "confidence": float(record.confidence),
            "evidence": evidence,
            "text": _clean(redact(record.text)),
            "user_id": record.user_id,
            "message_ts": record.message_ts,
            "thread_ts": record.thread_ts,
        }
    if isinstance(record, FeedbackRecord):
        return Feedback, {
            "at": at,
            "team_id": record.team_id,
            "channel_id": record.channel_id,
            "thread_ts": record.thread_ts,
            "intent": record.intent,
            "helpful": record.helpful,
            "corrected_intent": record.corrected_intent,
            "user_id": record.user_id,
        }
    if isinstance(record, EscalationRecord):
        return Escalation, {
            "at": at,
            "team_id": record.team_id,
            "channel_id": record.channel_id,
            "thread_ts": record.thread_ts,
            "intent": record.intent,
            "user_id": record.user_id,
        }
    return Checklist, {
        "at": at,
        "team_id": record.team_id,
        "channel_id": record.channel_id,
        "intent": record.intent,
        "user_id": record.user_id,
    }


def _clean(text: str) -> str:
    # PostgreSQL refuses NUL in text and JSONB; pasted bounces occasionally carry one.
    return text.replace("\x00", "")


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, dict):
        return {_clean(str(key)): _clean_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean_value(item) for item in value]
    return value
