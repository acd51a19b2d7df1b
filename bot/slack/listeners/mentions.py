"""@mailhelp in a channel: answer in the thread of the message that mentioned the bot."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk.web import WebClient

from bot.slack.answering import Question, answer_question
from bot.slack.deps import Deps
from bot.slack.fetch import fetch_message
from bot.slack.followups import ThreadReply, continue_thread
from bot.slack.listeners.deferred import ack_then
from bot.slack.middleware import first_delivery
from bot.slack.payloads import without_mentions
from bot.slack.predicates import is_from_bot
from bot.slack.replies import ThreadOutlet, guarded
from bot.slack.shared_files import read_shared_files
from bot.storage.interface import Surface

# "@mailhelp what is this?" under a pasted bounce is about the message that started the
# thread; below this many words of its own, a mention borrows the thread's first message.
BORROW_BELOW_WORDS = 6


def answer_mention(
    deps: Deps, body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    if not first_delivery(deps.store, context):
        return
    event = body["event"]
    channel = str(event.get("channel", ""))
    ts = str(event.get("ts", ""))
    thread_ts = str(event.get("thread_ts") or ts)
    user = event.get("user")
    team = context.team_id or str(event.get("team", ""))
    outlet = ThreadOutlet(client, channel, thread_ts, user, Surface.MENTION.value)
    with guarded(outlet, what="answer a mention", surface="mention", channel=channel):
        reply = ThreadReply(team, channel, user, event, Surface.MENTION, True, context.bot_user_id)
        if continue_thread(deps, client, outlet, reply):
            return
        files = read_shared_files(deps, client, event, outlet, surface="mention")
        text = without_mentions(str(event.get("text", "")), context.bot_user_id)
        if files.all_failed and not text:
            return
        if thread_ts != ts and not files.text and len(text.split()) < BORROW_BELOW_WORDS:
            parent = fetch_message(
                client, channel=channel, ts=thread_ts, thread_ts=thread_ts, surface="mention"
            )
            # An answer of the app's own (or another bot's post) is not the question.
            if parent is not None and not is_from_bot(parent):
                text = f"{parent.get('text', '')}\n{text}".strip()
        question = Question(
            team_id=team,
            channel_id=channel,
            user_id=user,
            text="\n".join(part for part in (text, files.text) if part),
            surface=Surface.MENTION,
            asked_ts=ts,
            thread_ts=thread_ts,
        )
        answer_question(deps, outlet, question, note=files.note)


def register(app: App, deps: Deps) -> None:
    app.event("app_mention")(ack_then(deps, answer_mention))
