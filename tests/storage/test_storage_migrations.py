"""Migrations create the schema from nothing, are safe to rerun, and match the models."""

from __future__ import annotations

import socket
import threading

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from bot.storage.engine import make_engine
from bot.storage.migrate import alembic_config, current_revision, head_revision, main, upgrade
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


def test_the_migrations_form_one_line_from_the_first_to_the_head() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    chain = [(rev.revision, rev.down_revision) for rev in scripts.walk_revisions()]

    assert list(reversed(chain)) == [("0001", None), ("0002", "0001"), ("0003", "0002")]
    assert scripts.get_heads() == ["0003"] == [head_revision()]


def test_each_migration_applies_in_turn_keeps_the_rows_and_goes_back_down(
    empty_database_url: str,
) -> None:
    engine = make_engine(empty_database_url)
    try:
        upgrade(engine, "0001")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO handled_events (event_key, claimed_at) "
                    "VALUES ('event:Ev1', CURRENT_TIMESTAMP)"
                )
            )
        upgrade(engine, "0002")
        assert {"body", "lease_until", "attempts"} <= _columns(engine, "handled_events")
        assert "work_key" in _columns(engine, "answered_threads")
        assert "workspace_settings" not in inspect(engine).get_table_names()
        upgrade(engine, "0003")
        assert current_revision(engine) == "0003"
        assert set(inspect(engine).get_table_names()) == EXPECTED_TABLES
        with engine.connect() as connection:
            kept = connection.execute(text("SELECT event_key, attempts FROM handled_events"))
            assert [tuple(row) for row in kept] == [("event:Ev1", 0)]
        for target, gone in (("0002", "answer_clicks"), ("0001", None)):
            with engine.begin() as connection:
                config = alembic_config()
                config.attributes["connection"] = connection
                command.downgrade(config, target)
            assert current_revision(engine) == target
            if gone is not None:
                assert gone not in inspect(engine).get_table_names()
        assert "body" not in _columns(engine, "handled_events")
    finally:
        engine.dispose()


def _columns(engine: Engine, table: str) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns(table)}


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
