"""Where listeners run after the ack, and how their work gives way to acks still being sent."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

# A lull is this long without a request being served: in a burst requests follow each other
# far closer than this, while a lone event waits no longer than this for its reply to start.
LULL_S = 0.05


class Traffic:
    """Counts the HTTP requests a process is serving, so slow work can wait for a lull."""

    def __init__(
        self, *, quiet_s: float = LULL_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._serving = 0
        self._last_busy = float("-inf")
        self._quiet_s = quiet_s
        self._clock = clock
        self._changed = threading.Condition()

    @contextmanager
    def serving(self) -> Iterator[None]:
        with self._changed:
            self._serving += 1
        try:
            yield
        finally:
            with self._changed:
                self._serving -= 1
                self._last_busy = self._clock()
                self._changed.notify_all()

    def wait_for_lull(self, timeout: float) -> None:
        """Return once no request has been served for a moment, or after `timeout` at most."""
        deadline = self._clock() + timeout
        with self._changed:
            while True:
                now = self._clock()
                if now >= deadline:
                    return
                quiet_for = now - self._last_busy
                if self._serving == 0 and quiet_for >= self._quiet_s:
                    return
                wait = self._quiet_s - quiet_for if self._serving == 0 else deadline - now
                self._changed.wait(min(wait, deadline - now))


class ListenerPool(ThreadPoolExecutor):
    """A ThreadPoolExecutor that counts unfinished work, for draining before shutdown."""

    def __init__(self, max_workers: int, *, traffic: Traffic | None = None) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="mailhelp-listener")
        self.traffic = traffic or Traffic()
        self._unfinished = 0
        self._changed = threading.Condition()

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        with self._changed:
            self._unfinished += 1
        try:
            future = super().submit(fn, *args, **kwargs)
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
        """Block until no listener is queued or running; False if `timeout` seconds pass first."""
        with self._changed:
            return self._changed.wait_for(lambda: self._unfinished == 0, timeout)
