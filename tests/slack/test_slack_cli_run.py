"""`mailhelp run`: a local session without Slack, clear refusals for half a configuration, HTTP."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from fake_slack import FakeSlack
from fake_slack.events import url_verification
from fake_slack.web import WebProcess, free_port, scrubbed_env

from bot import PROJECT_ROOT
from bot.cli.main import main


def test_run_with_a_bot_token_but_no_signing_secret_names_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")

    assert main(["run"]) == 2

    err = capsys.readouterr().err
    assert "SLACK_SIGNING_SECRET" in err and "Traceback" not in err


def test_run_without_any_slack_credentials_answers_in_the_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        sys, "stdin", io.StringIO("552 5.2.2 mailbox full\n\nwho took my stapler\n\n")
    )

    assert main(["run"]) == 0

    out = capsys.readouterr().out
    assert "mailbox_full" in out
    assert "not recognised" in out


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
