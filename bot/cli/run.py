"""`mailhelp run`: the Slack app, over Socket Mode when SLACK_APP_TOKEN is set, else over HTTP."""

from __future__ import annotations

import argparse
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt.error import BoltError

from bot.cli.console import start_console
from bot.engine import Engine
from bot.render.errors import RenderSetupError
from bot.settings import Settings, load_settings
from bot.slack.guard import RequestGuard
from bot.slack.http import EVENTS_PATH, MailhelpWsgi, configure_logging, http_settings
from bot.slack.socket_mode import run_socket_mode
from bot.slack.startup import load_app, load_service


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


def serve_http(settings: Settings, *, host: str, port: int) -> None:
    """A development server; the Procfile runs the same WSGI app under gunicorn instead."""
    wsgi = MailhelpWsgi(guard=RequestGuard(settings.slack_signing_secret or ""))
    service = load_service(settings)
    wsgi.serve(service.app, health=service.health)
    with make_server(host, port, wsgi, _ThreadingServer, _QuietHandler) as server:
        print(f"mailhelp: listening on http://{host}:{port}{EVENTS_PATH}", file=sys.stderr)
        server.serve_forever()


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
    settings = load_settings()
    configure_logging(settings)
    if not _has_slack_credentials(settings):
        # Nothing to connect to Slack with: the same answers, in the terminal.
        return start_console(Engine.load(settings))
    try:
        if settings.slack_app_token:
            run_socket_mode(load_app(settings), settings)
        else:
            settings = http_settings()
            serve_http(settings, host=args.host, port=args.port or settings.port)
    except (RenderSetupError, BoltError) as exc:
        print(f"mailhelp: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(
            f"mailhelp: cannot listen on port {args.port or settings.port}: {exc}", file=sys.stderr
        )
        return 2
    return 0


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "run",
        help="run the Slack app",
        description=(
            "Run the Slack app: over Socket Mode when SLACK_APP_TOKEN is set, otherwise an HTTP "
            f"server for Slack's requests at {EVENTS_PATH} on $PORT (SLACK_SIGNING_SECRET and "
            "SLACK_BOT_TOKEN required). For production HTTP, use the Procfile's gunicorn line."
        ),
    )
    parser.add_argument("--host", default="0.0.0.0", help="address to listen on (HTTP only)")
    parser.add_argument("--port", type=int, default=None, help="port to listen on (default $PORT)")
    parser.set_defaults(handler=run)
