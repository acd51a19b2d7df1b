"""Migrations create the schema from nothing, are safe to rerun, and match the models."""

from __future__ import annotations

import socket
import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from bot.storage.engine import make_engine
from bot.storage.migrate import current_revision, head_revision, main, upgrade
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
    "workspace_settings",
    "thread_answers",
    "answer_clicks",
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


def test_the_migrate_command_upgrades_the_database_named_by_the_setting(
    empty_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", empty_database_url)
    assert main(["upgrade"]) == 0
    engine = make_engine(empty_database_url)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_the_migrate_command_reports_an_unreachable_database_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("DATABASE_URL", f"postgres://mailhelp:Hunter2x@127.0.0.1:{port}/mailhelp")
    assert main(["upgrade"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "migrate: cannot reach the database at DATABASE_URL=postgres://mailhelp:***@"
    )
    assert "Hunter2x" not in err
    assert "Traceback" not in err


def test_the_migrate_command_refuses_a_url_it_cannot_use(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://root:Sw0rdfish@localhost/mail")
    assert main(["upgrade"]) == 2
    err = capsys.readouterr().err
    assert "DATABASE_URL" in err and "'mysql' scheme is not supported" in err
    assert "sqlite:///PATH, postgresql://USER:PASSWORD@HOST/DB" in err
    assert "Sw0rdfish" not in err
