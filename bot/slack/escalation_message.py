"""The post a support team receives: who, which topic, the case, what was written, and where."""

from __future__ import annotations

from typing import Any

from slack_sdk.web import WebClient

from bot.slack import blocks, wording
from bot.slack.clicks import Click
from bot.slack.deps import Deps
from bot.slack.failures import CALL_ERRORS, log_failure
from bot.slack.refs import AnswerRef, is_slack_user_id
from bot.slack.threads import asked_text
from bot.slack.views import labelled_details
from bot.slack.workspace_config import WorkspaceConfig

TEMPLATE = "slack/escalation.j2"
# Enough of a pasted bounce for the team to recognise the case; the link or the person has
# the rest.
PROBLEM_LIMIT = 1500
SECTION_LIMIT = 3000
# Inside `code` a backtick would end the formatting early; this look-alike cannot.
_BACKTICK_STAND_IN = "ˋ"


def _where(click: Click, ref: AnswerRef) -> str:
    if click.answer_was_private:
        return "private"
    return "dm" if click.channel_id.startswith("D") else "thread"


def _permalink(client: WebClient, channel: str, ts: str) -> str | None:
    try:
        response = client.chat_getPermalink(channel=channel, message_ts=ts)
    except CALL_ERRORS as error:
        log_failure("chat.getPermalink", error, surface="escalation", channel=channel)
        return None
    link = response.get("permalink")
    return link if isinstance(link, str) and link.startswith("https://") else None


def _problem(client: WebClient, click: Click, ref: AnswerRef, bot_user_id: str | None) -> str:
    if click.answer_was_private:
        return ref.question
    asked = ref.asked_ts or ref.thread_ts
    if asked is None:
        return ""
    return asked_text(
        client,
        channel=click.channel_id,
        asked_ts=asked,
        thread_ts=ref.thread_ts,
        # The team cannot open a DM, so they get the whole conversation up to the answer.
        whole_thread=click.channel_id.startswith("D"),
        bot_user_id=bot_user_id,
        surface="escalation",
    )


def _sections(text: str) -> list[dict[str, Any]]:
    """The message cut between lines into sections Slack accepts (3,000 characters each)."""
    chunks: list[str] = []
    current = ""
    for line in text.splitlines():
        if current and len(current) + len(line) + 1 > SECTION_LIMIT:
            chunks.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return [blocks.section(chunk) for chunk in chunks]


def escalation_message(
    deps: Deps,
    client: WebClient,
    click: Click,
    ref: AnswerRef,
    config: WorkspaceConfig,
    *,
    bot_user_id: str | None,
) -> tuple[str, list[dict[str, Any]]]:
    """The fallback text and the blocks of the escalation post."""
    where = _where(click, ref)
    link = None
    if where == "thread":
        asked = ref.asked_ts or ref.thread_ts
        link = _permalink(client, click.channel_id, asked) if asked else None
        where = "thread" if link else "channel"
    problem = _problem(client, click, ref, bot_user_id).strip()
    details = [
        (label, value.replace("`", _BACKTICK_STAND_IN))
        for label, value in labelled_details(ref.details)
    ]
    text = deps.texts.say(
        TEMPLATE,
        "post",
        user=click.user_id if is_slack_user_id(click.user_id) else None,
        group=config.escalation_group,
        title=deps.title(ref.intent) or wording.UNKNOWN_TOPIC_TITLE,
        where=where,
        link=link,
        channel=click.channel_id,
        details=details,
        problem=problem[:PROBLEM_LIMIT],
        problem_cut=len(problem) > PROBLEM_LIMIT,
    )
    return text.splitlines()[0], _sections(text)
