"""Time added to a Slack answer by recording a triage: background wrapper vs direct insert.

Runs on PostgreSQL (MAILHELP_BENCH_POSTGRES_URL, else MAILHELP_TEST_POSTGRES_URL, else a local
server with trust auth) in a schema of its own, dropped at the end:

    python bench/store_bench.py [--count N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

# Run as a script from a checkout, where the package may not be installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg
from sqlalchemy.engine import make_url

from bot.storage.background import BackgroundRecorder
from bot.storage.engine import mask_url, normalise_url
from bot.storage.interface import Surface, TriageRecord
from bot.storage.startup import StorageUnavailable, open_store
from bot.storage.writer import WriterTuning

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TARGET_P99_MS = 2.0
# A pasted bounce of typical length, with an address and a Message-ID to redact.
SAMPLE_TEXT = (
    "our invoices to billing@harborview.net bounce since Monday:\n"
    "550 5.7.1 Service unavailable, client host blocked using Spamhaus\n"
    "Message-ID: <20260310.8841.abc@mail.mailhelp.example>"
)


def _record(number: int) -> TriageRecord:
    return TriageRecord(
        team_id="T-bench",
        channel_id="C-bench",
        surface=Surface.CHANNEL,
        intent="blocked",
        confidence=0.83,
        text=SAMPLE_TEXT,
        evidence=({"rule": "smtp-5.7.1", "matched": "550 5.7.1", "weight": 0.6},),
        message_ts=f"1700000000.{number:06d}",
    )


def _timed(call: Callable[[TriageRecord], None], count: int, pause: float) -> list[float]:
    """Milliseconds each call took as its caller saw it."""
    spent: list[float] = []
    for number in range(count):
        record = _record(number)
        started = time.perf_counter()
        call(record)
        spent.append((time.perf_counter() - started) * 1000)
        if pause:
            time.sleep(pause)
    return spent


def _row(name: str, samples: Sequence[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"{name:44} {len(ordered):>6} {statistics.median(ordered):>9.3f} "
        f"{p99:>9.3f} {ordered[-1]:>9.3f}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="records per measurement")
    args = parser.parse_args(argv)

    base = os.environ.get("MAILHELP_BENCH_POSTGRES_URL") or os.environ.get(
        "MAILHELP_TEST_POSTGRES_URL", DEFAULT_URL
    )
    admin_url = make_url(normalise_url(base)).set(drivername="postgresql")
    schema = f"mailhelp_bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(
            admin_url.render_as_string(False), autocommit=True, connect_timeout=3
        )
    except psycopg.Error as exc:
        print(f"store_bench: PostgreSQL at {mask_url(base)} is unreachable: {exc}", file=sys.stderr)
        return 2
    admin.execute(f'CREATE SCHEMA "{schema}"')
    url = (
        make_url(normalise_url(base))
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
    try:
        store = open_store(url)
    except StorageUnavailable as exc:
        print(f"store_bench: {exc}", file=sys.stderr)
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        return 2
    try:
        # Warm the pool and the statement caches so neither measurement pays for start-up.
        for number in range(20):
            store.record_triage(_record(number))
        direct = _timed(store.record_triage, args.count // 4, pause=0.0)

        recorder = BackgroundRecorder(store, tuning=WriterTuning(queue_size=args.count))
        burst = _timed(recorder.record_triage, args.count, pause=0.0)
        recorder.flush(timeout=120)
        paced = _timed(recorder.record_triage, args.count // 4, pause=0.002)
        recorder.flush(timeout=120)
        dropped = recorder.dropped
        recorder.close()
    finally:
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        admin.close()

    print(f"PostgreSQL {mask_url(base)}, one triage record per call, times in ms")
    print(f"{'measurement':44} {'calls':>6} {'p50':>9} {'p99':>9} {'max':>9}")
    print(_row("direct synchronous insert (SqlStore)", direct))
    print(_row("background wrapper, burst (caller's time)", burst))
    print(_row("background wrapper, one every 2 ms", paced))
    worst_p99 = max(sorted(s)[int(len(s) * 0.99)] for s in (burst, paced))
    verdict = "met" if worst_p99 < TARGET_P99_MS else "MISSED"
    print(f"target p99 < {TARGET_P99_MS} ms for the wrapper: {verdict}; dropped records: {dropped}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
