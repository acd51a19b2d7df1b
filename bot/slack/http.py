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
from bot.slack.guard import RequestGuard
from bot.slack.pool import ListenerPool
from bot.slack.startup import Service, load_service, settle_heap
from bot.slack.traffic import Traffic

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
# gunicorn stops the whole server, rather than restarting the worker forever, when a worker
# exits with this code (gunicorn.arbiter.Arbiter.APP_LOAD_ERROR).
APP_LOAD_ERROR = 4
# Requests that arrive while the app loads wait this long for it: loading takes about a second,
# and a slash command or click answered 503 is lost (Slack retries neither); Slack itself
# gives up after 3 seconds.
READY_WAIT_S = 2.5
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
    """Serves health checks at once and Slack's requests once the Bolt app is ready.

    Every request to the events path meets the RequestGuard first (size, timestamp and
    signature on the raw bytes), then Bolt, whose own verification stays on.
    """

    def __init__(
        self, *, guard: RequestGuard | None = None, ready_wait_s: float = READY_WAIT_S
    ) -> None:
        self._handler: SlackRequestHandler | None = None
        self._ready = threading.Event()
        self._ready_wait_s = ready_wait_s
        self._guard = guard
        self._health: Callable[[], str | None] = _healthy
        self._traffic = Traffic()

    @property
    def ready(self) -> bool:
        return self._handler is not None

    def serve(self, app: App, *, health: Callable[[], str | None] | None = None) -> None:
        """Start answering Slack with `app`; `health` names what is degraded, if anything."""
        self._health = health or _healthy
        pool = app.listener_runner.listener_executor
        # The answers of this app wait for the requests served here.
        self._traffic = pool.traffic if isinstance(pool, ListenerPool) else Traffic()
        self._handler = SlackRequestHandler(app, path=EVENTS_PATH)
        self._ready.set()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == HEALTH_PATH:
            return self._health_check(environ, start_response)
        if path == EVENTS_PATH and environ.get("REQUEST_METHOD") == "POST" and self._guard:
            refusal = self._guard.check(environ)
            if refusal is not None:
                # Closed, so a body left unread is never drained from the socket either.
                return _plain(
                    start_response, refusal.status, "request refused\n", [("Connection", "close")]
                )
        handler = self._handler
        if handler is None and self._ready.wait(self._ready_wait_s):
            handler = self._handler
        if handler is None:
            # Events are retried by Slack after a 503; slash commands and clicks are not, which
            # is why a request first waits for the app to finish loading.
            return _plain(
                start_response, "503 Service Unavailable", "starting\n", [("Retry-After", "1")]
            )
        with self._traffic.serving():
            return handler(environ, start_response)

    def _health_check(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return _plain(start_response, "405 Method Not Allowed", "use GET\n")
        if self._handler is None:
            return _plain(start_response, "503 Service Unavailable", "starting\n")
        problem = self._health()
        # Still 200: the app answers people while degraded, so the platform must not restart it.
        return _plain(start_response, "200 OK", f"degraded: {problem}\n" if problem else "ok\n")


def _healthy() -> str | None:
    return None


def _stop(message: str) -> None:
    print(f"mailhelp: {message}", file=sys.stderr, flush=True)
    # From the loading thread, only a hard exit ends the worker; gunicorn then stops too.
    os._exit(APP_LOAD_ERROR)


def load_in_background(
    wsgi: MailhelpWsgi,
    settings: Settings,
    loader: Callable[[Settings], Service],
    *,
    stop: Callable[[str], None] = _stop,
) -> threading.Thread:
    """Load the app without holding up the server, so /healthz answers (503) from the start."""

    def load() -> None:
        try:
            service = loader(settings)
            settle_heap()
            wsgi.serve(service.app, health=service.health)
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
    # slack_sdk's response_url client names the URL (a capability to post as the app) in its
    # INFO retry lines and the message in its DEBUG lines; its failures still reach the log.
    logging.getLogger("slack_sdk.webhook").setLevel(logging.WARNING)


def create_wsgi_app() -> MailhelpWsgi:
    """gunicorn's entry point (see Procfile): settings are checked now, the rest loads after."""
    try:
        settings = http_settings()
    except SettingsError as exc:
        print(f"mailhelp: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(APP_LOAD_ERROR) from None
    configure_logging(settings)
    wsgi = MailhelpWsgi(guard=RequestGuard(settings.slack_signing_secret or ""))
    load_in_background(wsgi, settings, load_service)
    return wsgi
