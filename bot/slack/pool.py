"""Where listeners run, and where the slow part of their work runs after the ack."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from bot.slack.traffic import Traffic
from bot.slack.work import carried

T = TypeVar("T")
log = logging.getLogger(__name__)

# Set while Bolt dispatches a request whose listeners may run on the dispatching thread.
_INLINE: ContextVar[bool] = ContextVar("mailhelp_inline_listeners", default=False)


@contextmanager
def listeners_inline() -> Iterator[None]:
    """Listeners started within run at once on this thread instead of on the pool.

    For Events API requests only: Bolt acknowledges those itself before it starts a listener,
    and every event listener here only acks and defers its work, so handing it to another
    thread would cost a thread switch per event and save nothing.
    """
    token = _INLINE.set(True)
    try:
        yield
    finally:
        _INLINE.reset(token)


class ListenerPool(ThreadPoolExecutor):
    """Bolt's listener executor, plus a second pool for the slow part of each listener.

    Bolt runs every listener here, and a listener that must ack (a command, a click) calls
    ack() on one of these threads; so the slow part (triage, rendering, Web API calls) is handed
    to `defer`, and acks never queue behind answers; deferred work also waits its turn behind
    requests being served (bot.slack.traffic). Each task carries the ticket of the request it
    serves (bot.slack.work), so the request is known to be done when they end.
    Both pools' unfinished tasks are counted so that `wait_idle` can tell when all is done.
    """

    def __init__(
        self, max_workers: int, *, work_threads: int, traffic: Traffic | None = None
    ) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="mailhelp-listener")
        self.traffic = traffic or Traffic()
        self._work = ThreadPoolExecutor(work_threads, thread_name_prefix="mailhelp-work")
        self._unfinished = 0
        self._changed = threading.Condition()

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        if _INLINE.get():
            return self._counted(_run_now, carried(fn), *args, **kwargs)
        return self._counted(super().submit, carried(fn), *args, **kwargs)

    def defer(self, fn: Callable[..., object], /, *args: Any) -> None:
        """Run `fn(*args)` on the work pool, after the ack; errors are logged."""
        deadline = self.traffic.deadline()

        def deferred() -> None:
            self.traffic.wait_turn(deadline)
            try:
                fn(*args)
            except Exception:
                # Listeners report their own failures; reaching here is a bug, kept visible.
                log.exception("deferred work %s failed", getattr(fn, "__name__", fn))

        try:
            self._counted(self._work.submit, carried(deferred))
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


def _run_now(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
    """Like submit, but on this thread: the future is done when this returns."""
    future: Future[T] = Future()
    try:
        future.set_result(fn(*args, **kwargs))
    except BaseException as exc:
        future.set_exception(exc)
    return future
