"""`/mailhelp watch` and `unwatch`: whether the app answers unprompted in a channel."""

from __future__ import annotations

import logging

from slack_sdk.web import WebClient

from bot.slack import wording
from bot.slack.failures import CALL_ERRORS, log_failure
from bot.storage.interface import Store

log = logging.getLogger(__name__)


def _membership(client: WebClient, channel: str) -> bool | None:
    """True/False for a public channel the app can see; None when it cannot look."""
    try:
        response = client.conversations_info(channel=channel)
    except CALL_ERRORS as error:
        log_failure("conversations.info", error, surface="slash", channel=channel)
        return None
    info = response.get("channel") or {}
    if not isinstance(info, dict) or info.get("is_private") or info.get("is_im"):
        return None
    return bool(info.get("is_member"))


def change_watch(
    store: Store, client: WebClient, *, team_id: str, channel: str, watch: bool
) -> str:
    """Switch watching for `channel` and say what happened, in a sentence for the person."""
    if not channel.startswith("C"):
        # Only public channels: the app subscribes to message.channels and nothing wider.
        return wording.WATCH_NOT_HERE
    member = _membership(client, channel) if watch else True
    if member is None:
        return wording.WATCH_NOT_HERE
    try:
        store.set_watched(team_id, channel, watch)
    except Exception:
        log.warning("could not store the watch setting of %s", channel, exc_info=True)
        return wording.WATCH_FAILED
    if not watch:
        return wording.WATCH_OFF.format(channel=channel)
    return (
        wording.WATCH_ON.format(channel=channel)
        if member
        else wording.WATCH_NEEDS_INVITE.format(channel=channel)
    )
