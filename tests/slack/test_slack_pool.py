"""The listener pools: slow work waits while requests are served, and failures stay visible."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest

from bot.slack.pool import ListenerPool, Traffic


@pytest.fixture
def pool() -> Iterator[ListenerPool]:
    listeners = ListenerPool(2, work_threads=2, yield_s=30.0, traffic=Traffic(quiet_s=0.01))
    yield listeners
    listeners.shutdown(wait=True)


def test_deferred_work_waits_while_a_request_is_being_served(pool: ListenerPool) -> None:
    done = threading.Event()
    with pool.traffic.serving():
        pool.defer(done.set)
        assert not done.wait(0.3)

    assert done.wait(10)
    assert pool.wait_idle(10)


def test_deferred_work_runs_at_once_when_nothing_is_served(pool: ListenerPool) -> None:
    done = threading.Event()
    pool.defer(done.set)

    assert done.wait(10)


def test_deferred_work_runs_after_the_longest_wait_even_under_constant_traffic() -> None:
    pool = ListenerPool(1, work_threads=1, yield_s=0.2, traffic=Traffic(quiet_s=0.01))
    done = threading.Event()
    with pool.traffic.serving():
        pool.defer(done.set)
        assert done.wait(10)
    pool.shutdown(wait=True)


def test_idle_means_bolt_listeners_and_their_deferred_work_both_finished(
    pool: ListenerPool,
) -> None:
    release = threading.Event()
    finished: list[str] = []

    def deferred() -> None:
        release.wait(10)
        finished.append("deferred")

    def listener() -> None:
        pool.defer(deferred)
        finished.append("listener")

    pool.submit(listener)
    assert not pool.wait_idle(0.2)
    release.set()

    assert pool.wait_idle(10)
    assert finished == ["listener", "deferred"]


def test_a_failing_deferred_task_is_logged_and_the_pool_carries_on(
    pool: ListenerPool, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise ValueError("bad template")

    done = threading.Event()
    with caplog.at_level(logging.ERROR):
        pool.defer(broken)
        pool.defer(done.set)
        assert done.wait(10) and pool.wait_idle(10)

    assert any("broken" in r.getMessage() for r in caplog.records)


def test_work_handed_over_during_shutdown_is_dropped_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    pool = ListenerPool(1, work_threads=1, yield_s=1.0)
    pool.shutdown(wait=True)

    with caplog.at_level(logging.WARNING):
        pool.defer(print)

    assert any("shutting down" in r.getMessage() for r in caplog.records)
