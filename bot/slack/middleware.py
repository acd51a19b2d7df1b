"""Handling every request needs: bots and edits skipped, redeliveries dropped, text capped."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt.context import BoltContext
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from bot.slack.predicates import is_edit_or_delete, is_event_callback, is_from_bot, is_retry
from bot.storage.interface import Store

log = logging.getLogger(__name__)

# Slack's own ceiling for a message's text; anything longer is cut before triage so a pasted
# log cannot make the matcher's work unbounded.
MAX_TEXT_CHARS = 40_000

Next = Callable[[], None]
Middleware = Callable[..., BoltResponse | None]


def cap_text(text: str) -> str:
    return text[:MAX_TEXT_CHARS]


def _quiet_ack() -> BoltResponse:
    return BoltResponse(status=200, body="")


def skip_bots_and_edits(body: dict[str, Any], next: Next) -> BoltResponse | None:
    """Acknowledge, and do nothing else with, events from bots and message edits or deletions."""
    if is_event_callback(body):
        event = body["event"]
        if is_from_bot(event) or is_edit_or_delete(event):
            return _quiet_ack()
    return next()  # type: ignore[func-returns-value]


# Context keys: the event's claim key, and whether the middleware already claimed it.
EVENT_KEY = "mailhelp_event_key"
EVENT_CLAIMED = "mailhelp_event_claimed"


def _claim(store: Store, key: str) -> bool:
    try:
        return store.claim_event(key)
    except Exception:
        # Answering twice is better than never answering: go on without the claim.
        log.warning("could not claim event %s; handling it unclaimed", key, exc_info=True)
        return True


def skip_redeliveries(store: Store) -> Middleware:
    """Drop a retry of an event already claimed; mark first deliveries for their listener.

    A first delivery is claimed by its listener after the ack (`first_delivery`), which keeps
    the database off the ack's path; a retry (X-Slack-Retry-Num) is rare and claimed here, so
    one already handled is dropped before any listener starts.
    """

    def skip_redelivered_events(
        body: dict[str, Any],
        request: BoltRequest,
        context: BoltContext,
        next: Next,
    ) -> BoltResponse | None:
        event_id = body.get("event_id") if is_event_callback(body) else None
        if not isinstance(event_id, str) or not event_id:
            return next()  # type: ignore[func-returns-value]
        key = f"event:{event_id}"
        context[EVENT_KEY] = key
        if is_retry(request.headers):
            if not _claim(store, key):
                log.info("skipped retry of event %s, already handled", event_id)
                return _quiet_ack()
            context[EVENT_CLAIMED] = True
        return next()  # type: ignore[func-returns-value]

    return skip_redelivered_events


def first_delivery(store: Store, context: BoltContext) -> bool:
    """For an event listener, after the ack: False when another delivery of it was handled."""
    key = context.get(EVENT_KEY)
    if not isinstance(key, str) or context.get(EVENT_CLAIMED):
        return True
    if _claim(store, key):
        return True
    log.info("skipped duplicate delivery of %s", key.removeprefix("event:"))
    return False


def cap_text_size(body: dict[str, Any], next: Next) -> BoltResponse | None:
    """Cut the text of events, slash commands and shortcut messages to MAX_TEXT_CHARS."""
    for holder in (body.get("event"), body, body.get("message")):
        if isinstance(holder, dict):
            text = holder.get("text")
            if isinstance(text, str) and len(text) > MAX_TEXT_CHARS:
                holder["text"] = cap_text(text)
    return next()  # type: ignore[func-returns-value]


def build_middleware(store: Store) -> list[Middleware]:
    """In order: cheap filters first, then the claim that touches storage, then the size cap."""
    return [skip_bots_and_edits, skip_redeliveries(store), cap_text_size]
