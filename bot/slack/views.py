"""The IT checklist modal."""

from __future__ import annotations

from typing import Any

from bot.render.details import DETAIL_LIMIT, REPLY_LIMIT
from bot.slack import blocks, wording
from bot.slack.ids import CHECKLIST_MODAL
from bot.slack.refs import ModalRef

View = dict[str, Any]
VALUE = "value"
# Input ceilings are what the renderer keeps of each detail.
FIELD_LIMITS = {
    "sender": DETAIL_LIMIT,
    "recipient": DETAIL_LIMIT,
    "date": DETAIL_LIMIT,
    "subject": DETAIL_LIMIT,
    "message_id": DETAIL_LIMIT,
    "smtp_reply": REPLY_LIMIT,
}


def _text_input(name: str, initial: str | None) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": VALUE,
        "max_length": FIELD_LIMITS[name],
        "multiline": name == "smtp_reply",
    }
    if initial:
        element["initial_value"] = initial[: FIELD_LIMITS[name]]
    return {
        "type": "input",
        "block_id": name,
        "optional": True,
        "label": blocks.plain(wording.CHECKLIST_FIELDS[name]),
        "element": element,
    }


def _topic_input(topics: blocks.Topics, intent: str | None) -> dict[str, Any]:
    options = blocks.topic_options(topics)
    element: dict[str, Any] = {"type": "static_select", "action_id": VALUE, "options": options}
    initial = next((option for option in options if option["value"] == intent), None)
    if initial is not None:
        element["initial_option"] = initial
    return {
        "type": "input",
        "block_id": "topic",
        "label": blocks.plain(wording.CHECKLIST_FIELDS["topic"]),
        "element": element,
    }


def checklist_modal(
    *, topics: blocks.Topics, intent: str | None, details: dict[str, str], where: ModalRef
) -> View:
    """The form, prefilled with what the triage found; `where` rides in private_metadata."""
    return {
        "type": "modal",
        "callback_id": CHECKLIST_MODAL,
        "private_metadata": where.encode(),
        "title": blocks.plain(wording.CHECKLIST_TITLE),
        "submit": blocks.plain(wording.CHECKLIST_SUBMIT),
        "close": blocks.plain(wording.CHECKLIST_CANCEL),
        "blocks": [
            blocks.context(wording.CHECKLIST_INTRO),
            _topic_input(topics, intent),
            *(_text_input(name, details.get(name)) for name in FIELD_LIMITS),
        ],
    }
