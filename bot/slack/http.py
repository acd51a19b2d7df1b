"""The web process: POST /slack/events to Bolt, GET /healthz for the platform, as one WSGI app."""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.error import BoltError

from bot.errors import SetupError
from bot.settings import Settings, SettingsError, load_settings
from bot.slack.pool import ListenerPool, Traffic
from bot.slack.startup import load_app

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
# gunicorn stops the whole server, rather than restarting the worker forever, when a worker
# exits with this code (gunicorn.arbiter.Arbiter.APP_LOAD_ERROR).
APP_LOAD_ERROR = 4
# Errors that mean the configuration is wrong (settings, intents.yaml, templates, the database,
# Slack out of reach); anything else is a bug and keeps its traceback.
STARTUP_ERRORS = (SetupError, BoltError)


def _plain(
    start_response: StartResponse, status: str, body: str, extra: Iterable[tuple[str, str]] = ()
) -> list[bytes]:
    data = body.encode()
    headers = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data)))]
    start_response(status, [*headers, *extra])
    return [data]


class MailhelpWsgi:
    """Serves health checks at once and Slack's requests once the Bolt app is ready."""

    def __init__(self) -> None:
        self._handler: SlackRequestHandler | None = None
        self._traffic = Traffic()

    @property
    def ready(self) -> bool:
        return self._handler is not None

    def serve(self, app: App) -> None:
        pool = app.listener_runner.listener_executor
        # Shared with the listeners, so their work can wait while acks are being sent.
        self._traffic = pool.traffic if isinstance(pool, ListenerPool) else Traffic()
        self._handler = SlackRequestHandler(app, path=EVENTS_PATH)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == HEALTH_PATH:
            if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
                return _plain(start_response, "405 Method Not Allowed", "use GET\n")
            if self._handler is None:
                return _plain(start_response, "404 Not Found", "starting\n")
            return _plain(start_response, "200 OK", "ok\n")
        handler = self._handler
        if handler is None:
            # Slack retries a 503 later, so nothing sent while starting is lost.
            return _plain(
                start_response, "503 Service Unavailable", "starting\n", [("Retry-After", "1")]
            )
        with self._traffic.serving():
            return handler(environ, start_response)


def _stop(message: str) -> None:
    print(f"mailhelp: {message}", file=sys.stderr, flush=True)
    # From the loading thread, only a hard exit ends the worker; gunicorn then stops too.
    os._exit(APP_LOAD_ERROR)


def load_in_background(
    wsgi: MailhelpWsgi,
    settings: Settings,
    loader: Callable[[Settings], App],
    *,
    stop: Callable[[str], None] = _stop,
) -> threading.Thread:
    """Load the app without holding up the server, so /healthz answers (404) from the start."""

    def load() -> None:
        try:
            wsgi.serve(loader(settings))
        except STARTUP_ERRORS as exc:
            stop(str(exc))
        except Exception:
            log.exception("mailhelp failed to start")
            stop("failed to start; see the log above")
        else:
            log.info("mailhelp is ready on %s", EVENTS_PATH)

    thread = threading.Thread(target=load, name="mailhelp-startup", daemon=True)
    thread.start()
    return thread


def http_settings() -> Settings:
    """Settings for the web process: the signing secret, and a bot token unless OAuth is set."""
    settings = load_settings()
    settings.require("slack_signing_secret")
    if settings.slack_client_id or settings.slack_client_secret:
        settings.require("slack_client_id", "slack_client_secret")
    else:
        settings.require("slack_bot_token")
    return settings


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


def create_wsgi_app() -> MailhelpWsgi:
    """gunicorn's entry point (see Procfile): settings are checked now, the rest loads after."""
    try:
        settings = http_settings()
    except SettingsError as exc:
        print(f"mailhelp: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(APP_LOAD_ERROR) from None
    configure_logging(settings)
    wsgi = MailhelpWsgi()
    load_in_background(wsgi, settings, load_app)
    return wsgi
