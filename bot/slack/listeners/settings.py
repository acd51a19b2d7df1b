"""Workspace settings, edited from the App Home by admins and owners and kept in the database."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web import WebClient

from bot.slack.admins import is_workspace_admin
from bot.slack.deps import Deps
from bot.slack.failures import CALL_ERRORS, log_failure
from bot.slack.ids import SETTINGS_MODAL, Action
from bot.slack.listeners.app_home import publish_home_for
from bot.slack.payloads import team_of, user_of
from bot.slack.settings_form import (
    CHANNEL_BLOCK,
    TEMPLATE,
    SettingsForm,
    not_admin_modal,
    read_settings_form,
    settings_modal,
)
from bot.storage.workspaces import StoredSettings

log = logging.getLogger(__name__)


def open_settings(deps: Deps, client: WebClient, body: dict[str, Any], team_id: str) -> None:
    user = user_of(body)
    if is_workspace_admin(client, user):
        try:
            watched = deps.workspaces.store.watched_channels(team_id)
        except Exception:
            log.warning("could not list the watched channels of team %s", team_id, exc_info=True)
            watched = []
        view = settings_modal(deps.texts, deps.workspaces.config_for(team_id), watched)
    else:
        view = not_admin_modal(deps.texts)
    try:
        client.views_open(trigger_id=str(body.get("trigger_id", "")), view=view)
    except CALL_ERRORS as error:
        log_failure("views.open", error, surface="settings", channel=None)


def channel_problem(deps: Deps, client: WebClient, channel: str) -> str | None:
    """Why the bot could not post in `channel`, in words for the admin; None when it can."""
    try:
        info = client.conversations_info(channel=channel).get("channel")
    except SlackApiError as error:
        log_failure("conversations.info", error, surface="settings", channel=channel)
        # A private channel the bot is not in is invisible to it: the same cure either way.
        if error.response.get("error") == "channel_not_found":
            return deps.texts.say(TEMPLATE, "invite_first", channel=channel)
        return deps.texts.say(TEMPLATE, "cannot_check")
    except CALL_ERRORS as error:
        log_failure("conversations.info", error, surface="settings", channel=channel)
        return deps.texts.say(TEMPLATE, "cannot_check")
    if not isinstance(info, dict) or not info.get("is_member"):
        return deps.texts.say(TEMPLATE, "invite_first", channel=channel)
    return None


def save_settings(deps: Deps, team_id: str, user: str | None, form: SettingsForm) -> str | None:
    """Store the form; None when saved, else what to tell the admin (nothing is half-saved
    that matters: the watched channels follow only once the settings are in)."""
    stored = StoredSettings(
        escalation_channel=form.escalation_channel,
        escalation_group=form.escalation_group,
        answer_unprompted=form.answer_unprompted,
        updated_by=user,
    )
    try:
        deps.workspaces.save(team_id, stored)
        before = set(deps.workspaces.store.watched_channels(team_id))
        for channel in sorted(before ^ form.watched):
            deps.store.set_watched(team_id, channel, channel in form.watched)
    except Exception:
        log.warning("could not save the settings of team %s", team_id, exc_info=True)
        return deps.texts.say(TEMPLATE, "save_failed")
    return None


def register(app: App, deps: Deps) -> None:
    @app.action(Action.OPEN_SETTINGS)
    def open_settings_modal(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        # Not deferred: the form must open within 3 seconds of the click (trigger_id expires).
        ack()
        open_settings(deps, client, body, team_of(body, context))

    @app.view(SETTINGS_MODAL)
    def save_settings_modal(
        ack: Ack,
        body: dict[str, Any],
        view: dict[str, Any],
        context: BoltContext,
        client: WebClient,
    ) -> None:
        # Checked on the ack's path: Slack shows the form's errors only if they come with it.
        user = user_of(body)
        team = team_of(body, context)
        if not is_workspace_admin(client, user):
            ack(response_action="update", view=not_admin_modal(deps.texts))
            return
        form, errors = read_settings_form(deps.texts, view)
        if form.escalation_channel and CHANNEL_BLOCK not in errors:
            problem = channel_problem(deps, client, form.escalation_channel)
            if problem:
                errors[CHANNEL_BLOCK] = problem
        if not errors and (failed := save_settings(deps, team, user, form)):
            errors[CHANNEL_BLOCK] = failed
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        if user:
            deps.defer(publish_home_for, deps, client, user, team)
