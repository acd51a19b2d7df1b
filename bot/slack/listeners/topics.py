"""A topic button under "which of these is closest?": answer that topic where it was asked."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk.web import WebClient

from bot.render.slack import escape
from bot.slack import wording
from bot.slack.answering import answer_chosen_topic
from bot.slack.blocks import context as context_block
from bot.slack.case import entities_from
from bot.slack.clicks import Click, read_click
from bot.slack.deps import Deps
from bot.slack.failures import CALL_ERRORS, log_failure
from bot.slack.ids import PICK_TOPIC_PATTERN
from bot.slack.listeners.deferred import ack_then
from bot.slack.refs import is_slack_user_id
from bot.slack.replies import guarded


def _close_question(client: WebClient, click: Click, title: str) -> None:
    """Replace the buttons with who picked what, so nobody answers the question twice."""
    who = click.user_id if is_slack_user_id(click.user_id) else None
    line = wording.PICKED_TOPIC.format(user=who, title=escape(title)) if who else escape(title)
    if click.ephemeral or not click.message_ts:
        click.response.replace(line)
        return
    try:
        client.chat_update(
            channel=click.channel_id, ts=click.message_ts, text=line, blocks=[context_block(line)]
        )
    except CALL_ERRORS as error:
        log_failure("chat.update", error, surface="clarify", channel=click.channel_id)


def answer_picked_topic(
    deps: Deps, body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    click = read_click(body, context)
    outlet = click.outlet(client, "clarify")
    intent = click.ref.intent if click.ref else None
    title = deps.title(intent)
    if click.ref is None or intent is None or title is None:
        outlet.notice(wording.CHOICE_EXPIRED)
        return
    _close_question(client, click, title)
    with guarded(outlet, what="answer a picked topic", surface="clarify", channel=click.channel_id):
        entities, text = entities_from(click.ref.details)
        answer_chosen_topic(deps, outlet, click, intent=intent, entities=entities, text=text)


def register(app: App, deps: Deps) -> None:
    app.action(PICK_TOPIC_PATTERN)(ack_then(deps, answer_picked_topic))
