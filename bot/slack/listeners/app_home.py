"""The App Home tab: the topics, this workspace's settings, and how the app has been doing."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk.web import WebClient

from bot.slack.deps import Deps
from bot.slack.failures import CALL_ERRORS, log_failure
from bot.slack.home import home_view
from bot.slack.listeners.deferred import ack_then
from bot.slack.payloads import team_of
from bot.slack.predicates import is_home_tab


def publish_home_for(deps: Deps, client: WebClient, user: str, team_id: str) -> None:
    try:
        client.views_publish(user_id=user, view=home_view(deps, team_id))
    except CALL_ERRORS as error:
        log_failure("views.publish", error, surface="app_home", channel=None)


def publish_home(deps: Deps, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    event = body["event"]
    user = event.get("user")
    if not is_home_tab(event) or not isinstance(user, str):
        return
    publish_home_for(deps, client, user, team_of(body, context))


def register(app: App, deps: Deps) -> None:
    app.event("app_home_opened")(ack_then(deps, publish_home))
