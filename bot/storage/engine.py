"""Engines and sessions from a DATABASE_URL: SQLite by default, PostgreSQL in production."""

from __future__ import annotations

import re
import threading
from contextlib import AbstractContextManager, nullcontext
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

# How long a SQLite writer waits for another process's lock before giving up. SQLite cannot
# hang the way a server can, so this bounds every call on the path of an answer (claims give
# up within half a second); the background writer keeps its batch and tries again.
SQLITE_BUSY_TIMEOUT_MS = 500
# Seconds to wait for a PostgreSQL server before calling it unreachable; libpq's minimum is 2.
# Claims do not wait this long: the gate (bot.storage.gate) gives up on them after 0.5 s.
POSTGRES_CONNECT_TIMEOUT_S = 2
# Server-side bound on any one statement; a stuck one would hold a pooled connection.
POSTGRES_STATEMENT_TIMEOUT_MS = 5000
# A partitioned server is noticed within about this long instead of the kernel's 15 minutes:
# unacknowledged data (tcp_user_timeout) and silent idle connections (keepalives).
POSTGRES_TCP_USER_TIMEOUT_MS = 10_000
POSTGRES_KEEPALIVE = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2}
# Seconds to wait for a free pooled connection before failing the call.
POOL_TIMEOUT_S = 2

_PASSWORD_IN_URL = re.compile(r"(?P<head>://[^:/@\s]*:)(?P<password>[^@\s]*)(?P<tail>@)")


class DatabaseUrlError(ValueError):
    """DATABASE_URL is not a URL this project can use."""


def normalise_url(url: str) -> str:
    """Point every PostgreSQL spelling (Heroku's postgres:// included) at the psycopg 3 driver."""
    text = url.strip()
    for prefix in ("postgres://", "postgresql://"):
        if text.startswith(prefix):
            return "postgresql+psycopg://" + text[len(prefix) :]
    return text


def mask_url(url: str) -> str:
    """The URL with its password replaced, safe to log or show."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return _PASSWORD_IN_URL.sub(r"\g<head>***\g<tail>", url)


def parse_url(url: str) -> URL:
    """Parse and check a DATABASE_URL, refusing backends the project does not support."""
    try:
        parsed = make_url(normalise_url(url))
    except (ArgumentError, ValueError) as exc:
        raise DatabaseUrlError(
            f"DATABASE_URL {mask_url(url)!r} is not a database URL; "
            "use sqlite:///path/to/file.sqlite3 or postgresql://user:password@host/db"
        ) from exc
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise DatabaseUrlError(
            f"DATABASE_URL {mask_url(url)!r} names the {parsed.get_backend_name()!r} backend; "
            "only sqlite:/// and postgresql:// URLs are supported"
        )
    return parsed


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def make_engine(url: str, *, echo: bool = False, background_checkpoints: bool = False) -> Engine:
    """Build an engine tuned for the backend the URL names; nothing connects yet.

    `background_checkpoints` (SQLite only) is for a process whose record writer checkpoints the
    write-ahead log itself (SqlStore.checkpoint): its other connections then never do.
    """
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, echo=echo, checkpoint_on_commit=not background_checkpoints)
    connect_args: dict[str, Any] = {
        "connect_timeout": POSTGRES_CONNECT_TIMEOUT_S,
        "tcp_user_timeout": POSTGRES_TCP_USER_TIMEOUT_MS,
        "keepalives_count": 3,
        **POSTGRES_KEEPALIVE,
    }
    # Pre-ping, because a load balancer or a server restart silently drops pooled connections.
    engine = create_engine(
        parsed,
        pool_pre_ping=True,
        pool_timeout=POOL_TIMEOUT_S,
        connect_args=connect_args,
        echo=echo,
    )

    @event.listens_for(engine, "connect")
    def _statement_timeout(dbapi_connection: Any, _record: Any) -> None:
        # Set per connection rather than through `options`, which a URL may already carry.
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {POSTGRES_STATEMENT_TIMEOUT_MS}")
        dbapi_connection.commit()

    return engine


def _sqlite_engine(parsed: URL, *, echo: bool, checkpoint_on_commit: bool) -> Engine:
    in_memory = parsed.database in (None, "", ":memory:")
    # In memory, one shared connection, or every pooled connection would see its own empty
    # database.
    pool: dict[str, Any] = {"poolclass": StaticPool} if in_memory else {}
    engine = create_engine(parsed, connect_args={"check_same_thread": False}, echo=echo, **pool)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            # First, so that even switching to WAL waits for another process's lock.
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            if not in_memory:
                # WAL lets readers (the stats command) run while the bot writes.
                cursor.execute("PRAGMA journal_mode=WAL")
                # With WAL this is still safe against crashes; only a power cut can lose the
                # last commits, and it spares a disk sync on every claim of a Slack event.
                cursor.execute("PRAGMA synchronous=NORMAL")
                if not checkpoint_on_commit:
                    # By default the commit that grows the log past 1,000 pages copies it into
                    # the database file while holding the write lock: in a burst, one claim in
                    # every few hundred held up every ack in flight for 100-200 ms.
                    cursor.execute("PRAGMA wal_autocheckpoint=0")
            cursor.execute("PRAGMA foreign_keys=ON")
        finally:
            cursor.close()

    return engine


_WRITE_LOCKS: WeakKeyDictionary[Engine, threading.Lock] = WeakKeyDictionary()
_LOCKS_LOCK = threading.Lock()


def write_lock(engine: Engine) -> AbstractContextManager[object]:
    """Held around a write transaction: on SQLite, this process's writers queue here.

    SQLite lets one writer in at a time; the others poll with growing sleeps until the busy
    timeout, and a writer that loses the GIL mid-transaction keeps the lock the whole while.
    Queued on a lock instead, they take turns at once, and the busy timeout is left to other
    processes. PostgreSQL needs no such thing.
    """
    if is_postgres(engine):
        return nullcontext()
    with _LOCKS_LOCK:
        lock = _WRITE_LOCKS.get(engine)
        if lock is None:
            lock = _WRITE_LOCKS[engine] = threading.Lock()
    return lock


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def describe_error(exc: BaseException, database_url: str | None = None) -> str:
    """One line naming a database failure: driver's own words, no SQL, no parameters, no password.

    SQLAlchemy's messages quote the statement and its parameters, which carry message text.
    """
    inner = getattr(exc, "orig", None) or exc
    lines = str(inner).strip().splitlines()
    detail = f"{type(inner).__name__}: {lines[0] if lines else 'no detail'}"
    password = _password_of(database_url) if database_url else None
    return detail.replace(password, "***") if password else detail


def _password_of(url: str) -> str | None:
    try:
        return make_url(normalise_url(url)).password
    except (ArgumentError, ValueError):
        match = _PASSWORD_IN_URL.search(url)
        return match["password"] if match and match["password"] else None
