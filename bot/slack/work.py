"""Acknowledged requests in flight: which work belongs to which, and when all of it is done.

A request recorded before its ack gets a Ticket. The ticket travels, through a context
variable, from the request's thread to the listener Bolt runs on the pool and on to the work
the listener defers; each holds it while running. When the request has been dispatched and
nothing holds its ticket any more, the work is done and its record is marked so.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

# A recorded request is leased to the process working on it for this long; the lease is renewed
# every RENEW_S while the work runs, so it runs out only this long after a process died.
LEASE_S = 8.0
RENEW_S = 2.0
# BoltRequest context key: the request is recorded work taken up again, under this key.
RECOVERED_WORK = "mailhelp_recovered_work"

# The ticket of the request whose code is running on this thread, if it has one.
CURRENT: ContextVar[Ticket | None] = ContextVar("mailhelp_work_ticket", default=None)


class Ticket:
    """One acknowledged request; `done` runs once, when its last piece of work has finished."""

    def __init__(
        self,
        key: str,
        *,
        durable: bool,
        done: Callable[[Ticket], None],
        recovered: bool = False,
    ) -> None:
        self.key = key
        # Recorded in the database (True), or known to this process only (False).
        self.durable = durable
        # Taken up after its first process died: part of its work may already be done.
        self.recovered = recovered
        self._done = done
        self._holds = 0
        self._dispatched = False
        self._finished = False
        self._lock = threading.Lock()

    def hold(self) -> None:
        with self._lock:
            self._holds += 1

    def release(self) -> None:
        with self._lock:
            self._holds -= 1
        self._maybe_done()

    def dispatched(self) -> None:
        """Bolt has run the middleware and started any listener: what is held now is all."""
        with self._lock:
            self._dispatched = True
        self._maybe_done()

    def _maybe_done(self) -> None:
        with self._lock:
            if self._finished or not self._dispatched or self._holds:
                return
            self._finished = True
        self._done(self)


def carried(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`fn`, made to run under the current ticket (if any) on whichever thread runs it."""
    ticket = CURRENT.get()
    if ticket is None:
        return fn
    ticket.hold()

    def run(*args: Any, **kwargs: Any) -> Any:
        token = CURRENT.set(ticket)
        try:
            return fn(*args, **kwargs)
        finally:
            CURRENT.reset(token)
            ticket.release()

    return run


def is_recovered_work() -> bool:
    """Whether the work running now was taken up after the process first doing it died."""
    ticket = CURRENT.get()
    return ticket is not None and ticket.recovered


def current_work_key() -> str | None:
    """The durable record behind the work running now, for claims that must recognise it."""
    ticket = CURRENT.get()
    return ticket.key if ticket is not None and ticket.durable else None


class WorkBook:
    """The tickets of this process still open, so their leases can be renewed while they run."""

    def __init__(
        self, finish: Callable[[str], None], *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._finish = finish
        self._clock = clock
        # Each open ticket and when it was opened (insertion order is opening order).
        self._open: dict[str, tuple[Ticket, float]] = {}
        self._lock = threading.Lock()

    def open(self, key: str, *, durable: bool, recovered: bool = False) -> Ticket:
        ticket = Ticket(key, durable=durable, done=self._closed, recovered=recovered)
        if durable:
            with self._lock:
                self._open[key] = (ticket, self._clock())
        return ticket

    def in_flight(self) -> list[str]:
        with self._lock:
            return list(self._open)

    def due_for_renewal(self) -> list[str]:
        """Open work whose first lease (LEASE_S from when it was taken) might run out before
        two more renewal rounds; younger work needs none yet. In a burst, this keeps the
        renewal from rewriting hundreds of fresh leases while acks wait on the database."""
        cutoff = self._clock() - (LEASE_S - 2 * RENEW_S)
        with self._lock:
            return [key for key, (_, opened) in self._open.items() if opened <= cutoff]

    def _closed(self, ticket: Ticket) -> None:
        if not ticket.durable:
            return
        with self._lock:
            self._open.pop(ticket.key, None)
        self._finish(ticket.key)
