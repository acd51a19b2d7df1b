"""Forgetting on schedule: message texts after the retention period, claims once useless."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Delete, Engine, column, delete, null, or_, table, update

from bot.storage.schema import OAUTH_STATES_TABLE
from bot.storage.tables import AnswerClick, AnsweredThread, HandledEvent, ThreadAnswer, Triage

DEFAULT_RETENTION_DAYS = 90
# Slack retries an event for a few minutes at most; a day keeps a wide margin.
HANDLED_EVENT_TTL = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class PurgeResult:
    texts_cleared: int
    events_pruned: int
    answers_pruned: int
    states_pruned: int
    clicks_pruned: int = 0


def purge(
    engine: Engine, *, retention_days: int = DEFAULT_RETENTION_DAYS, now: datetime | None = None
) -> PurgeResult:
    """Clear triage texts (and their evidence, which quotes them) older than the retention.

    Counts, intents and confidences stay, so statistics over long periods still work.
    """
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    moment = now or datetime.now(UTC)
    text_cutoff = moment - timedelta(days=retention_days)
    with engine.begin() as connection:
        cleared = connection.execute(
            update(Triage)
            .where(Triage.at < text_cutoff)
            .where(or_(Triage.text.is_not(None), Triage.evidence.is_not(None)))
            .values(text=None, evidence=null())
        )
        events = connection.execute(
            delete(HandledEvent).where(HandledEvent.claimed_at < moment - HANDLED_EVENT_TTL)
        )
        answers = connection.execute(
            delete(AnsweredThread).where(AnsweredThread.answered_at < text_cutoff)
        )
        diagnoses = connection.execute(
            delete(ThreadAnswer).where(ThreadAnswer.answered_at < text_cutoff)
        )
        clicks = connection.execute(delete(AnswerClick).where(AnswerClick.at < text_cutoff))
        states = connection.execute(_expired_oauth_states(moment))
    return PurgeResult(
        texts_cleared=cleared.rowcount,
        events_pruned=events.rowcount,
        answers_pruned=answers.rowcount + diagnoses.rowcount,
        states_pruned=states.rowcount,
        clicks_pruned=clicks.rowcount,
    )


def _expired_oauth_states(moment: datetime) -> Delete:
    # slack_sdk deletes a state when it is used; abandoned installs would otherwise pile up.
    # Its column holds naive UTC times.
    states = table(OAUTH_STATES_TABLE, column("expire_at"))
    naive_now = moment.astimezone(UTC).replace(tzinfo=None)
    return delete(states).where(states.c.expire_at < naive_now)
