"""Keeps the database off the path of an answer: records go to a worker, claims fall back."""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError

from bot.storage.gate import DatabaseDown, DatabaseGate
from bot.storage.interface import (
    ChecklistRecord,
    EscalationRecord,
    FeedbackRecord,
    Stats,
    Took,
    TriageRecord,
)
from bot.storage.memory import MAX_CLAIMS, BoundedSet, MemoryStore
from bot.storage.ratelog import DEFAULT_INTERVAL_S, RateLimitedLog
from bot.storage.sql_store import SqlStore
from bot.storage.startup import StorageUnavailable, unavailable
from bot.storage.tables import utc_now
from bot.storage.workspaces import Diagnosis
from bot.storage.writer import DEFAULT_TUNING, Done, RecordWriter, Remembered, WriterTuning

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Every message in a busy channel asks whether the channel is watched; the answer is kept this
# long, so a change made in another web process takes effect within these seconds.
WATCH_CACHE_SECONDS = 10.0
# Claims made in memory while the database was away, copied to it when it is back so a retry
# reaching another process is still refused; beyond this many the oldest are forgotten.
MAX_UNSYNCED_CLAIMS = 50_000


class BackgroundRecorder:
    """A Store whose writes never make the caller wait, and whose claims survive an outage.

    `record_*` hand the record to a RecordWriter thread. Claims and watched-channel checks go
    to the database through the gate, which gives up within half a second; when it is shut
    they are answered by the in-memory fallback, which also remembers every claim this process
    made in the database, so a retry reaching it during an outage is still refused. Claims made
    in memory are copied to the database once it is back.
    """

    def __init__(
        self,
        store: SqlStore,
        *,
        gate: DatabaseGate | None = None,
        fallback: MemoryStore | None = None,
        tuning: WriterTuning = DEFAULT_TUNING,
        log_interval: float = DEFAULT_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
        watch_cache_seconds: float = WATCH_CACHE_SECONDS,
    ) -> None:
        self._store = store
        self._log = RateLimitedLog(logger, interval=log_interval, clock=clock)
        self._gate = gate or DatabaseGate(store, log=self._log)
        self._fallback = fallback if fallback is not None else MemoryStore()
        self._clock = clock
        self._writer = RecordWriter(store, self._gate, log=self._log, tuning=tuning, clock=clock)
        self._watch_ttl = watch_cache_seconds
        self._watched: dict[tuple[str, str], tuple[bool, float]] = {}
        self._lock = threading.Lock()
        self._unsynced_events: deque[str] = deque(maxlen=MAX_UNSYNCED_CLAIMS)
        # Requests this process handled from memory (the database away or too slow), kept apart
        # from the fallback's claims, which also hold requests the database refused here.
        self._handled_from_memory = BoundedSet(MAX_CLAIMS)
        self._unsynced_answers: deque[tuple[str, str, str, str]] = deque(maxlen=MAX_UNSYNCED_CLAIMS)
        self._gate.on_up(self._sync_claims)

    @property
    def gate(self) -> DatabaseGate:
        return self._gate

    @property
    def sql(self) -> SqlStore:
        return self._store

    @property
    def dropped(self) -> int:
        """Records given up on: the queue was full, or the database refused them."""
        return self._writer.dropped

    def health(self) -> str | None:
        """None when all is well; otherwise what is degraded, for /healthz."""
        return self._gate.problem()

    def record_triage(self, record: TriageRecord) -> None:
        self._writer.submit(record)

    def record_feedback(self, record: FeedbackRecord) -> None:
        self._writer.submit(record)

    def record_escalation(self, record: EscalationRecord) -> None:
        self._writer.submit(record)

    def record_checklist(self, record: ChecklistRecord) -> None:
        self._writer.submit(record)

    def remember_diagnosis(
        self, team_id: str, channel_id: str, thread_ts: str, diagnosis: Diagnosis
    ) -> None:
        """Written with the next batch of records: a follow-up in the thread comes seconds
        later, and the answer that was just posted never waits for the write."""
        self._writer.submit(Remembered(team_id, channel_id, thread_ts, diagnosis, utc_now()))

    def take_work(self, key: str, body: str | None, lease_s: float) -> Took:
        """Claim a request; with `body`, keep it in the database until `finish_work(key)`."""

        def too_late(took: bool) -> None:
            # The caller went on from memory; a row written after that must not be taken up.
            if took:
                self._writer.submit(Done(key))

        try:
            took = self._gate.call(
                "claim a request",
                lambda: self._store.work.take(key, body, lease_s),
                on_late=too_late,
            )
        except DatabaseDown:
            with self._lock:
                if not self._fallback.claim_event(key):
                    return Took.DUPLICATE
                self._handled_from_memory.add_if_new(key)
                self._unsynced_events.append(key)
            return Took.IN_MEMORY
        # Remembered either way, so a retry arriving during an outage is still recognised.
        # Whether this process already handled it is asked of the requests it handled from
        # memory only: a delivery the database refused remembers the key too, and may do so
        # before the delivery that won the claim gets here, which must still answer.
        with self._lock:
            self._fallback.claim_event(key)
            handled_here = key in self._handled_from_memory
        if not took:
            return Took.DUPLICATE
        if handled_here:
            # Handled here during an outage, before its claim reached the database.
            self._writer.submit(Done(key))
            return Took.DUPLICATE
        return Took.DURABLE

    def finish_work(self, key: str) -> None:
        """The request's work is done; written with the next batch of records."""
        self._writer.submit(Done(key))

    def claim_event(self, event_key: str) -> bool:
        return self.take_work(event_key, None, 0.0) is not Took.DUPLICATE

    def claim_answer(
        self,
        team_id: str,
        channel_id: str,
        thread_ts: str,
        intent: str,
        work_key: str | None = None,
    ) -> bool:
        answer = (team_id, channel_id, thread_ts, intent)
        try:
            took = self._gate.call(
                f"claim the answer in team {team_id} channel {channel_id}",
                lambda: self._store.claim_answer(*answer, work_key=work_key),
            )
        except DatabaseDown:
            if not self._fallback.claim_answer(*answer):
                return False
            with self._lock:
                self._unsynced_answers.append(answer)
            return True
        self._fallback.claim_answer(*answer)
        return took

    def is_watched(self, team_id: str, channel_id: str) -> bool:
        key = (team_id, channel_id)
        now = self._clock()
        with self._lock:
            cached = self._watched.get(key)
        if cached is not None and cached[1] > now:
            return cached[0]
        try:
            watched = self._gate.call(
                f"check whether team {team_id} channel {channel_id} is watched",
                lambda: self._store.is_watched(team_id, channel_id),
            )
        except DatabaseDown:
            # What this process last knew: the bot keeps its manners in channels it knew.
            return self._fallback.is_watched(team_id, channel_id)
        self._fallback.set_watched(team_id, channel_id, watched)
        with self._lock:
            self._watched[key] = (watched, now + self._watch_ttl)
        return watched

    def set_watched(self, team_id: str, channel_id: str, watched: bool) -> None:
        """Stored in the database or not at all: StorageUnavailable says it was not."""
        try:
            self._gate.call(
                f"save the watch setting of team {team_id} channel {channel_id}",
                lambda: self._store.set_watched(team_id, channel_id, watched),
            )
        except DatabaseDown as exc:
            raise StorageUnavailable(f"the database is unavailable: {exc}") from exc
        self._fallback.set_watched(team_id, channel_id, watched)
        with self._lock:
            self._watched[(team_id, channel_id)] = (watched, self._clock() + self._watch_ttl)

    def stats(self, days: int, team_id: str | None = None) -> Stats:
        if not self._gate.up:
            raise StorageUnavailable(self._gate.problem() or "the database is unavailable")
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
        self._gate.close()
        self._store.close()

    def _sync_claims(self) -> None:
        """Copy the claims made in memory during an outage into the database, now it is back."""
        with self._lock:
            events = list(self._unsynced_events)
            answers = list(self._unsynced_answers)
            self._unsynced_events.clear()
            self._unsynced_answers.clear()
        for key in events:
            self._store.claim_event(key)
        for answer in answers:
            self._store.claim_answer(*answer)
        if events or answers:
            logger.info(
                "copied %d request and %d answer claims made during the outage to the database",
                len(events),
                len(answers),
            )
