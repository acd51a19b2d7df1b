""" "Talk to a person": a link to the thread in the escalation channel, the support group named."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk.web import WebClient

from bot.render.slack import escape
from bot.slack import wording
from bot.slack.clicks import Click, read_answer_click
from bot.slack.deps import Deps
from bot.slack.failures import CALL_ERRORS, log_failure
from bot.slack.ids import Action
from bot.slack.listeners.deferred import ack_then
from bot.slack.recording import record_safely
from bot.slack.refs import AnswerRef, is_slack_user_id
from bot.storage.interface import EscalationRecord

log = logging.getLogger(__name__)

_GROUP_ID = re.compile(r"S[A-Z0-9]{2,31}")
_CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{2,31}")


def group_mention(group: str | None) -> str:
    """`<!subteam^ID>` for a configured user-group id; nothing (and a warning) for anything else."""
    if not group:
        return ""
    if not _GROUP_ID.fullmatch(group):
        log.warning("MAILHELP_ESCALATION_GROUP is not a user-group id (S...); not mentioning it")
        return ""
    return f"<!subteam^{group}> "


def channel_label(channel: str) -> str:
    """A channel id renders as a link to the channel; a name is shown as written."""
    bare = channel.lstrip("#")
    return f"<#{bare}>" if _CHANNEL_ID.fullmatch(bare) else f"#{escape(bare)}"


def escalation_text(deps: Deps, client: WebClient, click: Click, ref: AnswerRef) -> str | None:
    """The message for the support team, or None when the thread's link could not be had."""
    title = escape(deps.title(ref.intent) or wording.UNKNOWN_TOPIC_TITLE)
    group = group_mention(deps.settings.mailhelp_escalation_group)
    user = click.user_id if is_slack_user_id(click.user_id) else "unknown"
    asked_ts = ref.asked_ts or ref.thread_ts
    if asked_ts is None or click.answer_was_private:
        return wording.ESCALATION_NO_THREAD.format(
            group=group, user=user, title=title, channel=click.channel_id
        )
    try:
        response = client.chat_getPermalink(channel=click.channel_id, message_ts=asked_ts)
    except CALL_ERRORS as error:
        log_failure("chat.getPermalink", error, surface="escalation", channel=click.channel_id)
        return None
    link = str(response.get("permalink", ""))
    return wording.ESCALATION_THREAD.format(group=group, user=user, title=title, link=link)


def pass_to_a_person(
    deps: Deps, body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    found = read_answer_click(body, context, client, "escalation")
    if found is None:
        return
    click, ref, outlet = found
    target = deps.settings.mailhelp_escalation_channel
    if not target:
        outlet.notice(wording.ESCALATION_NOT_CONFIGURED)
        return
    text = escalation_text(deps, client, click, ref)
    if text is None:
        outlet.notice(wording.SOMETHING_WENT_WRONG)
        return
    try:
        client.chat_postMessage(channel=target.lstrip("#"), text=text, unfurl_links=False)
    except CALL_ERRORS as error:
        log_failure("chat.postMessage", error, surface="escalation", channel=target)
        outlet.notice(wording.SOMETHING_WENT_WRONG)
        return
    outlet.notice(wording.ESCALATION_POSTED.format(channel=channel_label(target)))
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
