"""Keeping what happened, after the reply, without ever letting storage break a conversation."""

from __future__ import annotations

import logging

from bot.storage.interface import (
    ChecklistRecord,
    EscalationRecord,
    FeedbackRecord,
    Store,
    TriageRecord,
)

log = logging.getLogger(__name__)

Record = TriageRecord | FeedbackRecord | EscalationRecord | ChecklistRecord


def record_safely(store: Store, record: Record) -> None:
    """Called after replying; a failure is logged with its context and goes no further."""
    try:
        if isinstance(record, TriageRecord):
            store.record_triage(record)
        elif isinstance(record, FeedbackRecord):
            store.record_feedback(record)
        elif isinstance(record, EscalationRecord):
            store.record_escalation(record)
        else:
            store.record_checklist(record)
    except Exception:
        log.warning(
            "could not record %s for channel %s",
            type(record).__name__,
            record.channel_id,
            exc_info=True,
        )
