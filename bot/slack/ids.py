"""Identifiers shared by the blocks the app posts and the listeners that receive their clicks."""

from __future__ import annotations

import re
from enum import StrEnum


class Action(StrEnum):
    """action_id of each interactive element; PICK_TOPIC is suffixed `:<intent>` per button."""

    OPEN_CHECKLIST = "open_checklist"
    HELPED = "feedback_helped"
    NOT_HELPED = "feedback_not_helped"
    ESCALATE = "escalate"
    PICK_TOPIC = "pick_topic"
    CORRECT_TOPIC = "correct_topic"
    CHECK_DOMAIN = "check_domain"
    OPEN_SETTINGS = "open_settings"


# Buttons in one actions block need distinct action_ids, hence the suffix per topic.
PICK_TOPIC_PATTERN = re.compile(rf"^{Action.PICK_TOPIC}:[a-z][a-z0-9_]*$")

CHECKLIST_MODAL = "checklist_modal"
TRIAGE_SHORTCUT = "triage_message"
SLASH_COMMAND = "/mailhelp"
METADATA_EVENT_TYPE = "mailhelp_triage"
# "Which topic?" and "didn't recognise" replies: questions to the person, not answers, so an
# audit counting answers by metadata skips them.
PROMPT_EVENT_TYPE = "mailhelp_prompt"
SETTINGS_MODAL = "workspace_settings"
