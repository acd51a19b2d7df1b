"""Fault bench: unsigned floods and killed workers, against the Procfile web process.

Flood: unsigned requests (50 MB announced, 1 MB sent, and malformed ones) from several
threads while signed mentions arrive every 20 ms; reports what each refusal cost the worker
(peak memory, time) and the real acks' latency meanwhile. Kill: bursts of 200 mentions with
a slow Slack API, the worker SIGKILLed at several moments after the last ack; reports how many
acknowledged mentions were never answered, and how many answered twice.
Targets: a refusal under 5 MB and 5 ms, real acks p99 under 100 ms during the flood, and
0 acknowledged mentions lost. Run: `python bench/fault_bench.py`.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fake_slack import FakeSlack  # noqa: E402
from fake_slack.events import event_request, mention  # noqa: E402
from fake_slack.web import (  # noqa: E402
    WebProcess,
    free_port,
    procfile_command,
    run_release,
    scrubbed_env,
)

SECRET = "fault-bench-secret"
TEXT = "mail to bob@hotmail.com bounced: 550 5.7.1 S3150 blocked"


def start(fake: FakeSlack, scratch: Path, name: str = "faults") -> WebProcess:
    port = free_port()
    env = scrubbed_env(
        PORT=str(port),
        SLACK_API_URL=fake.api_url,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_BOT_TOKEN="xoxb-bench",
        DATABASE_URL=f"sqlite:///{scratch / name}.sqlite3",
        LOG_LEVEL="WARNING",
    )
    # As a platform deploys: the release phase migrates, then the web process starts.
    run_release(ROOT / "Procfile", env=env, cwd=ROOT)
    return WebProcess(procfile_command(ROOT / "Procfile", port), port=port, env=env, cwd=ROOT)


def peak_rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def unsigned(port: int, kind: int) -> float:
    """One refused request; returns how long it took to be refused, in ms."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    try:
        if kind == 0:
            connection.putrequest("POST", "/slack/events")
            connection.putheader("Content-Type", "application/json")
            connection.putheader("Content-Length", str(50_000_000))
            connection.endheaders(b"[]," * 1000)
        else:
            body = b"[]," * 330_000 if kind == 1 else b'{"type": "event_callback", '
            connection.request(
                "POST",
                "/slack/events",
                body,
                {"Content-Type": "application/json", "X-Slack-Request-Timestamp": "1.7e9"},
            )
        connection.getresponse().read()
    except OSError:
        pass
    finally:
        connection.close()
    return (time.perf_counter() - started) * 1000


def flood(fake: FakeSlack, scratch: Path, args: argparse.Namespace) -> bool:
    with start(fake, scratch) as web:
        [worker] = web.worker_pids()
        # Warmed first, so the memory measured below is what the refusals cost, not the app's.
        for _ in range(50):
            web.post(event_request(mention(TEXT, channel="C0WARM")), secret=SECRET)
        fake.settle()
        peak_before = peak_rss_kb(worker)
        stop = threading.Event()
        refusals: list[float] = []
        acks: list[float] = []

        def attacker(offset: int) -> None:
            count = offset
            while not stop.is_set():
                refusals.append(unsigned(web.port, count % 3))
                count += 1

        threads = [threading.Thread(target=attacker, args=(n,)) for n in range(args.attackers)]
        for thread in threads:
            thread.start()
        # The refusals alone first: their memory is measured before real mentions join in.
        time.sleep(args.flood_seconds / 2)
        growth_mb = (peak_rss_kb(worker) - peak_before) / 1024
        deadline = time.monotonic() + args.flood_seconds / 2
        while time.monotonic() < deadline:
            started = time.perf_counter()
            web.post(event_request(mention(TEXT, channel="C0FLOOD")), secret=SECRET)
            acks.append((time.perf_counter() - started) * 1000)
            time.sleep(0.02)
        stop.set()
        for thread in threads:
            thread.join(30)
    refusals.sort()
    acks.sort()
    p99 = acks[int(0.99 * (len(acks) - 1))]
    median_refusal = statistics.median(refusals)
    print(f"\nflood: {len(refusals)} unsigned requests from {args.attackers} threads, ", end="")
    print(f"{len(acks)} signed mentions alongside")
    print(f"  worker peak memory growth under refusals: {growth_mb:.1f} MB (target < 5 MB)")
    print(f"  refusal time p50 / p99: {median_refusal:.1f} / ", end="")
    print(f"{refusals[int(0.99 * (len(refusals) - 1))]:.1f} ms (target p50 < 5 ms)")
    print(f"  real acks p50 / p99: {statistics.median(acks):.1f} / {p99:.1f} ms (target < 100 ms)")
    return growth_mb < 5 and median_refusal < 5 and p99 < 100


def kill(fake: FakeSlack, scratch: Path, args: argparse.Namespace) -> bool:
    lost_total = twice_total = 0
    for point, delay in enumerate(args.kill_after):
        channel = f"C0KILL{point}"
        events = [mention(TEXT, channel=channel) for _ in range(args.burst)]
        fake.reset()
        fake.slow_next("chat.postMessage", seconds=args.api_latency, times=args.burst)
        with start(fake, scratch, f"kill{point}") as web:
            statuses = send(web, [event_request(event) for event in events])
            time.sleep(delay)
            for worker in web.worker_pids():
                os.kill(worker, signal.SIGKILL)
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and len(replies(fake, channel)) < len(events):
                time.sleep(0.5)
            fake.settle(quiet=2.0)
        counts = replies(fake, channel)
        lost = sum(1 for event in events if counts[event["ts"]] == 0)
        twice = sum(count - 1 for count in counts.values() if count > 1)
        lost_total += lost
        twice_total += twice
        print(
            f"kill {delay * 1000:.0f} ms after the last ack: {statuses[200]} acked, "
            f"{lost} never answered, {twice} answered twice"
        )
    print(f"kill: {lost_total} lost in all (target 0), {twice_total} answered twice")
    return lost_total == 0


def send(web: WebProcess, requests: list[object], concurrency: int = 20) -> Counter[int]:
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    pending = iter(requests)

    def worker() -> None:
        while True:
            with lock:
                request = next(pending, None)
            if request is None:
                return
            status = web.post(request, secret=SECRET).status  # type: ignore[arg-type]
            with lock:
                statuses[status] += 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return statuses


def replies(fake: FakeSlack, channel: str) -> Counter[str]:
    return Counter(
        call.params.get("thread_ts")
        for call in fake.calls_to("chat.postMessage")
        if call.params.get("channel") == channel
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attackers", type=int, default=4)
    parser.add_argument("--flood-seconds", type=float, default=10.0)
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--api-latency", type=float, default=0.15, help="seconds per post")
    parser.add_argument("--kill-after", type=float, nargs="+", default=[0.0, 0.1, 0.3, 0.6, 1.0])
    args = parser.parse_args()
    with FakeSlack() as fake, tempfile.TemporaryDirectory() as scratch:
        flood_ok = flood(fake, Path(scratch), args)
        kill_ok = kill(fake, Path(scratch), args)
    return 0 if flood_ok and kill_ok else 1


if __name__ == "__main__":
    sys.exit(main())
