"""SqlStore on SQLite and PostgreSQL: claims, watched channels, records and statistics."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from clocks import FixedClock
from sqlalchemy import select

from bot.storage.interface import (
    ChecklistRecord,
    EscalationRecord,
    FeedbackRecord,
    Store,
    Surface,
    TriageRecord,
)
from bot.storage.sql_store import SqlStore
from bot.storage.tables import Triage


def _triage(
    intent: str | None, *, team: str = "T1", text: str = "x", **extra: object
) -> TriageRecord:
    return TriageRecord(
        team_id=team,
        channel_id="C1",
        surface=Surface.MENTION,
        intent=intent,
        confidence=0.8 if intent else 0.1,
        text=text,
        **extra,  # type: ignore[arg-type]
    )


def _kept_triages(store: SqlStore) -> list[Triage]:
    with store.engine.connect() as connection:
        return list(connection.execute(select(Triage).order_by(Triage.id)).all())  # type: ignore[arg-type]


def test_sql_store_satisfies_the_store_protocol(store: SqlStore) -> None:
    as_protocol: Store = store
    assert as_protocol.claim_event("Ev-protocol")


def test_an_event_is_claimed_once(store: SqlStore) -> None:
    assert store.claim_event("T1:Ev01") is True
    assert store.claim_event("T1:Ev01") is False
    assert store.claim_event("T1:Ev02") is True


def test_a_very_long_event_key_is_still_claimed_once(store: SqlStore) -> None:
    key = "T1:" + "e" * 600
    assert store.claim_event(key) is True
    assert store.claim_event(key) is False
    assert store.claim_event(key + "f") is True


def test_an_answer_is_claimed_once_per_thread_and_intent(store: SqlStore) -> None:
    assert store.claim_answer("T1", "C1", "1700000000.000100", "spam") is True
    assert store.claim_answer("T1", "C1", "1700000000.000100", "spam") is False
    assert store.claim_answer("T1", "C1", "1700000000.000100", "blocked") is True
    assert store.claim_answer("T1", "C2", "1700000000.000100", "spam") is True


def test_watching_a_channel_is_idempotent_and_reversible(store: SqlStore) -> None:
    assert store.is_watched("T1", "C1") is False
    store.set_watched("T1", "C1", True)
    store.set_watched("T1", "C1", True)
    assert store.is_watched("T1", "C1") is True
    assert store.is_watched("T2", "C1") is False
    store.set_watched("T1", "C1", False)
    store.set_watched("T1", "C1", False)
    assert store.is_watched("T1", "C1") is False


def test_triage_text_and_evidence_are_kept_redacted(store: SqlStore) -> None:
    store.record_triage(
        _triage(
            "invalid_address",
            text="550 5.1.1 for amy.k@harborview.net\nMessage-ID: <abc123@mail.example>",
            evidence=({"rule": "recipient", "matched": "amy.k@harborview.net", "weight": 0.4},),
        )
    )
    (kept,) = _kept_triages(store)
    assert kept.text == "550 5.1.1 for a***@harborview.net\nMessage-ID: <message-id>"
    assert kept.evidence == [{"rule": "recipient", "matched": "a***@harborview.net", "weight": 0.4}]
    assert kept.surface == "mention"


def test_a_nul_character_in_pasted_text_does_not_lose_the_record(store: SqlStore) -> None:
    store.record_triage(_triage(None, text="bounce\x00 text", evidence=({"m": "a\x00b"},)))
    (kept,) = _kept_triages(store)
    assert kept.text == "bounce text"
    assert kept.evidence == [{"m": "ab"}]


def test_a_naive_time_is_taken_as_utc(store: SqlStore) -> None:
    store.record_triage(_triage("spam", at=datetime(2026, 1, 2, 3, 4, 5)))
    (kept,) = _kept_triages(store)
    assert kept.at.isoformat() == "2026-01-02T03:04:05+00:00"


def test_stats_count_each_kind_of_record(clocked_store: SqlStore, fixed_clock: FixedClock) -> None:
    store = clocked_store
    for intent in ("spam", "spam", "blocked", None, None, None):
        store.record_triage(_triage(intent))
    store.record_feedback(FeedbackRecord("T1", "C1", "1.1", "spam", helpful=True))
    store.record_feedback(FeedbackRecord("T1", "C1", "1.2", "blocked", helpful=False))
    store.record_feedback(FeedbackRecord("T1", "C1", "1.3", "blocked", helpful=False))
    store.record_escalation(EscalationRecord("T1", "C1", "1.2", "blocked"))
    store.record_checklist(ChecklistRecord("T1", None, "spam"))
    store.record_checklist(ChecklistRecord("T1", "C1", "blocked"))

    stats = store.stats(7)

    assert stats.as_dict() == {
        "days": 7,
        "triages": 6,
        "by_intent": {"spam": 2, "blocked": 1},
        "unrecognised": 3,
        "helpful": 1,
        "not_helpful": 2,
        "escalations": 1,
        "checklists": 2,
    }


def test_stats_leave_out_records_older_than_the_window(
    clocked_store: SqlStore, fixed_clock: FixedClock
) -> None:
    now = fixed_clock.now
    clocked_store.record_triage(_triage("spam", at=now - timedelta(days=6, hours=23)))
    clocked_store.record_triage(_triage("warmup", at=now - timedelta(days=7, minutes=1)))
    clocked_store.record_checklist(ChecklistRecord("T1", None, "spam", at=now - timedelta(days=8)))

    assert clocked_store.stats(7).by_intent == {"spam": 1}
    assert clocked_store.stats(7).checklists == 0
    assert clocked_store.stats(8).by_intent == {"spam": 1, "warmup": 1}


def test_stats_of_one_workspace_ignore_the_others(store: SqlStore) -> None:
    store.record_triage(_triage("tls", team="T1"))
    store.record_triage(_triage("tls", team="T2"))
    store.record_feedback(FeedbackRecord("T2", "C1", "1.1", "tls", helpful=True))

    assert store.stats(30, team_id="T1").as_dict()["triages"] == 1
    assert store.stats(30, team_id="T1").helpful == 0
    assert store.stats(30).triages == 2


def test_empty_database_gives_zero_stats(store: SqlStore) -> None:
    assert store.stats(30).as_dict() == {
        "days": 30,
        "triages": 0,
        "by_intent": {},
        "unrecognised": 0,
        "helpful": 0,
        "not_helpful": 0,
        "escalations": 0,
        "checklists": 0,
    }


def test_stats_refuse_a_window_of_no_days(store: SqlStore) -> None:
    with pytest.raises(ValueError, match="days must be at least 1"):
        store.stats(0)


def test_unmatched_lists_unrecognised_and_unhelpful_messages(store: SqlStore) -> None:
    store.record_triage(
        _triage(None, text="our newsletter to ops@corp.io vanished", message_ts="1.1")
    )
    store.record_triage(_triage("spam", text="landing in junk at gmail", message_ts="2.1"))
    store.record_triage(_triage("tls", text="is TLS enforced?", message_ts="3.1"))
    store.record_triage(
        _triage("blocked", text="follow-up in thread", message_ts="4.2", thread_ts="4.1")
    )
    store.record_feedback(
        FeedbackRecord("T1", "C1", "2.1", "spam", helpful=False, corrected_intent="blocked")
    )
    store.record_feedback(FeedbackRecord("T1", "C1", "3.1", "tls", helpful=True))
    store.record_feedback(FeedbackRecord("T1", "C1", "4.1", "blocked", helpful=False))

    found = store.unmatched(30)

    assert [(m.text, m.reason, m.predicted_intent, m.corrected_intent) for m in found] == [
        ("our newsletter to o***@corp.io vanished", "unrecognised", None, None),
        ("landing in junk at gmail", "not_helpful", "spam", "blocked"),
        ("follow-up in thread", "not_helpful", "blocked", None),
    ]
