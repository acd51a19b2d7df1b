"""The IT checklist modal."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.entities.provider_table import MAILBOX, providers
from bot.render.details import DETAIL_LIMIT, REPLY_LIMIT
from bot.slack import blocks, wording
from bot.slack.ids import CHECKLIST_MODAL
from bot.slack.refs import DETAIL_FIELDS, ModalRef

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
PROVIDER_FIELD = "provider"
# The recipient's mail service is chosen from a list; details with no field at all ride in
# the modal's private_metadata, so the checklist still has them.
HIDDEN_FIELDS = tuple(name for name in DETAIL_FIELDS if name not in FIELD_LIMITS)


def provider_choices() -> dict[str, tuple[str, str, str]]:
    """Option value -> (label, provider id, mailbox kind): company services first, from the
    providers table (responses/providers.yaml)."""
    rows = [row for row in providers().values() if row.kind == MAILBOX]
    choices: dict[str, tuple[str, str, str]] = {}
    for kind in ("company", "consumer"):
        for row in rows:
            label = row.company if kind == "company" else row.consumer
            if label:
                choices[f"{row.id}:{kind}"] = (label, row.id, kind)
    return choices


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


def labelled_details(details: dict[str, str]) -> list[tuple[str, str]]:
    """The details the checklist form has a field for, each under its label; the mail service
    by its name (Microsoft 365, Gmail ...), not its id."""
    shown: list[tuple[str, str]] = []
    for name in DETAIL_FIELDS:
        value = details.get(name)
        if not value or name not in wording.CHECKLIST_FIELDS:
            continue
        if name == PROVIDER_FIELD:
            choice = provider_choices().get(f"{value}:{details.get('mailbox')}")
            if choice is None:
                continue
            value = choice[0]
        shown.append((wording.CHECKLIST_FIELDS[name], value))
    return shown


def _provider_input(details: dict[str, str]) -> dict[str, Any]:
    options = [
        {"text": blocks.plain(label), "value": value}
        for value, (label, _, _) in provider_choices().items()
    ]
    element: dict[str, Any] = {"type": "static_select", "action_id": VALUE, "options": options}
    chosen = f"{details.get('provider')}:{details.get('mailbox')}"
    initial = next((option for option in options if option["value"] == chosen), None)
    if initial is not None:
        element["initial_option"] = initial
    return {
        "type": "input",
        "block_id": PROVIDER_FIELD,
        "optional": True,
        "label": blocks.plain(wording.CHECKLIST_FIELDS[PROVIDER_FIELD]),
        "element": element,
    }


def checklist_modal(
    *, topics: blocks.Topics, intent: str | None, details: dict[str, str], where: ModalRef
) -> View:
    """The form, prefilled with what the triage found; `where` rides in private_metadata,
    with the details the form has no field for."""
    hidden = {name: details[name] for name in HIDDEN_FIELDS if details.get(name)}
    inputs = [_text_input(name, details.get(name)) for name in FIELD_LIMITS]
    return {
        "type": "modal",
        "callback_id": CHECKLIST_MODAL,
        "private_metadata": replace(where, details=hidden).encode(),
        "title": blocks.plain(wording.CHECKLIST_TITLE),
        "submit": blocks.plain(wording.CHECKLIST_SUBMIT),
        "close": blocks.plain(wording.CHECKLIST_CANCEL),
        "blocks": [
            blocks.context(wording.CHECKLIST_INTRO),
            _topic_input(topics, intent),
            # The mail service goes right after the recipient's address it belongs to.
            *inputs[:2],
            _provider_input(details),
            *inputs[2:],
        ],
    }
