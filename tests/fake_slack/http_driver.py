"""The app's real WSGI endpoint on a loopback port, and signed requests sent to it over HTTP."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App

from bot.slack.guard import RequestGuard
from bot.slack.http import MailhelpWsgi
from fake_slack.driver import Driver
from fake_slack.requests import SlackRequest
from fake_slack.web import Reply


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


class HttpDriver:
    """Like Driver, but every request crosses a real socket into MailhelpWsgi and its guard."""

    def __init__(self, driver: Driver) -> None:
        self.driver = driver
        self.fake = driver.fake
        self.secret = driver.secret
        # Guarded as the Procfile's web process is: size, timestamp and signature come first.
        wsgi = MailhelpWsgi(guard=RequestGuard(driver.secret))
        wsgi.serve(driver.app)
        self._server = make_server(
            "127.0.0.1", 0, wsgi, server_class=_ThreadingServer, handler_class=_QuietHandler
        )
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def app(self) -> App:
        return self.driver.app

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def send(self, request: SlackRequest, *, secret: str | None = None) -> Reply:
        """POST /slack/events, signed; waits until the listeners it started have finished."""
        headers = request.headers(secret or self.secret)
        prepared = urllib.request.Request(
            self.url + "/slack/events", data=request.body.encode(), headers=headers, method="POST"
        )
        reply = self._open(prepared)
        self.driver.settle()
        return reply

    def get(self, path: str, *, cookie: str | None = None) -> Reply:
        headers = {"Cookie": cookie} if cookie else {}
        return self._open(urllib.request.Request(self.url + path, headers=headers))

    def calls(self, method: str) -> list[Any]:
        return self.driver.calls(method)

    def _open(self, request: urllib.request.Request) -> Reply:
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Reply(response.status, response.read().decode(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode(errors="replace"), dict(error.headers))
