"""Acknowledged requests kept until done: claims, leases, and taking up what a dead process left."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from clocks import FixedClock
from sqlalchemy import select

from bot.storage.engine import make_engine
from bot.storage.sql_store import SqlStore
from bot.storage.tables import HandledEvent
from bot.storage.work import WorkTable

LEASE = 8.0


def take_stale(work: WorkTable, *, limit: int = 50) -> list[str]:
    taken = work.take_stale(limit=limit, lease_s=LEASE, max_attempts=3, max_age_s=1800)
    return [item.key for item in taken.work]


def test_a_request_is_taken_once(store: SqlStore) -> None:
    assert store.work.take("event:Ev1", '{"event_id": "Ev1"}', LEASE) is True
    assert store.work.take("event:Ev1", '{"event_id": "Ev1"}', LEASE) is False
    assert store.claim_event("event:Ev1") is False


def test_unfinished_work_is_taken_up_once_its_lease_ran_out(
    clocked_store: SqlStore, fixed_clock: FixedClock
) -> None:
    work = clocked_store.work
    work.take("event:Ev1", '{"event_id": "Ev1"}', LEASE)
    work.take("event:Ev2", '{"event_id": "Ev2"}', LEASE)
    work.finish(["event:Ev2"])
    assert take_stale(work) == []

    fixed_clock.now += timedelta(seconds=LEASE + 1)
    taken = work.take_stale(limit=50, lease_s=LEASE, max_attempts=3, max_age_s=1800)

    assert [(item.key, item.body, item.attempts) for item in taken.work] == [
        ("event:Ev1", '{"event_id": "Ev1"}', 1)
    ]
    assert take_stale(work) == [], "leased anew to whoever took it"


def test_renewed_leases_keep_work_with_the_process_doing_it(
    clocked_store: SqlStore, fixed_clock: FixedClock
) -> None:
    work = clocked_store.work
    work.take("command:T1", "{}", LEASE)
    fixed_clock.now += timedelta(seconds=LEASE - 1)
    work.renew(["command:T1"], LEASE)
    fixed_clock.now += timedelta(seconds=LEASE - 1)

    assert take_stale(work) == []


def test_work_that_keeps_failing_or_grew_old_is_given_up_and_its_body_cleared(
    clocked_store: SqlStore, fixed_clock: FixedClock
) -> None:
    work = clocked_store.work
    work.take("event:Ev1", "{}", LEASE)
    for _ in range(3):
        fixed_clock.now += timedelta(seconds=LEASE + 1)
        assert take_stale(work) == ["event:Ev1"]
    work.take("event:Ev2", "{}", LEASE)
    fixed_clock.now += timedelta(hours=1)

    taken = work.take_stale(limit=50, lease_s=LEASE, max_attempts=3, max_age_s=1800)

    assert taken.work == []
    assert sorted(taken.abandoned) == ["event:Ev1", "event:Ev2"]
    with clocked_store.engine.connect() as connection:
        bodies = connection.execute(select(HandledEvent.body)).scalars().all()
    assert bodies == [None, None]


def test_an_answer_claimed_before_a_crash_may_be_sent_by_the_same_work_only(
    store: SqlStore,
) -> None:
    answer = ("T1", "C1", "1.1", "spam")

    assert store.claim_answer(*answer, work_key="event:Ev1") is True
    assert store.claim_answer(*answer, work_key="event:Ev1") is True
    assert store.claim_answer(*answer, work_key="event:Ev2") is False
    assert store.claim_answer(*answer) is False


def test_processes_taking_up_work_at_once_never_take_the_same_request(
    database_url: str, fixed_clock: FixedClock
) -> None:
    stores = [SqlStore(make_engine(database_url), clock=fixed_clock) for _ in range(4)]
    for number in range(40):
        stores[0].work.take(f"event:Ev{number}", "{}", LEASE)
    fixed_clock.now += timedelta(seconds=LEASE + 1)

    with ThreadPoolExecutor(len(stores)) as pool:
        rounds = list(pool.map(lambda s: take_stale(s.work, limit=15), stores * 2))
    for opened in stores:
        opened.close()

    taken = [key for round_ in rounds for key in round_]
    assert sorted(taken) == sorted(f"event:Ev{number}" for number in range(40))
