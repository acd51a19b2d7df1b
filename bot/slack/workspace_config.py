"""Each workspace's settings: what its admins saved, else the operator's environment defaults."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.settings import Settings
from bot.storage.workspaces import StoredSettings, WorkspaceStore

log = logging.getLogger(__name__)

# Saved settings are read again after this long, so a change made through another web
# process takes effect within these seconds; this process's own saves apply at once.
CACHE_SECONDS = 10.0
GROUP_ID = re.compile(r"S[A-Z0-9]{2,31}")
CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{2,31}")


@dataclass(frozen=True, slots=True)
class WorkspaceConfig:
    escalation_channel: str | None
    escalation_group: str | None
    answer_unprompted: bool


def _channel_id(value: str | None) -> str | None:
    bare = (value or "").strip().lstrip("#")
    return bare if CHANNEL_ID.fullmatch(bare) else None


def _group_id(value: str | None) -> str | None:
    bare = (value or "").strip()
    return bare if GROUP_ID.fullmatch(bare) else None


class Workspaces:
    """Settings per workspace, cached briefly; a storage failure falls back to the defaults."""

    def __init__(
        self,
        store: WorkspaceStore,
        settings: Settings,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self._defaults = WorkspaceConfig(
            escalation_channel=_channel_id(settings.mailhelp_escalation_channel),
            escalation_group=_group_id(settings.mailhelp_escalation_group),
            answer_unprompted=settings.mailhelp_answer_unprompted,
        )
        if settings.mailhelp_escalation_channel and self._defaults.escalation_channel is None:
            log.warning("MAILHELP_ESCALATION_CHANNEL is not a channel id (C... or G...); unused")
        if settings.mailhelp_escalation_group and self._defaults.escalation_group is None:
            log.warning("MAILHELP_ESCALATION_GROUP is not a user-group id (S...); unused")
        self._clock = clock
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[WorkspaceConfig, float]] = {}

    @property
    def defaults(self) -> WorkspaceConfig:
        return self._defaults

    def config_for(self, team_id: str | None) -> WorkspaceConfig:
        if not team_id:
            return self._defaults
        now = self._clock()
        with self._lock:
            cached = self._cache.get(team_id)
        if cached is not None and cached[1] > now:
            return cached[0]
        try:
            stored = self.store.settings_of(team_id)
        except Exception:
            log.warning(
                "could not read the settings of team %s; using defaults", team_id, exc_info=True
            )
            return self._defaults
        config = self._merge(stored)
        with self._lock:
            self._cache[team_id] = (config, now + CACHE_SECONDS)
        return config

    def save(self, team_id: str, stored: StoredSettings) -> None:
        """Raises when storage fails, so the admin can be told nothing was saved."""
        self.store.save_settings(team_id, stored)
        with self._lock:
            self._cache[team_id] = (self._merge(stored), self._clock() + CACHE_SECONDS)

    def forget(self, team_id: str) -> None:
        self.store.forget_workspace(team_id)
        with self._lock:
            self._cache.pop(team_id, None)

    def _merge(self, stored: StoredSettings | None) -> WorkspaceConfig:
        if stored is None:
            return self._defaults
        # A workspace that saved the form chose its channel and group, even "none".
        return WorkspaceConfig(
            escalation_channel=_channel_id(stored.escalation_channel),
            escalation_group=_group_id(stored.escalation_group),
            answer_unprompted=stored.answer_unprompted,
        )
