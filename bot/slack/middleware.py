"""Handling every request needs: bots and edits skipped, requests recorded, redeliveries dropped,
text capped.

Written as Bolt Middleware classes rather than decorated functions: a function middleware has
its arguments injected on every request, which costs more than the work these do.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from slack_bolt.context import BoltContext
from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from bot.slack.predicates import (
    is_channel_message,
    is_direct_message,
    is_edit_or_delete,
    is_event_callback,
    is_from_bot,
    is_mention_of,
    is_retry,
    is_triage_reaction,
)
from bot.slack.work import CURRENT, LEASE_S, RECOVERED_WORK, Ticket, WorkBook
from bot.storage.interface import Store, Took

log = logging.getLogger(__name__)

# Slack's own ceiling for a message's text; anything longer is cut before triage so a pasted
# log cannot make the matcher's work unbounded.
MAX_TEXT_CHARS = 40_000
# Context keys: the event's claim key, and whether the middleware already claimed it.
EVENT_KEY = "mailhelp_event_key"
EVENT_CLAIMED = "mailhelp_event_claimed"
# Interactive requests kept until answered (besides slash commands).
KEPT_INTERACTIONS = frozenset(
    {"command", "block_actions", "view_submission", "message_action", "shortcut"}
)

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


def _take(store: Store, key: str, body: str | None) -> Took:
    try:
        return store.take_work(key, body, LEASE_S)
    except Exception:
        log.warning("could not record request %s; handling it unrecorded", key, exc_info=True)
        return Took.IN_MEMORY


class RecordWork(Middleware):
    """Record a request before it is acknowledged, or drop it when it was already taken.

    Requests that lead to an answer (mentions, DMs, watched channels, triage reactions,
    commands, clicks, forms) are kept in the database with their body until their work is
    done (bot.slack.work), so a process dying after the ack loses none; that record is also
    the claim that refuses Slack's retries, or a replay, in any process. Other events are
    claimed by their listener after the ack, or here when they are retries.
    """

    def __init__(
        self,
        store: Store,
        book: WorkBook,
        *,
        emoji: Sequence[str],
    ) -> None:
        self.store = store
        self.book = book
        self.emoji = tuple(emoji)

    def process(
        self,
        *,
        req: BoltRequest,
        resp: BoltResponse,
        next: Next,
    ) -> BoltResponse | None:
        recovered = req.context.get(RECOVERED_WORK)
        if isinstance(recovered, str):
            # Taken up after a crash: already recorded, and leased to this process.
            req.context[EVENT_CLAIMED] = True
            return _run_with(self.book.open(recovered, durable=True, recovered=True), next)
        key = request_key(req.body)
        if key is None:
            return next()
        if not self._worth_keeping(req):
            req.context[EVENT_KEY] = key
            if is_retry(req.headers):
                if not _claim(self.store, key):
                    log.info("skipped retry of %s, already handled", key)
                    return _quiet_ack()
                req.context[EVENT_CLAIMED] = True
            return next()
        took = _take(self.store, key, _kept_body(req))
        if took is Took.DUPLICATE:
            log.info("skipped %s, already handled", key)
            return _quiet_ack()
        req.context[EVENT_KEY] = key
        req.context[EVENT_CLAIMED] = True
        return _run_with(self.book.open(key, durable=took is Took.DURABLE), next)

    def _worth_keeping(self, req: BoltRequest) -> bool:
        """Whether the request leads to an answer someone waits for."""
        body = req.body
        if not is_event_callback(body):
            return True
        event = body["event"]
        kind = event.get("type")
        if kind == "app_mention" or is_direct_message(event):
            return True
        if kind == "reaction_added":
            return is_triage_reaction(event, self.emoji)
        if not is_channel_message(event) or is_mention_of(event, req.context.bot_user_id):
            return False
        team = req.context.team_id or str(event.get("team", ""))
        try:
            return self.store.is_watched(team, str(event.get("channel", "")))
        except Exception:
            log.warning("could not tell whether a channel is watched", exc_info=True)
            return False


def _kept_body(req: BoltRequest) -> str:
    """The request as JSON, for taking it up again: an event's body as Slack sent it, which
    is already that; a command's or a click's form rewritten."""
    raw = req.raw_body
    if raw.startswith("{") and is_event_callback(req.body):
        return raw
    return json.dumps(req.body, separators=(",", ":"))


def _run_with(ticket: Ticket, next: Next) -> BoltResponse:
    # Bolt's next() only marks the chain to go on; the listeners start after every middleware
    # has returned, on this thread, within MailhelpApp.dispatch, which ends the ticket's run.
    CURRENT.set(ticket)
    return next()


def request_key(body: dict[str, Any]) -> str | None:
    """The claim key of a request: Slack's event id, or the trigger id of a command or click."""
    if is_event_callback(body):
        event_id = body.get("event_id")
        return f"event:{event_id}" if isinstance(event_id, str) and event_id else None
    kind = "command" if "command" in body else body.get("type")
    if kind not in KEPT_INTERACTIONS:
        return None
    trigger = body.get("trigger_id")
    # Without a trigger id a replay cannot be told apart; the request is still kept.
    return f"{kind}:{trigger if isinstance(trigger, str) and trigger else uuid.uuid4().hex}"


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


def build_middleware(store: Store, book: WorkBook, *, emoji: Sequence[str]) -> list[Middleware]:
    """In order: cheap filters first, then the record (and claim) of the request, then the cap."""
    return [SkipBotsAndEdits(), RecordWork(store, book, emoji=emoji), CapTextSize()]
