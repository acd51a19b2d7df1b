"""Answers wait for the requests being served, and never past their deadline."""

from __future__ import annotations

import threading

from bot.slack.pool import ListenerPool
from bot.slack.traffic import Traffic


def waiting_answer(traffic: Traffic, started: threading.Event) -> threading.Thread:
    """An answer handed over now, on a thread of its own; `started` is set when it may run."""

    def answer() -> None:
        traffic.wait_turn(traffic.deadline())
        started.set()

    thread = threading.Thread(target=answer)
    thread.start()
    return thread


def test_an_answer_starts_at_once_when_no_request_is_being_served() -> None:
    traffic = Traffic(max_hold_s=60)
    started = threading.Event()

    waiting_answer(traffic, started)

    assert started.wait(10)


def test_an_answer_waits_for_the_request_being_served_to_end() -> None:
    traffic = Traffic(max_hold_s=60)
    started = threading.Event()
    with traffic.serving():
        waiting_answer(traffic, started)
        assert not started.wait(0.3)
        assert traffic.serving_now == 1

    assert started.wait(10)
    assert traffic.serving_now == 0


def test_an_answer_starts_at_its_deadline_when_requests_never_stop() -> None:
    now = [100.0]
    traffic = Traffic(max_hold_s=2, clock=lambda: now[0])
    deadline = traffic.deadline()
    with traffic.serving():
        now[0] = deadline + 1
        # Past its deadline the answer goes ahead although a request is still being served.
        traffic.wait_turn(deadline)

        assert traffic.serving_now == 1


def test_deferred_work_runs_once_the_acks_in_flight_are_out() -> None:
    pool = ListenerPool(1, work_threads=1, traffic=Traffic(max_hold_s=60))
    done = threading.Event()
    try:
        with pool.traffic.serving():
            pool.defer(done.set)
            assert not done.wait(0.3)
        assert done.wait(10)
    finally:
        pool.shutdown(wait=True)


def test_every_waiting_answer_starts_once_the_requests_end() -> None:
    traffic = Traffic(max_hold_s=60)
    started = [threading.Event() for _ in range(3)]
    with traffic.serving(), traffic.serving():
        for event in started:
            waiting_answer(traffic, event)
        assert not any(event.wait(0.1) for event in started)

    assert all(event.wait(10) for event in started)


def test_an_answer_waits_for_a_quiet_moment_after_the_last_request() -> None:
    traffic = Traffic(max_hold_s=60, quiet_s=0.5)
    started = threading.Event()
    with traffic.serving():
        waiting_answer(traffic, started)

    # The request has ended, but another may follow at once in a burst: not yet.
    assert not started.wait(0.2)
    assert started.wait(10)
