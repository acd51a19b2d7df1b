"""One-row inserts and upserts on the path of every answer, sent as the driver's own SQL.

Claims run on the path of every answer (one before the ack, one before the reply), and so does
the note of what was answered in a thread. Built as SQLAlchemy statements they cost from 0.3 ms
(an insert) to 1 ms (an upsert) each, several times the statement itself, so these are written
out once per table and dialect and handed straight to the driver.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from bot.storage.engine import is_postgres, write_lock

# How SQLAlchemy stores a DateTime in SQLite (naive UTC text, which sorts as time does);
# rows written here must compare with rows it wrote.
SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"


@cache
def _statement(table: str, columns: tuple[str, ...], postgres: bool) -> str:
    names = ", ".join(columns)
    if postgres:
        values = ", ".join(f"%({column})s" for column in columns)
        return f"INSERT INTO {table} ({names}) VALUES ({values}) ON CONFLICT DO NOTHING"
    return f"INSERT OR IGNORE INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"


@cache
def _upsert_statement(
    table: str, key: tuple[str, ...], columns: tuple[str, ...], postgres: bool
) -> str:
    names = ", ".join((*key, *columns))
    updates = ", ".join(f"{column} = excluded.{column}" for column in columns)
    if postgres:
        values = ", ".join(f"%({column})s" for column in (*key, *columns))
    else:
        values = ", ".join("?" * (len(key) + len(columns)))
    # The same ON CONFLICT clause in both dialects (SQLite 3.24 and later).
    conflict = ", ".join(key)
    return (
        f"INSERT INTO {table} ({names}) VALUES ({values}) "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
    )


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("timestamps must carry a timezone")
        return value.astimezone(UTC).strftime(SQLITE_DATETIME)
    return value


def insert_if_absent(engine: Engine, table: str, row: dict[str, Any]) -> bool:
    """Insert `row` into `table` unless its key is taken; True when this call inserted it.

    One statement, so the database decides a race: of two processes inserting the same key
    at once, exactly one sees a row inserted.
    """
    postgres = is_postgres(engine)
    sql = _statement(table, tuple(row), postgres)
    if postgres:
        with engine.begin() as connection:
            return connection.exec_driver_sql(sql, row).rowcount == 1
    return _sqlite_write(engine, sql, [tuple(row.values())]) == 1


def upsert(engine: Engine, table: str, key: dict[str, Any], values: dict[str, Any]) -> None:
    """Insert the row made of `key` and `values`, or set `values` on the row with that key."""
    upsert_many(engine, table, [(key, values)])


def upsert_many(
    engine: Engine, table: str, rows: Sequence[tuple[dict[str, Any], dict[str, Any]]]
) -> None:
    """upsert() for each (key, values) in order, in one transaction; every row has the same
    columns."""
    if not rows:
        return
    first_key, first_values = rows[0]
    postgres = is_postgres(engine)
    sql = _upsert_statement(table, tuple(first_key), tuple(first_values), postgres)
    if postgres:
        with engine.begin() as connection:
            connection.exec_driver_sql(sql, [{**key, **values} for key, values in rows])
        return
    _sqlite_write(engine, sql, [(*key.values(), *values.values()) for key, values in rows])


def _sqlite_write(engine: Engine, sql: str, rows: Sequence[tuple[Any, ...]]) -> int:
    """The statement once per row, in one transaction; the number of rows it changed."""
    params = [tuple(_sqlite_value(value) for value in row) for row in rows]
    # This process's SQLite writes take turns anyway (write_lock), so one connection kept
    # for these statements serves them all, without a pool checkout and reset each time.
    with write_lock(engine):
        connection = _sqlite_connection(engine)
        try:
            cursor = (
                connection.execute(sql, params[0])
                if len(params) == 1
                else connection.executemany(sql, params)
            )
            changed: int = cursor.rowcount
            connection.commit()
        except sqlite3.Error as exc:
            connection.rollback()
            # As SQLAlchemy would have raised it, so callers handle one family of errors.
            raise DBAPIError.instance(sql, params, exc, sqlite3.Error) from exc
        return changed


_SQLITE_CONNECTIONS: WeakKeyDictionary[Engine, Any] = WeakKeyDictionary()


def _sqlite_connection(engine: Engine) -> Any:
    """The DB-API connection kept for `engine`'s inserts (callers hold its write lock)."""
    connection = _SQLITE_CONNECTIONS.get(engine)
    if connection is None:
        # Detached from the pool: it lives as long as the engine, with the engine's pragmas.
        pooled = engine.raw_connection()
        pooled.detach()
        connection = _SQLITE_CONNECTIONS[engine] = pooled.dbapi_connection
    return connection
