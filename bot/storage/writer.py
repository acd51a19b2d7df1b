"""One worker thread that writes records in batches from a bounded queue, and runs the purge.

Records, the diagnosis of each answered thread and "work done" marks are written in a few
transactions per batch, off the path of any answer. While the database is down they wait in
the queue (nothing is retried in a loop or dropped for being late); only a full queue, or a
record the database itself refuses, loses a record, and both are logged.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from bot.storage.gate import DatabaseGate
from bot.storage.ratelog import RateLimitedLog
from bot.storage.retention import DEFAULT_RETENTION_DAYS
from bot.storage.rows import Record
from bot.storage.sql_store import SqlStore
from bot.storage.workspaces import Diagnosis

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WriterTuning:
    """How much the writer holds while the database is away, and how often it purges."""

    queue_size: int = 20_000
    batch_size: int = 500
    # After the first record of a batch, how long the writer waits for more: a transaction
    # costs as much as dozens of rows, and a record is never read back this soon.
    linger_s: float = 0.05
    retention_days: int = DEFAULT_RETENTION_DAYS
    retention_interval: float = 3600.0
    # How often SQLite's write-ahead log is copied into the database file, here rather than
    # by whichever claim happens to cross the log's size limit (bot.storage.engine).
    checkpoint_interval: float = 1.0


DEFAULT_TUNING = WriterTuning()


@dataclass(frozen=True, slots=True)
class Done:
    """The work of this claim key is finished: its body and lease can go."""

    key: str


@dataclass(frozen=True, slots=True)
class Remembered:
    """The bot answered in this thread with this diagnosis, at this time."""

    team_id: str
    channel_id: str
    thread_ts: str
    diagnosis: Diagnosis
    at: datetime


class _Stop:
    """Placed on the queue by close(): everything queued before it is written first."""


Item = Record | Done | Remembered


class RecordWriter:
    """Writes records in order on its own thread; the caller only pays for a queue put."""

    def __init__(
        self,
        store: SqlStore,
        gate: DatabaseGate,
        *,
        log: RateLimitedLog,
        tuning: WriterTuning = DEFAULT_TUNING,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._gate = gate
        self._log = log
        self._tuning = tuning
        self._clock = clock
        self._queue: queue.Queue[Item | _Stop] = queue.Queue(maxsize=tuning.queue_size)
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

    def submit(self, item: Item) -> None:
        with self._idle:
            self._pending += 1
        try:
            self._queue.put_nowait(item)
        except queue.Full:
            self._settle(1, dropped=not isinstance(item, Done))
            what = (
                f"mark of {item.key} as done"
                if isinstance(item, Done)
                else (f"{kind_of(item)} for team {item.team_id}")
            )
            self._log.error(
                "queue-full",
                "storage queue full (%d records), dropped a %s: the database at %s is slower "
                "than the traffic or away",
                self._tuning.queue_size,
                what,
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
        next_checkpoint = self._clock()
        while not self._halt.is_set():
            if self._gate.up and self._clock() >= next_purge:
                self._purge()
                next_purge = self._clock() + self._tuning.retention_interval
            if self._gate.up and self._clock() >= next_checkpoint:
                self._checkpoint()
                next_checkpoint = self._clock() + self._tuning.checkpoint_interval
            try:
                first = self._queue.get(timeout=self._tuning.checkpoint_interval)
            except queue.Empty:
                continue
            batch, stop = self._gather(first)
            while batch and not self._halt.is_set():
                if self._gate.up or self._gate.wait_up(1.0):
                    batch = self._write(batch)
            if stop:
                return

    def _gather(self, first: Item | _Stop) -> tuple[list[Item], bool]:
        """`first` and whatever else is queued now, up to a batch; True when told to stop."""
        if isinstance(first, _Stop):
            return [], True
        batch: list[Item] = [first]
        deadline = time.monotonic() + self._tuning.linger_s
        while len(batch) < self._tuning.batch_size:
            try:
                item = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if isinstance(item, _Stop):
                return batch, True
            batch.append(item)
        return batch, False

    def _write(self, batch: list[Item]) -> list[Item]:
        """Write the batch; what comes back must be tried again once the database is up."""
        records = [item for item in batch if not isinstance(item, Done | Remembered)]
        done = [item.key for item in batch if isinstance(item, Done)]
        remembered = [item for item in batch if isinstance(item, Remembered)]
        # Marks and diagnoses first: written twice they change nothing, so a batch tried again
        # after the connection failed half-way repeats no record.
        steps: list[tuple[Callable[[], None], int, str]] = [
            (lambda: self._remember(remembered), len(remembered), "diagnoses"),
            (lambda: self._store.work.finish(done), len(done), "marks of work done"),
        ]
        try:
            for write, _, _ in steps:
                write()
            if records:
                self._store.record_many(records)
        except SQLAlchemyError as exc:
            if _is_connection_error(exc):
                self._gate.failed("write records", self._store.explain(exc))
                return batch
            # The database refused part of the batch itself: each part again on its own, and
            # records one at a time to find the culprit.
            for write, count, what in steps:
                self._alone(write, count, what)
            self._one_by_one(records)
            return []
        self._settle(len(batch))
        return []

    def _remember(self, remembered: list[Remembered]) -> None:
        if remembered:
            self._store.remember_diagnoses(
                [(r.team_id, r.channel_id, r.thread_ts, r.diagnosis, r.at) for r in remembered]
            )

    def _alone(self, write: Callable[[], None], count: int, what: str) -> None:
        try:
            write()
        except SQLAlchemyError as exc:
            self._settle(count, dropped=True)
            self._log.error(
                "batch-part",
                "could not write %d %s to %s, dropped them: %s",
                count,
                what,
                self._store.safe_url,
                self._store.explain(exc),
            )
        else:
            self._settle(count)

    def _one_by_one(self, records: list[Record]) -> None:
        for record in records:
            try:
                self._store.record_many([record])
            except SQLAlchemyError as exc:
                self._settle(1, dropped=True)
                self._log.error(
                    "record",
                    "could not record a %s for team %s channel %s in %s, dropped it: %s",
                    kind_of(record),
                    record.team_id,
                    record.channel_id,
                    self._store.safe_url,
                    self._store.explain(exc),
                )
            else:
                self._settle(1)

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

    def _checkpoint(self) -> None:
        try:
            self._store.checkpoint()
        except SQLAlchemyError as exc:
            self._log.error(
                "checkpoint",
                "could not checkpoint the write-ahead log of %s: %s",
                self._store.safe_url,
                self._store.explain(exc),
            )

    def _settle(self, count: int, *, dropped: bool = False) -> None:
        with self._idle:
            self._pending -= count
            if dropped:
                self._dropped += count
            if not self._pending:
                self._idle.notify_all()


def _is_connection_error(exc: SQLAlchemyError) -> bool:
    """A lost or refused connection (worth waiting out), not a refusal of the data."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    name = type(getattr(exc, "orig", None) or exc).__name__
    return name in {"OperationalError", "InterfaceError"} or "connect" in str(exc).lower()


def kind_of(item: Item) -> str:
    """`triage`, `feedback`, `escalation`, `checklist`, `done` or `diagnosis`."""
    if isinstance(item, Remembered):
        return "diagnosis"
    return type(item).__name__.removesuffix("Record").lower()
