"""Socket Mode: the app connects out to Slack, so no public URL is needed (SLACK_APP_TOKEN)."""

from __future__ import annotations

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.settings import Settings


def socket_mode_handler(app: App, settings: Settings) -> SocketModeHandler:
    """Bolt acks each envelope over the socket; listeners run after it, as over HTTP."""
    settings.require("slack_app_token")
    return SocketModeHandler(app, app_token=str(settings.slack_app_token))


def run_socket_mode(app: App, settings: Settings) -> None:
    """Blocks until interrupted."""
    socket_mode_handler(app, settings).start()  # type: ignore[no-untyped-call]
