"""A recurring failure is logged once per interval, with a count of the ones held back."""

from __future__ import annotations

import logging

import pytest

from bot.storage.ratelog import RateLimitedLog


class Ticker:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_repeated_failure_is_logged_once_per_minute(caplog: pytest.LogCaptureFixture) -> None:
    clock = Ticker()
    log = RateLimitedLog(logging.getLogger("test.ratelog"), interval=60.0, clock=clock)
    with caplog.at_level(logging.ERROR, logger="test.ratelog"):
        emitted = [log.error("db", "write failed: %s", "refused") for _ in range(5)]
        clock.now += 59.9
        emitted.append(log.error("db", "write failed: %s", "refused"))
        clock.now += 0.2
        emitted.append(log.error("db", "write failed: %s", "refused"))
    assert emitted == [True, False, False, False, False, False, True]
    messages = [record.getMessage() for record in caplog.records]
    assert messages == [
        "write failed: refused",
        "write failed: refused (5 more like this since the last report)",
    ]


def test_different_failures_are_limited_separately(caplog: pytest.LogCaptureFixture) -> None:
    log = RateLimitedLog(logging.getLogger("test.ratelog"), interval=60.0, clock=Ticker())
    with caplog.at_level(logging.WARNING, logger="test.ratelog"):
        assert log.error("record", "record failed")
        assert log.warning("claim", "claim failed")
        assert not log.error("record", "record failed")
    assert [record.levelno for record in caplog.records] == [logging.ERROR, logging.WARNING]
