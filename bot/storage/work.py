"""Acknowledged Slack requests kept until answered, so a crash loses none of them.

A small table rather than a queue library: the queues that are well kept run on PostgreSQL
alone (or on Redis), and this one must also run on the SQLite default. Each row is a claim (its
primary key), the request's body and a lease. The process that took a request renews the leases
of what it is working on; when a process dies its leases run out, and any live process takes
the work up with `FOR UPDATE SKIP LOCKED` on PostgreSQL (an immediate transaction on SQLite).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, select, update

from bot.storage.engine import is_postgres, write_lock
from bot.storage.fast_insert import insert_if_absent
from bot.storage.tables import EVENT_KEY, HandledEvent, utc_now


@dataclass(frozen=True, slots=True)
class StaleWork:
    """A request whose lease ran out: taken up again, with a fresh lease, by this process."""

    key: str
    body: str
    attempts: int


@dataclass(frozen=True, slots=True)
class Taken:
    work: list[StaleWork]
    # Keys given up because they failed too often; their bodies are cleared.
    abandoned: list[str]


def fit_key(key: str) -> str:
    """Keys longer than the column are hashed, which keeps them unique and comparable."""
    if len(key) <= EVENT_KEY:
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


class WorkTable:
    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._engine = engine
        self._clock = clock

    def take(self, key: str, body: str | None, lease_s: float) -> bool:
        """Claim `key`; with a body, keep it under a lease until finished. False if taken."""
        now = self._clock()
        return insert_if_absent(
            self._engine,
            HandledEvent.__tablename__,
            {
                "event_key": fit_key(key),
                "claimed_at": now,
                # PostgreSQL refuses NUL in text; Slack escapes it in JSON, so none should be.
                "body": body.replace("\x00", "") if body is not None else None,
                "lease_until": now + timedelta(seconds=lease_s) if body is not None else None,
                "attempts": 0,
            },
        )

    def finish(self, keys: Sequence[str]) -> None:
        """The work is done: the claim stays (retries are still refused), the body goes."""
        if not keys:
            return
        with write_lock(self._engine), self._engine.begin() as connection:
            connection.execute(
                update(HandledEvent)
                .where(HandledEvent.event_key.in_([fit_key(k) for k in keys]))
                .values(body=None, lease_until=None)
            )

    def renew(self, keys: Sequence[str], lease_s: float) -> None:
        if not keys:
            return
        until = self._clock() + timedelta(seconds=lease_s)
        with write_lock(self._engine), self._engine.begin() as connection:
            connection.execute(
                update(HandledEvent)
                .where(HandledEvent.event_key.in_([fit_key(k) for k in keys]))
                .where(HandledEvent.lease_until.is_not(None))
                .values(lease_until=until)
            )

    def take_stale(
        self, *, limit: int, lease_s: float, max_attempts: int, max_age_s: float
    ) -> Taken:
        """Unfinished work whose lease ran out, leased anew to the caller in one transaction.

        Work tried `max_attempts` times, or older than `max_age_s`, is given up instead.
        """
        now = self._clock()
        oldest = now - timedelta(seconds=max_age_s)
        query = (
            select(
                HandledEvent.event_key,
                HandledEvent.body,
                HandledEvent.attempts,
                HandledEvent.claimed_at,
            )
            .where(HandledEvent.lease_until.is_not(None), HandledEvent.lease_until < now)
            .order_by(HandledEvent.lease_until)
            .limit(limit)
        )
        postgres = is_postgres(self._engine)
        if postgres:
            # Rows another process is taking right now are skipped, not waited for.
            query = query.with_for_update(skip_locked=True)
        with write_lock(self._engine), self._engine.connect() as connection:
            if not postgres:
                # SQLite: the write lock first, so two processes never read the same rows.
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            rows = connection.execute(query).all()
            usable = {k for k, b, a, at in rows if b and a < max_attempts and at >= oldest}
            work = [StaleWork(k, b or "", a + 1) for k, b, a, _ in rows if k in usable]
            abandoned = [k for k, *_ in rows if k not in usable]
            if work:
                connection.execute(
                    update(HandledEvent)
                    .where(HandledEvent.event_key.in_([w.key for w in work]))
                    .values(
                        lease_until=now + timedelta(seconds=lease_s),
                        attempts=HandledEvent.attempts + 1,
                    )
                )
            if abandoned:
                connection.execute(
                    update(HandledEvent)
                    .where(HandledEvent.event_key.in_(abandoned))
                    .values(body=None, lease_until=None)
                )
            connection.commit()
        return Taken(work, abandoned)
