"""The IT checklist: a modal prefilled from the triage, posted back as a Markdown file."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk.web import WebClient

from bot.render.document import Format
from bot.render.slack import escape
from bot.slack import wording
from bot.slack.checklist_form import ChecklistForm, read_form
from bot.slack.clicks import read_answer_click
from bot.slack.deps import Deps
from bot.slack.failures import CALL_ERRORS, log_failure
from bot.slack.ids import CHECKLIST_MODAL, Action
from bot.slack.payloads import team_of, user_of
from bot.slack.recording import record_safely
from bot.slack.refs import ModalRef, is_slack_user_id
from bot.slack.replies import Outlet
from bot.slack.views import checklist_modal
from bot.storage.interface import ChecklistRecord

log = logging.getLogger(__name__)


def open_checklist_modal(
    deps: Deps,
    client: WebClient,
    *,
    trigger_id: str,
    intent: str | None,
    details: dict[str, str],
    where: ModalRef,
    outlet: Outlet,
) -> None:
    view = checklist_modal(topics=deps.topics, intent=intent, details=details, where=where)
    try:
        client.views_open(trigger_id=trigger_id, view=view)
    except CALL_ERRORS as error:
        log_failure("views.open", error, surface="checklist", channel=where.channel_id)
        outlet.notice(wording.SOMETHING_WENT_WRONG)


def _upload(
    client: WebClient,
    *,
    channel: str,
    thread_ts: str | None,
    markdown: str,
    intent: str,
    title: str,
    comment: str,
) -> bool:
    try:
        client.files_upload_v2(
            channel=channel,
            thread_ts=thread_ts,
            content=markdown,
            filename=f"it-checklist-{intent}.md",
            title=f"{wording.CHECKLIST_TITLE}: {title}",
            initial_comment=comment,
        )
    except CALL_ERRORS as error:
        log_failure("files_upload_v2", error, surface="checklist", channel=channel)
        return False
    return True


def _direct_channel(client: WebClient, user: str) -> str | None:
    try:
        response = client.conversations_open(users=user)
    except CALL_ERRORS as error:
        log_failure("conversations.open", error, surface="checklist", channel=None)
        return None
    channel = response.get("channel") or {}
    return str(channel.get("id")) if isinstance(channel, dict) and channel.get("id") else None


def deliver_checklist(
    client: WebClient, *, where: ModalRef, user: str, intent: str, title: str, markdown: str
) -> bool:
    """Into the answer's thread; when that is impossible (private answer, no access), by DM."""
    shown = escape(title)
    if where.channel_id and _upload(
        client,
        channel=where.channel_id,
        thread_ts=where.thread_ts,
        markdown=markdown,
        intent=intent,
        title=title,
        comment=wording.CHECKLIST_POSTED.format(user=user, title=shown),
    ):
        return True
    direct = _direct_channel(client, user)
    if direct and _upload(
        client,
        channel=direct,
        thread_ts=None,
        markdown=markdown,
        intent=intent,
        title=title,
        comment=wording.CHECKLIST_DM_POSTED.format(title=shown),
    ):
        return True
    tell_privately(client, user, wording.SOMETHING_WENT_WRONG)
    return False


def tell_privately(client: WebClient, user: str, text: str) -> None:
    """A message in the app's own DM with the person: the one place left when all else failed."""
    try:
        client.chat_postMessage(channel=user, text=text)
    except CALL_ERRORS as error:
        log_failure("chat.postMessage", error, surface="checklist", channel=user)


def post_checklist(
    deps: Deps,
    body: dict[str, Any],
    form: ChecklistForm,
    where: ModalRef,
    context: BoltContext,
    client: WebClient,
) -> None:
    user = user_of(body)
    if user is None or not is_slack_user_id(user) or form.intent is None:
        log.error("checklist submitted without a user id; nothing to deliver to")
        return
    intent = form.intent
    title = deps.title(intent) or intent
    try:
        markdown = deps.renderer.render_checklist(
            intent_id=intent,
            title=title,
            details=form.details,
            fmt=Format.MARKDOWN,
            recipient_platform=deps.recipient_platform(form.details.recipient),
        ).text
    except Exception:
        log.exception("could not render the %s checklist for channel %s", intent, where.channel_id)
        tell_privately(client, user, wording.SOMETHING_WENT_WRONG)
        return
    if deliver_checklist(
        client, where=where, user=user, intent=intent, title=title, markdown=markdown
    ):
        record_safely(
            deps.store,
            ChecklistRecord(
                team_id=team_of(body, context),
                channel_id=where.channel_id,
                intent=intent,
                user_id=user,
            ),
        )


def register(app: App, deps: Deps) -> None:
    @app.action(Action.OPEN_CHECKLIST)
    def open_checklist_from_answer(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        # Not deferred: the form must open within 3 seconds of the click (trigger_id expires).
        ack()
        found = read_answer_click(body, context, client, "checklist")
        if found is None:
            return
        click, ref, outlet = found
        # A private answer has no thread anyone else can see: the file goes by DM instead.
        channel = None if click.answer_was_private else click.channel_id
        open_checklist_modal(
            deps,
            client,
            trigger_id=str(body.get("trigger_id", "")),
            intent=ref.intent,
            details=ref.details,
            where=ModalRef(channel, ref.thread_ts, ref.intent),
            outlet=outlet,
        )

    @app.view(CHECKLIST_MODAL)
    def acknowledge_checklist(
        ack: Ack,
        body: dict[str, Any],
        view: dict[str, Any],
        context: BoltContext,
        client: WebClient,
    ) -> None:
        # Read on the ack's path: Slack shows the form's errors only if they come with the ack.
        form = read_form(view, deps.engine.catalog.intents)
        if form.errors or form.intent is None:
            ack(response_action="errors", errors=form.errors)
            return
        ack()
        where = ModalRef.decode(view.get("private_metadata")) or ModalRef(None, None, None)
        deps.defer(post_checklist, deps, body, form, where, context, client)
