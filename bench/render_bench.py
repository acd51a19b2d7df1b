"""Render speed: a full answer and an IT checklist for every intent, in every format.

    python bench/render_bench.py [--rounds N] [--check]

Prints p50/p99/max per kind and format, then overall; --check exits 1 when p99 misses the target.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import DEFAULT_INTENTS_PATH, DEFAULT_RESPONSES_DIR
from bot.entities.model import Entities, TypoHint
from bot.intents.catalog import Catalog
from bot.render import CaseDetails, Format, Renderer

TARGET_P99_MS = 5.0
# Every detail present, so every optional section renders: the slowest realistic case.
TEXT = (
    "our invoice mail from billing@lumenpay.com to p.ng@hotmial.com keeps failing:\n"
    "Remote Server returned '550 5.7.1 Unfortunately, messages from [198.51.100.23] weren't "
    "sent. Please contact your Internet service provider (S3150)'\n"
    "Subject: Invoice 1182, sent 2024-06-11 09:33 UTC, "
    "Message-ID <20240611093312.8f2c@mail.lumenpay.com>"
)
ENTITIES = Entities(
    sender="billing@lumenpay.com",
    recipient="p.ng@hotmial.com",
    addresses=("billing@lumenpay.com", "p.ng@hotmial.com"),
    domains=("lumenpay.com", "hotmial.com"),
    provider="microsoft",
    smtp_code="550",
    enhanced_code="5.7.1",
    date="2024-06-11 09:33 UTC",
    subject="Invoice 1182",
    message_id="<20240611093312.8f2c@mail.lumenpay.com>",
    typo_hints=(TypoHint("hotmial.com", "hotmail.com"),),
)


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _time(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def run(rounds: int) -> dict[tuple[str, Format], list[float]]:
    catalog = Catalog.load(DEFAULT_INTENTS_PATH, DEFAULT_RESPONSES_DIR)
    load_ms = _time(lambda: Renderer.load(DEFAULT_RESPONSES_DIR, catalog))
    print(f"Renderer.load (17 templates, checked by rendering each once): {load_ms:.1f} ms")
    renderer = Renderer.load(DEFAULT_RESPONSES_DIR, catalog)
    details = CaseDetails.from_entities(ENTITIES, TEXT)
    samples: dict[tuple[str, Format], list[float]] = {}
    for round_number in range(rounds + 1):
        for intent in catalog:
            for fmt in Format:
                answer = _time(
                    partial(
                        renderer.render_answer,
                        intent=intent,
                        entities=ENTITIES,
                        fmt=fmt,
                        text=TEXT,
                    )
                )
                checklist = _time(
                    partial(
                        renderer.render_checklist,
                        intent_id=intent.id,
                        title=intent.title,
                        details=details,
                        fmt=fmt,
                    )
                )
                if round_number == 0:
                    continue  # the first round warms caches and is not counted
                samples.setdefault(("answer", fmt), []).append(answer)
                samples.setdefault(("checklist", fmt), []).append(checklist)
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100, help="renders per intent and format")
    parser.add_argument("--check", action="store_true", help="exit 1 when p99 misses the target")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    gc.collect()
    samples = run(args.rounds)
    print(f"\n{'render':10} {'format':7} {'count':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for (kind, fmt), values in samples.items():
        print(
            f"{kind:10} {fmt.value:7} {len(values):6d} {statistics.median(values):8.3f} "
            f"{_percentile(values, 0.99):8.3f} {max(values):8.3f}"
        )
    everything = [value for values in samples.values() for value in values]
    p50 = statistics.median(everything)
    p99 = _percentile(everything, 0.99)
    verdict = "met" if p99 < TARGET_P99_MS else "MISSED"
    print(f"\nall renders: {len(everything)}, p50 {p50:.3f} ms, p99 {p99:.3f} ms")
    print(f"target p99 < {TARGET_P99_MS} ms: {verdict}")
    return 1 if args.check and p99 >= TARGET_P99_MS else 0


if __name__ == "__main__":
    sys.exit(main())
