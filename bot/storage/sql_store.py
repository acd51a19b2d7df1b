"""The Store on a SQL database, with claims that stay atomic across web processes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Insert, Table, delete, exists, insert, select
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.storage.engine import describe_error, is_postgres, write_lock
from bot.storage.fast_insert import insert_if_absent, upsert_many
from bot.storage.interface import (
    ChecklistRecord,
    EscalationRecord,
    FeedbackRecord,
    Stats,
    Took,
    TriageRecord,
)
from bot.storage.queries import UnmatchedMessage, count_stats, find_unmatched
from bot.storage.retention import DEFAULT_RETENTION_DAYS, PurgeResult, purge
from bot.storage.rows import Record, row_for
from bot.storage.tables import (
    AnsweredThread,
    HandledEvent,
    ThreadAnswer,
    WatchedChannel,
    utc_now,
)
from bot.storage.work import WorkTable, fit_key
from bot.storage.workspace_sql import diagnosis_key, diagnosis_values
from bot.storage.workspaces import Diagnosis


class SqlStore:
    """Implements the Store protocol; errors propagate, the background recorder absorbs them."""

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._engine = engine
        self._clock = clock
        self.work = WorkTable(engine, clock=clock)

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

    def checkpoint(self) -> None:
        """Copy SQLite's write-ahead log into the database file, as far as it can without
        making a writer or reader wait (PASSIVE); nothing to do on PostgreSQL."""
        if is_postgres(self._engine) or self._engine.url.database in (None, "", ":memory:"):
            return
        with self._engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")

    def claim_event(self, event_key: str) -> bool:
        return self._insert_if_absent(
            HandledEvent.__table__, event_key=fit_key(event_key), claimed_at=self._clock()
        )

    def take_work(self, key: str, body: str | None, lease_s: float) -> Took:
        return Took.DURABLE if self.work.take(key, body, lease_s) else Took.DUPLICATE

    def finish_work(self, key: str) -> None:
        self.work.finish([key])

    def health(self) -> str | None:
        # Errors reach the caller directly; the background recorder is what keeps watch.
        return None

    def claim_answer(
        self,
        team_id: str,
        channel_id: str,
        thread_ts: str,
        intent: str,
        work_key: str | None = None,
    ) -> bool:
        """True the first time; also True again for the same work, taken up after a crash."""
        row = {
            "team_id": team_id,
            "channel_id": channel_id,
            "thread_ts": thread_ts,
            "intent": intent,
            "answered_at": self._clock(),
            "work_key": fit_key(work_key) if work_key else None,
        }
        if insert_if_absent(self._engine, AnsweredThread.__tablename__, row):
            return True
        if work_key is None:
            return False
        query = select(AnsweredThread.work_key).where(
            AnsweredThread.team_id == team_id,
            AnsweredThread.channel_id == channel_id,
            AnsweredThread.thread_ts == thread_ts,
            AnsweredThread.intent == intent,
        )
        with self._engine.connect() as connection:
            return connection.execute(query).scalar() == fit_key(work_key)

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
        with write_lock(self._engine), self._engine.begin() as connection:
            connection.execute(
                delete(WatchedChannel).where(
                    WatchedChannel.team_id == team_id, WatchedChannel.channel_id == channel_id
                )
            )

    def record_triage(self, record: TriageRecord) -> None:
        self.record_many([record])

    def record_feedback(self, record: FeedbackRecord) -> None:
        self.record_many([record])

    def record_escalation(self, record: EscalationRecord) -> None:
        self.record_many([record])

    def record_checklist(self, record: ChecklistRecord) -> None:
        self.record_many([record])

    def record_many(self, records: Sequence[Record]) -> None:
        """Several records in one transaction: what the background writer batches."""
        by_table: dict[Any, list[dict[str, Any]]] = {}
        for record in records:
            model, row = row_for(record, self._when(record.at))
            by_table.setdefault(model, []).append(row)
        with write_lock(self._engine), self._engine.begin() as connection:
            for model, rows in by_table.items():
                connection.execute(insert(model), rows)

    def remember_diagnoses(
        self, diagnoses: Sequence[tuple[str, str, str, Diagnosis, datetime]]
    ) -> None:
        """What the bot answered in each thread (team, channel, thread, diagnosis, when), in
        one transaction; the last one given for a thread wins."""
        upsert_many(
            self._engine,
            ThreadAnswer.__tablename__,
            [
                (diagnosis_key(team, channel, thread), diagnosis_values(diagnosis, at))
                for team, channel, thread, diagnosis, at in diagnoses
            ],
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
        with write_lock(self._engine):
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
        with write_lock(self._engine), self._engine.begin() as connection:
            return connection.execute(statement).rowcount == 1
