"""Database URLs are normalised, checked and never shown with their password."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from bot.storage.engine import (
    DatabaseUrlError,
    describe_error,
    make_engine,
    mask_url,
    normalise_url,
    parse_url,
)


@pytest.mark.parametrize(
    "given",
    ["postgres://app:pw@db.internal:5432/mail", "postgresql://app:pw@db.internal:5432/mail"],
)
def test_postgres_urls_use_the_psycopg3_driver(given: str) -> None:
    assert normalise_url(given) == "postgresql+psycopg://app:pw@db.internal:5432/mail"


def test_sqlite_and_explicit_driver_urls_are_left_alone() -> None:
    assert normalise_url("sqlite:///mailhelp.sqlite3") == "sqlite:///mailhelp.sqlite3"
    assert normalise_url("postgresql+psycopg://a@h/d") == "postgresql+psycopg://a@h/d"


def test_masked_url_hides_the_password() -> None:
    masked = mask_url("postgres://app:s3cr3t@db.internal/mail")
    assert "s3cr3t" not in masked
    assert "app:***@db.internal" in masked


def test_unparsable_url_is_still_masked() -> None:
    masked = mask_url("not a url://app:s3cr3t@host")
    assert "s3cr3t" not in masked


def test_unsupported_backend_is_refused_by_name() -> None:
    with pytest.raises(DatabaseUrlError, match=r"DATABASE_URL .*'mysql' backend"):
        parse_url("mysql://app:pw@db/mail")


def test_garbage_url_is_refused_with_an_example() -> None:
    with pytest.raises(DatabaseUrlError, match=r"not a database URL; use sqlite:///"):
        parse_url("mailhelp.sqlite3")


def test_building_an_engine_does_not_connect() -> None:
    engine = make_engine("postgresql://app:pw@127.0.0.1:1/nowhere")
    assert engine.dialect.name == "postgresql"
    assert engine.dialect.driver == "psycopg"
    engine.dispose()


def test_sqlite_connections_use_wal_and_wait_for_locks(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.sqlite3'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 500
    engine.dispose()


def test_in_memory_sqlite_is_one_database_across_connections() -> None:
    engine = make_engine("sqlite://")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM t")).scalar() == 0
    engine.dispose()


def test_error_description_drops_the_password_and_the_sql() -> None:
    cause = RuntimeError('password authentication failed for user "app" (password hunter2)')
    error = OperationalError("SELECT secret_column FROM t", {"x": "private"}, cause)
    described = describe_error(error, "postgresql://app:hunter2@db/mail")
    assert described.startswith("RuntimeError: password authentication failed")
    assert "hunter2" not in described
    assert "secret_column" not in described
    assert "private" not in described
