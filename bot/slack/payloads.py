"""Reading ids out of Slack payloads, which put them in different places per surface."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from slack_bolt.context import BoltContext

# A label never holds `<` (Slack escapes it as &lt;), so a match attempt stops at the next `<`:
# with `[^>]*`, text full of unclosed `<@U1|` costs quadratic time, 0.8 s for 40 KB.
_MENTION = re.compile(r"<@[UW][A-Z0-9]+(\|[^<>]*)?>")


def _id(value: Any) -> str | None:
    if isinstance(value, Mapping):
        value = value.get("id")
    return value if isinstance(value, str) and value else None


def team_of(body: Mapping[str, Any], context: BoltContext) -> str:
    return context.team_id or _id(body.get("team")) or str(body.get("team_id") or "")


def user_of(body: Mapping[str, Any]) -> str | None:
    return _id(body.get("user")) or _id(body.get("user_id"))


def channel_of(body: Mapping[str, Any]) -> str | None:
    container = body.get("container")
    from_container = container.get("channel_id") if isinstance(container, Mapping) else None
    return _id(body.get("channel")) or _id(body.get("channel_id")) or _id(from_container)


def message_ts_of(body: Mapping[str, Any]) -> str | None:
    container = body.get("container")
    if isinstance(container, Mapping) and isinstance(container.get("message_ts"), str):
        return str(container["message_ts"])
    message = body.get("message")
    return str(message["ts"]) if isinstance(message, Mapping) and message.get("ts") else None


def action_of(body: Mapping[str, Any]) -> Mapping[str, Any]:
    actions = body.get("actions")
    first = actions[0] if isinstance(actions, list) and actions else {}
    return first if isinstance(first, Mapping) else {}


def without_mentions(text: str, user_id: str | None = None) -> str:
    """The text with the bot's own mention removed (all user mentions when `user_id` is None)."""
    if user_id:
        return re.sub(rf"<@{re.escape(user_id)}(\|[^<>]*)?>", " ", text).strip()
    return _MENTION.sub(" ", text).strip()
