"""Claims are atomic: many threads and two OS processes racing for the same events."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from bot.storage.engine import make_engine
from bot.storage.sql_store import SqlStore
from bot.storage.tables import HandledEvent

REPO_ROOT = Path(__file__).resolve().parents[2]
KEYS = [f"T1:Ev{number:04d}" for number in range(200)]

# Each process waits for the go file, then claims every key with four threads and prints the
# keys it won.
CLAIMER = """
import json, sys, threading, time
from pathlib import Path
from bot.storage.engine import make_engine
from bot.storage.sql_store import SqlStore

url, go, keys = sys.argv[1], Path(sys.argv[2]), json.loads(sys.argv[3])
store = SqlStore(make_engine(url))
store.claim_event("warm-up-" + str(id(store)))
won, lock = [], threading.Lock()

def claim(order):
    for key in order:
        if store.claim_event(key):
            with lock:
                won.append(key)

orders = [keys, keys[::-1]] * 2
threads = [threading.Thread(target=claim, args=(order,)) for order in orders]
deadline = time.monotonic() + 60
while not go.exists() and time.monotonic() < deadline:
    time.sleep(0.005)
for t in threads:
    t.start()
for t in threads:
    t.join()
print(json.dumps(won))
"""


def test_many_threads_claiming_the_same_events_have_one_winner_each(database_url: str) -> None:
    store = SqlStore(make_engine(database_url))
    winners: Counter[str] = Counter()
    lock = threading.Lock()
    start = threading.Barrier(8)

    def claim(reverse: bool) -> None:
        start.wait()
        for key in reversed(KEYS) if reverse else KEYS:
            if store.claim_event(key):
                with lock:
                    winners[key] += 1

    threads = [threading.Thread(target=claim, args=(i % 2 == 1,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    store.close()

    assert sorted(winners) == sorted(KEYS)
    assert set(winners.values()) == {1}


def test_two_processes_claiming_the_same_events_have_one_winner_each(
    database_url: str, tmp_path: Path
) -> None:
    go = tmp_path / "go"
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO_ROOT)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", CLAIMER, database_url, str(go), json.dumps(KEYS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=tmp_path,
        )
        for _ in range(2)
    ]
    # Both have imported and connected by the time the warm-up claims exist.
    _wait_for_warm_ups(database_url, count=2)
    go.touch()
    outputs = [process.communicate(timeout=120) for process in processes]

    assert [process.returncode for process in processes] == [0, 0], outputs
    won = [json.loads(stdout) for stdout, _ in outputs]
    assert sorted(won[0] + won[1]) == sorted(KEYS)
    assert not set(won[0]) & set(won[1])


def _wait_for_warm_ups(database_url: str, *, count: int) -> None:
    engine = make_engine(database_url)
    warm_ups = select(func.count()).where(HandledEvent.event_key.startswith("warm-up-"))
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            with engine.connect() as connection:
                found = connection.execute(warm_ups).scalar()
            if found == count:
                return
            time.sleep(0.02)
    finally:
        engine.dispose()
    raise AssertionError("the claiming processes did not start within a minute")
