"""The thread pool listeners run on after the ack, able to say when all of them have finished."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class ListenerPool(ThreadPoolExecutor):
    """A ThreadPoolExecutor that counts unfinished work, for draining before shutdown."""

    def __init__(self, max_workers: int) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="mailhelp-listener")
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
