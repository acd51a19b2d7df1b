"""The listener pools: work carries its request's ticket, and failures stay visible."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest

from bot.slack.pool import ListenerPool, listeners_inline
from bot.slack.work import CURRENT, LEASE_S, RENEW_S, WorkBook


@pytest.fixture
def pool() -> Iterator[ListenerPool]:
    listeners = ListenerPool(2, work_threads=2)
    yield listeners
    listeners.shutdown(wait=True)


def test_deferred_work_runs_at_once(pool: ListenerPool) -> None:
    done = threading.Event()
    pool.defer(done.set)

    assert done.wait(10)


def test_a_request_is_done_when_its_listener_and_deferred_work_have_finished(
    pool: ListenerPool,
) -> None:
    finished: list[str] = []
    book = WorkBook(finished.append)
    release = threading.Event()
    ticket = book.open("event:Ev1", durable=True)

    def deferred() -> None:
        release.wait(10)
        finished.append("deferred")

    def listener() -> None:
        pool.defer(deferred)

    token = CURRENT.set(ticket)
    try:
        pool.submit(listener)
    finally:
        CURRENT.reset(token)
    ticket.dispatched()
    assert pool.wait_idle(0.2) is False
    assert book.in_flight() == ["event:Ev1"]
    release.set()

    assert pool.wait_idle(10)
    assert finished == ["deferred", "event:Ev1"]
    assert book.in_flight() == []


def test_a_request_no_listener_took_is_done_once_dispatched() -> None:
    finished: list[str] = []
    ticket = WorkBook(finished.append).open("command:T1", durable=True)

    ticket.dispatched()

    assert finished == ["command:T1"]


def test_work_known_only_to_this_process_is_never_marked_in_the_database() -> None:
    finished: list[str] = []
    ticket = WorkBook(finished.append).open("event:Ev2", durable=False)

    ticket.dispatched()

    assert finished == []


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
    pool = ListenerPool(1, work_threads=1)
    pool.shutdown(wait=True)

    with caplog.at_level(logging.WARNING):
        pool.defer(print)

    assert any("shutting down" in r.getMessage() for r in caplog.records)


def test_only_work_whose_first_lease_could_run_out_is_renewed() -> None:
    now = [1000.0]
    book = WorkBook(lambda _key: None, clock=lambda: now[0])
    book.open("event:Old", durable=True)
    now[0] += LEASE_S - 2 * RENEW_S
    book.open("event:Young", durable=True)
    book.open("event:Memory", durable=False)

    assert book.due_for_renewal() == ["event:Old"]
    now[0] += LEASE_S
    assert book.due_for_renewal() == ["event:Old", "event:Young"]


def test_listeners_of_an_event_run_on_the_dispatching_thread(pool: ListenerPool) -> None:
    ran_on: list[threading.Thread] = []

    with listeners_inline():
        future = pool.submit(lambda: ran_on.append(threading.current_thread()))

    assert future.done() and ran_on == [threading.current_thread()]
    # Outside an event's dispatch, listeners go to the pool's own threads.
    pool.submit(lambda: ran_on.append(threading.current_thread())).result(10)
    assert ran_on[1] is not threading.current_thread()
    assert pool.wait_idle(10)
