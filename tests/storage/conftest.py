"""Storage fixtures: every store test runs on a SQLite file and on the real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from clocks import FixedClock
from postgres_server import create_schema, drop_schema, require_postgres, with_search_path
from sqlalchemy import text

from bot.storage.engine import make_engine
from bot.storage.schema import full_metadata
from bot.storage.sql_store import SqlStore
from bot.storage.startup import open_store

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The test server's URL; skips when it is unreachable, except in CI where that fails."""
    return require_postgres()


@pytest.fixture(scope="session")
def new_schema(postgres_server: str) -> Iterator[Callable[[], str]]:
    """Makes uniquely named schemas; drops them all at the end of the session."""
    made: list[str] = []

    def make() -> str:
        made.append(create_schema())
        return with_search_path(postgres_server, made[-1])

    yield make
    for name in made:
        drop_schema(name)


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
