"""Reading a conversation back from Slack: the people's messages of a thread, oldest first."""

from __future__ import annotations

from typing import Any

from slack_sdk.web import WebClient

from bot.slack.failures import CALL_ERRORS, log_failure
from bot.slack.fetch import fetch_message
from bot.slack.payloads import without_mentions
from bot.slack.predicates import is_from_bot

# A thread longer than this is read from its start up to here; a follow-up rarely needs more.
MAX_THREAD_MESSAGES = 50


def thread_messages(
    client: WebClient, *, channel: str, root_ts: str, upto_ts: str, surface: str
) -> list[dict[str, Any]] | None:
    """People's messages in the thread from its start through `upto_ts`; None when unreadable."""
    try:
        response = client.api_call(
            "conversations.replies",
            http_verb="GET",
            params={
                "channel": channel,
                "ts": root_ts,
                "latest": upto_ts,
                "inclusive": True,
                "limit": MAX_THREAD_MESSAGES,
            },
        )
    except CALL_ERRORS as error:
        log_failure("conversations.replies", error, surface=surface, channel=channel)
        return None
    found = [m for m in response.get("messages") or [] if isinstance(m, dict)]
    # Bots' posts (the app's own answers among them) are not what the person said.
    people = [m for m in found if not is_from_bot(m) and _ts(m) <= float(upto_ts)]
    return sorted(people, key=_ts)


def _ts(message: dict[str, Any]) -> float:
    try:
        return float(message.get("ts") or 0)
    except ValueError:
        return 0.0


def joined_text(messages: list[dict[str, Any]], bot_user_id: str | None) -> str:
    return "\n".join(
        without_mentions(str(m.get("text") or ""), bot_user_id) for m in messages
    ).strip()


def asked_text(
    client: WebClient,
    *,
    channel: str,
    asked_ts: str,
    thread_ts: str | None,
    whole_thread: bool,
    bot_user_id: str | None,
    surface: str,
) -> str:
    """What the person wrote: the one message, or (`whole_thread`) the thread through it."""
    if whole_thread and thread_ts and thread_ts != asked_ts:
        messages = thread_messages(
            client, channel=channel, root_ts=thread_ts, upto_ts=asked_ts, surface=surface
        )
        if messages:
            return joined_text(messages, bot_user_id)
    message = fetch_message(
        client, channel=channel, ts=asked_ts, thread_ts=thread_ts, surface=surface
    )
    return joined_text([message], bot_user_id) if message else ""
