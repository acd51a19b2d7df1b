"""The recorder keeps the database off the answer's path and survives it being down."""

from __future__ import annotations

import logging
import shutil
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from clocks import FixedClock
from sqlalchemy import select, text

from bot.storage.background import BackgroundRecorder
from bot.storage.engine import make_engine
from bot.storage.gate import DatabaseGate
from bot.storage.interface import (
    ChecklistRecord,
    FeedbackRecord,
    Store,
    Surface,
    Took,
    TriageRecord,
)
from bot.storage.memory import MemoryStore
from bot.storage.rows import Record
from bot.storage.sql_store import SqlStore
from bot.storage.startup import StorageUnavailable
from bot.storage.tables import Base, HandledEvent, Triage
from bot.storage.workspace_sql import SqlWorkspaceStore
from bot.storage.workspaces import Diagnosis
from bot.storage.writer import WriterTuning

PASSWORD = "Sw0rdfish"


def _triage(team: str = "T1", text: str = "mail to bob@corp.io bounced") -> TriageRecord:
    return TriageRecord(
        team_id=team,
        channel_id="C1",
        surface=Surface.MENTION,
        intent="bounce",
        confidence=0.7,
        text=text,
    )


class Ticker:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


class StalledStore(SqlStore):
    """A real store whose record writes and claims wait until the test lets them through."""

    def __init__(self, url: str) -> None:
        super().__init__(make_engine(url))
        self.entered = threading.Event()
        self.release = threading.Event()

    def _stall(self) -> None:
        self.entered.set()
        if not self.release.wait(30):
            raise TimeoutError("the test never released the write")

    def record_many(self, records: Sequence[Record]) -> None:
        self._stall()
        super().record_many(records)

    def claim_answer(
        self,
        team_id: str,
        channel_id: str,
        thread_ts: str,
        intent: str,
        work_key: str | None = None,
    ) -> bool:
        self._stall()
        return super().claim_answer(team_id, channel_id, thread_ts, intent, work_key)


@pytest.fixture
def broken_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"postgresql://mailhelp:{PASSWORD}@127.0.0.1:{port}/mailhelp"


@pytest.fixture
def ticker() -> Ticker:
    return Ticker()


@pytest.fixture
def broken_recorder(broken_url: str, ticker: Ticker) -> Iterator[BackgroundRecorder]:
    recorder = BackgroundRecorder(
        SqlStore(make_engine(broken_url)), fallback=MemoryStore(), clock=ticker
    )
    yield recorder
    recorder.close(timeout=1.0)


def _failures(caplog: pytest.LogCaptureFixture, phrase: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if phrase in r.getMessage()]


def test_recorder_satisfies_the_store_protocol(database_url: str) -> None:
    recorder = BackgroundRecorder(SqlStore(make_engine(database_url)))
    as_protocol: Store = recorder
    assert as_protocol.claim_event("protocol-check")
    recorder.close()


def test_records_reach_the_database_in_the_background(database_url: str) -> None:
    recorder = BackgroundRecorder(SqlStore(make_engine(database_url)))
    recorder.record_triage(_triage())
    recorder.record_feedback(FeedbackRecord("T1", "C1", "1.1", "bounce", helpful=False))
    recorder.record_checklist(ChecklistRecord("T1", "C1", "bounce"))
    assert recorder.flush(timeout=30)
    stats = recorder.stats(1)
    recorder.close()
    assert (stats.triages, stats.not_helpful, stats.checklists) == (1, 1, 1)


def test_the_caller_does_not_wait_for_a_slow_write(database_url: str) -> None:
    store = StalledStore(database_url)
    recorder = BackgroundRecorder(store)
    recorder.record_triage(_triage())
    # Back here while the write is still held inside the database call.
    assert store.entered.wait(30)
    assert not store.release.is_set()
    store.release.set()
    assert recorder.flush(timeout=30)
    assert recorder.stats(1).triages == 1
    recorder.close()


def test_a_full_queue_drops_the_newest_record_instead_of_blocking(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    store = StalledStore(database_url)
    recorder = BackgroundRecorder(store, tuning=WriterTuning(queue_size=1))
    recorder.record_triage(_triage())
    assert store.entered.wait(30)
    recorder.record_triage(_triage())
    with caplog.at_level(logging.ERROR):
        recorder.record_triage(_triage(team="T-dropped"))
    assert recorder.dropped == 1
    assert _failures(caplog, "storage queue full (1 records), dropped a triage for team T-dropped")
    store.release.set()
    assert recorder.flush(timeout=30)
    assert recorder.stats(1).triages == 2
    recorder.close()


def test_answers_keep_coming_when_the_database_is_down(
    broken_recorder: BackgroundRecorder,
) -> None:
    assert broken_recorder.claim_event("T1:Ev1") is True
    assert broken_recorder.claim_event("T1:Ev1") is False
    assert broken_recorder.claim_answer("T1", "C1", "1.1", "spam") is True
    assert broken_recorder.claim_answer("T1", "C1", "1.1", "spam") is False
    assert broken_recorder.is_watched("T1", "C1") is False
    broken_recorder.record_triage(_triage())
    # Kept for when the database is back, neither written nor dropped.
    assert broken_recorder.flush(timeout=0.5) is False
    assert broken_recorder.dropped == 0
    health = str(broken_recorder.health())
    assert "postgresql+psycopg://mailhelp:***@" in health and "Connection refused" in health


def test_an_outage_is_logged_once_per_minute_without_the_password(
    broken_recorder: BackgroundRecorder, ticker: Ticker, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        for number in range(5):
            broken_recorder.claim_event(f"T1:Ev{number}")
        broken_recorder.gate.failed("write records", "still down")
        ticker.now += 61
        broken_recorder.gate.failed("write records", "still down")

    failures = _failures(caplog, "answering from memory until it is back")
    assert len(failures) == 2
    assert "could not claim a request in postgresql+psycopg://mailhelp:***@127.0.0.1" in failures[0]
    assert failures[1].endswith("(1 more like this since the last report)")
    assert all(PASSWORD not in record.getMessage() for record in caplog.records)


def test_a_hung_database_is_given_up_on_and_answered_from_memory(database_url: str) -> None:
    store = StalledStore(database_url)
    # Calls on threads of the gate's own, as on PostgreSQL (SQLite's file cannot hang).
    recorder = BackgroundRecorder(store, gate=DatabaseGate(store, direct=False))

    # Back here, from memory, while the database call is still held.
    assert recorder.claim_answer("T1", "C1", "1.1", "spam") is True
    assert store.entered.is_set() and not store.release.is_set()
    assert "no answer within 0.5 s" in str(recorder.health())
    assert recorder.claim_answer("T1", "C1", "1.1", "spam") is False
    store.release.set()
    recorder.close()


def test_claims_made_during_an_outage_reach_the_database_when_it_is_back(
    own_database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    store = SqlStore(make_engine(own_database_url))
    recorder = BackgroundRecorder(store, fallback=MemoryStore())
    with store.engine.begin() as connection:
        connection.execute(text("DROP TABLE handled_events"))
    with caplog.at_level(logging.ERROR):
        assert recorder.claim_event("T1:Ev1") is True
    assert _failures(caplog, "could not claim a request in")
    Base.metadata.create_all(store.engine, tables=[HandledEvent.__table__])  # type: ignore[list-item]

    assert recorder.gate.wait_up(30)
    assert recorder.claim_event("T1:Ev1") is False
    assert recorder.claim_event("T1:Ev2") is True
    with store.engine.connect() as connection:
        kept = connection.execute(select(HandledEvent.event_key)).scalars().all()
    recorder.close()
    assert sorted(kept) == ["T1:Ev1", "T1:Ev2"]


def test_a_retry_during_an_outage_of_an_event_handled_before_it_is_refused(
    own_database_url: str,
) -> None:
    store = SqlStore(make_engine(own_database_url))
    recorder = BackgroundRecorder(store, fallback=MemoryStore())
    assert recorder.claim_event("T1:Ev1") is True
    with store.engine.begin() as connection:
        connection.execute(text("DROP TABLE handled_events"))

    assert recorder.claim_event("T1:Ev1") is False
    recorder.close()


def test_the_delivery_that_won_the_claim_answers_when_a_refused_one_got_here_first(
    own_database_url: str,
) -> None:
    # Two deliveries of one event in one process: the database gives the claim to the first,
    # but the second, refused, gets back from the database before the first does.
    store = SqlStore(make_engine(own_database_url))
    recorder = BackgroundRecorder(store, fallback=MemoryStore())
    take = store.work.take
    inserted = threading.Event()
    refused_done = threading.Event()

    def slow_winner(key: str, body: str | None, lease_s: float) -> bool:
        took = take(key, body, lease_s)
        if took:
            inserted.set()
            assert refused_done.wait(10)
        return took

    store.work.take = slow_winner  # type: ignore[method-assign]
    results: dict[str, Took] = {}

    def deliver(name: str) -> None:
        results[name] = recorder.take_work("event:Ev1", "{}", 8.0)

    winner = threading.Thread(target=deliver, args=("original",))
    winner.start()
    assert inserted.wait(10)
    deliver("retry")
    refused_done.set()
    winner.join(10)
    recorder.close()

    assert results == {"original": Took.DURABLE, "retry": Took.DUPLICATE}


def test_a_watch_setting_that_could_not_be_stored_says_so(
    broken_recorder: BackgroundRecorder,
) -> None:
    with pytest.raises(StorageUnavailable):
        broken_recorder.set_watched("T1", "C1", True)

    assert broken_recorder.is_watched("T1", "C1") is False


def test_watched_channels_are_remembered_through_an_outage(own_database_url: str) -> None:
    store = SqlStore(make_engine(own_database_url))
    recorder = BackgroundRecorder(store, fallback=MemoryStore(), watch_cache_seconds=0)
    recorder.set_watched("T1", "C-support", True)
    assert recorder.is_watched("T1", "C-support") is True
    with store.engine.begin() as connection:
        connection.execute(text("DROP TABLE watched_channels"))
    assert recorder.is_watched("T1", "C-support") is True
    assert recorder.is_watched("T1", "C-random") is False
    recorder.close()


def test_a_watch_set_by_another_process_is_seen_once_the_cached_answer_expires(
    database_url: str, ticker: Ticker
) -> None:
    store = SqlStore(make_engine(database_url))
    recorder = BackgroundRecorder(store, clock=ticker, watch_cache_seconds=10)
    assert recorder.is_watched("T1", "C-busy") is False
    # Another web process switches the channel on, straight in the shared database.
    SqlStore(make_engine(database_url)).set_watched("T1", "C-busy", True)
    assert recorder.is_watched("T1", "C-busy") is False, "still the cached answer"
    ticker.now += 11
    assert recorder.is_watched("T1", "C-busy") is True
    recorder.set_watched("T1", "C-busy", False)
    assert recorder.is_watched("T1", "C-busy") is False, "this process's own change is seen at once"
    recorder.close()


def test_stats_on_a_broken_database_say_so_without_the_password(
    broken_recorder: BackgroundRecorder,
) -> None:
    with pytest.raises(StorageUnavailable, match=r"cannot read statistics from .*mailhelp:\*\*\*@"):
        broken_recorder.stats(7)


@pytest.mark.postgres
def test_a_record_the_database_rejects_is_dropped_without_retrying(
    postgres_session_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = BackgroundRecorder(SqlStore(make_engine(postgres_session_url)))
    with caplog.at_level(logging.ERROR):
        recorder.record_triage(_triage(team="T" * 300))
        assert recorder.flush(timeout=30)
    recorder.close()
    (failure,) = _failures(caplog, "could not record a triage")
    assert "dropped it: StringDataRightTruncation" in failure


def test_retention_runs_when_the_recorder_starts(
    clocked_store: SqlStore, fixed_clock: FixedClock
) -> None:
    old = replace(_triage(text="ancient bounce"), at=fixed_clock.now - timedelta(days=120))
    clocked_store.record_triage(old)
    recorder = BackgroundRecorder(clocked_store)
    recorder.record_triage(_triage(text="fresh bounce"))
    assert recorder.flush(timeout=30)
    with clocked_store.engine.connect() as connection:
        texts = connection.execute(select(Triage.text).order_by(Triage.at)).scalars().all()
    recorder.close()
    assert texts == [None, "fresh bounce"]


def test_close_writes_what_was_queued(database_url: str) -> None:
    recorder = BackgroundRecorder(SqlStore(make_engine(database_url)))
    for _ in range(20):
        recorder.record_triage(_triage())
    recorder.close(timeout=30)
    reopened = SqlStore(make_engine(database_url))
    assert reopened.stats(1).triages == 20
    reopened.close()


def _rows_in_main_file(database: Path, scratch: Path) -> int:
    """Triage rows in the database file alone, as if its write-ahead log were lost."""
    copy = scratch / "main-file-only.sqlite3"
    shutil.copyfile(database, copy)
    with sqlite3.connect(copy) as connection:
        try:
            return int(connection.execute("SELECT count(*) FROM triages").fetchone()[0])
        except sqlite3.OperationalError:
            # Not even the table has reached the file yet.
            return 0


def test_the_writer_checkpoints_sqlite_so_claims_never_have_to(tmp_path: Path) -> None:
    database = tmp_path / "claims.sqlite3"
    url = f"sqlite:///{database}"
    creator = make_engine(url)
    Base.metadata.create_all(creator)
    creator.dispose()
    engine = make_engine(url, background_checkpoints=True)
    with engine.connect() as connection:
        # No commit of this process copies the log into the file by itself...
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    recorder = BackgroundRecorder(SqlStore(engine), tuning=WriterTuning(checkpoint_interval=0.05))
    for number in range(50):
        recorder.record_triage(_triage(text=f"message {number}"))
    assert recorder.flush(timeout=30)
    scratch = tmp_path / "scratch"
    scratch.mkdir()

    # ... the writer's own checkpoint does, soon after.
    deadline = time.monotonic() + 30
    while _rows_in_main_file(database, scratch) < 50 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _rows_in_main_file(database, scratch) == 50
    recorder.close()


def test_other_processes_keep_sqlite_checkpointing_on_commit(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 1000


def test_diagnoses_reach_the_database_with_the_next_batch(database_url: str) -> None:
    engine = make_engine(database_url)
    recorder = BackgroundRecorder(SqlStore(engine))
    recorder.remember_diagnosis("T1", "C1", "1.1", Diagnosis("bounce", "aaa"))
    recorder.remember_diagnosis("T1", "C1", "1.1", Diagnosis("blocked", "bbb", "1.2"))
    assert recorder.flush(timeout=30)

    found = SqlWorkspaceStore(engine).diagnosis_in("T1", "C1", "1.1")
    recorder.close()
    # The later diagnosis of the thread wins, and its answer can be found by its own ts.
    assert found == ("1.1", Diagnosis("blocked", "bbb", "1.2"))


def test_a_refused_diagnosis_leaves_the_rest_of_its_batch_written(
    postgres_session_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    engine = make_engine(postgres_session_url)
    recorder = BackgroundRecorder(SqlStore(engine))
    key = "event:EvRefusedDiagnosis"
    assert recorder.take_work(key, '{"event": {}}', 60) is Took.DURABLE
    with caplog.at_level(logging.ERROR):
        # Too long for its column: the database refuses this one write.
        recorder.remember_diagnosis("T" * 300, "C1", "1.1", Diagnosis("bounce", "aaa"))
        recorder.finish_work(key)
        recorder.record_triage(_triage(text="kept despite the refusal"))
        assert recorder.flush(timeout=30)
    with engine.connect() as connection:
        body = connection.execute(
            select(HandledEvent.body).where(HandledEvent.event_key == key)
        ).scalar_one()
        kept = connection.execute(
            select(Triage.id).where(Triage.text == "kept despite the refusal")
        ).all()
    recorder.close()

    assert body is None and len(kept) == 1
    assert recorder.dropped == 1
    (failure,) = _failures(caplog, "could not write 1 diagnoses")
    assert "StringDataRightTruncation" in failure
