"""Start-up says clearly when DATABASE_URL cannot be used, and never shows the password."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from bot.storage.engine import make_engine
from bot.storage.migrate import head_revision
from bot.storage.sql_store import SqlStore
from bot.storage.startup import (
    SchemaBehind,
    StorageUnavailable,
    open_store,
    read_store,
    require_current_schema,
)


def _closed_port() -> int:
    # Bound then released: nothing listens there for the moment of the test.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_unreachable_postgres_names_database_url_and_masks_the_password() -> None:
    url = f"postgres://mailhelp:Tr0ub4dor@127.0.0.1:{_closed_port()}/mailhelp"
    with pytest.raises(StorageUnavailable) as caught:
        open_store(url)
    message = str(caught.value)
    assert message.startswith("cannot reach the database at DATABASE_URL=postgres://mailhelp:***@")
    assert "Tr0ub4dor" not in message
    assert "refused" in message.lower()


def test_unsupported_url_is_reported_as_unavailable() -> None:
    with pytest.raises(StorageUnavailable, match="only sqlite:/// and postgresql:// URLs"):
        open_store("mysql://root:pw@localhost/mail")


def test_sqlite_file_in_a_missing_directory_is_reported(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'no-such-dir' / 'mailhelp.sqlite3'}"
    with pytest.raises(StorageUnavailable, match="unable to open database file"):
        open_store(url)


def test_first_run_creates_the_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite3"
    store = open_store(f"sqlite:///{path}")
    assert path.is_file()
    assert store.stats(1).triages == 0
    store.close()


def test_database_from_an_unknown_newer_version_is_refused(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed'"))
    engine.dispose()
    with pytest.raises(StorageUnavailable, match="schema this version of mailhelp does not know"):
        open_store(database_url)
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE alembic_version SET version_num = :head"), {"head": head_revision()}
        )
    engine.dispose()


def test_a_read_hands_back_what_the_store_answered(database_url: str) -> None:
    assert read_store(database_url, lambda store: store.stats(7).triages) == 0


def test_a_read_failing_midway_is_unavailable_naming_the_failure(
    own_database_url: str,
) -> None:
    def read_after_damage(store: SqlStore) -> int:
        with store.engine.begin() as connection:
            connection.execute(text("DROP TABLE checklists"))
        return store.stats(7).triages

    with pytest.raises(StorageUnavailable) as caught:
        read_store(own_database_url, read_after_damage)
    message = str(caught.value)
    assert message.startswith("cannot read from ")
    assert "checklists" in message
    assert "SELECT" not in message


@pytest.fixture
def unmigrated_url(empty_database_url: str) -> str:
    """A database that exists (for SQLite, an empty file) but has no tables yet."""
    engine = make_engine(empty_database_url)
    with engine.connect():
        pass
    engine.dispose()
    return empty_database_url


def test_a_worker_finds_the_schema_current_once_the_release_phase_ran(
    empty_database_url: str,
) -> None:
    engine = make_engine(empty_database_url)
    try:
        with pytest.raises(SchemaBehind):
            require_current_schema(engine, empty_database_url)
        open_store(empty_database_url).close()
        require_current_schema(engine, empty_database_url)
    finally:
        engine.dispose()


def test_a_worker_never_migrates_and_says_what_to_run(unmigrated_url: str) -> None:
    engine = make_engine(unmigrated_url)
    try:
        with pytest.raises(SchemaBehind) as caught:
            require_current_schema(engine, unmigrated_url)
        assert "alembic_version" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()
    message = str(caught.value)
    assert f"is at schema none, this version needs {head_revision()}" in message
    assert "run `mailhelp migrate`" in message


def test_a_worker_checking_a_sqlite_file_does_not_create_it(tmp_path: Path) -> None:
    path = tmp_path / "not-yet.sqlite3"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    try:
        with pytest.raises(SchemaBehind, match=f"no database at {path}"):
            require_current_schema(engine, url)
    finally:
        engine.dispose()
    assert not path.exists()


def test_a_worker_refuses_a_schema_from_a_newer_version_rather_than_wait(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed'"))
    try:
        with pytest.raises(StorageUnavailable) as caught:
            require_current_schema(engine, database_url)
        assert not isinstance(caught.value, SchemaBehind)
        assert "schema this version of mailhelp does not know" in str(caught.value)
    finally:
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE alembic_version SET version_num = :head"), {"head": head_revision()}
            )
        engine.dispose()


def test_reading_an_unmigrated_database_changes_nothing(unmigrated_url: str) -> None:
    with pytest.raises(StorageUnavailable, match="run `mailhelp migrate`"):
        read_store(unmigrated_url, lambda store: store.stats(7))
    engine = make_engine(unmigrated_url)
    try:
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()
