"""`mailhelp run`: the Slack app, over Socket Mode when SLACK_APP_TOKEN is set, else over HTTP."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.settings import Settings

# bot.slack.http.EVENTS_PATH, written out so that --help does not load the Slack modules.
EVENTS_PATH = "/slack/events"


def serve_http(settings: Settings, *, host: str, port: int) -> int:
    """A development server; the Procfile runs the same WSGI app under gunicorn instead."""
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from bot.slack.guard import RequestGuard
    from bot.slack.http import MailhelpWsgi
    from bot.slack.startup import load_service, settle_heap

    class ThreadingServer(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

    wsgi = MailhelpWsgi(guard=RequestGuard(settings.slack_signing_secret or ""))
    # One process alone on its database: it brings the schema up itself.
    service = load_service(settings, migrate=True)
    settle_heap()
    wsgi.serve(service.app, health=service.health)
    try:
        server = make_server(host, port, wsgi, ThreadingServer, QuietHandler)
    except OSError as exc:
        print(f"mailhelp: cannot listen on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    with server:
        print(f"mailhelp: listening on http://{host}:{port}{EVENTS_PATH}", file=sys.stderr)
        server.serve_forever()
    return 0


def run_socket_mode(settings: Settings) -> int:
    from urllib.error import URLError

    from slack_sdk.errors import SlackApiError

    from bot.slack.socket_mode import run_socket_mode as connect_and_serve
    from bot.slack.startup import load_app, settle_heap

    app = load_app(settings, migrate=True)
    settle_heap()
    try:
        connect_and_serve(app, settings)
    except SlackApiError as exc:
        error = exc.response.get("error", "no reason given")
        print(
            f"mailhelp: Slack refused SLACK_APP_TOKEN when opening the Socket Mode connection "
            f"({error}); use an app-level token (xapp-...) with the connections:write scope",
            file=sys.stderr,
        )
        return 2
    except URLError as exc:
        print(
            f"mailhelp: cannot reach Slack's Web API at SLACK_API_URL={settings.slack_api_url}: "
            f"{exc.reason}",
            file=sys.stderr,
        )
        return 2
    return 0


def _has_slack_credentials(settings: Settings) -> bool:
    return any(
        (
            settings.slack_bot_token,
            settings.slack_signing_secret,
            settings.slack_app_token,
            settings.slack_client_id,
            settings.slack_client_secret,
        )
    )


def run(args: argparse.Namespace) -> int:
    from bot.settings import load_settings

    settings = load_settings()
    if not _has_slack_credentials(settings):
        # Nothing to connect to Slack with: the same answers, in the terminal.
        from bot.cli.console import start_console
        from bot.engine import Engine

        return start_console(Engine.load(settings))
    from slack_bolt.error import BoltError

    from bot.slack.http import configure_logging, http_settings

    configure_logging(settings)
    try:
        if settings.slack_app_token:
            return run_socket_mode(settings)
        settings = http_settings()
        return serve_http(settings, host=args.host, port=args.port or settings.port)
    except BoltError as exc:
        print(f"mailhelp: {exc}", file=sys.stderr)
        return 2


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "run",
        help="run the Slack app",
        description=(
            "Run the Slack app: over Socket Mode when SLACK_APP_TOKEN is set, otherwise an HTTP "
            f"server for Slack's requests at {EVENTS_PATH} on $PORT (SLACK_SIGNING_SECRET and "
            "SLACK_BOT_TOKEN required). For production HTTP, use the Procfile's gunicorn line. "
            "With no Slack credentials at all, a local session in the terminal."
        ),
    )
    parser.add_argument("--host", default="0.0.0.0", help="address to listen on (HTTP only)")
    parser.add_argument("--port", type=int, default=None, help="port to listen on (default $PORT)")
    parser.set_defaults(handler=run)
