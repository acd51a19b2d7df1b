"""Opening the store at start-up, with one clear error when DATABASE_URL cannot be used."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from alembic.util import CommandError
from sqlalchemy.exc import SQLAlchemyError

from bot.storage.engine import DatabaseUrlError, describe_error, make_engine, mask_url
from bot.storage.migrate import upgrade
from bot.storage.sql_store import SqlStore

T = TypeVar("T")


# The name is part of the contract with the Slack app and the command line.
class StorageUnavailable(Exception):  # noqa: N818
    """The database named by DATABASE_URL cannot be used; the message says why, password masked."""


def open_store(database_url: str) -> SqlStore:
    """Connect, bring the schema to the latest migration, and hand back the store."""
    try:
        engine = make_engine(database_url)
    except DatabaseUrlError as exc:
        raise StorageUnavailable(str(exc)) from exc
    try:
        upgrade(engine)
    except CommandError as exc:
        engine.dispose()
        raise StorageUnavailable(
            f"the database at DATABASE_URL={mask_url(database_url)} has a schema this version "
            f"of mailhelp does not know ({exc}); deploy the newer version or restore the database"
        ) from exc
    except (SQLAlchemyError, OSError) as exc:
        engine.dispose()
        raise StorageUnavailable(
            f"cannot reach the database at DATABASE_URL={mask_url(database_url)}: "
            f"{describe_error(exc, database_url)}"
        ) from exc
    return SqlStore(engine)


def read_store(database_url: str, read: Callable[[SqlStore], T]) -> T:
    """Open the store, run one read on it and close it; a failing read is StorageUnavailable too."""
    store = open_store(database_url)
    try:
        return read(store)
    except SQLAlchemyError as exc:
        raise unavailable(store, "read from", exc) from exc
    finally:
        store.close()


def unavailable(store: SqlStore, action: str, exc: BaseException) -> StorageUnavailable:
    """The error for a database that fails mid-way: what was tried, where, the driver's words."""
    return StorageUnavailable(f"cannot {action} {store.safe_url}: {store.explain(exc)}")
