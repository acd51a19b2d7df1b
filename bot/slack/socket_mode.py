"""Socket Mode: the app connects out to Slack, so no public URL is needed (SLACK_APP_TOKEN)."""

from __future__ import annotations

import logging
import threading

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.settings import Settings
from bot.slack.held_logs import WEB_API_LOGGER, held_back

log = logging.getLogger(__name__)


def socket_mode_handler(app: App, settings: Settings) -> SocketModeHandler:
    """Bolt acks each envelope over the socket; listeners run after it, as over HTTP."""
    settings.require("slack_app_token")
    return SocketModeHandler(app, app_token=str(settings.slack_app_token))


def run_socket_mode(app: App, settings: Settings) -> None:
    """Connect, then block until interrupted; a refused or failed first connection raises."""
    handler = socket_mode_handler(app, settings)
    # The caller reports a failure to connect in one line; Bolt would log it first.
    with held_back(app.logger.name, WEB_API_LOGGER):
        handler.connect()  # type: ignore[no-untyped-call]
    log.info("mailhelp is connected to Slack over Socket Mode")
    threading.Event().wait()
