"""Storage fixtures: every store test runs on a SQLite file and on the real PostgreSQL server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from clocks import FixedClock
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.storage.engine import make_engine, normalise_url
from bot.storage.schema import full_metadata
from bot.storage.sql_store import SqlStore
from bot.storage.startup import open_store

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# Read at import, before the autouse fixture of tests/conftest.py scrubs MAILHELP_* variables.
POSTGRES_URL = os.environ.get("MAILHELP_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
IN_CI = os.environ.get("CI", "").lower() == "true"

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


def _libpq_url(url: str) -> str:
    """The SQLAlchemy URL as psycopg itself takes it."""
    return (
        make_url(normalise_url(url))
        .set(drivername="postgresql")
        .render_as_string(hide_password=False)
    )


def with_search_path(url: str, schema: str) -> str:
    """`url` whose connections use `schema` first, passed as libpq connection options."""
    parsed = make_url(normalise_url(url))
    return parsed.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


def _admin(statement: str) -> None:
    with psycopg.connect(_libpq_url(POSTGRES_URL), autocommit=True, connect_timeout=3) as conn:
        conn.execute(statement)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The test server's URL; skips when it is unreachable, except in CI where that fails."""
    try:
        _admin("SELECT 1")
    except psycopg.Error as exc:
        reason = (
            f"PostgreSQL at {make_url(normalise_url(POSTGRES_URL))!r} is unreachable "
            f"({type(exc).__name__}: {str(exc).strip().splitlines()[0]}); "
            "set MAILHELP_TEST_POSTGRES_URL to a server with trust or password auth"
        )
        if IN_CI:
            pytest.fail(f"CI=true and {reason}", pytrace=False)
        pytest.skip(reason)
    return POSTGRES_URL


@pytest.fixture(scope="session")
def new_schema(postgres_server: str) -> Iterator[Callable[[], str]]:
    """Makes uniquely named schemas, so parallel runs never collide; drops them all at the end."""
    made: list[str] = []

    def make() -> str:
        name = f"mailhelp_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        _admin(f'CREATE SCHEMA "{name}"')
        made.append(name)
        return with_search_path(postgres_server, name)

    yield make
    for name in made:
        _admin(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


@pytest.fixture(scope="session")
def postgres_session_url(new_schema: Callable[[], str]) -> str:
    """One migrated schema for the whole session; tests empty its tables when they finish."""
    url = new_schema()
    open_store(url).close()
    return url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A migrated, empty database of the parametrised backend."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
        open_store(url).close()
        yield url
        return
    url = request.getfixturevalue("postgres_session_url")
    yield url
    _empty_tables(url)


@pytest.fixture
def empty_database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A database of the parametrised backend with no tables at all."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    make: Callable[[], str] = request.getfixturevalue("new_schema")
    return make()


@pytest.fixture
def own_database_url(empty_database_url: str) -> str:
    """A migrated database of its own, for tests that damage the schema on purpose."""
    open_store(empty_database_url).close()
    return empty_database_url


@pytest.fixture
def store(database_url: str) -> Iterator[SqlStore]:
    opened = SqlStore(make_engine(database_url))
    yield opened
    opened.close()


@pytest.fixture
def fixed_clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 10, 12, 0, tzinfo=UTC))


@pytest.fixture
def clocked_store(database_url: str, fixed_clock: FixedClock) -> Iterator[SqlStore]:
    opened = SqlStore(make_engine(database_url), clock=fixed_clock)
    yield opened
    opened.close()


def _empty_tables(url: str) -> None:
    engine = make_engine(url)
    try:
        names = ", ".join(f'"{name}"' for name in full_metadata().tables)
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY"))
    finally:
        engine.dispose()
