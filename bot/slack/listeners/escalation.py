""" "Talk to a person": the case, the words and where to find them, posted for the support team."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web import WebClient

from bot.slack import wording
from bot.slack.blocks import without_autolinks
from bot.slack.clicks import read_answer_click
from bot.slack.deps import Deps
from bot.slack.escalation_message import TEMPLATE, escalation_message
from bot.slack.failures import CALL_ERRORS, log_failure
from bot.slack.ids import Action
from bot.slack.listeners.deferred import ack_then
from bot.slack.once import claim_click, click_key, release_click
from bot.slack.recording import record_safely
from bot.slack.replies import Outlet
from bot.storage.interface import EscalationRecord
from bot.storage.workspaces import ClickAction

# Slack's errors for a channel the bot cannot post in, and what the person is told for each.
_NOT_A_MEMBER = frozenset({"not_in_channel", "channel_not_found"})
_ARCHIVED = frozenset({"is_archived"})


def _post(client: WebClient, channel: str, text: str, blocks: list[dict[str, Any]]) -> str | None:
    """None when posted; otherwise Slack's error code (or "failed")."""
    try:
        client.chat_postMessage(
            channel=channel,
            text=text,
            # Verbatim: a pasted URL or #name in the words stays text; the app's own link,
            # channel and mentions still work.
            blocks=without_autolinks(blocks),
            unfurl_links=False,
            unfurl_media=False,
        )
    except CALL_ERRORS as error:
        log_failure("chat.postMessage", error, surface="escalation", channel=channel)
        code = error.response.get("error") if isinstance(error, SlackApiError) else None
        return str(code or "failed")
    return None


def _tell_failure(deps: Deps, outlet: Outlet, code: str, channel: str) -> None:
    if code in _NOT_A_MEMBER:
        outlet.notice(deps.texts.say(TEMPLATE, "invite_needed", channel=channel))
    elif code in _ARCHIVED:
        outlet.notice(deps.texts.say(TEMPLATE, "channel_gone", channel=channel))
    else:
        outlet.notice(wording.SOMETHING_WENT_WRONG)


def pass_to_a_person(
    deps: Deps, body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    found = read_answer_click(body, context, client, "escalation")
    if found is None:
        return
    click, ref, outlet = found
    config = deps.workspaces.config_for(click.team_id)
    target = config.escalation_channel
    if not target:
        outlet.notice(deps.texts.say(TEMPLATE, "not_configured"))
        return
    key = click_key(click, ref, ClickAction.ESCALATION)
    if not claim_click(deps.workspaces.store, key):
        outlet.notice(deps.texts.say(TEMPLATE, "already", channel=target))
        return
    text, blocks = escalation_message(
        deps, client, click, ref, config, bot_user_id=context.bot_user_id
    )
    failure = _post(client, target, text, blocks)
    if failure is not None:
        # Nothing reached the team, so the next press must be allowed to try again.
        release_click(deps.workspaces.store, key)
        _tell_failure(deps, outlet, failure, target)
        return
    outlet.notice(deps.texts.say(TEMPLATE, "posted", channel=target))
    record_safely(
        deps.store,
        EscalationRecord(
            team_id=click.team_id,
            channel_id=click.channel_id,
            thread_ts=ref.thread_ts,
            intent=ref.intent,
            user_id=click.user_id,
        ),
    )


def register(app: App, deps: Deps) -> None:
    app.action(Action.ESCALATE)(ack_then(deps, pass_to_a_person))
