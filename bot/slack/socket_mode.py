"""Socket Mode: the app connects out to Slack, so no public URL is needed (SLACK_APP_TOKEN)."""

from __future__ import annotations

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.settings import Settings


def run_socket_mode(app: App, settings: Settings) -> None:
    """Blocks until interrupted; Bolt acks each envelope, listeners run after it as over HTTP."""
    settings.require("slack_app_token")
    handler = SocketModeHandler(app, app_token=str(settings.slack_app_token))
    handler.start()  # type: ignore[no-untyped-call]
