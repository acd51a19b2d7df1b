"""Handling every request needs: bots and edits skipped, redeliveries dropped, text capped."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

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


def skip_redeliveries(store: Store) -> Middleware:
    """Drop an event already claimed, whether Slack retried it or delivered it twice."""

    def skip_redelivered_events(
        body: dict[str, Any],
        request: BoltRequest,
        next: Next,
    ) -> BoltResponse | None:
        event_id = body.get("event_id") if is_event_callback(body) else None
        if not isinstance(event_id, str) or not event_id:
            return next()  # type: ignore[func-returns-value]
        try:
            first_time = store.claim_event(f"event:{event_id}")
        except Exception:
            # Answering twice is better than never answering: go on without the claim.
            log.warning("could not claim event %s; handling it unclaimed", event_id, exc_info=True)
            first_time = True
        if not first_time:
            retry = "retry" if is_retry(request.headers) else "duplicate"
            log.info("skipped %s delivery of event %s", retry, event_id)
            return _quiet_ack()
        return next()  # type: ignore[func-returns-value]

    return skip_redelivered_events


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
