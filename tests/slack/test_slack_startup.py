"""The app's storage at start-up: a web worker waits for the release phase instead of migrating,
answers without the database past that wait, and moves to it once it is migrated."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from bot.settings import load_settings
from bot.slack.startup import open_app_store
from bot.storage.background import BackgroundRecorder
from bot.storage.gate import DatabaseDown
from bot.storage.interface import Store
from bot.storage.startup import StorageUnavailable, open_existing_store, open_store

# The gate tries the database again every second; a few tries are plenty.
MOVE_TIMEOUT_S = 15.0
CLAIMS = "SELECT event_key FROM handled_events"


@pytest.fixture
def opened() -> Iterator[list[Store]]:
    stores: list[Store] = []
    yield stores
    for store in stores:
        if isinstance(store, BackgroundRecorder):
            store.close()


def eventually(check: Callable[[], bool], timeout: float = MOVE_TIMEOUT_S) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_a_web_worker_waits_for_the_release_phase_then_uses_the_database(
    tmp_path: Path, opened: list[Store], caplog: pytest.LogCaptureFixture
) -> None:
    url = f"sqlite:///{tmp_path / 'late.sqlite3'}"
    settings = load_settings(database_url=url, mailhelp_schema_wait_seconds=30)
    # Later than the worker's first look, so it has to wait for the release phase.
    release = threading.Timer(1.5, lambda: open_store(url).close())
    release.start()
    with caplog.at_level(logging.WARNING, logger="bot.slack.startup"):
        store, workspaces = open_app_store(settings, migrate=False)
    opened.append(store)
    release.join()

    assert store.health() is None
    assert workspaces.settings_of("T1") is None
    assert "waiting for the database schema" in caplog.text
    assert "run `mailhelp migrate`" in caplog.text
    assert "starting without the database" not in caplog.text


def test_past_the_schema_wait_a_worker_answers_without_the_database_and_moves_to_it(
    tmp_path: Path, opened: list[Store]
) -> None:
    path = tmp_path / "never-migrated.sqlite3"
    url = f"sqlite:///{path}"
    settings = load_settings(database_url=url, mailhelp_schema_wait_seconds=0)
    store, workspaces = open_app_store(settings, migrate=False)
    opened.append(store)

    problem = store.health() or ""
    assert "run `mailhelp migrate`" in problem
    assert not path.exists()
    # Claims are made in memory meanwhile; workspace state is "unknown" at once, not waited on.
    assert store.claim_event("event:Ev1") is True
    with pytest.raises(DatabaseDown):
        workspaces.settings_of("T1")

    open_store(url).close()
    assert eventually(lambda: store.health() is None), store.health()
    assert workspaces.settings_of("T1") is None
    reader = open_existing_store(url)

    def claimed() -> list[str]:
        with reader.engine.connect() as connection:
            return [str(key) for key in connection.execute(text(CLAIMS)).scalars()]

    try:
        # The claim made during the wait was copied over, so another process refuses a retry.
        assert eventually(lambda: claimed() == ["event:Ev1"]), claimed()
    finally:
        reader.close()


def test_a_process_running_alone_migrates_by_itself(tmp_path: Path, opened: list[Store]) -> None:
    url = f"sqlite:///{tmp_path / 'alone.sqlite3'}"
    settings = load_settings(database_url=url)
    store, _ = open_app_store(settings, migrate=True)
    opened.append(store)

    assert store.health() is None
    assert isinstance(store, BackgroundRecorder)
    assert "handled_events" in inspect(store.sql.engine).get_table_names()


def test_a_database_url_that_cannot_be_parsed_stops_start_up_naming_it() -> None:
    settings = load_settings(database_url="postgresql://mailhelp:Secr3t@db.internal:port/mail")

    with pytest.raises(StorageUnavailable) as caught:
        open_app_store(settings, migrate=False)

    message = str(caught.value)
    assert message.startswith("DATABASE_URL 'postgresql://mailhelp:***@db.internal:port/mail'")
    assert "Secr3t" not in message
