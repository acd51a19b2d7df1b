"""Sentences for workspace settings, escalations and conversations, from responses/slack/*.j2."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, TemplateError

from bot import DEFAULT_RESPONSES_DIR
from bot.render.environment import build_environment
from bot.render.errors import RenderSetupError
from bot.render.slack import escape

# Each template and the macros the app calls in it; all are checked when the app starts.
MACROS: dict[str, tuple[str, ...]] = {
    "slack/settings.j2": (
        "home_heading",
        "home_current",
        "edit_button",
        "modal_title",
        "modal_submit",
        "modal_intro",
        "not_admin",
        "channel_label",
        "channel_hint",
        "group_label",
        "group_hint",
        "watched_label",
        "unprompted_label",
        "unprompted_option",
        "bad_group",
        "invite_first",
        "cannot_check",
        "saved",
        "save_failed",
    ),
    "slack/home.j2": ("phrasings_heading", "phrasing", "no_phrasings"),
    "slack/escalation.j2": (
        "post",
        "posted",
        "already",
        "not_configured",
        "invite_needed",
        "channel_gone",
    ),
    "slack/conversation.j2": (
        "file_found",
        "file_nothing",
        "file_too_big",
        "file_wrong_type",
        "file_unreadable",
        "same_topic",
        "already_rated",
    ),
}


@dataclass(frozen=True, slots=True)
class SlackTexts:
    """Loaded once; `say(template, macro, **values)` renders one sentence or short message.

    Values from people (channel names, problem texts) go through the `mrkdwn` filter in the
    templates, which escapes them for Slack.
    """

    modules: dict[str, Any]

    @classmethod
    def load(cls, responses_dir: Path) -> SlackTexts:
        environment = build_environment(responses_dir)
        # Wording kept elsewhere (MAILHELP_RESPONSES_DIR) may predate these files.
        environment.loader = ChoiceLoader(
            [FileSystemLoader(str(responses_dir)), FileSystemLoader(str(DEFAULT_RESPONSES_DIR))]
        )
        environment.filters["mrkdwn"] = escape
        modules: dict[str, Any] = {}
        for name, macros in MACROS.items():
            try:
                module = environment.get_template(name).module
            except TemplateError as exc:
                raise RenderSetupError(f"Slack wording: {name}: {exc}") from exc
            missing = [macro for macro in macros if not callable(getattr(module, macro, None))]
            if missing:
                raise RenderSetupError(f"Slack wording: {name} lacks {', '.join(missing)}")
            modules[name] = module
        return cls(modules)

    def say(self, template: str, macro: str, **values: Any) -> str:
        text = str(getattr(self.modules[template], macro)(**values))
        return "\n".join(line.rstrip() for line in text.strip().splitlines())
