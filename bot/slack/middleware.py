"""Handling every request needs: bots and edits skipped, redeliveries dropped, text capped.

Written as Bolt Middleware classes rather than decorated functions: a function middleware has
its arguments injected on every request, which costs more than the work these do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt.context import BoltContext
from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from bot.slack.predicates import is_edit_or_delete, is_event_callback, is_from_bot, is_retry
from bot.storage.interface import Store

log = logging.getLogger(__name__)

# Slack's own ceiling for a message's text; anything longer is cut before triage so a pasted
# log cannot make the matcher's work unbounded.
MAX_TEXT_CHARS = 40_000
# Context keys: the event's claim key, and whether the middleware already claimed it.
EVENT_KEY = "mailhelp_event_key"
EVENT_CLAIMED = "mailhelp_event_claimed"

Next = Callable[[], BoltResponse]


def cap_text(text: str) -> str:
    return text[:MAX_TEXT_CHARS]


def _quiet_ack() -> BoltResponse:
    return BoltResponse(status=200, body="")


class SkipBotsAndEdits(Middleware):
    """Acknowledge, and do nothing else with, events from bots and message edits or deletions."""

    def process(
        self,
        *,
        req: BoltRequest,
        resp: BoltResponse,
        next: Next,
    ) -> BoltResponse | None:
        if is_event_callback(req.body):
            event = req.body["event"]
            if is_from_bot(event) or is_edit_or_delete(event):
                return _quiet_ack()
        return next()


def _claim(store: Store, key: str) -> bool:
    try:
        return store.claim_event(key)
    except Exception:
        # Answering twice is better than never answering: go on without the claim.
        log.warning("could not claim event %s; handling it unclaimed", key, exc_info=True)
        return True


class SkipRedeliveries(Middleware):
    """Drop a retry of an event already claimed; mark first deliveries for their listener.

    A first delivery is claimed by its listener after the ack (`first_delivery`), which keeps
    the database off the ack's path; a retry (X-Slack-Retry-Num) is rare and claimed here, so
    one already handled is dropped before any listener starts.
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    def process(
        self,
        *,
        req: BoltRequest,
        resp: BoltResponse,
        next: Next,
    ) -> BoltResponse | None:
        event_id = req.body.get("event_id") if is_event_callback(req.body) else None
        if not isinstance(event_id, str) or not event_id:
            return next()
        key = f"event:{event_id}"
        req.context[EVENT_KEY] = key
        if is_retry(req.headers):
            if not _claim(self.store, key):
                log.info("skipped retry of event %s, already handled", event_id)
                return _quiet_ack()
            req.context[EVENT_CLAIMED] = True
        return next()


def first_delivery(store: Store, context: BoltContext) -> bool:
    """For an event listener, after the ack: False when another delivery of it was handled."""
    key = context.get(EVENT_KEY)
    if not isinstance(key, str) or context.get(EVENT_CLAIMED):
        return True
    if _claim(store, key):
        return True
    log.info("skipped duplicate delivery of %s", key.removeprefix("event:"))
    return False


class CapTextSize(Middleware):
    """Cut the text of events, slash commands and shortcut messages to MAX_TEXT_CHARS."""

    def process(
        self,
        *,
        req: BoltRequest,
        resp: BoltResponse,
        next: Next,
    ) -> BoltResponse | None:
        body = req.body
        for holder in (body.get("event"), body, body.get("message")):
            if isinstance(holder, dict):
                text = holder.get("text")
                if isinstance(text, str) and len(text) > MAX_TEXT_CHARS:
                    holder["text"] = cap_text(text)
        return next()


def build_middleware(store: Store) -> list[Middleware]:
    """In order: cheap filters first, then the claim of retries, then the size cap."""
    return [SkipBotsAndEdits(), SkipRedeliveries(store), CapTextSize()]
