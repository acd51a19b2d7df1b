"""The web process while its PostgreSQL server is frozen, stopped, or not yet started."""

from __future__ import annotations

import time
from collections.abc import Iterator

import psycopg
import pytest
from fake_slack import FakeSlack
from fake_slack.events import event_request, mention
from fake_slack.interactive import slash_command
from own_postgres import OwnPostgres
from test_e2e_faults import SECRET, replies_in, start_web

from bot.slack import wording

pytestmark = pytest.mark.postgres

TEXTS = (
    "mail to bob@hotmail.com bounced: 550 5.7.1 S3150 blocked",
    "552 5.2.2 mailbox full for anna@example.org",
    "our newsletter went to junk for every gmail customer this morning",
)


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as slack:
        yield slack


@pytest.fixture
def postgres() -> Iterator[OwnPostgres]:
    server = OwnPostgres()
    try:
        yield server
    finally:
        server.close()


def count_rows(url: str, table: str) -> int | None:
    try:
        with psycopg.connect(url, connect_timeout=2) as connection:
            row = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    except psycopg.Error:
        return None
    return int(row[0]) if row else 0


def wait_rows(url: str, table: str, count: int, timeout: float = 60) -> int | None:
    deadline = time.monotonic() + timeout
    found = count_rows(url, table)
    while (found or 0) < count and time.monotonic() < deadline:
        time.sleep(0.5)
        found = count_rows(url, table)
    return found


def ask(web: object, fake: FakeSlack, channel: str, count: int) -> list[str]:
    events = [mention(TEXTS[n % len(TEXTS)], channel=channel) for n in range(count)]
    for event in events:
        assert web.post(event_request(event), secret=SECRET).status == 200  # type: ignore[attr-defined]
    return [event["ts"] for event in events]


def test_a_frozen_database_neither_stalls_answers_nor_loses_records(
    fake: FakeSlack, postgres: OwnPostgres
) -> None:
    postgres.start()
    with start_web(fake, postgres.url) as web:
        before = ask(web, fake, "C0BEFORE", 3)
        fake.wait_for("chat.postMessage", count=3, timeout=20)
        assert wait_rows(postgres.url, "triages", 3) == 3
        postgres.freeze()
        try:
            during = ask(web, fake, "C0FROZEN", 10)
            # Every answer goes out while the server is still frozen.
            fake.wait_for(
                "chat.postMessage",
                count=10,
                timeout=30,
                where=lambda c: c.params.get("channel") == "C0FROZEN",
            )
            health = web.get("/healthz")
        finally:
            postgres.thaw()
        assert wait_rows(postgres.url, "triages", 13) == 13

    assert (health.status, health.body.startswith("degraded: ")) == (200, True)
    assert set(replies_in(fake, "C0BEFORE")) == set(before)
    assert replies_in(fake, "C0FROZEN") == dict.fromkeys(during, 1)


def test_started_while_the_database_is_down_it_moves_to_it_and_keeps_what_it_answered(
    fake: FakeSlack, postgres: OwnPostgres
) -> None:
    # Deployed earlier (the release phase migrated it); the server is down when a worker starts.
    postgres.start()
    process = start_web(fake, postgres.url)
    postgres.stop()
    with process as web:
        health = web.get("/healthz")
        asked = ask(web, fake, "C0NODB", 20)
        fake.wait_for(
            "chat.postMessage",
            count=20,
            timeout=30,
            where=lambda c: c.params.get("channel") == "C0NODB",
        )
        watch = slash_command("watch", channel="C0NODB", response_url=fake.response_url("w"))
        web.post(watch, secret=SECRET)
        [said] = fake.wait_for("response_url", where=lambda c: c.params.get("_name") == "w")
        postgres.start()
        stored = wait_rows(postgres.url, "triages", 20)
        claims = wait_rows(postgres.url, "handled_events", 21)
        healthy = web.get("/healthz").body

    assert health.status == 200 and health.body.startswith("degraded: ")
    assert said.params["text"] == wording.WATCH_FAILED
    assert stored == 20
    assert claims == 21
    assert healthy == "ok\n"
    assert replies_in(fake, "C0NODB") == dict.fromkeys(asked, 1)
