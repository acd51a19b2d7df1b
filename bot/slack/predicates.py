"""Questions about Slack payloads, each answered by one small `is_*` function."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

# Message subtypes that still carry a person's own words; every other subtype (joins, topic
# changes, edits, deletions, bot posts) is Slack bookkeeping and never triaged.
PERSON_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})
EDIT_SUBTYPES = frozenset({"message_changed", "message_deleted"})

Payload = Mapping[str, Any]


def is_event_callback(body: Payload) -> bool:
    return body.get("type") == "event_callback" and isinstance(body.get("event"), Mapping)


def is_retry(headers: Mapping[str, Sequence[str]]) -> bool:
    """Slack marks a redelivery with X-Slack-Retry-Num (Bolt lower-cases header names)."""
    return bool(headers.get("x-slack-retry-num"))


def is_from_bot(event: Payload) -> bool:
    # Apps posting with a bot token carry bot_id and no subtype; legacy integrations use the
    # bot_message subtype; both count, so two bots can never talk each other into a loop.
    return bool(event.get("bot_id") or event.get("bot_profile")) or (
        event.get("subtype") == "bot_message"
    )


def is_own_post(message: Payload, context: Mapping[str, Any]) -> bool:
    """The app's own message: its bot id, or its bot user as the author."""
    bot_id, bot_user = context.get("bot_id"), context.get("bot_user_id")
    return bool(
        (bot_id and message.get("bot_id") == bot_id)
        or (bot_user and message.get("user") == bot_user)
    )


def is_edit_or_delete(event: Payload) -> bool:
    return event.get("subtype") in EDIT_SUBTYPES


def is_message(event: Payload) -> bool:
    return event.get("type") == "message"


def is_person_message(event: Payload) -> bool:
    """A message a person wrote, new, with text: the only kind of message worth triaging."""
    return (
        is_message(event)
        and event.get("subtype") in PERSON_SUBTYPES
        and not is_from_bot(event)
        and bool(event.get("user"))
        and isinstance(event.get("text"), str)
    )


def is_direct_message(event: Payload) -> bool:
    return is_person_message(event) and event.get("channel_type") == "im"


def is_channel_message(event: Payload) -> bool:
    return is_person_message(event) and event.get("channel_type") == "channel"


def is_channel_or_group_message(event: Payload) -> bool:
    """A person's message in a public or private channel the app is in."""
    return is_person_message(event) and event.get("channel_type") in ("channel", "group")


def is_mention_of(event: Payload, user_id: str | None) -> bool:
    """The message names `user_id`: app_mention answers it, so the channel listener keeps out."""
    text = event.get("text")
    return bool(user_id) and isinstance(text, str) and f"<@{user_id}" in text


def is_reaction_on_message(event: Payload) -> bool:
    item = event.get("item")
    return isinstance(item, Mapping) and item.get("type") == "message" and bool(item.get("ts"))


def is_triage_reaction(event: Payload, emoji: Sequence[str]) -> bool:
    # Skin-tone variants arrive as `name::skin-tone-2`; the base name is what counts.
    name = str(event.get("reaction", "")).split("::", 1)[0]
    return is_reaction_on_message(event) and name in emoji


def is_home_tab(event: Payload) -> bool:
    return event.get("tab") == "home"


def is_ephemeral_container(body: Payload) -> bool:
    container = body.get("container")
    return isinstance(container, Mapping) and bool(container.get("is_ephemeral"))
