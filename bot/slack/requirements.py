"""What each listener needs from the Slack app configuration; manifest.json must grant all of it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Needs:
    """Bot events a listener subscribes to, and Web API methods it calls."""

    events: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    commands: tuple[str, ...] = ()
    shortcuts: tuple[str, ...] = ()
    interactivity: bool = False


REPLY = ("chat.postMessage", "chat.postEphemeral")
READ = ("conversations.history", "conversations.replies")
# A bounce file shared with a message: its facts, then its content (downloaded, not a method).
FILES = ("files.info",)

# Keyed by listener module (bot.slack.listeners.<name>).
LISTENER_NEEDS: dict[str, Needs] = {
    "mentions": Needs(events=("app_mention",), methods=(*REPLY, *READ, *FILES)),
    "direct_messages": Needs(events=("message.im",), methods=(*REPLY, *READ, *FILES)),
    "channels": Needs(
        events=("message.channels", "message.groups"), methods=(*REPLY, *READ, *FILES)
    ),
    "reactions": Needs(events=("reaction_added",), methods=(*REPLY, *READ)),
    "shortcut": Needs(methods=REPLY, shortcuts=("triage_message",), interactivity=True),
    "slash_command": Needs(methods=("conversations.info", "views.open"), commands=("/mailhelp",)),
    "topics": Needs(methods=(*REPLY, "chat.update"), interactivity=True),
    "feedback": Needs(methods=(*REPLY, *READ), interactivity=True),
    "checklist": Needs(
        methods=(
            "views.open",
            "files.getUploadURLExternal",
            "files.completeUploadExternal",
            "conversations.open",
            "chat.postMessage",
        ),
        interactivity=True,
    ),
    "escalation": Needs(methods=(*REPLY, *READ, "chat.getPermalink"), interactivity=True),
    "domain_check": Needs(methods=REPLY, interactivity=True),
    "app_home": Needs(events=("app_home_opened",), methods=("views.publish",)),
    "settings": Needs(
        methods=("users.info", "views.open", "views.publish", "conversations.info"),
        interactivity=True,
    ),
    "installation": Needs(events=("app_uninstalled", "tokens_revoked")),
    "quiet": Needs(),
}

# The bot scope each Web API method needs (methods needing none are listed with None).
# conversations.* read public channels, private channels, DMs and group DMs alike.
METHOD_SCOPES: dict[str, tuple[str, ...] | None] = {
    "auth.test": None,
    "chat.postMessage": ("chat:write",),
    "chat.postEphemeral": ("chat:write",),
    "chat.update": ("chat:write",),
    "chat.getPermalink": None,
    "views.open": None,
    "views.publish": None,
    "files.getUploadURLExternal": ("files:write",),
    "files.completeUploadExternal": ("files:write",),
    "conversations.history": ("channels:history", "groups:history", "im:history", "mpim:history"),
    "conversations.replies": ("channels:history", "groups:history", "im:history", "mpim:history"),
    # Public channels, and private ones the bot is in (the escalation channel may be either).
    "conversations.info": ("channels:read", "groups:read"),
    "users.info": ("users:read",),
    "files.info": ("files:read",),
    "conversations.open": ("im:write",),
}

# Scopes that come with an event subscription rather than with a method.
EVENT_SCOPES: dict[str, tuple[str, ...]] = {
    "app_mention": ("app_mentions:read",),
    "message.im": ("im:history",),
    "message.channels": ("channels:history",),
    "message.groups": ("groups:history",),
    # Slack sends these to every app that subscribes; they need no scope.
    "app_uninstalled": (),
    "tokens_revoked": (),
    "reaction_added": ("reactions:read",),
    "app_home_opened": (),
}
COMMAND_SCOPE = "commands"


def required_scopes() -> list[str]:
    scopes: set[str] = set()
    for needs in LISTENER_NEEDS.values():
        for method in needs.methods:
            scopes.update(METHOD_SCOPES[method] or ())
        for event in needs.events:
            scopes.update(EVENT_SCOPES[event])
        if needs.commands or needs.shortcuts:
            scopes.add(COMMAND_SCOPE)
    return sorted(scopes)


def required_events() -> list[str]:
    return sorted({event for needs in LISTENER_NEEDS.values() for event in needs.events})
