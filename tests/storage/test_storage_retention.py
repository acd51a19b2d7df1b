"""Texts are forgotten after the retention period; counts stay, old claims are pruned."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from clocks import FixedClock
from sqlalchemy import insert, select

from bot.storage.interface import Surface, TriageRecord
from bot.storage.schema import OAUTH_STATES_TABLE, full_metadata
from bot.storage.sql_store import SqlStore
from bot.storage.tables import Triage

WEIGHT = {"weight": 1.0}


def _record(at: datetime, text: str) -> TriageRecord:
    return TriageRecord(
        team_id="T1",
        channel_id="C1",
        surface=Surface.CHANNEL,
        intent="spam",
        confidence=0.9,
        text=text,
        evidence=({"rule": "spam-words", "matched": text, "weight": 1.0},),
        at=at,
    )


def _texts(store: SqlStore) -> list[tuple[str | None, object]]:
    with store.engine.connect() as connection:
        rows = connection.execute(select(Triage.text, Triage.evidence).order_by(Triage.at))
        return [(row.text, row.evidence) for row in rows]


def test_texts_older_than_retention_are_cleared_and_counts_kept(
    clocked_store: SqlStore, fixed_clock: FixedClock
) -> None:
    now = fixed_clock.now
    clocked_store.record_triage(_record(now - timedelta(days=91), "old junk folder"))
    clocked_store.record_triage(_record(now - timedelta(days=89), "recent junk folder"))

    result = clocked_store.purge(90)

    assert result.texts_cleared == 1
    assert _texts(clocked_store) == [
        (None, None),
        (
            "recent junk folder",
            [{"rule": "spam-words", "matched": "recent junk folder", "weight": 1.0}],
        ),
    ]
    assert clocked_store.stats(365).by_intent == {"spam": 2}


def test_a_second_purge_finds_nothing_more(
    clocked_store: SqlStore, fixed_clock: FixedClock
) -> None:
    clocked_store.record_triage(_record(fixed_clock.now - timedelta(days=200), "old"))
    assert clocked_store.purge(90).texts_cleared == 1
    assert clocked_store.purge(90).texts_cleared == 0


def test_handled_events_are_forgotten_after_a_day(
    clocked_store: SqlStore, fixed_clock: FixedClock
) -> None:
    clocked_store.claim_event("T1:EvOld")
    fixed_clock.now += timedelta(hours=12)
    clocked_store.claim_event("T1:EvNew")
    fixed_clock.now += timedelta(hours=12, seconds=1)

    assert clocked_store.purge(90).events_pruned == 1
    assert clocked_store.claim_event("T1:EvNew") is False
    assert clocked_store.claim_event("T1:EvOld") is True


def test_answered_threads_are_forgotten_with_the_texts(
    clocked_store: SqlStore, fixed_clock: FixedClock
) -> None:
    clocked_store.claim_answer("T1", "C1", "1.1", "spam")
    fixed_clock.now += timedelta(days=31)
    assert clocked_store.purge(30).answers_pruned == 1
    assert clocked_store.claim_answer("T1", "C1", "1.1", "spam") is True


def test_expired_oauth_states_are_removed(clocked_store: SqlStore, fixed_clock: FixedClock) -> None:
    states = full_metadata().tables[OAUTH_STATES_TABLE]
    naive_now = fixed_clock.now.astimezone(UTC).replace(tzinfo=None)
    with clocked_store.engine.begin() as connection:
        connection.execute(
            insert(states),
            [
                {"state": "abandoned", "expire_at": naive_now - timedelta(minutes=1)},
                {"state": "in-progress", "expire_at": naive_now + timedelta(minutes=5)},
            ],
        )
    assert clocked_store.purge(90).states_pruned == 1
    with clocked_store.engine.connect() as connection:
        assert connection.execute(select(states.c.state)).scalars().all() == ["in-progress"]


def test_retention_of_no_days_is_refused(store: SqlStore) -> None:
    with pytest.raises(ValueError, match="retention_days must be at least 1"):
        store.purge(0)
