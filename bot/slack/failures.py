"""What a failed call to Slack looks like in the log: the method, where, and Slack's reason."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError, SlackClientError

log = logging.getLogger(__name__)

# Every failure a Web API or response_url call can end in, once its retries are spent.
CALL_ERRORS = (SlackClientError, OSError)


def describe(error: BaseException) -> str:
    """A short reason for a log line: Slack's error code or the transport problem, never a token."""
    if isinstance(error, SlackApiError):
        status = getattr(error.response, "status_code", "?")
        code = error.response.get("error") if isinstance(error.response.data, dict) else None
        return f"{code or 'http_error'} (HTTP {status})"
    return f"{type(error).__name__}: {error}"


def log_failure(
    method: str, error: BaseException | str, *, surface: str, channel: str | None
) -> None:
    """`error` is what the call raised, or a reason already put in words."""
    reason = error if isinstance(error, str) else describe(error)
    log.error("Slack call %s failed for %s in channel %s: %s", method, surface, channel, reason)
