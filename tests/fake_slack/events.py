"""Events API payloads: the event_callback envelope and the events mailhelp listens to."""

from __future__ import annotations

import itertools
from typing import Any

from fake_slack.answers import next_ts
from fake_slack.requests import SlackRequest, json_request

TEAM = "T0TEST"
BOT_USER = "U0MAILHELP"
ASKER = "U0ASKER"
SUPPORT_CHANNEL = "C0SUPPORT"
DM_CHANNEL = "D0ASKER"

_event_ids = itertools.count(1)


def new_event_id() -> str:
    return f"Ev{next(_event_ids):010d}"


def event_request(
    event: dict[str, Any], *, team_id: str = TEAM, event_id: str | None = None
) -> SlackRequest:
    return json_request(
        {
            "token": "legacy-verification-token",
            "team_id": team_id,
            "api_app_id": "A0MAILHELP",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or new_event_id(),
            "event_time": int(float(event.get("event_ts", next_ts()))),
            "authorizations": [
                {"team_id": team_id, "user_id": BOT_USER, "is_bot": True, "enterprise_id": None}
            ],
        }
    )


def url_verification(challenge: str) -> SlackRequest:
    return json_request(
        {"token": "legacy-verification-token", "challenge": challenge, "type": "url_verification"}
    )


def _message(
    text: str, *, user: str, channel: str, ts: str | None, thread_ts: str | None
) -> dict[str, Any]:
    stamp = ts or next_ts()
    event: dict[str, Any] = {
        "type": "message",
        "user": user,
        "text": text,
        "ts": stamp,
        "channel": channel,
        "event_ts": stamp,
        "team": TEAM,
    }
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    return event


def mention(
    text: str,
    *,
    channel: str = SUPPORT_CHANNEL,
    user: str = ASKER,
    ts: str | None = None,
    thread_ts: str | None = None,
) -> dict[str, Any]:
    event = _message(
        f"<@{BOT_USER}> {text}", user=user, channel=channel, ts=ts, thread_ts=thread_ts
    )
    event["type"] = "app_mention"
    return event


def direct_message(
    text: str, *, user: str = ASKER, ts: str | None = None, thread_ts: str | None = None
) -> dict[str, Any]:
    event = _message(text, user=user, channel=DM_CHANNEL, ts=ts, thread_ts=thread_ts)
    event["channel_type"] = "im"
    return event


def channel_message(
    text: str,
    *,
    channel: str = SUPPORT_CHANNEL,
    user: str = ASKER,
    ts: str | None = None,
    thread_ts: str | None = None,
    channel_type: str = "channel",
) -> dict[str, Any]:
    event = _message(text, user=user, channel=channel, ts=ts, thread_ts=thread_ts)
    event["channel_type"] = channel_type
    return event


def with_files(event: dict[str, Any], *file_ids: str) -> dict[str, Any]:
    """The event as Slack sends it when the message shares files (message events: file_share)."""
    shared = dict(event, files=[{"id": file_id, "mode": "hosted"} for file_id in file_ids])
    if shared["type"] == "message":
        shared["subtype"] = "file_share"
    return shared


def bot_message(
    text: str,
    *,
    channel: str = SUPPORT_CHANNEL,
    channel_type: str = "channel",
    legacy_subtype: bool = True,
) -> dict[str, Any]:
    """Another app's message: legacy integrations carry subtype bot_message, apps only bot_id."""
    stamp = next_ts()
    event: dict[str, Any] = {
        "type": "message",
        "bot_id": "B0OTHERBOT",
        "text": text,
        "ts": stamp,
        "channel": channel,
        "event_ts": stamp,
        "channel_type": channel_type,
    }
    if legacy_subtype:
        event["subtype"] = "bot_message"
    else:
        event.update(user="U0OTHERBOT", app_id="A0OTHERBOT")
    return event


def edited_message(
    text: str, *, channel: str = SUPPORT_CHANNEL, channel_type: str = "channel"
) -> dict[str, Any]:
    original = next_ts()
    stamp = next_ts()
    return {
        "type": "message",
        "subtype": "message_changed",
        "hidden": True,
        "channel": channel,
        "channel_type": channel_type,
        "ts": stamp,
        "event_ts": stamp,
        "message": {"type": "message", "user": ASKER, "text": text, "ts": original},
        "previous_message": {"type": "message", "user": ASKER, "text": "before", "ts": original},
    }


def deleted_message(
    *, channel: str = SUPPORT_CHANNEL, channel_type: str = "channel"
) -> dict[str, Any]:
    stamp = next_ts()
    return {
        "type": "message",
        "subtype": "message_deleted",
        "hidden": True,
        "channel": channel,
        "channel_type": channel_type,
        "ts": stamp,
        "deleted_ts": next_ts(),
        "event_ts": stamp,
    }


def channel_join(*, channel: str = SUPPORT_CHANNEL, user: str = ASKER) -> dict[str, Any]:
    stamp = next_ts()
    return {
        "type": "message",
        "subtype": "channel_join",
        "user": user,
        "text": f"<@{user}> has joined the channel",
        "channel": channel,
        "channel_type": "channel",
        "ts": stamp,
        "event_ts": stamp,
    }


def reaction_added(
    *, reaction: str, item_ts: str, channel: str = SUPPORT_CHANNEL, user: str = ASKER
) -> dict[str, Any]:
    return {
        "type": "reaction_added",
        "user": user,
        "reaction": reaction,
        "item_user": ASKER,
        "item": {"type": "message", "channel": channel, "ts": item_ts},
        "event_ts": next_ts(),
    }


def app_home_opened(*, user: str = ASKER, tab: str = "home") -> dict[str, Any]:
    return {
        "type": "app_home_opened",
        "user": user,
        "channel": DM_CHANNEL,
        "tab": tab,
        "event_ts": next_ts(),
    }
