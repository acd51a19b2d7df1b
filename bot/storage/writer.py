"""One worker thread that writes records from a bounded queue and runs the retention purge."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import InterfaceError, OperationalError

from bot.storage.interface import ChecklistRecord, EscalationRecord, FeedbackRecord, TriageRecord
from bot.storage.ratelog import RateLimitedLog
from bot.storage.retention import DEFAULT_RETENTION_DAYS
from bot.storage.sql_store import SqlStore

logger = logging.getLogger(__name__)
Record = TriageRecord | FeedbackRecord | EscalationRecord | ChecklistRecord


@dataclass(frozen=True, slots=True)
class WriterTuning:
    """How hard the writer tries before giving a record up, and how often it purges."""

    queue_size: int = 1000
    attempts: int = 3
    retry_delay: float = 0.5
    retention_days: int = DEFAULT_RETENTION_DAYS
    retention_interval: float = 3600.0


DEFAULT_TUNING = WriterTuning()


class _Stop:
    """Placed on the queue by close(): everything queued before it is written first."""


class RecordWriter:
    """Writes records in order on its own thread; the caller only pays for a queue put.

    A record that fails with a connection error is retried `attempts` times with doubling
    pauses; then, or at once for any other error, it is dropped and counted. Nothing is
    retried forever, and a full queue drops the newest record instead of blocking.
    """

    def __init__(
        self,
        store: SqlStore,
        *,
        log: RateLimitedLog,
        tuning: WriterTuning = DEFAULT_TUNING,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if tuning.attempts < 1:
            raise ValueError("attempts must be at least 1")
        self._store = store
        self._log = log
        self._tuning = tuning
        self._clock = clock
        self._queue: queue.Queue[Record | _Stop] = queue.Queue(maxsize=tuning.queue_size)
        self._halt = threading.Event()
        self._idle = threading.Condition()
        self._pending = 0
        self._dropped = 0
        self._thread = threading.Thread(target=self._work, name="mailhelp-storage", daemon=True)
        self._thread.start()

    @property
    def dropped(self) -> int:
        return self._dropped

    @property
    def pending(self) -> int:
        return self._pending

    def submit(self, record: Record) -> None:
        with self._idle:
            self._pending += 1
        try:
            self._queue.put_nowait(record)
        except queue.Full:
            self._settle(dropped=True)
            self._log.error(
                "queue-full",
                "storage queue full (%d records), dropped a %s for team %s: "
                "the database at %s is slower than the traffic",
                self._tuning.queue_size,
                kind_of(record),
                record.team_id,
                self._store.safe_url,
            )

    def flush(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._pending:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._idle.wait(remaining)
        return True

    def close(self, timeout: float) -> None:
        """Write what is queued within `timeout`, then stop; what is left is counted as dropped."""
        try:
            self._queue.put(_Stop(), timeout=timeout)
        except queue.Full:
            logger.warning("storage queue still full at shutdown")
        self._thread.join(timeout)
        self._halt.set()
        self._thread.join(1.0)
        if self._pending:
            logger.warning("stopped with %d records not written to the database", self._pending)

    def _work(self) -> None:
        next_purge = self._clock()
        while True:
            if self._clock() >= next_purge:
                self._purge()
                next_purge = self._clock() + self._tuning.retention_interval
            try:
                item = self._queue.get(timeout=1.0)
            except queue.Empty:
                if self._halt.is_set():
                    return
                continue
            if isinstance(item, _Stop):
                return
            self._settle(dropped=self._halt.is_set() or not self._write(item))

    def _write(self, record: Record) -> bool:
        kind = kind_of(record)
        write: Callable[[Record], None] = getattr(self._store, f"record_{kind}")
        attempts = self._tuning.attempts
        for attempt in range(1, attempts + 1):
            try:
                write(record)
                return True
            # Any failure, not only the database's: an uncaught one would end the thread and
            # with it all recording.
            except Exception as exc:
                transient = isinstance(exc, OperationalError | InterfaceError)
                if transient and attempt < attempts and not self._halt.is_set():
                    self._halt.wait(self._tuning.retry_delay * 2 ** (attempt - 1))
                    continue
                self._log.error(
                    "record",
                    "could not record a %s for team %s channel %s in %s "
                    "after %d attempt(s), dropped it: %s",
                    kind,
                    record.team_id,
                    record.channel_id,
                    self._store.safe_url,
                    attempt,
                    self._store.explain(exc),
                )
                return False
        return False

    def _purge(self) -> None:
        days = self._tuning.retention_days
        try:
            result = self._store.purge(days)
        except Exception as exc:
            self._log.error(
                "retention",
                "could not clear triage texts older than %d days in %s: %s",
                days,
                self._store.safe_url,
                self._store.explain(exc),
            )
            return
        if result.texts_cleared:
            logger.info("cleared %d triage texts older than %d days", result.texts_cleared, days)

    def _settle(self, *, dropped: bool) -> None:
        with self._idle:
            self._pending -= 1
            if dropped:
                self._dropped += 1
            if not self._pending:
                self._idle.notify_all()


def kind_of(record: Record) -> str:
    """`triage`, `feedback`, `escalation` or `checklist`: also the SqlStore method suffix."""
    return type(record).__name__.removesuffix("Record").lower()
