"""Per-workspace state in the database, reached through the gate so no call waits on a hung server.

Settings, thread diagnoses and click claims are read on the way to an answer. Through the gate
each call gives up within half a second, and while the database is away at once, raising
DatabaseDown; the callers already take a failing store for "unsure" (the environment's
defaults, staying quiet in a thread, going ahead with a click), so an outage costs them nothing
more than the state itself.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.storage.gate import DatabaseGate
from bot.storage.workspace_sql import SqlWorkspaceStore
from bot.storage.workspaces import ClickKey, Diagnosis, StoredSettings


class GatedWorkspaceStore:
    """Implements bot.storage.workspaces.WorkspaceStore over SqlWorkspaceStore and a gate."""

    def __init__(
        self,
        store: SqlWorkspaceStore,
        gate: DatabaseGate,
        *,
        remember: Callable[[str, str, str, Diagnosis], None] | None = None,
    ) -> None:
        self._store = store
        self._gate = gate
        # Given by the app: the diagnosis goes with the background writer's next batch.
        self._remember = remember

    def settings_of(self, team_id: str) -> StoredSettings | None:
        return self._gate.call(
            f"read the settings of team {team_id}", lambda: self._store.settings_of(team_id)
        )

    def save_settings(self, team_id: str, settings: StoredSettings) -> None:
        self._gate.call(
            f"save the settings of team {team_id}",
            lambda: self._store.save_settings(team_id, settings),
        )

    def watched_channels(self, team_id: str) -> list[str]:
        return self._gate.call(
            f"list the watched channels of team {team_id}",
            lambda: self._store.watched_channels(team_id),
        )

    def diagnosis_in(
        self, team_id: str, channel_id: str, thread_ts: str
    ) -> tuple[str, Diagnosis] | None:
        return self._gate.call(
            f"read the diagnosis in team {team_id} channel {channel_id}",
            lambda: self._store.diagnosis_in(team_id, channel_id, thread_ts),
        )

    def remember_diagnosis(
        self, team_id: str, channel_id: str, thread_ts: str, diagnosis: Diagnosis
    ) -> None:
        if self._remember is not None:
            self._remember(team_id, channel_id, thread_ts, diagnosis)
            return
        self._gate.call(
            f"remember the diagnosis in team {team_id} channel {channel_id}",
            lambda: self._store.remember_diagnosis(team_id, channel_id, thread_ts, diagnosis),
        )

    def replace_diagnosis(
        self, team_id: str, channel_id: str, thread_ts: str, old: Diagnosis, new: Diagnosis
    ) -> bool:
        return self._gate.call(
            f"update the diagnosis in team {team_id} channel {channel_id}",
            lambda: self._store.replace_diagnosis(team_id, channel_id, thread_ts, old, new),
        )

    def claim_click(self, key: ClickKey) -> bool:
        return self._gate.call(
            f"claim the {key.action} in team {key.team_id} channel {key.channel_id}",
            lambda: self._store.claim_click(key),
        )

    def release_click(self, key: ClickKey) -> None:
        self._gate.call(
            f"release the {key.action} in team {key.team_id} channel {key.channel_id}",
            lambda: self._store.release_click(key),
        )

    def top_unrecognised(self, team_id: str, days: int, limit: int) -> list[tuple[str, int]]:
        return self._gate.call(
            f"read the unrecognised messages of team {team_id}",
            lambda: self._store.top_unrecognised(team_id, days, limit),
        )

    def forget_workspace(self, team_id: str) -> None:
        self._gate.call(f"forget team {team_id}", lambda: self._store.forget_workspace(team_id))
