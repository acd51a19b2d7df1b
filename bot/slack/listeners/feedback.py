""" "That helped" and "Didn't help": thanks, or the right topic picked and answered instead."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk.web import WebClient

from bot.render.slack import escape
from bot.slack import blocks, wording
from bot.slack.answering import Question, send_answer
from bot.slack.clicks import read_click
from bot.slack.deps import Deps
from bot.slack.fetch import fetch_message
from bot.slack.ids import Action
from bot.slack.recording import record_safely
from bot.slack.refs import AnswerRef
from bot.slack.replies import guarded
from bot.storage.interface import FeedbackRecord, Surface

NONE_OF_THESE = "none"


def _asked_text(client: WebClient, channel: str, ref: AnswerRef) -> str:
    """The question's text, read back so the new answer can name its details; private answers
    (from the slash command) have no message to read."""
    asked_ts = ref.asked_ts or ref.thread_ts
    if asked_ts is None:
        return ""
    asked = fetch_message(
        client,
        channel=channel,
        ts=asked_ts,
        thread_ts=ref.thread_ts,
        surface="feedback",
    )
    return str(asked.get("text", "")) if asked else ""


def thank_for_feedback(
    deps: Deps, body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    click = read_click(body, context)
    outlet = click.outlet(client, "feedback")
    if click.ref is None:
        outlet.notice(wording.BAD_BUTTON)
        return
    outlet.notice(wording.THANKS_HELPED)
    record_safely(
        deps.store,
        FeedbackRecord(
            team_id=click.team_id,
            channel_id=click.channel_id,
            thread_ts=click.ref.thread_ts,
            intent=click.ref.intent,
            helpful=True,
            user_id=click.user_id,
        ),
    )


def ask_for_correct_topic(
    deps: Deps, body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    click = read_click(body, context)
    outlet = click.outlet(client, "feedback")
    if click.ref is None:
        outlet.notice(wording.BAD_BUTTON)
        return
    question_blocks, fallback = blocks.correction(deps.topics, click.ref)
    outlet.notice(fallback, question_blocks)


def answer_corrected_topic(
    deps: Deps, body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    block_id = str(body.get("actions", [{}])[0].get("block_id", ""))
    ref_value = block_id.removeprefix(blocks.CORRECTION_BLOCK_PREFIX)
    click = read_click(body, context, ref_value=ref_value)
    chosen = (click.action.get("selected_option") or {}).get("value")
    if click.ref is None or (chosen != NONE_OF_THESE and deps.title(chosen) is None):
        click.response.notice(wording.BAD_BUTTON)
        return
    corrected = None if chosen == NONE_OF_THESE else str(chosen)
    record_safely(
        deps.store,
        FeedbackRecord(
            team_id=click.team_id,
            channel_id=click.channel_id,
            thread_ts=click.ref.thread_ts,
            intent=click.ref.intent,
            helpful=False,
            user_id=click.user_id,
            corrected_intent=corrected,
        ),
    )
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
        question = Question(
            team_id=click.team_id,
            channel_id=click.channel_id,
            user_id=click.user_id,
            text=text,
            # Only a recorded triage reads the surface, and a chosen topic is not one.
            surface=Surface.MENTION,
            asked_ts=click.ref.asked_ts,
            thread_ts=click.ref.thread_ts,
        )
        entities = deps.engine.triage(text).entities
        send_answer(
            deps,
            outlet,
            question,
            intent=corrected,
            confidence=1.0,
            entities=entities,
            text=text,
        )


def register(app: App, deps: Deps) -> None:
    @app.action(Action.HELPED)
    def acknowledge_helped(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        ack()
        deps.defer(thank_for_feedback, deps, body, context, client)

    @app.action(Action.NOT_HELPED)
    def acknowledge_not_helped(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        ack()
        deps.defer(ask_for_correct_topic, deps, body, context, client)

    @app.action(Action.CORRECT_TOPIC)
    def acknowledge_corrected_topic(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        ack()
        deps.defer(answer_corrected_topic, deps, body, context, client)
