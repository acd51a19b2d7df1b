"""Direct messages to the app: the same triage as a mention, answered in the conversation."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk.web import WebClient

from bot.slack.answering import Question, answer_question
from bot.slack.deps import Deps
from bot.slack.followups import ThreadReply, continue_thread
from bot.slack.listeners.deferred import ack_then
from bot.slack.middleware import first_delivery
from bot.slack.payloads import without_mentions
from bot.slack.predicates import is_direct_message
from bot.slack.replies import ThreadOutlet, guarded
from bot.slack.shared_files import read_shared_files
from bot.storage.interface import Surface


def answer_direct_message(
    deps: Deps, body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    if not first_delivery(deps.store, context):
        return
    event = body["event"]
    channel = str(event.get("channel", ""))
    # A top-level DM gets a top-level reply; a message inside a DM thread stays in it.
    thread_ts = event.get("thread_ts")
    user = event.get("user")
    team = context.team_id or str(event.get("team", ""))
    outlet = ThreadOutlet(client, channel, thread_ts, user, Surface.DM.value)
    with guarded(outlet, what="answer a direct message", surface="dm", channel=channel):
        reply = ThreadReply(team, channel, user, event, Surface.DM, False, context.bot_user_id)
        if continue_thread(deps, client, outlet, reply):
            return
        files = read_shared_files(deps, client, event, outlet, surface="dm")
        text = without_mentions(str(event.get("text", "")), context.bot_user_id)
        if files.all_failed and not text:
            return
        question = Question(
            team_id=team,
            channel_id=channel,
            user_id=user,
            text="\n".join(part for part in (text, files.text) if part),
            surface=Surface.DM,
            asked_ts=str(event.get("ts", "")),
            thread_ts=thread_ts,
        )
        answer_question(deps, outlet, question, note=files.note)


def register(app: App, deps: Deps) -> None:
    app.event({"type": "message"}, matchers=[is_direct_message])(
        ack_then(deps, answer_direct_message)
    )
