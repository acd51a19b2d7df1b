"""The WSGI app gunicorn serves: health checks, Slack's endpoint, and start-up that names problems."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from fake_slack import FakeSlack
from fake_slack.events import url_verification
from fake_slack.requests import SlackRequest
from slack_bolt import App

from bot.settings import Settings, SettingsError, load_settings
from bot.slack import http
from bot.slack.guard import RequestGuard
from bot.slack.http import MailhelpWsgi, create_wsgi_app, load_in_background
from bot.slack.startup import Service

SECRET = "test-signing-secret"


def call(
    wsgi: MailhelpWsgi,
    path: str,
    *,
    method: str = "GET",
    body: str = "",
    headers: dict[str, str] | None = None,
    environ: dict[str, Any] | None = None,
) -> tuple[str, dict[str, str], str]:
    environ = {
        "PATH_INFO": path,
        "REQUEST_METHOD": method,
        "wsgi.input": io.BytesIO(body.encode()),
        "CONTENT_LENGTH": str(len(body.encode())),
        **(environ or {}),
    }
    for name, value in (headers or {}).items():
        key = name.upper().replace("-", "_")
        environ[key if key == "CONTENT_TYPE" else f"HTTP_{key}"] = value
    setup_testing_defaults(environ)
    seen: dict[str, Any] = {}

    def start_response(
        status: str, response_headers: list[tuple[str, str]], exc_info: Any = None, /
    ) -> Callable[[bytes], object]:
        seen["status"], seen["headers"] = status, dict(response_headers)
        return lambda _data: None

    chunks: Iterable[bytes] = wsgi(environ, start_response)
    return seen["status"], seen["headers"], b"".join(chunks).decode()


@pytest.fixture
def bolt_app(fake: FakeSlack, make_driver: Any) -> App:
    app: App = make_driver().app
    return app


def test_health_check_is_503_until_the_app_is_ready_then_200(bolt_app: App) -> None:
    wsgi = MailhelpWsgi()
    assert call(wsgi, "/healthz")[0].startswith("503")

    wsgi.serve(bolt_app)

    assert call(wsgi, "/healthz")[0].startswith("200")
    assert call(wsgi, "/healthz", method="POST")[0].startswith("405")


def test_health_check_says_degraded_with_the_reason_and_stays_200(bolt_app: App) -> None:
    wsgi = MailhelpWsgi()
    wsgi.serve(bolt_app, health=lambda: "cannot reach postgresql://x:***@db/mailhelp")

    status, _, body = call(wsgi, "/healthz")

    assert status.startswith("200")
    assert body == "degraded: cannot reach postgresql://x:***@db/mailhelp\n"


def test_slack_requests_while_starting_wait_for_the_app(bolt_app: App) -> None:
    wsgi = MailhelpWsgi(ready_wait_s=10)
    request: SlackRequest = url_verification("waited")
    threading.Timer(0.3, wsgi.serve, args=(bolt_app,)).start()

    status, _, body = call(
        wsgi, "/slack/events", method="POST", body=request.body, headers=request.headers(SECRET)
    )

    assert status.startswith("200")
    assert json.loads(body)["challenge"] == "waited"


def test_slack_requests_get_503_when_loading_takes_too_long() -> None:
    status, headers, _ = call(
        MailhelpWsgi(ready_wait_s=0.05), "/slack/events", method="POST", body="{}"
    )

    assert status.startswith("503")
    assert headers["Retry-After"] == "1"


def test_signed_request_through_wsgi_reaches_bolt(bolt_app: App) -> None:
    wsgi = MailhelpWsgi()
    wsgi.serve(bolt_app)
    request: SlackRequest = url_verification("challenge-through-wsgi")

    status, _, body = call(
        wsgi, "/slack/events", method="POST", body=request.body, headers=request.headers(SECRET)
    )

    assert status.startswith("200")
    assert json.loads(body)["challenge"] == "challenge-through-wsgi"


def test_unsigned_request_through_wsgi_is_refused(bolt_app: App) -> None:
    wsgi = MailhelpWsgi()
    wsgi.serve(bolt_app)
    request = url_verification("x")

    status, _, _ = call(wsgi, "/slack/events", method="POST", body=request.body)

    assert status.startswith("401")


def test_a_body_larger_than_slack_sends_is_refused_unread(bolt_app: App) -> None:
    wsgi = MailhelpWsgi(guard=RequestGuard(SECRET))
    wsgi.serve(bolt_app)
    unread = UnreadableBody()
    environ = {"wsgi.input": unread, "CONTENT_LENGTH": str(50_000_000)}

    status, headers, _ = call(wsgi, "/slack/events", method="POST", environ=environ)

    assert status.startswith("413")
    assert headers["Connection"] == "close"
    assert unread.asked == 0


ZEROS = "v0=" + "0" * 64


@pytest.mark.parametrize(
    ("timestamp", "signature", "why"),
    [
        (None, ZEROS, "no X-Slack-Request-Timestamp"),
        ("abc", ZEROS, "not a Unix time"),
        ("1.7e9", ZEROS, "not a Unix time"),
        ("1796158031.780", ZEROS, "not a Unix time"),
        ("-5", ZEROS, "not a Unix time"),
        ("9" * 40, ZEROS, "not a Unix time"),
        ("100", ZEROS, "more than 5 minutes off"),
        ("now", None, "no X-Slack-Signature"),
        ("now", "v1=abc", "not a v0 signature"),
        ("now", ZEROS, "signature does not match"),
    ],
)
def test_junk_headers_get_401_and_a_log_line_without_the_body(
    bolt_app: App,
    caplog: pytest.LogCaptureFixture,
    timestamp: str | None,
    signature: str | None,
    why: str,
) -> None:
    wsgi = MailhelpWsgi(guard=RequestGuard(SECRET))
    wsgi.serve(bolt_app)
    headers = {}
    if timestamp is not None:
        now = str(int(time.time()))
        headers["X-Slack-Request-Timestamp"] = now if timestamp == "now" else timestamp
    if signature is not None:
        headers["X-Slack-Signature"] = signature
    body = '{"token":"x","text":"mail to bob@secret.example"}'

    with caplog.at_level(logging.INFO):
        status, _, _ = call(wsgi, "/slack/events", method="POST", body=body, headers=headers)

    assert status.startswith("401")
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert why in logged
    assert "bob@secret.example" not in logged


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"type": "event_callback", ', "application/json"),
        ('{"a": 1} trailing', "application/json"),
        ("[1, 2]", "application/json"),
        ("null", "application/json"),
        ("[" * 100_000 + "]" * 100_000, "application/json"),
        ("payload=not-json", "application/x-www-form-urlencoded"),
        ("payload=%5B1%5D", "application/x-www-form-urlencoded"),
    ],
)
def test_signed_junk_bodies_get_400_without_reaching_bolt(
    bolt_app: App, body: str, content_type: str
) -> None:
    wsgi = MailhelpWsgi(guard=RequestGuard(SECRET))
    wsgi.serve(bolt_app)
    request = SlackRequest(body, content_type)

    status, _, _ = call(
        wsgi, "/slack/events", method="POST", body=body, headers=request.headers(SECRET)
    )

    assert status.startswith("400")


def test_invalid_utf8_gets_400(bolt_app: App) -> None:
    wsgi = MailhelpWsgi(guard=RequestGuard(SECRET))
    wsgi.serve(bolt_app)
    raw = b'{"text": "\xff\xfe"}'
    stamp = int(time.time())
    signature = (
        "v0="
        + hmac.new(
            SECRET.encode(), b"v0:" + str(stamp).encode() + b":" + raw, hashlib.sha256
        ).hexdigest()
    )
    environ = {"wsgi.input": io.BytesIO(raw), "CONTENT_LENGTH": str(len(raw))}
    headers = {"X-Slack-Request-Timestamp": str(stamp), "X-Slack-Signature": signature}

    status, _, _ = call(wsgi, "/slack/events", method="POST", headers=headers, environ=environ)

    assert status.startswith("400")


class UnreadableBody(io.RawIOBase):
    """A request body that counts the reads asked of it."""

    def __init__(self) -> None:
        self.asked = 0

    def read(self, size: int = -1) -> bytes:
        self.asked += 1
        return b""


def test_unknown_paths_are_404(bolt_app: App) -> None:
    wsgi = MailhelpWsgi()
    wsgi.serve(bolt_app)

    assert call(wsgi, "/admin")[0].startswith("404")
    assert call(wsgi, "/slack/events", method="GET")[0].startswith("404")


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-test"}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_SIGNING_SECRET": SECRET}, "SLACK_BOT_TOKEN"),
        ({"SLACK_SIGNING_SECRET": SECRET, "SLACK_BOT_TOKEN": "xoxp-user"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_SIGNING_SECRET": SECRET, "SLACK_CLIENT_ID": "1.2"}, "SLACK_CLIENT_SECRET"),
        ({"SLACK_SIGNING_SECRET": SECRET, "SLACK_BOT_TOKEN": "xoxb-t", "PORT": "0"}, "PORT"),
    ],
)
def test_web_process_refuses_to_start_naming_the_bad_setting(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    env: dict[str, str],
    named: str,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(SystemExit) as stopped:
        create_wsgi_app()

    assert stopped.value.code == http.APP_LOAD_ERROR
    err = capsys.readouterr().err
    assert named in err
    assert "Traceback" not in err


def test_a_failure_while_loading_stops_the_process_with_its_reason(settings: Settings) -> None:
    stopped: list[str] = []

    def loader(_: Settings) -> Service:
        raise SettingsError("missing setting SLACK_BOT_TOKEN: set it in the environment or in .env")

    wsgi = MailhelpWsgi()
    load_in_background(wsgi, settings, loader, stop=stopped.append).join(10)

    assert stopped == ["missing setting SLACK_BOT_TOKEN: set it in the environment or in .env"]
    assert not wsgi.ready


def test_http_mode_needs_the_signing_secret(make_driver: Any, fake: FakeSlack) -> None:
    with pytest.raises(SettingsError, match="SLACK_SIGNING_SECRET"):
        make_driver(slack_signing_secret=None)


def test_socket_mode_needs_no_signing_secret(make_driver: Any) -> None:
    driver = make_driver(slack_signing_secret=None, slack_app_token="xapp-1-test")

    assert driver.app is not None


def test_settings_for_the_web_process_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")

    assert http.http_settings() == load_settings()
