"""The App Home tab: the topics, how to ask, and how the app has been doing."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk.web import WebClient

from bot.slack.deps import Deps
from bot.slack.failures import CALL_ERRORS, log_failure
from bot.slack.listeners.deferred import ack_then
from bot.slack.predicates import is_home_tab
from bot.slack.stats import load_stats
from bot.slack.views import home_view


def publish_home(deps: Deps, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    event = body["event"]
    user = event.get("user")
    if not is_home_tab(event) or not isinstance(user, str):
        return
    view = home_view(
        topics=deps.topics,
        aliases=deps.aliases,
        emoji=deps.triage_emoji,
        stats=load_stats(deps.store, context.team_id),
    )
    try:
        client.views_publish(user_id=user, view=view)
    except CALL_ERRORS as error:
        log_failure("views.publish", error, surface="app_home", channel=None)


def register(app: App, deps: Deps) -> None:
    app.event("app_home_opened")(ack_then(deps, publish_home))
