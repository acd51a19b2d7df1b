"""Reading one message back from Slack, wherever it sits (top level or inside a thread)."""

from __future__ import annotations

from typing import Any

from slack_sdk.web import WebClient

from bot.slack.failures import CALL_ERRORS, log_failure


def fetch_message(
    client: WebClient, *, channel: str, ts: str, thread_ts: str | None = None, surface: str
) -> dict[str, Any] | None:
    """The message at `ts`, or None when Slack cannot give it (the failure is logged).

    conversations.history only lists top-level messages, and for a reply inside a thread it
    returns an older top-level message instead; conversations.replies accepts the ts of any
    message of a thread, so it is the second try (or the first, when the thread is known).
    """
    attempts: list[tuple[str, dict[str, str]]] = []
    if thread_ts in (None, ts):
        attempts.append(("conversations.history", {}))
    attempts.append(("conversations.replies", {"ts": ts}))
    for method, extra in attempts:
        try:
            response = client.api_call(
                method,
                http_verb="GET",
                params={
                    "channel": channel,
                    "latest": ts,
                    "inclusive": True,
                    "limit": 1,
                    **extra,
                },
            )
        except CALL_ERRORS as error:
            log_failure(method, error, surface=surface, channel=channel)
            return None
        messages = response.get("messages") or []
        found = next((m for m in messages if isinstance(m, dict) and m.get("ts") == ts), None)
        if found is not None:
            return found
    return None
