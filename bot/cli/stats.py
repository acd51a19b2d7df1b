"""`mailhelp stats`: what came up over the last days, and whether the answers helped."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.storage.interface import Stats

DEFAULT_DAYS = 30
MAX_DAYS = 3650


def positive_days(value: str) -> int:
    """argparse type for --days: a whole number of days from 1 to MAX_DAYS."""
    try:
        days = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of days") from None
    if not 1 <= days <= MAX_DAYS:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_DAYS} days, got {days}")
    return days


def format_table(stats: Stats) -> str:
    lines = [f"mailhelp, last {stats.days} day{'s' if stats.days != 1 else ''}"]
    if not stats.triages and not stats.checklists and not stats.escalations:
        lines.append("  nothing recorded in this period")
        return "\n".join(lines)
    rows = [
        ("triages", stats.triages),
        ("unrecognised", stats.unrecognised),
        ("helpful", stats.helpful),
        ("not helpful", stats.not_helpful),
        ("escalations", stats.escalations),
        ("checklists", stats.checklists),
    ]
    width = max(len(name) for name in (*(row[0] for row in rows), *stats.by_intent))
    lines.extend(f"  {name:<{width}}  {count:>6}" for name, count in rows)
    if stats.by_intent:
        lines.append("")
        lines.append("  by intent")
        lines.extend(f"  {name:<{width}}  {count:>6}" for name, count in stats.by_intent.items())
    return "\n".join(lines)


def run_stats(args: argparse.Namespace) -> int:
    from bot.settings import load_settings
    from bot.storage.startup import StorageUnavailable, read_store

    try:
        stats = read_store(
            load_settings().database_url, lambda store: store.stats(args.days, team_id=args.team)
        )
    except StorageUnavailable as exc:
        print(f"mailhelp stats: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(stats.as_dict(), ensure_ascii=False))
    else:
        print(format_table(stats))
    return 0


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="counts of triages, intents, feedback, escalations and checklists",
        description="Reads the database named by DATABASE_URL.",
    )
    parser.add_argument(
        "--days",
        type=positive_days,
        default=DEFAULT_DAYS,
        help=f"how many days back to count (default {DEFAULT_DAYS})",
    )
    parser.add_argument("--team", metavar="TEAM_ID", help="only this Slack workspace")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=run_stats)
