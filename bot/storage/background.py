"""Keeps the database off the path of an answer: records go to a worker, claims fall back."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError

from bot.storage.interface import (
    ChecklistRecord,
    EscalationRecord,
    FeedbackRecord,
    Stats,
    Store,
    TriageRecord,
)
from bot.storage.memory import MemoryStore
from bot.storage.ratelog import DEFAULT_INTERVAL_S, RateLimitedLog
from bot.storage.sql_store import SqlStore
from bot.storage.startup import unavailable
from bot.storage.writer import DEFAULT_TUNING, RecordWriter, WriterTuning

logger = logging.getLogger(__name__)
T = TypeVar("T")

# After a failed claim, how long to answer from memory before asking the database again:
# long enough that an outage costs one slow call per half minute, not one per message.
DEFAULT_BREAKER_SECONDS = 30.0


# Every message in a busy channel asks whether the channel is watched; the answer is kept this
# long, so a change made in another web process takes effect within these seconds.
WATCH_CACHE_SECONDS = 10.0


class BackgroundRecorder:
    """A Store whose writes never make the caller wait, and whose claims survive an outage.

    `record_*` hand the record to a RecordWriter thread. Claims and watched-channel checks go to
    the database directly, since they decide whether to answer; when it fails they are answered
    by the in-memory fallback for `breaker_seconds` (one process's view, better than none)
    before the database is tried again. Failures are logged at most once per `log_interval`.
    """

    def __init__(
        self,
        store: SqlStore,
        *,
        fallback: Store | None = None,
        tuning: WriterTuning = DEFAULT_TUNING,
        breaker_seconds: float = DEFAULT_BREAKER_SECONDS,
        log_interval: float = DEFAULT_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
        watch_cache_seconds: float = WATCH_CACHE_SECONDS,
    ) -> None:
        self._store = store
        self._fallback: Store = fallback if fallback is not None else MemoryStore()
        self._breaker_seconds = breaker_seconds
        self._clock = clock
        self._log = RateLimitedLog(logger, interval=log_interval, clock=clock)
        self._down_until: float | None = None
        self._writer = RecordWriter(store, log=self._log, tuning=tuning, clock=clock)
        self._watch_ttl = watch_cache_seconds
        self._watched: dict[tuple[str, str], tuple[bool, float]] = {}
        self._watched_lock = threading.Lock()

    @property
    def dropped(self) -> int:
        """Records given up on: the queue was full, or the database refused them."""
        return self._writer.dropped

    def record_triage(self, record: TriageRecord) -> None:
        self._writer.submit(record)

    def record_feedback(self, record: FeedbackRecord) -> None:
        self._writer.submit(record)

    def record_escalation(self, record: EscalationRecord) -> None:
        self._writer.submit(record)

    def record_checklist(self, record: ChecklistRecord) -> None:
        self._writer.submit(record)

    def claim_event(self, event_key: str) -> bool:
        return self._direct(
            "claim an event",
            lambda: self._store.claim_event(event_key),
            lambda: self._fallback.claim_event(event_key),
        )

    def claim_answer(self, team_id: str, channel_id: str, thread_ts: str, intent: str) -> bool:
        return self._direct(
            f"claim the answer in team {team_id} channel {channel_id}",
            lambda: self._store.claim_answer(team_id, channel_id, thread_ts, intent),
            lambda: self._fallback.claim_answer(team_id, channel_id, thread_ts, intent),
        )

    def is_watched(self, team_id: str, channel_id: str) -> bool:
        key = (team_id, channel_id)
        now = self._clock()
        with self._watched_lock:
            cached = self._watched.get(key)
        if cached is not None and cached[1] > now:
            return cached[0]

        def from_database() -> bool:
            watched = self._store.is_watched(team_id, channel_id)
            # Remembered, so during an outage the bot keeps its manners in channels it knew.
            self._fallback.set_watched(team_id, channel_id, watched)
            with self._watched_lock:
                self._watched[key] = (watched, now + self._watch_ttl)
            return watched

        return self._direct(
            f"check whether team {team_id} channel {channel_id} is watched",
            from_database,
            lambda: self._fallback.is_watched(team_id, channel_id),
        )

    def set_watched(self, team_id: str, channel_id: str, watched: bool) -> None:
        self._fallback.set_watched(team_id, channel_id, watched)
        with self._watched_lock:
            self._watched[(team_id, channel_id)] = (watched, self._clock() + self._watch_ttl)
        self._direct(
            f"save the watch setting of team {team_id} channel {channel_id}",
            lambda: self._store.set_watched(team_id, channel_id, watched),
            lambda: None,
        )

    def stats(self, days: int, team_id: str | None = None) -> Stats:
        try:
            return self._store.stats(days, team_id)
        except SQLAlchemyError as exc:
            raise unavailable(self._store, "read statistics from", exc) from exc

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every queued record was written or dropped; False on timeout."""
        return self._writer.flush(timeout)

    def close(self, timeout: float = 5.0) -> None:
        """Write what is queued within `timeout`, then stop the worker and the engine."""
        self._writer.close(timeout)
        self._store.close()

    def _direct(self, action: str, use_database: Callable[[], T], use_memory: Callable[[], T]) -> T:
        if self._down_until is not None and self._clock() < self._down_until:
            return use_memory()
        try:
            result = use_database()
        except SQLAlchemyError as exc:
            self._down_until = self._clock() + self._breaker_seconds
            self._log.error(
                "direct",
                "could not %s in %s, answering from memory for the next %ds: %s",
                action,
                self._store.safe_url,
                self._breaker_seconds,
                self._store.explain(exc),
            )
            return use_memory()
        self._down_until = None
        return result
