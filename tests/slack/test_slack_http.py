"""The WSGI app gunicorn serves: health checks, Slack's endpoint, and start-up that names problems."""

from __future__ import annotations

import io
import json
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
from bot.slack.http import MailhelpWsgi, create_wsgi_app, load_in_background

SECRET = "test-signing-secret"


def call(
    wsgi: MailhelpWsgi,
    path: str,
    *,
    method: str = "GET",
    body: str = "",
    headers: dict[str, str] | None = None,
) -> tuple[str, dict[str, str], str]:
    environ: dict[str, Any] = {
        "PATH_INFO": path,
        "REQUEST_METHOD": method,
        "wsgi.input": io.BytesIO(body.encode()),
        "CONTENT_LENGTH": str(len(body.encode())),
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


def test_health_check_is_404_until_the_app_is_ready_then_200(bolt_app: App) -> None:
    wsgi = MailhelpWsgi()
    assert call(wsgi, "/healthz")[0].startswith("404")

    wsgi.serve(bolt_app)

    assert call(wsgi, "/healthz")[0].startswith("200")
    assert call(wsgi, "/healthz", method="POST")[0].startswith("405")


def test_slack_requests_while_starting_get_503_so_slack_retries() -> None:
    status, headers, _ = call(MailhelpWsgi(), "/slack/events", method="POST", body="{}")

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

    def loader(_: Settings) -> App:
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
