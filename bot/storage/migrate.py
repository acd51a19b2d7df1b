"""Runs the Alembic migrations from code; the configuration lives here, not in an ini file."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from bot.storage.engine import describe_error, is_postgres, mask_url, normalise_url

MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")
# Any fixed number works: it names the PostgreSQL advisory lock that serialises migrations
# when several web processes start at once against one database.
MIGRATION_LOCK_KEY = 0x6D61696C68656C70  # "mailhelp" in ASCII
# SQLite reports "database is locked" at once, without waiting, when two new connections both
# switch a fresh file to WAL; trying again shortly after always finds the file settled.
SQLITE_LOCKED_RETRIES = 6
SQLITE_LOCKED_PAUSE_SECONDS = 0.1


def alembic_config(database_url: str | None = None) -> Config:
    """An Alembic config pointing at the package's migrations, without any ini file."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if database_url is not None:
        # Config values go through ConfigParser interpolation, which treats % specially.
        config.set_main_option("sqlalchemy.url", normalise_url(database_url).replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`; a no-op when it is already there.

    Several processes may start at once on one database; each takes a lock first, so the
    later ones wait, then find the schema current, instead of failing on existing tables.
    """
    if is_postgres(engine):
        _upgrade_once(engine, revision)
        return
    for attempt in range(SQLITE_LOCKED_RETRIES):
        try:
            _upgrade_once(engine, revision)
            return
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == SQLITE_LOCKED_RETRIES - 1:
                raise
            time.sleep(SQLITE_LOCKED_PAUSE_SECONDS * 2**attempt)


def _upgrade_once(engine: Engine, revision: str) -> None:
    with engine.connect() as connection:
        if is_postgres(engine):
            # Another process may hold the lock for as long as its migration takes.
            connection.execute(text("SET LOCAL statement_timeout = 0"))
            # Held until the transaction ends; PostgreSQL runs the DDL in the same transaction.
            lock = text("SELECT pg_advisory_xact_lock(:key)")
            connection.execute(lock, {"key": MIGRATION_LOCK_KEY})
        else:
            # Takes SQLite's write lock now rather than at the first CREATE, so the check of
            # the current revision and the DDL happen under one lock.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


@dataclass(frozen=True, slots=True)
class SchemaState:
    """Where a database's schema stands against the migrations this version ships."""

    current: str | None
    head: str | None
    known: bool

    @property
    def is_current(self) -> bool:
        return self.current == self.head

    @property
    def is_newer(self) -> bool:
        """Written by a later version of mailhelp: its revision is not among ours."""
        return self.current is not None and not self.known


def schema_state(engine: Engine) -> SchemaState:
    """Reads the database's revision; runs no DDL, so a fresh SQLite file stays empty."""
    scripts = ScriptDirectory.from_config(alembic_config())
    current = current_revision(engine)
    known = current is None or any(rev.revision == current for rev in scripts.walk_revisions())
    return SchemaState(current=current, head=scripts.get_current_head(), known=known)


def _new_revision(database_url: str, message: str) -> None:
    from bot.storage.schema import full_metadata

    config = alembic_config(database_url)
    config.attributes["target_metadata"] = full_metadata()
    command.revision(config, message=message, autogenerate=True)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m bot.storage.migrate upgrade|revision -m MESSAGE` against DATABASE_URL."""
    from alembic.util import CommandError

    from bot.settings import SettingsError, load_settings
    from bot.storage.startup import StorageUnavailable, open_store

    parser = argparse.ArgumentParser(prog="python -m bot.storage.migrate")
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("upgrade", help="bring the database named by DATABASE_URL to the latest schema")
    revision = sub.add_parser("revision", help="write a migration for changes to the models")
    revision.add_argument("-m", "--message", required=True)
    args = parser.parse_args(argv)
    try:
        database_url = load_settings().database_url
    except SettingsError as exc:
        print(f"migrate: {exc}", file=sys.stderr)
        return 2
    try:
        if args.action == "revision":
            _new_revision(database_url, args.message)
        else:
            open_store(database_url).close()
    except (StorageUnavailable, CommandError) as exc:
        print(f"migrate: {exc}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        # Autogenerate compares against the live database, which may be unreachable.
        print(
            f"migrate: cannot reach the database at DATABASE_URL={mask_url(database_url)}: "
            f"{describe_error(exc, database_url)}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
