"""What the fake Slack answers for each Web API method: `ok` plus the fields the app reads."""

from __future__ import annotations

import itertools
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fake_slack.server import FakeSlack

_counter = itertools.count(1)


def next_ts() -> str:
    """A fresh, increasing Slack timestamp."""
    return f"{1_700_000_000 + next(_counter)}.000100"


class Conversations:
    """Messages and channel facts that conversations.* methods answer from."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: dict[str, list[dict[str, Any]]] = {}
        self._channels: dict[str, dict[str, Any]] = {}

    def add_message(self, channel: str, message: dict[str, Any]) -> None:
        with self._lock:
            self._messages.setdefault(channel, []).append(dict(message))

    def set_channel(self, channel: str, **info: Any) -> None:
        with self._lock:
            self._channels[channel] = {"id": channel, **info}

    def channel(self, channel: str) -> dict[str, Any] | None:
        with self._lock:
            if channel in self._channels:
                return dict(self._channels[channel])
        if channel.startswith("C"):
            return {"id": channel, "name": "general", "is_channel": True, "is_member": True}
        return None

    def history(self, channel: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        with self._lock:
            top = [m for m in self._messages.get(channel, []) if _is_top_level(m)]
        return _window(top, params)

    def replies(self, channel: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        ts = str(params.get("ts", ""))
        with self._lock:
            known = list(self._messages.get(channel, []))
        asked = next((m for m in known if m["ts"] == ts), None)
        if asked is None and not any(m.get("thread_ts") == ts for m in known):
            return []
        root = asked.get("thread_ts", asked["ts"]) if asked is not None else ts
        thread = [m for m in known if m["ts"] == root or m.get("thread_ts") == root]
        parent = [m for m in thread if m["ts"] == root]
        rest = [m for m in _window(thread, params) if m["ts"] != root]
        # Slack lists the parent first whatever the window, then the replies oldest first.
        return parent + sorted(rest, key=lambda m: float(m["ts"]))


def _is_top_level(message: dict[str, Any]) -> bool:
    return message.get("thread_ts") in (None, message["ts"])


def _window(messages: list[dict[str, Any]], params: dict[str, Any]) -> list[dict[str, Any]]:
    latest = float(params["latest"]) if params.get("latest") else float("inf")
    inclusive = str(params.get("inclusive", "")).lower() in {"1", "true"}
    limit = int(params.get("limit") or 100)
    kept = [
        m for m in messages if float(m["ts"]) < latest or (inclusive and float(m["ts"]) == latest)
    ]
    kept.sort(key=lambda m: float(m["ts"]), reverse=True)
    return kept[:limit]


def answer_method(
    fake: FakeSlack, method: str, params: dict[str, Any], token: str | None = None
) -> dict[str, Any]:
    if method == "oauth.v2.access":
        return _oauth_access(fake, params)
    workspace = fake.tokens.workspace_of(token)
    if token and workspace is None:
        return {"ok": False, "error": "token_revoked"}
    workspace = workspace or fake.tokens.default
    channel = str(params.get("channel") or params.get("channel_id") or "")
    if method == "auth.test":
        return {
            "ok": True,
            "url": "https://fake-workspace.slack.com/",
            "team": workspace.name,
            "user": "mailhelp",
            "team_id": workspace.team_id,
            "user_id": workspace.bot_user_id,
            "bot_id": workspace.bot_id,
            "is_enterprise_install": False,
        }
    if method == "users.info":
        return {"ok": True, "user": fake.people.info(str(params.get("user", "")))}
    if method == "files.info":
        return _file_info(fake, str(params.get("file", "")))
    if method == "apps.connections.open":
        # Socket Mode asks where to connect; the test's websocket server, when there is one.
        if fake.socket_url is None:
            return {"ok": False, "error": "not_allowed_token_type"}
        return {"ok": True, "url": fake.socket_url}
    if method == "chat.postMessage":
        info = fake.conversations.channel(channel)
        if info is not None and info.get("is_member") is False:
            return {"ok": False, "error": "not_in_channel"}
        if info is not None and info.get("is_archived"):
            return {"ok": False, "error": "is_archived"}
        ts = next_ts()
        message = {"type": "message", "text": params.get("text", ""), "ts": ts}
        message.update(bot_id=workspace.bot_id, user=workspace.bot_user_id)
        if params.get("thread_ts"):
            message["thread_ts"] = str(params["thread_ts"])
        # Kept as history, as Slack keeps the app's own posts: reading a thread back shows
        # them, with their metadata.
        kept = {**message, "metadata": params["metadata"]} if params.get("metadata") else message
        fake.conversations.add_message(channel, kept)
        return {"ok": True, "channel": channel, "ts": ts, "message": message}
    if method == "chat.postEphemeral":
        return {"ok": True, "message_ts": next_ts()}
    if method == "chat.update":
        return {"ok": True, "channel": channel, "ts": params.get("ts"), "text": params.get("text")}
    if method == "chat.getPermalink":
        stamp = str(params.get("message_ts", "")).replace(".", "")
        link = f"https://fake-workspace.slack.com/archives/{channel}/p{stamp}"
        return {"ok": True, "channel": channel, "permalink": link}
    if method in {"views.open", "views.publish", "views.update", "views.push"}:
        view = dict(params.get("view") or {})
        view.update(id=f"V{next(_counter):08d}", hash="fakehash")
        return {"ok": True, "view": view}
    if method == "files.getUploadURLExternal":
        file_id = f"F{next(_counter):08d}"
        return {"ok": True, "upload_url": f"{fake.base_url}/upload/{file_id}", "file_id": file_id}
    if method == "files.completeUploadExternal":
        files = params.get("files") or []
        listed = files if isinstance(files, list) else []
        return {"ok": True, "files": [{"id": f.get("id"), "title": f.get("title")} for f in listed]}
    if method == "conversations.history":
        return {
            "ok": True,
            "messages": fake.conversations.history(channel, params),
            "has_more": False,
        }
    if method == "conversations.replies":
        return {
            "ok": True,
            "messages": fake.conversations.replies(channel, params),
            "has_more": False,
        }
    if method == "conversations.info":
        info = fake.conversations.channel(channel)
        return (
            {"ok": True, "channel": info} if info else {"ok": False, "error": "channel_not_found"}
        )
    if method == "conversations.open":
        user = str(params.get("users", "U0")).split(",")[0]
        return {"ok": True, "channel": {"id": "D" + user.removeprefix("U")}}
    return {"ok": False, "error": "unknown_method"}


def _oauth_access(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    """oauth.v2.access: an install code, or (token rotation) a refresh token, for a token."""
    if params.get("grant_type") == "refresh_token":
        grant = fake.tokens.refresh(str(params.get("refresh_token", "")))
    else:
        grant = fake.tokens.exchange_code(str(params.get("code", "")))
    return grant if grant is not None else {"ok": False, "error": "invalid_code"}


def _file_info(fake: FakeSlack, file_id: str) -> dict[str, Any]:
    shared = fake.files.get(file_id)
    if shared is None:
        return {"ok": False, "error": "file_not_found"}
    url = f"{fake.base_url}/files-pri/{shared.file_id}/{shared.name}"
    return {
        "ok": True,
        "file": {
            "id": shared.file_id,
            "name": shared.name,
            "title": shared.name,
            "size": len(shared.content),
            "filetype": shared.filetype,
            "mimetype": shared.mimetype,
            "url_private": url,
            "url_private_download": url + "?download=1",
        },
    }
