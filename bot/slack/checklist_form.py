"""Reading the submitted checklist form: the chosen topic, the details, and what needs fixing."""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from typing import Any

from bot.render.details import CaseDetails
from bot.slack import wording
from bot.slack.refs import ModalRef
from bot.slack.views import FIELD_LIMITS, HIDDEN_FIELDS, PROVIDER_FIELD, VALUE, provider_choices

# Loose on purpose: people paste "Name <addr>" and display forms; the point is to catch a
# field holding something that is plainly not an address at all.
_ADDRESS = re.compile(r"[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+")


@dataclass(frozen=True, slots=True)
class ChecklistForm:
    intent: str | None
    details: CaseDetails
    errors: dict[str, str]


def _value(state: dict[str, Any], block_id: str) -> Any:
    block = state.get(block_id)
    element = block.get(VALUE) if isinstance(block, dict) else None
    return element if isinstance(element, dict) else {}


def read_form(view: dict[str, Any], known_intents: Container[str]) -> ChecklistForm:
    state = (view.get("state") or {}).get("values") or {}
    option = _value(state, "topic").get("selected_option") or {}
    intent = option.get("value") if isinstance(option, dict) else None
    errors: dict[str, str] = {}
    if not isinstance(intent, str) or intent not in known_intents:
        intent = None
        errors["topic"] = wording.CHECKLIST_NEEDS_TOPIC
    values: dict[str, str | None] = {}
    for name in FIELD_LIMITS:
        raw = _value(state, name).get("value")
        values[name] = raw.strip() or None if isinstance(raw, str) else None
    for name in ("sender", "recipient"):
        address = values[name]
        if address and not _ADDRESS.search(address):
            errors[name] = wording.NOT_AN_ADDRESS
    # What the answer knew beyond the form's fields; a mail service chosen in the form wins.
    where = ModalRef.decode(view.get("private_metadata"))
    hidden = where.details if where is not None else {}
    values.update({name: hidden.get(name) for name in HIDDEN_FIELDS})
    chosen = _value(state, PROVIDER_FIELD).get("selected_option") or {}
    value = chosen.get("value") if isinstance(chosen, dict) else None
    choice = provider_choices().get(value) if isinstance(value, str) else None
    if choice is not None:
        _, values["provider"], values["mailbox"] = choice
    return ChecklistForm(intent=intent, details=CaseDetails(**values), errors=errors)
