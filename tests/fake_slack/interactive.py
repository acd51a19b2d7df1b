"""Slash commands, button clicks, modal submissions and message shortcuts as Slack sends them."""

from __future__ import annotations

import itertools
import json
from typing import Any
from urllib.parse import parse_qs

from fake_slack.answers import next_ts
from fake_slack.events import ASKER, DM_CHANNEL, SUPPORT_CHANNEL, TEAM
from fake_slack.requests import SlackRequest, form_request, payload_request

_triggers = itertools.count(1)


def _trigger_id() -> str:
    return f"{next(_triggers)}.1234.fake"


def _team_user(user: str, team: str = TEAM) -> tuple[dict[str, str], dict[str, str]]:
    return {"id": team, "domain": "fake-workspace"}, {
        "id": user,
        "username": user.lower(),
        "team_id": team,
    }


def slash_command(
    text: str,
    *,
    response_url: str,
    channel: str = SUPPORT_CHANNEL,
    user: str = ASKER,
    command: str = "/mailhelp",
) -> SlackRequest:
    return form_request(
        {
            "token": "legacy-verification-token",
            "team_id": TEAM,
            "team_domain": "fake-workspace",
            "channel_id": channel,
            "channel_name": "directmessage" if channel.startswith("D") else "support",
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A0MAILHELP",
            "response_url": response_url,
            "trigger_id": _trigger_id(),
        }
    )


def block_action(
    action_id: str,
    *,
    value: str | None = None,
    selected: str | None = None,
    response_url: str,
    channel: str = SUPPORT_CHANNEL,
    message_ts: str | None = None,
    thread_ts: str | None = None,
    user: str = ASKER,
    ephemeral: bool = False,
    block_id: str = "b1",
    team_id: str = TEAM,
) -> SlackRequest:
    """A button click (`value`) or a static-select choice (`selected`) on a message."""
    team, person = _team_user(user, team_id)
    stamp = message_ts or next_ts()
    action: dict[str, Any] = {"action_id": action_id, "block_id": block_id, "action_ts": next_ts()}
    if selected is not None:
        action.update(
            type="static_select",
            selected_option={"text": {"type": "plain_text", "text": selected}, "value": selected},
        )
    else:
        action.update(type="button", value=value or "", text={"type": "plain_text", "text": "x"})
    container: dict[str, Any] = {
        "type": "message",
        "message_ts": stamp,
        "channel_id": channel,
        "is_ephemeral": ephemeral,
    }
    if thread_ts is not None:
        container["thread_ts"] = thread_ts
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": team,
        "user": person,
        "api_app_id": "A0MAILHELP",
        "token": "legacy-verification-token",
        "container": container,
        "trigger_id": _trigger_id(),
        "channel": {"id": channel, "name": "directmessage" if channel == DM_CHANNEL else "support"},
        "response_url": response_url,
        "actions": [action],
    }
    if not ephemeral:
        message: dict[str, Any] = {"type": "message", "ts": stamp, "text": "mailhelp answer"}
        if thread_ts is not None:
            message["thread_ts"] = thread_ts
        payload["message"] = message
    return payload_request(payload)


def view_submission(
    callback_id: str,
    *,
    values: dict[str, dict[str, dict[str, Any]]],
    private_metadata: str,
    user: str = ASKER,
    team_id: str = TEAM,
) -> SlackRequest:
    """A modal submitted; `values` is block_id -> action_id -> element state, as Slack nests it."""
    team, person = _team_user(user, team_id)
    view = {
        "id": "V0CHECKLIST",
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": private_metadata,
        "state": {"values": values},
        "hash": "fakehash",
        "team_id": team_id,
    }
    return payload_request(
        {
            "type": "view_submission",
            "team": team,
            "user": person,
            "api_app_id": "A0MAILHELP",
            "token": "legacy-verification-token",
            "trigger_id": _trigger_id(),
            "view": view,
            "response_urls": [],
        }
    )


def message_shortcut(
    callback_id: str,
    *,
    message: dict[str, Any],
    response_url: str,
    channel: str = SUPPORT_CHANNEL,
    user: str = ASKER,
) -> SlackRequest:
    team, person = _team_user(user)
    return payload_request(
        {
            "type": "message_action",
            "token": "legacy-verification-token",
            "action_ts": next_ts(),
            "team": team,
            "user": person,
            "channel": {"id": channel, "name": "support"},
            "callback_id": callback_id,
            "trigger_id": _trigger_id(),
            "message_ts": message["ts"],
            "message": message,
            "response_url": response_url,
        }
    )


def plain_input(text: str | None) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": text}


def select_input(value: str | None) -> dict[str, Any]:
    chosen = (
        None if value is None else {"value": value, "text": {"type": "plain_text", "text": value}}
    )
    return {"type": "static_select", "selected_option": chosen}


def checklist_values(
    intent: str | None, **details: str | None
) -> dict[str, dict[str, dict[str, Any]]]:
    """The checklist form's state as Slack submits it: the topic and the mail service chosen
    (`provider` is an option value such as "microsoft:company"), and each detail typed."""
    state = {
        "topic": {"value": select_input(intent)},
        "provider": {"value": select_input(details.get("provider"))},
    }
    for name in ("sender", "recipient", "date", "subject", "message_id", "smtp_reply"):
        state[name] = {"value": plain_input(details.get(name))}
    return state


def as_json(request: SlackRequest) -> dict[str, Any]:
    """The decoded payload of a form-encoded interactivity request, for assertions."""
    payload: dict[str, Any] = json.loads(parse_qs(request.body)["payload"][0])
    return payload
