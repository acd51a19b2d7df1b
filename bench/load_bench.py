"""Load bench: 1,000 signed mentions, 20 at a time, against the Procfile web process.

A bare Bolt app that only acknowledges runs beside it with the same gunicorn settings, and the
two take turns (three rounds each by default), so the table shows what mailhelp's own work
costs even when other work on the machine comes and goes. Run: `python bench/load_bench.py`.
Targets: p99 ack latency under 100 ms, at least 80% of the bare app's acks per second,
exactly one reply in the thread of every mention, p99 time from ack to reply under 1 s, and
under 2.5 ms of CPU (all of the web process's processes) per mention, replies included.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fake_slack.events import event_request, mention  # noqa: E402
from fake_slack.process import FakeSlackProcess  # noqa: E402
from fake_slack.web import (  # noqa: E402
    WebProcess,
    free_port,
    procfile_command,
    run_release,
    scrubbed_env,
)

SECRET = "bench-signing-secret"
P99_TARGET_MS = 100.0
THROUGHPUT_TARGET = 0.80
REPLY_P99_TARGET_MS = 1000.0
CPU_TARGET_MS = 2.5
TICKS_PER_S = os.sysconf("SC_CLK_TCK")
# Varied wording so the matcher does real work on every mention.
TEXTS = (
    "our invoice to bob@hotmail.com bounced: 550 5.7.1 Service unavailable; S3150 blocked",
    "mail to anna@example.org says 552 5.2.2 mailbox full, quota exceeded",
    "the customer at outlook.com never got it, log shows 250 2.6.0 Queued mail for delivery",
    "newsletter keeps landing in junk for gmail users since Tuesday",
    "SPF and DKIM records still pending, the domain will not verify after two days",
    "550 5.1.1 user unknown for jane@gmial.com, I think it is a typo",
)
BARE_APP = "fake_slack.bare_app:create_bare_app()"


@dataclass
class Run:
    """One app's results over every round: latencies and statuses pooled, rates per round."""

    name: str
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    rates: list[float] = field(default_factory=list)
    answered_once: int = 0
    asked: int = 0
    # From sending a mention to its reply reaching Slack: what the person waits for.
    reply_ms: list[float] = field(default_factory=list)
    # From the ack of a mention to its reply reaching Slack: the window a crash could hit.
    ack_to_reply_ms: list[float] = field(default_factory=list)
    cpu_s: float = 0.0
    handled: int = 0

    @property
    def cpu_ms_per_mention(self) -> float:
        return self.cpu_s * 1000 / self.handled if self.handled else 0.0

    @property
    def acks_per_second(self) -> float:
        """The median round, so one round disturbed by other work on the machine counts less."""
        return statistics.median(self.rates) if self.rates else 0.0

    @property
    def replies(self) -> str:
        return f"{self.answered_once}/{self.asked} exactly one" if self.asked else "n/a"

    def percentile(self, share: float, samples: list[float] | None = None) -> float:
        ordered = sorted(self.latencies_ms if samples is None else samples)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def cpu_seconds(pid: int) -> float:
    """User and system CPU of `pid` and its children (gunicorn's workers), living or reaped."""
    total = 0.0
    for process in [pid, *children(pid)]:
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # utime, stime, cutime, cstime: fields 14-17 of proc(5), counted after the name.
        total += sum(int(value) for value in fields[11:15]) / TICKS_PER_S
    return total


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def send_all(
    web: WebProcess, channel: str, count: int, concurrency: int, run: Run
) -> tuple[dict[str, float], dict[str, float]]:
    """Send `count` mentions from `concurrency` threads; each mention's send and ack times."""
    events = [mention(TEXTS[i % len(TEXTS)], channel=channel) for i in range(count)]
    bodies = [event_request(event) for event in events]
    next_index = iter(range(count))
    lock = threading.Lock()
    sent_at = [0.0] * count
    acked_at = [0.0] * count

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", web.port, timeout=30)
        while True:
            with lock:
                index = next(next_index, None)
            if index is None:
                break
            request = bodies[index]
            headers = request.headers(SECRET)
            sent_at[index] = time.time()
            started = time.perf_counter()
            try:
                connection.request("POST", "/slack/events", request.body.encode(), headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", web.port, timeout=30)
                status = 0
            elapsed = (time.perf_counter() - started) * 1000
            acked_at[index] = time.time()
            with lock:
                run.latencies_ms.append(elapsed)
                run.statuses[status] += 1
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    acked_before = run.statuses[200]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    acked = run.statuses[200] - acked_before
    run.rates.append(acked / seconds if seconds else 0.0)
    sent = {event["ts"]: sent_at[i] for i, event in enumerate(events)}
    acked = {event["ts"]: acked_at[i] for i, event in enumerate(events)}
    return sent, acked


def count_replies(
    fake: FakeSlackProcess, channel: str, asked: dict[str, float], timeout: float
) -> tuple[int, int, list[dict[str, object]]]:
    """Wait for the replies; count the mentions that got exactly one, and how long each took."""
    deadline = time.monotonic() + timeout
    while True:
        # Narrowed by the fake itself: every round adds a thousand calls to what it holds.
        posts = fake.calls(method="chat.postMessage", channel=channel)
        if len(posts) >= len(asked) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    per_thread = Counter(c.get("thread_ts") for c in posts)
    once = [
        post
        for post in posts
        if post.get("thread_ts") in asked and per_thread[post["thread_ts"]] == 1
    ]
    return sum(1 for ts in asked if per_thread[ts] == 1), len(asked), once


def start(
    app_spec: str | None, fake: FakeSlackProcess, scratch: Path, args: argparse.Namespace
) -> WebProcess:
    """The Procfile's web process; for the bare app, the same line with its app swapped in."""
    port = free_port()
    command = procfile_command(ROOT / "Procfile", port)
    if app_spec is not None:
        command = [app_spec if "create_wsgi_app" in part else part for part in command]
        command += ["--pythonpath", str(ROOT / "tests")]
    env = scrubbed_env(
        PORT=str(port),
        SLACK_API_URL=f"{fake.base_url}/api/",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_BOT_TOKEN="xoxb-bench",
        DATABASE_URL=args.database_url or f"sqlite:///{scratch / 'bench.sqlite3'}",
        LOG_LEVEL="WARNING",
    )
    if app_spec is None:
        # As a platform deploys: the release phase migrates, then the web process starts.
        run_release(ROOT / "Procfile", env=env, cwd=ROOT)
    return WebProcess(command, port=port, env=env, cwd=ROOT)


def burst(
    web: WebProcess,
    run: Run,
    channel: str,
    count: int,
    fake: FakeSlackProcess,
    args: argparse.Namespace,
) -> None:
    cpu_before = cpu_seconds(web.pid)
    asked, acked = send_all(web, channel, count, args.concurrency, run)
    if run.name == "mailhelp":
        # Every reply goes out before the next burst, so no round inherits another's work.
        once, total, posts = count_replies(fake, channel, asked, timeout=args.reply_timeout)
        run.answered_once += once
        run.asked += total
        for post in posts:
            ts = str(post["thread_ts"])
            run.reply_ms.append((float(post["at"]) - asked[ts]) * 1000)  # type: ignore[arg-type]
            run.ack_to_reply_ms.append((float(post["at"]) - acked[ts]) * 1000)  # type: ignore[arg-type]
    else:
        # The bare app has nothing to do after its acks; a moment for them to leave its books.
        time.sleep(0.5)
    run.cpu_s += cpu_seconds(web.pid) - cpu_before
    run.handled += count


def bench(fake: FakeSlackProcess, args: argparse.Namespace) -> list[Run]:
    """Both apps run side by side; their bursts alternate, so drift hits both alike."""
    runs = [Run("mailhelp"), Run("bare Bolt")]
    with tempfile.TemporaryDirectory() as scratch, ExitStack() as stack:
        apps = [
            stack.enter_context(start(spec, fake, Path(scratch), args)) for spec in (None, BARE_APP)
        ]
        for web, run in zip(apps, runs, strict=True):
            burst(web, Run(run.name), f"C0WARM{run.name[:4].upper()}", args.warmup, fake, args)
        for round_number in range(args.rounds):
            for web, run in zip(apps, runs, strict=True):
                channel = f"C0R{round_number}{run.name[:4].upper()}"
                burst(web, run, channel, args.mentions, fake, args)
    return runs


def report(runs: list[Run]) -> bool:
    app, bare = runs
    ratio = app.acks_per_second / bare.acks_per_second if bare.acks_per_second else 0.0
    rows = [
        (
            "rounds x mentions",
            *(f"{len(r.rates)} x {len(r.latencies_ms) // max(1, len(r.rates))}" for r in runs),
        ),
        ("acked (HTTP 200)", *(str(r.statuses[200]) for r in runs)),
        ("other statuses", *(str(sum(r.statuses.values()) - r.statuses[200]) for r in runs)),
        ("acks/s in each round", *(" ".join(f"{rate:.0f}" for rate in r.rates) for r in runs)),
        ("acks/s (median round)", *(f"{r.acks_per_second:.1f}" for r in runs)),
        ("p50 ack latency (ms)", *(f"{r.percentile(0.50):.1f}" for r in runs)),
        ("p99 ack latency (ms)", *(f"{r.percentile(0.99):.1f}" for r in runs)),
        ("mean ack latency (ms)", *(f"{statistics.fmean(r.latencies_ms):.1f}" for r in runs)),
        ("replies per mention", *(r.replies for r in runs)),
        (
            "p50 / p99 time to reply (ms)",
            *(
                f"{r.percentile(0.5, r.reply_ms):.0f} / {r.percentile(0.99, r.reply_ms):.0f}"
                if r.reply_ms
                else "n/a"
                for r in runs
            ),
        ),
        (
            "p50 / p99 ack to reply (ms)",
            *(
                f"{r.percentile(0.5, r.ack_to_reply_ms):.0f} / "
                f"{r.percentile(0.99, r.ack_to_reply_ms):.0f}"
                if r.ack_to_reply_ms
                else "n/a"
                for r in runs
            ),
        ),
        ("CPU ms per mention", *(f"{r.cpu_ms_per_mention:.2f}" for r in runs)),
    ]
    width = max(len(row[0]) for row in rows)
    print(f"\n{'':<{width}}  {app.name:>22}  {bare.name:>22}")
    for label, first, second in rows:
        print(f"{label:<{width}}  {first:>22}  {second:>22}")
    p99 = app.percentile(0.99)
    p99_ok = p99 < P99_TARGET_MS
    ratio_ok = ratio >= THROUGHPUT_TARGET
    replies_ok = app.asked == len(app.latencies_ms) and app.answered_once == app.asked
    verdict = {True: "ok", False: "MISSED"}
    wanted = f">= {THROUGHPUT_TARGET:.0%}"
    print(f"\nthroughput vs bare Bolt: {ratio:.1%} (target {wanted}) {verdict[ratio_ok]}")
    print(f"p99 ack latency: {p99:.1f} ms (target < {P99_TARGET_MS:.0f} ms) {verdict[p99_ok]}")
    print(f"every mention answered exactly once: {verdict[replies_ok]}")
    reply_p99 = app.percentile(0.99, app.ack_to_reply_ms)
    reply_ok = reply_p99 < REPLY_P99_TARGET_MS
    cpu_ok = app.cpu_ms_per_mention < CPU_TARGET_MS
    print(
        f"p99 ack to reply: {reply_p99:.0f} ms (target < {REPLY_P99_TARGET_MS:.0f} ms) "
        f"{verdict[reply_ok]}"
    )
    print(
        f"CPU per mention: {app.cpu_ms_per_mention:.2f} ms (target < {CPU_TARGET_MS} ms) "
        f"{verdict[cpu_ok]}"
    )
    return p99_ok and ratio_ok and replies_ok and reply_ok and cpu_ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=60, help="unmeasured mentions first")
    parser.add_argument("--rounds", type=int, default=3, help="bursts per app, alternating")
    parser.add_argument(
        "--database-url",
        default=None,
        help="DATABASE_URL for mailhelp (default: a fresh SQLite file)",
    )
    parser.add_argument(
        "--reply-timeout", type=float, default=180.0, help="seconds to wait for replies"
    )
    args = parser.parse_args()
    with FakeSlackProcess() as fake:
        runs = bench(fake, args)
    return 0 if report(runs) else 1


if __name__ == "__main__":
    sys.exit(main())
