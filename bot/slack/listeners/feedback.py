""" "That helped" and "Didn't help": thanks, or the right topic picked and answered instead."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk.web import WebClient

from bot.render.slack import escape
from bot.slack import blocks, wording
from bot.slack.answering import answer_chosen_topic
from bot.slack.clicks import Click, read_answer_click, read_click
from bot.slack.deps import Deps
from bot.slack.fetch import fetch_message
from bot.slack.ids import Action
from bot.slack.listeners.deferred import ack_then
from bot.slack.once import claim_click, click_key
from bot.slack.recording import record_safely
from bot.slack.refs import AnswerRef
from bot.slack.replies import guarded
from bot.storage.interface import FeedbackRecord
from bot.storage.workspaces import ClickAction

CONVERSATION = "slack/conversation.j2"

NONE_OF_THESE = "none"


def _asked_text(client: WebClient, channel: str, ref: AnswerRef) -> str:
    """The question's text, read back so the new answer can name its details; private answers
    (from the slash command) have no message to read."""
    asked_ts = ref.asked_ts or ref.thread_ts
    if asked_ts is None:
        return ""
    asked = fetch_message(
        client, channel=channel, ts=asked_ts, thread_ts=ref.thread_ts, surface="feedback"
    )
    return str(asked.get("text", "")) if asked else ""


def _record(
    deps: Deps, click: Click, ref: AnswerRef, *, helpful: bool, corrected: str | None = None
) -> None:
    record_safely(
        deps.store,
        FeedbackRecord(
            team_id=click.team_id,
            channel_id=click.channel_id,
            thread_ts=ref.thread_ts,
            intent=ref.intent,
            helpful=helpful,
            user_id=click.user_id,
            corrected_intent=corrected,
        ),
    )


def _first_verdict(deps: Deps, click: Click, ref: AnswerRef) -> bool:
    """One verdict per answer and person counts; a second press of either button does not."""
    return claim_click(deps.workspaces.store, click_key(click, ref, ClickAction.FEEDBACK))


def thank_for_feedback(
    deps: Deps, body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    found = read_answer_click(body, context, client, "feedback")
    if found is None:
        return
    click, ref, outlet = found
    if not _first_verdict(deps, click, ref):
        outlet.notice(deps.texts.say(CONVERSATION, "already_rated"))
        return
    outlet.notice(wording.THANKS_HELPED)
    _record(deps, click, ref, helpful=True)


def ask_for_correct_topic(
    deps: Deps, body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    found = read_answer_click(body, context, client, "feedback")
    if found is None:
        return
    _, ref, outlet = found
    question_blocks, fallback = blocks.correction(deps.topics, ref)
    outlet.notice(fallback, question_blocks)


def answer_corrected_topic(
    deps: Deps, body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    # The select sits in an ephemeral message of its own; its block id carries the answer's ref.
    block_id = str(body.get("actions", [{}])[0].get("block_id", ""))
    ref_value = block_id.removeprefix(blocks.CORRECTION_BLOCK_PREFIX)
    click = read_click(body, context, ref_value=ref_value)
    chosen = (click.action.get("selected_option") or {}).get("value")
    if click.ref is None or (chosen != NONE_OF_THESE and deps.title(chosen) is None):
        click.response.notice(wording.BAD_BUTTON)
        return
    corrected = None if chosen in (NONE_OF_THESE, click.ref.intent) else str(chosen)
    if _first_verdict(deps, click, click.ref):
        _record(deps, click, click.ref, helpful=False, corrected=corrected)
    if chosen == click.ref.intent:
        # Only an old select offers the answered topic; answering it again would contradict
        # "here is the answer instead".
        title = deps.title(chosen) or str(chosen)
        click.response.replace(deps.texts.say(CONVERSATION, "same_topic", title=title))
        return
    if corrected is None:
        click.response.replace(wording.SOMETHING_ELSE_REPLY)
        return
    title = escape(deps.title(corrected) or corrected)
    click.response.replace(wording.CORRECTED_TOPIC.format(title=title))
    outlet = click.outlet(client, "feedback")
    with guarded(
        outlet, what="answer a corrected topic", surface="feedback", channel=click.channel_id
    ):
        text = _asked_text(client, click.channel_id, click.ref)
        entities = deps.engine.triage(text).entities
        answer_chosen_topic(deps, outlet, click, intent=corrected, entities=entities, text=text)


def register(app: App, deps: Deps) -> None:
    app.action(Action.HELPED)(ack_then(deps, thank_for_feedback))
    app.action(Action.NOT_HELPED)(ack_then(deps, ask_for_correct_topic))
    app.action(Action.CORRECT_TOPIC)(ack_then(deps, answer_corrected_topic))
