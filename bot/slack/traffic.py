"""Slack's requests go first: answers wait for a gap between them, but never for long.

A worker's Python runs on one core at a time. During a burst, every millisecond an answer
spends triaging and rendering is a millisecond some request waits for its ack, and Slack gives
up on an ack after three seconds (a slash command then fails in front of the person, an event
is sent again). Answers are recorded before the ack (bot.slack.work), so holding one back a
moment loses nothing; it starts as soon as no request is being served, and after
`max_hold_s` whatever the traffic, so a long burst cannot starve them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# A gap is this long with no request being served. Within a burst, requests follow each other
# far closer than this; after a lone request, its answer waits no longer than this.
QUIET_S = 0.02
# An answer starts this long after it was handed over at the latest, whatever the traffic: as
# long as Slack itself waits for an ack. In a burst of 1,000 mentions, holding answers until
# the acks are out gave both faster acks and earlier answers than a one-second hold, as
# answers that do not fight the acks for the core cost less each.
MAX_HOLD_S = 3.0


class Traffic:
    """Counts the Slack requests being served; answers wait on it for their turn."""

    def __init__(
        self,
        *,
        max_hold_s: float = MAX_HOLD_S,
        quiet_s: float = QUIET_S,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.max_hold_s = max_hold_s
        self._quiet_s = quiet_s
        self._clock = clock
        self._sleep = sleep
        self._serving = 0
        self._last_served = float("-inf")
        self._lock = threading.Lock()
        # One waiting answer watches the traffic at a time; a gap lets one answer through, and
        # the next one waits for the next gap, so acks stay ahead of a queue of answers.
        self._turnstile = threading.Lock()

    @property
    def serving_now(self) -> int:
        return self._serving

    @contextmanager
    def serving(self) -> Iterator[None]:
        """Held while one request from Slack is being answered."""
        with self._lock:
            self._serving += 1
        try:
            yield
        finally:
            # Nobody is woken: a waiting answer looks again at its own pace, as waking it at
            # the end of every request of a burst cost each request a thread switch.
            with self._lock:
                self._serving -= 1
                self._last_served = self._clock()

    def deadline(self) -> float:
        """When an answer handed over now must start at the latest."""
        return self._clock() + self.max_hold_s

    def wait_turn(self, deadline: float) -> None:
        """Return in a gap between requests, or at `deadline` at the latest."""
        if self._in_gap():
            return
        if not self._turnstile.acquire(timeout=max(0.0, deadline - self._clock())):
            return
        try:
            while not self._in_gap():
                now = self._clock()
                if now >= deadline:
                    return
                # The earliest a gap can be complete: `quiet_s` after the last request ended,
                # or after one still being served ends.
                gap_from = self._last_served if not self._serving else now
                self._sleep(max(0.001, min(gap_from + self._quiet_s, deadline) - now))
        finally:
            self._turnstile.release()

    def _in_gap(self) -> bool:
        return not self._serving and self._clock() - self._last_served >= self._quiet_s
