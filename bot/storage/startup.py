"""Opening the store: migrating it, checking that it was migrated, or reading it as it is.

Only `mailhelp migrate` (the Procfile's release phase) and the single-process `mailhelp run`
change the schema. Web workers wait until the schema is current rather than migrate side by
side, and the read-only commands never create a database or touch its schema.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from alembic.util import CommandError
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.errors import SetupError
from bot.storage.engine import DatabaseUrlError, describe_error, make_engine, mask_url, parse_url
from bot.storage.migrate import SchemaState, schema_state, upgrade
from bot.storage.sql_store import SqlStore

T = TypeVar("T")

MIGRATE_HINT = "run `mailhelp migrate` (the Procfile's release phase does)"


# The name is part of the contract with the Slack app and the command line.
class StorageUnavailable(SetupError):  # noqa: N818
    """The database named by DATABASE_URL cannot be used; the message says why, password masked."""


class SchemaBehind(StorageUnavailable):
    """The database answers but is not at this version's schema yet: the release phase has
    still to migrate it (for SQLite, the file may not even exist yet)."""


def open_store(database_url: str) -> SqlStore:
    """Connect, bring the schema to the latest migration, and hand back the store."""
    engine = _engine(database_url)
    try:
        migrate_schema(engine, database_url)
    except StorageUnavailable:
        engine.dispose()
        raise
    return SqlStore(engine)


def migrate_schema(engine: Engine, database_url: str) -> None:
    """Bring the schema to the latest migration; StorageUnavailable says why it could not."""
    try:
        upgrade(engine)
    except CommandError as exc:
        raise StorageUnavailable(
            f"the database at DATABASE_URL={mask_url(database_url)} has a schema this version "
            f"of mailhelp does not know ({exc}); deploy the newer version or restore the database"
        ) from exc
    except (SQLAlchemyError, OSError) as exc:
        raise _unreachable(database_url, exc) from exc


def require_current_schema(engine: Engine, database_url: str) -> None:
    """Returns once the schema is this version's; SchemaBehind while a migration is due.

    For web workers: they start while, or just after, the release phase migrates, and never
    run DDL themselves, so several starting at once cannot race on the schema. Nothing here
    creates a SQLite file or changes a table.
    """
    problem = _missing_file(database_url) or _schema_problem(engine, database_url)
    if problem is not None:
        raise SchemaBehind(f"{problem}: {MIGRATE_HINT}")


class SchemaCheck:
    """A web worker's first step on the database, run by its gate until it passes: the schema
    must be this version's. It never migrates, and it remembers whether its last try found the
    database answering but not yet migrated."""

    def __init__(self, engine: Engine, database_url: str) -> None:
        self._engine = engine
        self._url = database_url
        self.behind: str | None = None

    def __call__(self) -> None:
        try:
            require_current_schema(self._engine, self._url)
        except SchemaBehind as exc:
            self.behind = str(exc)
            raise
        self.behind = None


def open_existing_store(database_url: str) -> SqlStore:
    """The store as it is, for reading: never creates a SQLite file or changes the schema."""
    problem = _missing_file(database_url)
    if problem is not None:
        raise StorageUnavailable(
            f"{problem}: nothing has been recorded there yet (the Slack app creates it); "
            "set DATABASE_URL to the app's database"
        )
    engine = _engine(database_url)
    try:
        require_current_schema(engine, database_url)
    except StorageUnavailable:
        engine.dispose()
        raise
    return SqlStore(engine)


def read_store(database_url: str, read: Callable[[SqlStore], T]) -> T:
    """Open the existing store, run one read on it and close it; a failing read is reported."""
    store = open_existing_store(database_url)
    try:
        return read(store)
    except SQLAlchemyError as exc:
        raise unavailable(store, "read from", exc) from exc
    finally:
        store.close()


def unavailable(store: SqlStore, action: str, exc: BaseException) -> StorageUnavailable:
    """The error for a database that fails mid-way: what was tried, where, the driver's words."""
    return StorageUnavailable(f"cannot {action} {store.safe_url}: {store.explain(exc)}")


def _engine(database_url: str) -> Engine:
    try:
        return make_engine(database_url)
    except DatabaseUrlError as exc:
        raise StorageUnavailable(str(exc)) from exc


def _unreachable(database_url: str, exc: BaseException) -> StorageUnavailable:
    return StorageUnavailable(
        f"cannot reach the database at DATABASE_URL={mask_url(database_url)}: "
        f"{describe_error(exc, database_url)}"
    )


def _missing_file(database_url: str) -> str | None:
    """Why a SQLite URL names no database yet (its file does not exist), else None."""
    try:
        parsed = parse_url(database_url)
    except DatabaseUrlError as exc:
        raise StorageUnavailable(str(exc)) from exc
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    path = Path(str(parsed.database))
    return None if path.is_file() else f"no database at {path} (DATABASE_URL)"


def _schema_problem(engine: Engine, database_url: str) -> str | None:
    """Why the schema is not this version's, or None; a newer, unknown schema is refused."""
    try:
        state: SchemaState = schema_state(engine)
    except (SQLAlchemyError, OSError) as exc:
        raise _unreachable(database_url, exc) from exc
    if state.is_current:
        return None
    where = f"the database at DATABASE_URL={mask_url(database_url)}"
    if state.is_newer:
        raise StorageUnavailable(
            f"{where} has a schema this version of mailhelp does not know "
            f"({state.current}); deploy the newer version or restore the database"
        )
    return f"{where} is at schema {state.current or 'none'}, this version needs {state.head}"
