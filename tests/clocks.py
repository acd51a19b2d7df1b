"""Clocks for tests that need time to stand still or move on command."""

from __future__ import annotations

from datetime import datetime


class FixedClock:
    """A UTC clock that moves only when told to."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now
