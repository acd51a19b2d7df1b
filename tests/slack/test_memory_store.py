"""The in-memory Store: claims once, watches per channel, redacted records and stats, from threads."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from bot.storage.interface import (
    ChecklistRecord,
    EscalationRecord,
    FeedbackRecord,
    Store,
    Surface,
    TriageRecord,
)
from bot.storage.memory import MemoryStore


def test_memory_store_satisfies_the_store_protocol() -> None:
    store: Store = MemoryStore()

    assert store.claim_event("event:Ev1")


def test_an_event_is_claimed_once_even_by_many_threads_at_once() -> None:
    store = MemoryStore()
    results: list[bool] = []
    start = threading.Barrier(16)

    def claim() -> None:
        start.wait()
        results.append(store.claim_event("event:Ev1"))

    threads = [threading.Thread(target=claim) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results.count(True) == 1


def test_answers_are_claimed_per_thread_and_intent() -> None:
    store = MemoryStore()

    assert store.claim_answer("T1", "C1", "1.1", "bounce")
    assert not store.claim_answer("T1", "C1", "1.1", "bounce")
    assert store.claim_answer("T1", "C1", "1.1", "spam")
    assert store.claim_answer("T1", "C1", "2.2", "bounce")
    assert store.claim_answer("T2", "C1", "1.1", "bounce")


def test_old_claims_are_forgotten_beyond_the_bound() -> None:
    store = MemoryStore(max_claims=2)
    for key in ("a", "b", "c"):
        assert store.claim_event(key)

    assert store.claim_event("a")  # forgotten, so claimable again
    assert not store.claim_event("c")


def test_watching_is_per_team_and_channel() -> None:
    store = MemoryStore()
    store.set_watched("T1", "C1", True)

    assert store.is_watched("T1", "C1")
    assert not store.is_watched("T1", "C2") and not store.is_watched("T2", "C1")
    store.set_watched("T1", "C1", False)
    assert not store.is_watched("T1", "C1")


def test_triage_text_and_evidence_are_kept_redacted() -> None:
    store = MemoryStore()
    store.record_triage(
        TriageRecord(
            "T1",
            "C1",
            Surface.MENTION,
            "bounce",
            0.9,
            "mail to anna.smith@example.org bounced, Message-ID: <abc123@mail.example>",
            evidence=({"rule": "keyword", "matched": "anna.smith@example.org", "weight": 1.0},),
        )
    )

    [kept] = store.triages
    assert "anna.smith" not in kept.text and "abc123" not in kept.text
    assert "anna.smith" not in str(kept.evidence)
    assert kept.at is not None


def test_stats_count_the_period_and_the_team_asked_for() -> None:
    store = MemoryStore()
    old = datetime.now(UTC) - timedelta(days=20)
    for intent, team, at in [
        ("bounce", "T1", None),
        ("bounce", "T1", None),
        (None, "T1", None),
        ("spam", "T1", old),
        ("spam", "T2", None),
    ]:
        store.record_triage(TriageRecord(team, "C1", Surface.DM, intent, 0.5, "x", at=at))
    store.record_feedback(FeedbackRecord("T1", "C1", None, "bounce", helpful=True))
    store.record_feedback(FeedbackRecord("T1", "C1", None, "bounce", helpful=False))
    store.record_escalation(EscalationRecord("T1", "C1", None, "bounce"))
    store.record_checklist(ChecklistRecord("T1", "C1", "bounce"))

    week = store.stats(7, "T1")
    month = store.stats(30, "T1")

    assert (week.triages, week.unrecognised, week.by_intent) == (3, 1, {"bounce": 2})
    assert (week.helpful, week.not_helpful, week.escalations, week.checklists) == (1, 1, 1, 1)
    assert month.by_intent == {"bounce": 2, "spam": 1}
    assert store.stats(7).triages == 4
