"""A Bolt app that only acknowledges: the yardstick the load bench measures mailhelp against."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.settings import load_settings


def create_bare_app() -> Any:
    """gunicorn entry point of the comparison app: Bolt, one listener, ack and nothing else."""
    settings = load_settings()
    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
    app = App(signing_secret=settings.slack_signing_secret or "", client=client)

    @app.event("app_mention")
    def ack_only(ack: Ack) -> None:
        ack()

    bolt = SlackRequestHandler(app)

    def wsgi(environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok\n"]
        return bolt(environ, start_response)

    return wsgi
