"""Whether a person may change the workspace's settings: an admin or owner, as Slack says."""

from __future__ import annotations

from slack_sdk.web import WebClient

from bot.slack.failures import CALL_ERRORS, log_failure


def is_workspace_admin(client: WebClient, user_id: str | None) -> bool:
    """Asked of Slack each time (users.info), never of anything the request itself claims;
    False when Slack cannot say."""
    if not user_id:
        return False
    try:
        response = client.users_info(user=user_id)
    except CALL_ERRORS as error:
        log_failure("users.info", error, surface="settings", channel=None)
        return False
    user = response.get("user")
    if not isinstance(user, dict) or user.get("deleted") or user.get("is_bot"):
        return False
    return any(user.get(flag) is True for flag in ("is_admin", "is_owner", "is_primary_owner"))
