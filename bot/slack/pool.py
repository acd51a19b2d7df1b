"""Where listeners run after the ack, and how their work gives way to acks still being sent."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)

# A lull is this long without a request being served: in a burst requests follow each other
# far closer than this, while a lone event waits no longer than this for its reply to start.
LULL_S = 0.05


class Traffic:
    """Counts the HTTP requests a process is serving, so slow work can wait for a lull."""

    def __init__(self, *, quiet_s: float = LULL_S) -> None:
        self._serving = 0
        self._last_busy = float("-inf")
        self._quiet_s = quiet_s
        self._changed = threading.Condition()
        self._turnstile = threading.Lock()

    @contextmanager
    def serving(self) -> Iterator[None]:
        with self._changed:
            self._serving += 1
        try:
            yield
        finally:
            with self._changed:
                self._serving -= 1
                self._last_busy = time.monotonic()
                # The waiter only cares when the last request ends; waking it on every one
                # would cost more than the work it waits to do.
                if self._serving == 0:
                    self._changed.notify()

    def wait_for_lull(self, timeout: float) -> None:
        """Return once no request has been served for a moment, or after `timeout` at most."""
        deadline = time.monotonic() + timeout
        # One waiter at a time watches the traffic; the rest queue on the turnstile, so a
        # request ending wakes one thread rather than every waiting one.
        if not self._turnstile.acquire(timeout=max(0.0, timeout)):
            return
        try:
            with self._changed:
                while (now := time.monotonic()) < deadline:
                    if self._serving:
                        # Woken when the last request in flight ends.
                        self._changed.wait(deadline - now)
                        continue
                    quiet_for = now - self._last_busy
                    if quiet_for >= self._quiet_s:
                        return
                    self._changed.wait(min(self._quiet_s - quiet_for, deadline - now))
        finally:
            self._turnstile.release()


class ListenerPool(ThreadPoolExecutor):
    """Bolt's listener executor, plus a second pool for the slow part of each listener.

    Bolt runs every listener here, and a listener that must ack (a command, a click) calls
    ack() on one of these threads; so the slow part (triage, rendering, Web API calls) is handed
    to `defer`, whose threads first wait for a lull in requests (at most `yield_s` seconds).
    Acks then never queue behind answers, and answers give way to acks during a burst.
    Both pools' unfinished tasks are counted so that `wait_idle` can tell when all is done.
    """

    def __init__(
        self, max_workers: int, *, work_threads: int, yield_s: float, traffic: Traffic | None = None
    ) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="mailhelp-listener")
        self.traffic = traffic or Traffic()
        self._yield_s = yield_s
        self._work = ThreadPoolExecutor(work_threads, thread_name_prefix="mailhelp-work")
        self._unfinished = 0
        self._changed = threading.Condition()

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        return self._counted(super().submit, fn, *args, **kwargs)

    def defer(self, fn: Callable[..., object], /, *args: Any) -> None:
        """Run `fn(*args)` on the work pool once acks have gone out; errors are logged."""

        def after_the_acks() -> None:
            self.traffic.wait_for_lull(self._yield_s)
            try:
                fn(*args)
            except Exception:
                # Listeners report their own failures; reaching here is a bug, kept visible.
                log.exception("deferred work %s failed", getattr(fn, "__name__", fn))

        try:
            self._counted(self._work.submit, after_the_acks)
        except RuntimeError:
            # Only raised once shutdown has begun: the process is going away mid-conversation.
            log.warning("shutting down; dropped %s", getattr(fn, "__name__", fn))

    def _counted(
        self, submit: Callable[..., Future[T]], fn: Callable[..., T], /, *args: Any, **kwargs: Any
    ) -> Future[T]:
        with self._changed:
            self._unfinished += 1
        try:
            future = submit(fn, *args, **kwargs)
        except BaseException:
            self._finished(None)
            raise
        future.add_done_callback(self._finished)
        return future

    def _finished(self, _future: Future[Any] | None) -> None:
        with self._changed:
            self._unfinished -= 1
            self._changed.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Block until nothing is queued or running on either pool; False after `timeout`."""
        with self._changed:
            return self._changed.wait_for(lambda: self._unfinished == 0, timeout)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        super().shutdown(wait=wait, cancel_futures=cancel_futures)
        self._work.shutdown(wait=wait, cancel_futures=cancel_futures)
