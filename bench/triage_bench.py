"""Triage speed: messages per second and latency for short messages, 4 KB and 40 KB pastes."""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import DEFAULT_INTENTS_PATH, DEFAULT_RESPONSES_DIR
from bot.engine import Engine
from bot.intents.decision import Thresholds

SHORT = (
    "our logs say delivered but the customer at hotmail never got the reset email",
    "550 5.7.1 Unfortunately, messages from [198.51.100.23] weren't sent (S3150)",
    "recipient mailbox is full, got a 452 4.2.2 back. do we just retry later?",
    "got ~200 out of office replies after the campaign",
    "the build is queued, runners are slow today",
    "customer typed jdoe@gmial.com at signup and the welcome mail bounced",
    "domain's still Pending after 2 days, added all the records in cloudflare",
    "standup moved to 10:30 tmrw",
    "sendgrid is dropping mails to one customer, drop reason 'Bounced Address'",
    "open rate jumped to 85% overnight, pretty sure that's apple mail privacy protection",
)

BOUNCE_HEAD = """\
Subject: Undelivered Mail Returned to Sender
From: MAILER-DAEMON@mail.ourapp.io (Mail Delivery System)
Message-ID: <20241104.9A1B2C3D4E@mail.ourapp.io>

This is the mail system at host mail.ourapp.io.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<tom@harborview.net>: host mail.harborview.net[203.0.113.61] said: 552 5.2.2
    <tom@harborview.net> Quota exceeded (mailbox for user is full) (in reply to
    end of DATA command)

Final-Recipient: rfc822; tom@harborview.net
Action: failed
Status: 5.2.2
Diagnostic-Code: smtp; 552 5.2.2 Quota exceeded (mailbox for user is full)

"""
QUOTED = (
    "> Hi Tom, please find the invoice for October attached. Let us know if anything is\n"
    "> unclear, and thanks again for the quick turnaround on the purchase order.\n"
)


def paste(size: int) -> str:
    body = BOUNCE_HEAD
    while len(body) < size:
        body += QUOTED
    return body[:size]


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(engine: Engine, texts: list[str], rounds: int) -> tuple[float, float, float]:
    for text in texts:
        engine.triage(text)
    samples: list[float] = []
    gc.disable()
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            begin = time.perf_counter()
            engine.triage(text)
            samples.append(time.perf_counter() - begin)
    total = time.perf_counter() - started
    gc.enable()
    return len(samples) / total, statistics.median(samples) * 1e3, percentile(samples, 0.99) * 1e3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=500, help="rounds over the short messages")
    args = parser.parse_args()

    started = time.perf_counter()
    engine = Engine.from_paths(
        intents_path=DEFAULT_INTENTS_PATH,
        responses_dir=DEFAULT_RESPONSES_DIR,
        thresholds=Thresholds(direct=0.45, unprompted=0.6),
    )
    startup_ms = (time.perf_counter() - started) * 1e3
    renderer_ms = None
    try:
        from bot.render.renderer import Renderer

        started = time.perf_counter()
        Renderer.load(DEFAULT_RESPONSES_DIR, list(engine.catalog))
        renderer_ms = (time.perf_counter() - started) * 1e3
    except ImportError:
        pass

    rows = [
        ("short messages", *measure(engine, list(SHORT), args.rounds)),
        ("4 KB pastes", *measure(engine, [paste(4_096)], max(50, args.rounds // 2))),
        ("40 KB pastes", *measure(engine, [paste(40_960)], max(20, args.rounds // 5))),
    ]
    tracemalloc.start()
    engine.triage(paste(40_960))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"{'workload':16} {'msgs/s':>10} {'p50 ms':>8} {'p99 ms':>8}")
    for name, rate, p50, p99 in rows:
        print(f"{name:16} {rate:10.0f} {p50:8.3f} {p99:8.3f}")
    print(f"\nstart-up: intents {startup_ms:.1f} ms", end="")
    if renderer_ms is not None:
        print(f", templates {renderer_ms:.1f} ms, total {startup_ms + renderer_ms:.1f} ms")
    else:
        print()
    print(f"peak memory of one 40 KB triage: {peak / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
