"""Per-workspace state on SQLite and PostgreSQL: settings, diagnoses, clicks, forgetting."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from clocks import FixedClock

from bot.storage.interface import FeedbackRecord, Surface, TriageRecord
from bot.storage.sql_store import SqlStore
from bot.storage.workspace_sql import SqlWorkspaceStore
from bot.storage.workspaces import ClickAction, ClickKey, Diagnosis, StoredSettings


@pytest.fixture
def workspaces(clocked_store: SqlStore, fixed_clock: FixedClock) -> Iterator[SqlWorkspaceStore]:
    yield SqlWorkspaceStore(clocked_store.engine, clock=fixed_clock)


def _triage(team: str, intent: str | None, text: str, **extra: object) -> TriageRecord:
    return TriageRecord(team, "C1", Surface.MENTION, intent, 0.2, text, user_id="U1", **extra)  # type: ignore[arg-type]


def test_settings_are_saved_per_workspace_and_replaced_on_save(
    workspaces: SqlWorkspaceStore,
) -> None:
    assert workspaces.settings_of("T1") is None
    workspaces.save_settings("T1", StoredSettings("C0ONE", "S0ONE", True, "U0ADMIN"))
    workspaces.save_settings("T1", StoredSettings("C0NEW", None, False, "U0ADMIN"))
    workspaces.save_settings("T2", StoredSettings(None, None, True))

    assert workspaces.settings_of("T1") == StoredSettings("C0NEW", None, False, "U0ADMIN")
    assert workspaces.settings_of("T2") == StoredSettings(None, None, True)


def test_watched_channels_are_listed_per_workspace(
    clocked_store: SqlStore, workspaces: SqlWorkspaceStore
) -> None:
    clocked_store.set_watched("T1", "C0B", True)
    clocked_store.set_watched("T1", "C0A", True)
    clocked_store.set_watched("T2", "C0C", True)

    assert workspaces.watched_channels("T1") == ["C0A", "C0B"]


def test_a_diagnosis_is_found_by_its_thread_or_its_answer_and_swapped_only_once(
    workspaces: SqlWorkspaceStore,
) -> None:
    first = Diagnosis("bounce", "h1", "1700000000.000200")
    workspaces.remember_diagnosis("T1", "D1", "1700000000.000100", first)

    assert workspaces.diagnosis_in("T1", "D1", "1700000000.000100") == ("1700000000.000100", first)
    assert workspaces.diagnosis_in("T1", "D1", "1700000000.000200") == ("1700000000.000100", first)
    assert workspaces.diagnosis_in("T1", "D2", "1700000000.000100") is None

    newer = Diagnosis("mailbox_full", "h2")
    assert workspaces.replace_diagnosis("T1", "D1", "1700000000.000100", first, newer)
    # A second process still holding the old diagnosis loses the race.
    assert not workspaces.replace_diagnosis("T1", "D1", "1700000000.000100", first, newer)
    found = workspaces.diagnosis_in("T1", "D1", "1700000000.000100")
    assert found is not None and found[1].intent == "mailbox_full"


def test_a_click_is_claimed_once_and_can_be_released(workspaces: SqlWorkspaceStore) -> None:
    key = ClickKey("T1", "C1", "1700000000.000100:bounce", "U1", ClickAction.ESCALATION)
    feedback = ClickKey("T1", "C1", "1700000000.000100:bounce", "U1", ClickAction.FEEDBACK)

    assert workspaces.claim_click(key)
    assert not workspaces.claim_click(key)
    assert workspaces.claim_click(feedback)
    workspaces.release_click(key)
    assert workspaces.claim_click(key)


def test_top_unrecognised_groups_phrasings_of_one_workspace_and_week(
    clocked_store: SqlStore, workspaces: SqlWorkspaceStore, fixed_clock: FixedClock
) -> None:
    old = fixed_clock.now - timedelta(days=8)
    for record in (
        _triage("T1", None, "Lunch at noon?"),
        _triage("T1", None, "lunch  at noon?"),
        _triage("T1", None, "printer jammed"),
        _triage("T1", "spam", "went to junk"),
        _triage("T1", None, "last week's chatter", at=old),
        _triage("T2", None, "another workspace"),
    ):
        clocked_store.record_triage(record)

    assert workspaces.top_unrecognised("T1", 7, 5) == [("lunch at noon?", 2), ("printer jammed", 1)]
    assert workspaces.top_unrecognised("T1", 7, 1) == [("lunch at noon?", 2)]


def test_forgetting_a_workspace_keeps_only_its_anonymous_counts(
    clocked_store: SqlStore, workspaces: SqlWorkspaceStore
) -> None:
    for team in ("T1", "T2"):
        workspaces.save_settings(team, StoredSettings("C0ESC", None, True))
        clocked_store.set_watched(team, "C0W", True)
        workspaces.remember_diagnosis(team, "C1", "1700000000.000100", Diagnosis("spam", "h"))
        workspaces.claim_click(ClickKey(team, "C1", "k", "U1", ClickAction.FEEDBACK))
        clocked_store.record_triage(_triage(team, None, "words of a person"))
        clocked_store.record_feedback(FeedbackRecord(team, "C1", None, "spam", True, "U1"))

    workspaces.forget_workspace("T1")

    assert workspaces.settings_of("T1") is None
    assert workspaces.watched_channels("T1") == []
    assert workspaces.diagnosis_in("T1", "C1", "1700000000.000100") is None
    assert workspaces.claim_click(ClickKey("T1", "C1", "k", "U1", ClickAction.FEEDBACK))
    assert workspaces.top_unrecognised("T1", 7, 5) == []
    stats = clocked_store.stats(7, "T1")
    assert (stats.triages, stats.helpful) == (1, 1)
    # The other workspace is untouched.
    assert workspaces.settings_of("T2") is not None
    assert workspaces.top_unrecognised("T2", 7, 5) == [("words of a person", 1)]


def test_retention_prunes_old_diagnoses_and_clicks(
    clocked_store: SqlStore, workspaces: SqlWorkspaceStore, fixed_clock: FixedClock
) -> None:
    workspaces.remember_diagnosis("T1", "C1", "1700000000.000100", Diagnosis("spam", "h"))
    workspaces.claim_click(ClickKey("T1", "C1", "k", "U1", ClickAction.FEEDBACK))
    fixed_clock.now += timedelta(days=31)

    result = clocked_store.purge(30)

    assert (result.answers_pruned, result.clicks_pruned) == (1, 1)
    assert workspaces.diagnosis_in("T1", "C1", "1700000000.000100") is None
