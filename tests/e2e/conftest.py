"""The Procfile's web process, started once for the module, talking to a fake Slack."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_slack import FakeSlack
from fake_slack.web import WebProcess, free_port, procfile_command, run_release, scrubbed_env

from bot import PROJECT_ROOT

SECRET = "e2e-signing-secret"
ESCALATION_CHANNEL = "C0ESCALATE"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as slack:
        yield slack


@pytest.fixture(scope="module")
def web(fake: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebProcess]:
    port = free_port()
    database = Path(tmp_path_factory.mktemp("e2e")) / "mailhelp.sqlite3"
    env = scrubbed_env(
        PORT=str(port),
        SLACK_API_URL=fake.api_url,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_BOT_TOKEN="xoxb-test",
        DATABASE_URL=f"sqlite:///{database}",
        MAILHELP_ESCALATION_CHANNEL=ESCALATION_CHANNEL,
        MAILHELP_ESCALATION_GROUP="S0SUPPORT",
        LOG_LEVEL="WARNING",
    )
    run_release(PROJECT_ROOT / "Procfile", env=env, cwd=PROJECT_ROOT)
    command = procfile_command(PROJECT_ROOT / "Procfile", port)
    with WebProcess(command, port=port, env=env, cwd=PROJECT_ROOT) as process:
        yield process
