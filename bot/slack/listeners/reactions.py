"""An emoji reaction (:mailhelp:, or :envelope_with_arrow:) asks for that message to be triaged."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk.web import WebClient

from bot.slack import wording
from bot.slack.answering import Question, answer_question
from bot.slack.deps import Deps
from bot.slack.fetch import fetch_message
from bot.slack.middleware import first_delivery
from bot.slack.predicates import is_from_bot, is_triage_reaction
from bot.slack.replies import ThreadOutlet, guarded
from bot.storage.interface import Surface


def triage_reacted_message(
    deps: Deps, client: WebClient, event: dict[str, Any], context: BoltContext
) -> None:
    if not first_delivery(deps.store, context):
        return
    item = event["item"]
    channel = str(item.get("channel", ""))
    ts = str(item["ts"])
    user = event.get("user")
    with guarded(None, what="triage a reaction", surface="reaction", channel=channel):
        message = fetch_message(client, channel=channel, ts=ts, surface="reaction")
        if message is None:
            ThreadOutlet(client, channel, None, user, "reaction").notice(
                wording.CANNOT_READ_MESSAGE
            )
            return
        # The bot's own answers, and other bots' posts, are not questions.
        if is_from_bot(message):
            return
        thread_ts = str(message.get("thread_ts") or ts)
        outlet = ThreadOutlet(client, channel, thread_ts, user, Surface.REACTION.value)
        question = Question(
            team_id=context.team_id or "",
            channel_id=channel,
            user_id=user,
            text=str(message.get("text", "")),
            surface=Surface.REACTION,
            asked_ts=ts,
            thread_ts=thread_ts,
        )
        answer_question(deps, outlet, question)


def register(app: App, deps: Deps) -> None:
    @app.event("reaction_added")
    def acknowledge_reaction(
        ack: Ack, event: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        ack()
        if is_triage_reaction(event, deps.triage_emoji):
            deps.defer(triage_reacted_message, deps, client, event, context)
