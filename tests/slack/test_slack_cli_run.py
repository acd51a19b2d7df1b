"""`mailhelp run`: clear refusals when settings are missing, and an HTTP server when they are not."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from fake_slack import FakeSlack
from fake_slack.events import url_verification
from fake_slack.web import WebProcess, free_port, scrubbed_env

from bot import PROJECT_ROOT
from bot.cli.main import main


def test_run_without_settings_names_the_signing_secret(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run"]) == 2

    err = capsys.readouterr().err
    assert "SLACK_SIGNING_SECRET" in err and "Traceback" not in err


def test_socket_mode_without_a_bot_token_names_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-test")

    assert main(["run"]) == 2

    assert "SLACK_BOT_TOKEN" in capsys.readouterr().err


def test_malformed_token_is_named(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_APP_TOKEN", "not-an-app-token")

    assert main(["run"]) == 2

    assert "SLACK_APP_TOKEN" in capsys.readouterr().err


def test_run_serves_slack_requests_over_http(fake: FakeSlack, tmp_path: Path) -> None:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "bot.cli.main",
        "run",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    env = scrubbed_env(
        SLACK_API_URL=fake.api_url,
        SLACK_SIGNING_SECRET="run-secret",
        SLACK_BOT_TOKEN="xoxb-test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'run.sqlite3'}",
    )

    with WebProcess(command, port=port, env=env, cwd=PROJECT_ROOT) as web:
        reply = web.post(url_verification("from-mailhelp-run"), secret="run-secret")

    assert reply.status == 200
    assert json.loads(reply.body)["challenge"] == "from-mailhelp-run"
