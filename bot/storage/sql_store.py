"""The Store on a SQL database, with claims that stay atomic across web processes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Insert, Table, delete, exists, select
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.storage.engine import describe_error, is_postgres, session_factory
from bot.storage.interface import (
    ChecklistRecord,
    EscalationRecord,
    FeedbackRecord,
    Stats,
    TriageRecord,
)
from bot.storage.queries import UnmatchedMessage, count_stats, find_unmatched
from bot.storage.redaction import redact, redact_value
from bot.storage.retention import DEFAULT_RETENTION_DAYS, PurgeResult, purge
from bot.storage.tables import (
    EVENT_KEY,
    AnsweredThread,
    Checklist,
    Escalation,
    Feedback,
    HandledEvent,
    Triage,
    WatchedChannel,
    utc_now,
)


class SqlStore:
    """Implements the Store protocol; errors propagate, the background recorder absorbs them."""

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._engine = engine
        self._sessions = session_factory(engine)
        self._clock = clock

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def safe_url(self) -> str:
        """The database URL with its password masked, for logs."""
        return self._engine.url.render_as_string(hide_password=True)

    def explain(self, exc: BaseException) -> str:
        """A one-line account of a database failure, fit for a log line."""
        return describe_error(exc, self._engine.url.render_as_string(hide_password=False))

    def close(self) -> None:
        self._engine.dispose()

    def claim_event(self, event_key: str) -> bool:
        return self._insert_if_absent(
            HandledEvent.__table__, event_key=_fit_key(event_key), claimed_at=self._clock()
        )

    def claim_answer(self, team_id: str, channel_id: str, thread_ts: str, intent: str) -> bool:
        return self._insert_if_absent(
            AnsweredThread.__table__,
            team_id=team_id,
            channel_id=channel_id,
            thread_ts=thread_ts,
            intent=intent,
            answered_at=self._clock(),
        )

    def is_watched(self, team_id: str, channel_id: str) -> bool:
        query = select(
            exists().where(
                WatchedChannel.team_id == team_id, WatchedChannel.channel_id == channel_id
            )
        )
        with self._engine.connect() as connection:
            return bool(connection.execute(query).scalar())

    def set_watched(self, team_id: str, channel_id: str, watched: bool) -> None:
        if watched:
            self._insert_if_absent(
                WatchedChannel.__table__,
                team_id=team_id,
                channel_id=channel_id,
                since=self._clock(),
            )
            return
        with self._engine.begin() as connection:
            connection.execute(
                delete(WatchedChannel).where(
                    WatchedChannel.team_id == team_id, WatchedChannel.channel_id == channel_id
                )
            )

    def record_triage(self, record: TriageRecord) -> None:
        evidence = _clean_value(redact_value(list(record.evidence))) if record.evidence else None
        self._add(
            Triage(
                at=self._when(record.at),
                team_id=record.team_id,
                channel_id=record.channel_id,
                surface=str(record.surface.value),
                intent=record.intent,
                confidence=float(record.confidence),
                evidence=evidence,
                text=_clean(redact(record.text)),
                user_id=record.user_id,
                message_ts=record.message_ts,
                thread_ts=record.thread_ts,
            )
        )

    def record_feedback(self, record: FeedbackRecord) -> None:
        self._add(
            Feedback(
                at=self._when(record.at),
                team_id=record.team_id,
                channel_id=record.channel_id,
                thread_ts=record.thread_ts,
                intent=record.intent,
                helpful=record.helpful,
                corrected_intent=record.corrected_intent,
                user_id=record.user_id,
            )
        )

    def record_escalation(self, record: EscalationRecord) -> None:
        self._add(
            Escalation(
                at=self._when(record.at),
                team_id=record.team_id,
                channel_id=record.channel_id,
                thread_ts=record.thread_ts,
                intent=record.intent,
                user_id=record.user_id,
            )
        )

    def record_checklist(self, record: ChecklistRecord) -> None:
        self._add(
            Checklist(
                at=self._when(record.at),
                team_id=record.team_id,
                channel_id=record.channel_id,
                intent=record.intent,
                user_id=record.user_id,
            )
        )

    def stats(self, days: int, team_id: str | None = None) -> Stats:
        since = self._since(days)
        with self._engine.connect() as connection:
            return count_stats(connection, days=days, since=since, team_id=team_id)

    def unmatched(self, days: int, team_id: str | None = None) -> list[UnmatchedMessage]:
        since = self._since(days)
        with self._engine.connect() as connection:
            return find_unmatched(connection, since=since, team_id=team_id)

    def purge(self, retention_days: int = DEFAULT_RETENTION_DAYS) -> PurgeResult:
        return purge(self._engine, retention_days=retention_days, now=self._clock())

    def _since(self, days: int) -> datetime:
        if days < 1:
            raise ValueError("days must be at least 1")
        return self._clock() - timedelta(days=days)

    def _when(self, at: datetime | None) -> datetime:
        if at is None:
            return self._clock()
        # Slack timestamps are UTC; a naive time from a caller is taken to be UTC as well.
        return at.replace(tzinfo=UTC) if at.tzinfo is None else at

    def _add(self, row: Any) -> None:
        with self._sessions.begin() as session:
            session.add(row)

    def _insert_if_absent(self, table: Table | Any, **values: Any) -> bool:
        # One statement, so the database decides the race: of two processes inserting the same
        # key at once, exactly one sees a row inserted.
        statement: Insert
        if is_postgres(self._engine):
            statement = postgres_insert(table).values(**values).on_conflict_do_nothing()
        else:
            statement = sqlite_insert(table).values(**values).prefix_with("OR IGNORE")
        # Without preserve_rowcount SQLAlchemy only promises a rowcount for UPDATE and DELETE.
        statement = statement.execution_options(preserve_rowcount=True)
        with self._engine.begin() as connection:
            return connection.execute(statement).rowcount == 1


def _fit_key(event_key: str) -> str:
    """Keys longer than the column are hashed, which keeps them unique and comparable."""
    if len(event_key) <= EVENT_KEY:
        return event_key
    return "sha256:" + hashlib.sha256(event_key.encode("utf-8")).hexdigest()


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
