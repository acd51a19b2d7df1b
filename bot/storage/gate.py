"""Whether the database may be used right now, and calls to it that never wait long.

A hung database server (a stopped process, a network partition) blocks a driver call with no
end: neither libpq's timeouts nor a server-side statement timeout fire while the server sleeps
and the kernel still acknowledges its packets. So every call on the path of an answer runs on
one of a few threads here, and its caller stops waiting after `call_timeout_s`; the database is
then taken for down, callers go to their fallback at once, and a background thread tries it
again (and, at start-up, brings the schema up to date) until it answers.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Generic, TypeVar

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.errors import SetupError
from bot.storage.engine import is_postgres
from bot.storage.ratelog import RateLimitedLog
from bot.storage.sql_store import SqlStore

T = TypeVar("T")
logger = logging.getLogger(__name__)

# Claims decide whether to answer; past this they are given up and answered from memory.
CALL_TIMEOUT_S = 0.5
# How often a database taken for down is tried again.
RETRY_S = 1.0
# Enough for the calls of one process's burst; when all are stuck, callers time out anyway.
CALL_THREADS = 4


class DatabaseDown(Exception):  # noqa: N818 - the name says what happened, like StorageUnavailable
    """The database is down (or was too slow to answer); use the fallback."""


class _Call(Generic[T]):
    """One call, which the caller may abandon; a late finish then goes to `on_late`."""

    def __init__(self, fn: Callable[[], T], on_late: Callable[[T], None] | None) -> None:
        self._fn = fn
        self._on_late = on_late
        self._lock = threading.Lock()
        self._abandoned = False
        self._started = False

    def run(self) -> T:
        with self._lock:
            if self._abandoned:
                # Queued behind stuck calls past its caller's patience: too late to matter.
                raise DatabaseDown("abandoned before it started")
            self._started = True
        result = self._fn()
        with self._lock:
            late = self._abandoned
        if late and self._on_late is not None:
            self._on_late(result)
        return result

    def abandon(self) -> None:
        with self._lock:
            self._abandoned = True


class DatabaseGate:
    """`call` runs a database function with a deadline; `problem` says why the gate is shut."""

    def __init__(
        self,
        store: SqlStore,
        *,
        prepare: Callable[[], None] | None = None,
        call_timeout_s: float = CALL_TIMEOUT_S,
        retry_s: float = RETRY_S,
        log: RateLimitedLog | None = None,
        direct: bool | None = None,
    ) -> None:
        self._store = store
        # SQLite calls run on the caller's thread: the file cannot hang, and its busy timeout
        # already bounds a wait for another process's lock (bot.storage.engine).
        self._direct = not is_postgres(store.engine) if direct is None else direct
        # Run until it succeeds before the gate first opens (the migrations, at start-up).
        self._prepare = prepare
        self._timeout = call_timeout_s
        self._retry_s = retry_s
        self._log = log or RateLimitedLog(logger)
        self._calls = ThreadPoolExecutor(CALL_THREADS, thread_name_prefix="mailhelp-db")
        self._changed = threading.Condition()
        self._up = prepare is None
        self._reason: str | None = None if self._up else "connecting to the database"
        self._down_since: float | None = None if self._up else time.monotonic()
        self._on_up: list[Callable[[], None]] = []
        self._stopping = False
        self._thread = threading.Thread(target=self._watch, name="mailhelp-db-gate", daemon=True)
        self._thread.start()

    @property
    def up(self) -> bool:
        return self._up

    def problem(self) -> str | None:
        """None while the database answers; otherwise why not, fit for /healthz and logs."""
        if self._up:
            return None
        since = time.monotonic() - (self._down_since or time.monotonic())
        return f"{self._reason} (for {since:.0f} s); answering without the database"

    def on_up(self, callback: Callable[[], None]) -> None:
        """Run `callback` on the gate's thread each time the database comes back."""
        self._on_up.append(callback)

    def wait_up(self, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self._up, timeout)

    def call(
        self, what: str, fn: Callable[[], T], *, on_late: Callable[[T], None] | None = None
    ) -> T:
        """fn() within the deadline, or DatabaseDown (the gate shuts and the failure is logged)."""
        if not self._up:
            raise DatabaseDown(self._reason or "down")
        if self._direct:
            try:
                return fn()
            except SQLAlchemyError as exc:
                self.failed(what, self._store.explain(exc))
                raise DatabaseDown(self._reason or "down") from exc
        call = _Call(fn, on_late)
        future: Future[T] = self._calls.submit(call.run)
        try:
            return future.result(timeout=self._timeout)
        except FutureTimeout:
            call.abandon()
            self.failed(what, f"no answer within {self._timeout:.1f} s")
        except SQLAlchemyError as exc:
            self.failed(what, self._store.explain(exc))
        except DatabaseDown:
            pass
        raise DatabaseDown(self._reason or "down")

    def failed(self, what: str, reason: str) -> None:
        """A call failed: shut the gate until the database answers again."""
        with self._changed:
            if self._up:
                self._up = False
                self._down_since = time.monotonic()
            self._reason = f"could not {what} in {self._store.safe_url}: {reason}"
            self._changed.notify_all()
        self._log.error("gate", "%s; answering from memory until it is back", self._reason)

    def close(self) -> None:
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
        self._calls.shutdown(wait=False, cancel_futures=True)

    def _watch(self) -> None:
        # At start-up the first try is at once; after a failure, only once `retry_s` has passed,
        # so a database that answers a probe but not the calls is not hammered.
        pause = 0.0 if self._prepare is not None else self._retry_s
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._stopping or not self._up)
                self._changed.wait_for(lambda: self._stopping, pause)
                if self._stopping:
                    return
            pause = self._retry_s
            if self._try():
                with self._changed:
                    self._up = True
                    self._reason = None
                    self._down_since = None
                    self._changed.notify_all()
                logger.info("the database at %s answers", self._store.safe_url)
                for callback in self._on_up:
                    self._run_callback(callback)

    def _try(self) -> bool:
        try:
            if self._prepare is not None:
                self._prepare()
                self._prepare = None
            else:
                with self._store.engine.connect() as connection:
                    connection.execute(text("SELECT 1"))
        except Exception as exc:
            # A SetupError is the database answering but not usable yet (its schema is behind)
            # and says so itself; anything else is the database out of reach.
            reason = (
                str(exc)
                if isinstance(exc, SetupError)
                else f"cannot reach {self._store.safe_url}: {self._store.explain(exc)}"
            )
            with self._changed:
                self._reason = reason
            self._log.error(
                "gate-retry", "%s; trying again every %.0f s", self._reason, self._retry_s
            )
            return False
        return True

    def _run_callback(self, callback: Callable[[], None]) -> None:
        try:
            callback()
        except Exception as exc:
            self._log.error(
                "gate-callback", "after the database came back: %s", self._store.explain(exc)
            )
