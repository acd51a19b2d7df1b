"""One module per Slack surface, each with `register(app, deps)`, registered in this order."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App

from bot.slack.deps import Deps
from bot.slack.listeners import (
    app_home,
    channels,
    checklist,
    direct_messages,
    domain_check,
    escalation,
    feedback,
    installation,
    mentions,
    quiet,
    reactions,
    settings,
    shortcut,
    slash_command,
    topics,
)

Register = Callable[[App, Deps], None]

# Order matters for message events: Bolt runs the first listener that matches, so the DM and
# channel listeners come before `quiet`, which acknowledges every other message.
REGISTRARS: tuple[Register, ...] = (
    mentions.register,
    direct_messages.register,
    channels.register,
    reactions.register,
    shortcut.register,
    slash_command.register,
    topics.register,
    feedback.register,
    checklist.register,
    escalation.register,
    domain_check.register,
    app_home.register,
    settings.register,
    installation.register,
    quiet.register,
)


def register_all(app: App, deps: Deps) -> None:
    for register in REGISTRARS:
        register(app, deps)
