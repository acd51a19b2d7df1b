"""The fake's workspaces: tokens it issued through OAuth, people, and files people shared."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from typing import Any

_issued = itertools.count(1)


@dataclass(frozen=True, slots=True)
class Workspace:
    team_id: str
    bot_user_id: str = "U0MAILHELP"
    bot_id: str = "B0MAILHELP"
    name: str = "Fake workspace"


@dataclass(frozen=True, slots=True)
class SharedFile:
    file_id: str
    name: str
    content: bytes
    team_id: str
    filetype: str = "text"
    mimetype: str = "text/plain"


@dataclass(slots=True)
class Tokens:
    """Which token belongs to which workspace, what an install code grants, and rotation."""

    default: Workspace
    rotation: bool = False
    # Seconds a rotated token lives; Slack's own is 12 hours.
    expires_in: int = 43_200
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _by_token: dict[str, Workspace] = field(default_factory=dict)
    _codes: dict[str, tuple[Workspace, str]] = field(default_factory=dict)
    _refresh: dict[str, Workspace] = field(default_factory=dict)
    _revoked: set[str] = field(default_factory=set)

    def workspace_of(self, token: str | None) -> Workspace | None:
        """The workspace a token acts for; None for a revoked one. Tokens the fake never
        issued (the tests' own `xoxb-test`) act for the default workspace."""
        if not token:
            return None
        with self._lock:
            if token in self._revoked:
                return None
            return self._by_token.get(token, self.default)

    def add_install_code(self, code: str, workspace: Workspace, installer: str) -> None:
        with self._lock:
            self._codes[code] = (workspace, installer)

    def exchange_code(self, code: str) -> dict[str, Any] | None:
        with self._lock:
            found = self._codes.pop(code, None)
        if found is None:
            return None
        workspace, installer = found
        return {**self._grant(workspace), "authed_user": {"id": installer}}

    def refresh(self, refresh_token: str) -> dict[str, Any] | None:
        with self._lock:
            workspace = self._refresh.pop(refresh_token, None)
        return None if workspace is None else self._grant(workspace)

    def revoke_team(self, team_id: str) -> None:
        with self._lock:
            self._revoked.update(t for t, w in self._by_token.items() if w.team_id == team_id)

    def tokens_of(self, team_id: str) -> list[str]:
        with self._lock:
            return [t for t, w in self._by_token.items() if w.team_id == team_id]

    def _grant(self, workspace: Workspace) -> dict[str, Any]:
        prefix = "xoxe.xoxb" if self.rotation else "xoxb"
        token = f"{prefix}-{workspace.team_id.lower()}-{next(_issued)}"
        grant: dict[str, Any] = {
            "ok": True,
            "app_id": "A0MAILHELP",
            "access_token": token,
            "token_type": "bot",
            "scope": "chat:write,commands",
            "bot_user_id": workspace.bot_user_id,
            "team": {"id": workspace.team_id, "name": workspace.name},
            "enterprise": None,
            "is_enterprise_install": False,
        }
        with self._lock:
            self._by_token[token] = workspace
            if self.rotation:
                refresh = f"xoxe-1-{workspace.team_id.lower()}-{next(_issued)}"
                self._refresh[refresh] = workspace
                grant.update(refresh_token=refresh, expires_in=self.expires_in)
        return grant


@dataclass(slots=True)
class People:
    """users.info answers; everyone is a plain member unless made an admin or owner."""

    _lock: threading.Lock = field(default_factory=threading.Lock)
    _users: dict[str, dict[str, Any]] = field(default_factory=dict)

    def set(self, user_id: str, **flags: Any) -> None:
        with self._lock:
            self._users[user_id] = {"id": user_id, **flags}

    def info(self, user_id: str) -> dict[str, Any]:
        with self._lock:
            known = dict(self._users.get(user_id, {}))
        return {"id": user_id, "name": user_id.lower(), "is_bot": False, "tz": "UTC", **known}


@dataclass(slots=True)
class Files:
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _files: dict[str, SharedFile] = field(default_factory=dict)

    def add(self, shared: SharedFile) -> None:
        with self._lock:
            self._files[shared.file_id] = shared

    def get(self, file_id: str) -> SharedFile | None:
        with self._lock:
            return self._files.get(file_id)
