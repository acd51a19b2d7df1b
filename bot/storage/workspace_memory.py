"""The WorkspaceStore in process memory: for tests, and while the database cannot be reached."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from bot.storage.memory import MemoryStore
from bot.storage.workspaces import ClickKey, Diagnosis, StoredSettings, most_common


class MemoryWorkspaceStore:
    """Implements bot.storage.workspaces.WorkspaceStore beside a MemoryStore's records."""

    def __init__(self, records: MemoryStore | None = None) -> None:
        self._records = records or MemoryStore()
        self._lock = threading.Lock()
        self._settings: dict[str, StoredSettings] = {}
        self._diagnoses: dict[tuple[str, str, str], Diagnosis] = {}
        self._clicks: set[ClickKey] = set()

    def settings_of(self, team_id: str) -> StoredSettings | None:
        with self._lock:
            return self._settings.get(team_id)

    def save_settings(self, team_id: str, settings: StoredSettings) -> None:
        with self._lock:
            self._settings[team_id] = settings

    def watched_channels(self, team_id: str) -> list[str]:
        return self._records.watched_in(team_id)

    def diagnosis_in(
        self, team_id: str, channel_id: str, thread_ts: str
    ) -> tuple[str, Diagnosis] | None:
        with self._lock:
            for (team, channel, root), diagnosis in self._diagnoses.items():
                if (team, channel) == (team_id, channel_id) and thread_ts in (
                    root,
                    diagnosis.answer_ts,
                ):
                    return root, diagnosis
        return None

    def remember_diagnosis(
        self, team_id: str, channel_id: str, thread_ts: str, diagnosis: Diagnosis
    ) -> None:
        with self._lock:
            self._diagnoses[(team_id, channel_id, thread_ts)] = diagnosis

    def replace_diagnosis(
        self, team_id: str, channel_id: str, thread_ts: str, old: Diagnosis, new: Diagnosis
    ) -> bool:
        key = (team_id, channel_id, thread_ts)
        with self._lock:
            current = self._diagnoses.get(key)
            if current is None or (current.intent, current.details_hash) != (
                old.intent,
                old.details_hash,
            ):
                return False
            self._diagnoses[key] = new
            return True

    def claim_click(self, key: ClickKey) -> bool:
        with self._lock:
            if key in self._clicks:
                return False
            self._clicks.add(key)
            return True

    def release_click(self, key: ClickKey) -> None:
        with self._lock:
            self._clicks.discard(key)

    def top_unrecognised(self, team_id: str, days: int, limit: int) -> list[tuple[str, int]]:
        since = datetime.now(UTC) - timedelta(days=days)
        return most_common(self._records.unrecognised_texts(team_id, since), limit)

    def forget_workspace(self, team_id: str) -> None:
        with self._lock:
            self._settings.pop(team_id, None)
            self._diagnoses = {k: v for k, v in self._diagnoses.items() if k[0] != team_id}
            self._clicks = {key for key in self._clicks if key.team_id != team_id}
        self._records.forget_team(team_id)
