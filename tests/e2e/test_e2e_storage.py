"""Storage end to end: what the web process answers lands in the store and in `mailhelp stats`;
two web processes on one PostgreSQL answer every event once, however its retries are spread."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from fake_slack import FakeSlack
from fake_slack.events import direct_message, event_request, mention
from fake_slack.web import WebProcess, free_port, procfile_command, run_release, scrubbed_env
from postgres_server import fresh_schema

from bot import PROJECT_ROOT

SECRET = "e2e-storage-secret"


def web_env(fake: FakeSlack, database_url: str, port: int) -> dict[str, str]:
    return scrubbed_env(
        PORT=str(port),
        SLACK_API_URL=fake.api_url,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_BOT_TOKEN="xoxb-test",
        DATABASE_URL=database_url,
        LOG_LEVEL="WARNING",
    )


def release(database_url: str) -> None:
    env = scrubbed_env(DATABASE_URL=database_url)
    run_release(PROJECT_ROOT / "Procfile", env=env, cwd=PROJECT_ROOT)


def start_web(fake: FakeSlack, database_url: str) -> WebProcess:
    port = free_port()
    return WebProcess(
        procfile_command(PROJECT_ROOT / "Procfile", port),
        port=port,
        env=web_env(fake, database_url, port),
        cwd=PROJECT_ROOT,
    )


def stats_json(database_url: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli.main", "stats", "--json", "--days", "7"],
        capture_output=True,
        text=True,
        env=scrubbed_env(DATABASE_URL=database_url),
        cwd=PROJECT_ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as slack:
        yield slack


def test_answered_mentions_show_in_mailhelp_stats(fake: FakeSlack, tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'stats.sqlite3'}"
    messages = [
        mention("recipient mailbox is full, we got 552 5.2.2 back", channel="C0STATS"),
        mention("550 5.1.1 user unknown for jane@orchid.example", channel="C0STATS"),
        mention("the newsletter lands in the spam folder for gmail customers", channel="C0STATS"),
        direct_message("our invoices to hotmail say Queued mail for delivery and never arrive"),
    ]
    release(database_url)
    with start_web(fake, database_url) as web:
        for event in messages:
            assert web.post(event_request(event), secret=SECRET).status == 200
        fake.wait_for("chat.postMessage", count=len(messages), timeout=30)
        deadline = time.monotonic() + 30
        stats = stats_json(database_url)
        # Triages are written in the background, after the answer; wait for the writer.
        while stats["triages"] < len(messages) and time.monotonic() < deadline:
            time.sleep(0.3)
            stats = stats_json(database_url)

    assert set(stats) == {
        "days",
        "triages",
        "by_intent",
        "unrecognised",
        "helpful",
        "not_helpful",
        "escalations",
        "checklists",
    }
    assert stats["days"] == 7
    assert stats["triages"] == len(messages)
    assert stats["by_intent"] == {
        "mailbox_full": 1,
        "invalid_address": 1,
        "spam": 1,
        "microsoft_queued": 1,
    }
    assert stats["unrecognised"] == 0


@pytest.mark.postgres
def test_two_web_processes_on_one_postgres_answer_each_retried_event_once(
    fake: FakeSlack,
) -> None:
    texts = [
        "550 5.7.1 part of their network is on our block list (S3150)",
        "our receipts keep landing in the junk folder at yahoo",
        "552 5.2.2 mailbox full for the PO email",
        "the domain's DKIM record won't verify in the dashboard",
    ]
    events = [mention(texts[i % len(texts)], channel="C0TWOPROCS") for i in range(12)]
    requests = [event_request(event) for event in events]
    with fresh_schema() as database_url, ExitStack() as stack:
        release(database_url)
        first = stack.enter_context(start_web(fake, database_url))
        second = stack.enter_context(start_web(fake, database_url))
        # Each event arrives three times at once, as Slack's retries would after a slow ack:
        # the original at one process and two retries split between both.
        deliveries = [
            (web, request, retry)
            for request in requests
            for web, retry in ((first, None), (second, 1), (first, 2))
        ]
        statuses: list[int] = []
        lock = threading.Lock()

        def deliver(web: WebProcess, request: Any, retry: int | None) -> None:
            status = web.post(request, secret=SECRET, retry_num=retry).status
            with lock:
                statuses.append(status)

        threads = [threading.Thread(target=deliver, args=item) for item in deliveries]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        fake.wait_for("chat.postMessage", count=len(events), timeout=30)
        fake.settle(quiet=1.0)

    assert statuses == [200] * len(deliveries)
    replies = Counter(c.params.get("thread_ts") for c in fake.calls_to("chat.postMessage"))
    assert {event["ts"]: replies[event["ts"]] for event in events} == {
        event["ts"]: 1 for event in events
    }


def test_a_web_process_started_before_the_release_phase_waits_for_it(
    fake: FakeSlack, tmp_path: Path
) -> None:
    database = tmp_path / "late.sqlite3"
    database_url = f"sqlite:///{database}"
    release_started: list[float] = []

    def release_later() -> None:
        time.sleep(3)
        release_started.append(time.monotonic())
        release(database_url)

    releaser = threading.Thread(target=release_later)
    releaser.start()
    try:
        with start_web(fake, database_url) as web:
            ready_at = time.monotonic()
            answered = web.post(event_request(mention("552 5.2.2 mailbox full")), secret=SECRET)
            fake.wait_for("chat.postMessage", timeout=30)
            log = web.output()
    finally:
        releaser.join(60)

    assert release_started and ready_at > release_started[0], "not ready before the release"
    assert answered.status == 200
    assert "waiting for the database schema" in log
    assert "storage unavailable" not in log
