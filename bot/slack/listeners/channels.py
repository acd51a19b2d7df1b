"""Channels the app watches: it speaks unprompted, in the thread, only when it is sure."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk.web import WebClient

from bot.slack.answering import Question, answer_question
from bot.slack.deps import Deps
from bot.slack.followups import ThreadReply, continue_thread
from bot.slack.middleware import first_delivery
from bot.slack.predicates import is_channel_or_group_message, is_mention_of
from bot.slack.replies import ThreadOutlet, guarded
from bot.storage.interface import Surface

log = logging.getLogger(__name__)


def is_watched(deps: Deps, team_id: str, channel_id: str) -> bool:
    try:
        return deps.store.is_watched(team_id, channel_id)
    except Exception:
        # Unsure means quiet: an unwanted reply in someone's channel costs more than a miss.
        log.warning(
            "could not tell whether %s is watched; staying quiet", channel_id, exc_info=True
        )
        return False


def answer_channel_message(
    deps: Deps, client: WebClient, event: dict[str, Any], context: BoltContext
) -> None:
    """A follow-up in a thread the bot answered; otherwise, in a watched channel, a question."""
    channel = str(event.get("channel", ""))
    team = context.team_id or str(event.get("team", ""))
    ts = str(event.get("ts", ""))
    thread_ts = str(event.get("thread_ts") or ts)
    user = event.get("user")
    if thread_ts != ts:
        outlet = ThreadOutlet(client, channel, thread_ts, user, Surface.CHANNEL.value)
        reply = ThreadReply(team, channel, user, event, Surface.CHANNEL, False, context.bot_user_id)
        with guarded(None, what="read a follow-up", surface="channel", channel=channel):
            if continue_thread(
                deps, client, outlet, reply, is_first=lambda: first_delivery(deps.store, context)
            ):
                return
    if (
        not is_watched(deps, team, channel)
        or not deps.workspaces.config_for(team).answer_unprompted
    ):
        return
    if not first_delivery(deps.store, context):
        return
    outlet = ThreadOutlet(client, channel, thread_ts, None, Surface.CHANNEL.value)
    with guarded(None, what="answer a watched channel", surface="channel", channel=channel):
        question = Question(
            team_id=team,
            channel_id=channel,
            user_id=user,
            text=str(event.get("text", "")),
            surface=Surface.CHANNEL,
            asked_ts=ts,
            thread_ts=thread_ts,
        )
        answer_question(deps, outlet, question, unprompted=True)


def register(app: App, deps: Deps) -> None:
    # Private channels (message.groups) only ever get follow-ups: watching is for public ones.
    @app.event({"type": "message"}, matchers=[is_channel_or_group_message])
    def acknowledge_channel_message(
        ack: Ack, event: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        ack()
        # A mention arrives twice, as app_mention and as a channel message; it answers once.
        if not is_mention_of(event, context.bot_user_id):
            deps.defer(answer_channel_message, deps, client, event, context)
