"""Migrations create the schema from nothing, are safe to rerun, and match the models."""

from __future__ import annotations

import threading

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from bot.storage.engine import make_engine
from bot.storage.migrate import current_revision, head_revision, upgrade
from bot.storage.schema import full_metadata

EXPECTED_TABLES = {
    "alembic_version",
    "triages",
    "feedback",
    "escalations",
    "checklists",
    "watched_channels",
    "handled_events",
    "answered_threads",
    "slack_installations",
    "slack_bots",
    "slack_oauth_states",
}


def test_upgrade_on_an_empty_database_creates_every_table(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    assert inspect(engine).get_table_names() == []
    upgrade(engine)
    assert set(inspect(engine).get_table_names()) == EXPECTED_TABLES
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_a_second_upgrade_changes_nothing(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    upgrade(engine)
    before = {
        name: [column["name"] for column in inspect(engine).get_columns(name)]
        for name in inspect(engine).get_table_names()
    }
    upgrade(engine)
    after = {
        name: [column["name"] for column in inspect(engine).get_columns(name)]
        for name in inspect(engine).get_table_names()
    }
    assert after == before
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_models_and_migrations_have_no_differences(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, full_metadata())
    engine.dispose()
    assert differences == []


def test_processes_starting_together_both_find_the_schema_ready(empty_database_url: str) -> None:
    engines = [make_engine(empty_database_url) for _ in range(3)]
    failures: list[BaseException] = []
    start = threading.Barrier(len(engines))

    def start_up(index: int) -> None:
        start.wait()
        try:
            upgrade(engines[index])
        except BaseException as exc:  # collected for the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=start_up, args=(i,)) for i in range(len(engines))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    assert set(inspect(engines[0]).get_table_names()) == EXPECTED_TABLES
    for engine in engines:
        engine.dispose()
