"""`mailhelp run`: a local session without Slack, clear refusals for half a configuration, HTTP."""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from fake_slack import FakeSlack
from fake_slack.events import url_verification
from fake_slack.web import (
    WebProcess,
    free_port,
    procfile_command,
    run_release,
    scrubbed_env,
)

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


def _closed_port_url() -> str:
    # Bound then released: nothing listens there for the moment of the test.
    return f"http://127.0.0.1:{free_port()}/api/"


def run_process(tmp_path: Path, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    """`mailhelp run` as a person starts it, stopped after 60 s if it never gives up."""
    env = scrubbed_env(**{"DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}", **settings})
    return subprocess.run(
        [sys.executable, "-m", "bot", "run", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )


def test_a_rejected_app_token_is_one_line_naming_it(tmp_path: Path) -> None:
    # Not the shared `fake` fixture: apps.connections.open takes the app-level token, which
    # the bot-scope table that fixture checks does not cover.
    with FakeSlack() as slack:
        slack.fail_next("apps.connections.open", error="invalid_auth")
        done = run_process(
            tmp_path,
            SLACK_API_URL=slack.api_url,
            SLACK_BOT_TOKEN="xoxb-test",
            SLACK_APP_TOKEN="xapp-1-revoked",
        )

    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "mailhelp: Slack refused SLACK_APP_TOKEN when opening the Socket Mode connection "
        "(invalid_auth); use an app-level token (xapp-...) with the connections:write scope"
    ]
    assert "xapp-1-revoked" not in done.stderr


@pytest.mark.parametrize(
    "mode",
    [
        pytest.param({"SLACK_SIGNING_SECRET": "run-secret"}, id="http"),
        pytest.param({"SLACK_APP_TOKEN": "xapp-1-test"}, id="socket-mode"),
    ],
)
def test_an_unreachable_slack_api_is_named_as_such(mode: dict[str, str], tmp_path: Path) -> None:
    api_url = _closed_port_url()

    done = run_process(
        tmp_path,
        "--port",
        str(free_port()),
        SLACK_API_URL=api_url,
        SLACK_BOT_TOKEN="xoxb-test",
        **mode,
    )

    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"mailhelp: cannot reach Slack's Web API at SLACK_API_URL={api_url}: ")
    assert "Connection refused" in line
    assert "listen" not in line


def test_a_port_in_use_is_named_as_such(fake: FakeSlack, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_process(
            tmp_path,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            SLACK_API_URL=fake.api_url,
            SLACK_BOT_TOKEN="xoxb-test",
            SLACK_SIGNING_SECRET="run-secret",
        )

    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"mailhelp: cannot listen on 127.0.0.1:{port}: Address already in use"
    ]


def test_an_unsupported_database_stops_run_before_anything_starts(tmp_path: Path) -> None:
    done = run_process(
        tmp_path,
        DATABASE_URL="mysql://root:pw@127.0.0.1/mail",
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET="run-secret",
    )

    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert "DATABASE_URL" in line and "'mysql' scheme is not supported" in line


def test_the_web_process_stops_with_one_line_when_slack_is_out_of_reach(tmp_path: Path) -> None:
    api_url = _closed_port_url()
    port = free_port()
    env = scrubbed_env(
        PORT=str(port),
        SLACK_API_URL=api_url,
        SLACK_SIGNING_SECRET="web-secret",
        SLACK_BOT_TOKEN="xoxb-test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'web.sqlite3'}",
    )
    run_release(PROJECT_ROOT / "Procfile", env=env, cwd=tmp_path)

    done = subprocess.run(
        procfile_command(PROJECT_ROOT / "Procfile", port),
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )

    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert f"mailhelp: cannot reach Slack's Web API at SLACK_API_URL={api_url}: " in output
    assert "Traceback" not in output
