"""The PostgreSQL server tests run against: reachable or skipped (never skipped in CI), schemas."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from sqlalchemy.engine import make_url

from bot.storage.engine import normalise_url

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# Read at import, before the autouse fixture of tests/conftest.py scrubs MAILHELP_* variables.
POSTGRES_URL = os.environ.get("MAILHELP_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
IN_CI = os.environ.get("CI", "").lower() == "true"


def libpq_url(url: str) -> str:
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


def admin(statement: str) -> None:
    with psycopg.connect(libpq_url(POSTGRES_URL), autocommit=True, connect_timeout=3) as conn:
        conn.execute(statement)


def require_postgres() -> str:
    """The server's URL; skips when it is unreachable, except in CI where that fails."""
    try:
        admin("SELECT 1")
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


def create_schema() -> str:
    """A new, empty, uniquely named schema, so parallel runs never collide."""
    name = f"mailhelp_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin(f'CREATE SCHEMA "{name}"')
    return name


def drop_schema(name: str) -> None:
    admin(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


@contextmanager
def fresh_schema() -> Iterator[str]:
    """A URL whose connections use a new, empty schema, dropped afterwards."""
    server = require_postgres()
    name = create_schema()
    try:
        yield with_search_path(server, name)
    finally:
        drop_schema(name)
