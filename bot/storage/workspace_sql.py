"""The WorkspaceStore on SQL: claims and swaps are single statements, safe across processes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Insert, and_, delete, null, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.storage.engine import is_postgres, write_lock
from bot.storage.fast_insert import upsert
from bot.storage.tables import (
    AnswerClick,
    AnsweredThread,
    Checklist,
    Escalation,
    Feedback,
    ThreadAnswer,
    Triage,
    WatchedChannel,
    WorkspaceSettingsRow,
    utc_now,
)
from bot.storage.workspaces import ClickKey, Diagnosis, StoredSettings, most_common

# Enough unrecognised messages to find the common ones, without reading a week's flood.
UNRECOGNISED_SCAN = 2000


class SqlWorkspaceStore:
    """Implements bot.storage.workspaces.WorkspaceStore; errors propagate to the caller."""

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._engine = engine
        self._clock = clock

    def settings_of(self, team_id: str) -> StoredSettings | None:
        query = select(WorkspaceSettingsRow).where(WorkspaceSettingsRow.team_id == team_id)
        with self._engine.connect() as connection:
            row = connection.execute(query).first()
        if row is None:
            return None
        return StoredSettings(
            escalation_channel=row.escalation_channel,
            escalation_group=row.escalation_group,
            answer_unprompted=bool(row.answer_unprompted),
            updated_by=row.updated_by,
        )

    def save_settings(self, team_id: str, settings: StoredSettings) -> None:
        values = {
            "escalation_channel": settings.escalation_channel,
            "escalation_group": settings.escalation_group,
            "answer_unprompted": settings.answer_unprompted,
            "updated_by": settings.updated_by,
            "updated_at": self._clock(),
        }
        self._upsert(WorkspaceSettingsRow, {"team_id": team_id}, values)

    def watched_channels(self, team_id: str) -> list[str]:
        query = (
            select(WatchedChannel.channel_id)
            .where(WatchedChannel.team_id == team_id)
            .order_by(WatchedChannel.channel_id)
        )
        with self._engine.connect() as connection:
            return [str(channel) for channel in connection.execute(query).scalars()]

    def diagnosis_in(
        self, team_id: str, channel_id: str, thread_ts: str
    ) -> tuple[str, Diagnosis] | None:
        query = select(ThreadAnswer).where(
            ThreadAnswer.team_id == team_id,
            ThreadAnswer.channel_id == channel_id,
            or_(ThreadAnswer.thread_ts == thread_ts, ThreadAnswer.answer_ts == thread_ts),
        )
        with self._engine.connect() as connection:
            row = connection.execute(query).first()
        if row is None:
            return None
        return row.thread_ts, Diagnosis(row.intent, row.details_hash, row.answer_ts)

    def remember_diagnosis(
        self, team_id: str, channel_id: str, thread_ts: str, diagnosis: Diagnosis
    ) -> None:
        key = diagnosis_key(team_id, channel_id, thread_ts)
        # Once per answer: the driver's own SQL, not a statement built each time.
        upsert(self._engine, ThreadAnswer.__tablename__, key, self._diagnosis_values(diagnosis))

    def replace_diagnosis(
        self, team_id: str, channel_id: str, thread_ts: str, old: Diagnosis, new: Diagnosis
    ) -> bool:
        statement = (
            update(ThreadAnswer)
            .where(
                ThreadAnswer.team_id == team_id,
                ThreadAnswer.channel_id == channel_id,
                ThreadAnswer.thread_ts == thread_ts,
                ThreadAnswer.intent == old.intent,
                ThreadAnswer.details_hash == old.details_hash,
            )
            .values(**self._diagnosis_values(new))
        )
        with write_lock(self._engine), self._engine.begin() as connection:
            return connection.execute(statement).rowcount == 1

    def claim_click(self, key: ClickKey) -> bool:
        values = {**_click_columns(key), "at": self._clock()}
        statement: Insert
        if is_postgres(self._engine):
            statement = postgres_insert(AnswerClick).values(**values).on_conflict_do_nothing()
        else:
            statement = sqlite_insert(AnswerClick).values(**values).prefix_with("OR IGNORE")
        statement = statement.execution_options(preserve_rowcount=True)
        with write_lock(self._engine), self._engine.begin() as connection:
            return connection.execute(statement).rowcount == 1

    def release_click(self, key: ClickKey) -> None:
        conditions = [
            getattr(AnswerClick, name) == value for name, value in _click_columns(key).items()
        ]
        with write_lock(self._engine), self._engine.begin() as connection:
            connection.execute(delete(AnswerClick).where(and_(*conditions)))

    def top_unrecognised(self, team_id: str, days: int, limit: int) -> list[tuple[str, int]]:
        since = self._clock() - timedelta(days=days)
        query = (
            select(Triage.text)
            .where(
                Triage.team_id == team_id,
                Triage.intent.is_(None),
                Triage.at >= since,
                Triage.text.is_not(None),
            )
            .order_by(Triage.at.desc())
            .limit(UNRECOGNISED_SCAN)
        )
        with self._engine.connect() as connection:
            texts = [str(text) for text in connection.execute(query).scalars()]
        return most_common(texts, limit)

    def forget_workspace(self, team_id: str) -> None:
        with write_lock(self._engine), self._engine.begin() as connection:
            for table in (
                WorkspaceSettingsRow,
                WatchedChannel,
                AnsweredThread,
                ThreadAnswer,
                AnswerClick,
            ):
                connection.execute(delete(table).where(table.team_id == team_id))
            # Counts stay for the operator's statistics; words and people do not.
            connection.execute(
                update(Triage)
                .where(Triage.team_id == team_id)
                .values(text=None, evidence=null(), user_id=None)
            )
            for record in (Feedback, Escalation, Checklist):
                connection.execute(
                    update(record).where(record.team_id == team_id).values(user_id=None)
                )

    def _diagnosis_values(self, diagnosis: Diagnosis) -> dict[str, Any]:
        return diagnosis_values(diagnosis, self._clock())

    def _upsert(self, model: Any, key: dict[str, Any], values: dict[str, Any]) -> None:
        insert = postgres_insert if is_postgres(self._engine) else sqlite_insert
        statement = (
            insert(model)
            .values(**key, **values)
            .on_conflict_do_update(index_elements=list(key), set_=values)
        )
        with write_lock(self._engine), self._engine.begin() as connection:
            connection.execute(statement)


def _click_columns(key: ClickKey) -> dict[str, str]:
    return {
        "team_id": key.team_id,
        "channel_id": key.channel_id,
        "answer_key": key.answer_key,
        "user_id": key.user_id,
        "action": key.action.value,
    }


def diagnosis_key(team_id: str, channel_id: str, thread_ts: str) -> dict[str, Any]:
    """The columns that name a thread in thread_answers."""
    return {"team_id": team_id, "channel_id": channel_id, "thread_ts": thread_ts}


def diagnosis_values(diagnosis: Diagnosis, at: datetime) -> dict[str, Any]:
    """The columns of thread_answers that a new diagnosis sets."""
    return {
        "intent": diagnosis.intent,
        "details_hash": diagnosis.details_hash,
        "answer_ts": diagnosis.answer_ts,
        "answered_at": at,
    }
