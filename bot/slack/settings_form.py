"""The workspace settings form: built from the current settings, read back when submitted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.slack import blocks
from bot.slack.ids import SETTINGS_MODAL
from bot.slack.texts import SlackTexts
from bot.slack.workspace_config import CHANNEL_ID, GROUP_ID, WorkspaceConfig

TEMPLATE = "slack/settings.j2"
VALUE = "value"
CHANNEL_BLOCK = "escalation_channel"
GROUP_BLOCK = "escalation_group"
WATCHED_BLOCK = "watched_channels"
UNPROMPTED_BLOCK = "answer_unprompted"
UNPROMPTED_ON = "on"
# Slack allows up to 100 selections; a team watching more is better served by mentions.
MAX_WATCHED = 20


@dataclass(frozen=True, slots=True)
class SettingsForm:
    escalation_channel: str | None
    escalation_group: str | None
    watched: frozenset[str]
    answer_unprompted: bool


def _label(texts: SlackTexts, macro: str) -> dict[str, Any]:
    return blocks.plain(texts.say(TEMPLATE, macro))


def _input(
    block_id: str, label: dict[str, Any], element: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    element = {**element, "action_id": VALUE}
    return {
        "type": "input",
        "block_id": block_id,
        "optional": True,
        "label": label,
        "element": element,
        **extra,
    }


def settings_modal(
    texts: SlackTexts, config: WorkspaceConfig, watched: list[str]
) -> dict[str, Any]:
    channel: dict[str, Any] = {
        "type": "conversations_select",
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if config.escalation_channel:
        channel["initial_conversation"] = config.escalation_channel
    group: dict[str, Any] = {"type": "plain_text_input", "max_length": 32}
    if config.escalation_group:
        group["initial_value"] = config.escalation_group
    watching: dict[str, Any] = {
        "type": "multi_conversations_select",
        "filter": {"include": ["public"], "exclude_bot_users": True},
        "max_selected_items": MAX_WATCHED,
    }
    if watched:
        watching["initial_conversations"] = watched[:MAX_WATCHED]
    option = {"text": _label(texts, "unprompted_option"), "value": UNPROMPTED_ON}
    unprompted: dict[str, Any] = {"type": "checkboxes", "options": [option]}
    if config.answer_unprompted:
        unprompted["initial_options"] = [option]
    return {
        "type": "modal",
        "callback_id": SETTINGS_MODAL,
        "title": _label(texts, "modal_title"),
        "submit": _label(texts, "modal_submit"),
        "close": blocks.plain("Cancel"),
        "blocks": [
            blocks.context(texts.say(TEMPLATE, "modal_intro")),
            _input(
                CHANNEL_BLOCK,
                _label(texts, "channel_label"),
                channel,
                hint=_label(texts, "channel_hint"),
            ),
            _input(
                GROUP_BLOCK, _label(texts, "group_label"), group, hint=_label(texts, "group_hint")
            ),
            _input(WATCHED_BLOCK, _label(texts, "watched_label"), watching),
            _input(UNPROMPTED_BLOCK, _label(texts, "unprompted_label"), unprompted),
        ],
    }


def not_admin_modal(texts: SlackTexts) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": _label(texts, "modal_title"),
        "close": blocks.plain("Close"),
        "blocks": [blocks.section(texts.say(TEMPLATE, "not_admin"))],
    }


def _element(state: dict[str, Any], block_id: str) -> dict[str, Any]:
    block = state.get(block_id)
    element = block.get(VALUE) if isinstance(block, dict) else None
    return element if isinstance(element, dict) else {}


def read_settings_form(
    texts: SlackTexts, view: dict[str, Any]
) -> tuple[SettingsForm, dict[str, str]]:
    """The submitted choices, and an error per block that needs fixing (Slack shows them)."""
    state = (view.get("state") or {}).get("values") or {}
    errors: dict[str, str] = {}
    channel = _element(state, CHANNEL_BLOCK).get("selected_conversation")
    channel = channel if isinstance(channel, str) and CHANNEL_ID.fullmatch(channel) else None
    group_raw = _element(state, GROUP_BLOCK).get("value")
    group = group_raw.strip() if isinstance(group_raw, str) and group_raw.strip() else None
    if group is not None and not GROUP_ID.fullmatch(group):
        errors[GROUP_BLOCK] = texts.say(TEMPLATE, "bad_group")
        group = None
    chosen = _element(state, WATCHED_BLOCK).get("selected_conversations")
    watched = frozenset(
        c
        for c in (chosen if isinstance(chosen, list) else [])
        if isinstance(c, str) and c.startswith("C") and CHANNEL_ID.fullmatch(c)
    )
    options = _element(state, UNPROMPTED_BLOCK).get("selected_options")
    unprompted = any(
        isinstance(o, dict) and o.get("value") == UNPROMPTED_ON
        for o in (options if isinstance(options, list) else [])
    )
    return SettingsForm(channel, group, watched, unprompted), errors
