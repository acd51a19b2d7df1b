"""The "Triage with mailhelp" message shortcut: triage any message, answer in its thread."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk.web import WebClient

from bot.slack import wording
from bot.slack.answering import Question, answer_question
from bot.slack.deps import Deps
from bot.slack.ids import TRIAGE_SHORTCUT
from bot.slack.listeners.deferred import ack_then
from bot.slack.payloads import channel_of, team_of, user_of
from bot.slack.predicates import is_own_post
from bot.slack.replies import FallbackOutlet, ResponseOutlet, ThreadOutlet, guarded
from bot.storage.interface import Surface


def triage_shortcut_message(
    deps: Deps, body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    found = body.get("message")
    message: dict[str, Any] = found if isinstance(found, dict) else {}
    channel = channel_of(body) or ""
    user = user_of(body)
    ts = str(message.get("ts") or "") or None
    thread_ts = str(message.get("thread_ts") or "") or ts
    surface = Surface.SHORTCUT.value
    private = ResponseOutlet(str(body.get("response_url", "")), channel, surface)
    outlet = FallbackOutlet(
        ThreadOutlet(client, channel, thread_ts, user, surface, tell_on_failure=False),
        # Without membership in the channel the app cannot post there; the person still
        # gets the answer, privately.
        private,
    )
    if is_own_post(message, context):
        # The app's own answer is not a question, and not worth a row in the statistics.
        private.notice(wording.ALREADY_ANSWERED)
        return
    with guarded(outlet, what="triage a shortcut", surface=surface, channel=channel):
        question = Question(
            team_id=team_of(body, context),
            channel_id=channel,
            user_id=user,
            text=str(message.get("text", "")),
            surface=Surface.SHORTCUT,
            asked_ts=ts,
            thread_ts=thread_ts,
        )
        # "Didn't recognise" on someone else's message is for the person who asked alone.
        answer_question(deps, outlet, question, aside=private)


def register(app: App, deps: Deps) -> None:
    app.shortcut(TRIAGE_SHORTCUT)(ack_then(deps, triage_shortcut_message))
