"""A log that reports a recurring failure once per interval, with how often it recurred."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

DEFAULT_INTERVAL_S = 60.0


@dataclass(slots=True)
class _Window:
    emitted_at: float
    suppressed: int = 0


class RateLimitedLog:
    """Emits the first occurrence of each kind of failure, then at most one per interval.

    A database outage produces one failure per message; logging each would bury everything
    else and fill the disk, so later lines carry the count of the ones held back instead.
    """

    def __init__(
        self,
        logger: logging.Logger,
        *,
        interval: float = DEFAULT_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._logger = logger
        self._interval = interval
        self._clock = clock
        self._windows: dict[str, _Window] = {}
        self._lock = threading.Lock()

    def warning(self, key: str, message: str, *args: object) -> bool:
        return self._log(logging.WARNING, key, message, args)

    def error(self, key: str, message: str, *args: object) -> bool:
        return self._log(logging.ERROR, key, message, args)

    def _log(self, level: int, key: str, message: str, args: tuple[object, ...]) -> bool:
        now = self._clock()
        with self._lock:
            window = self._windows.get(key)
            if window is not None and now - window.emitted_at < self._interval:
                window.suppressed += 1
                return False
            suppressed = window.suppressed if window is not None else 0
            self._windows[key] = _Window(emitted_at=now)
        if suppressed:
            message += " (%d more like this since the last report)"
            args = (*args, suppressed)
        self._logger.log(level, message, *args)
        return True
