"""`mailhelp unmatched`: redacted messages the rules missed or answered unhelpfully, to label."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.cli.stats import DEFAULT_DAYS, positive_days

if TYPE_CHECKING:
    from bot.storage.queries import UnmatchedMessage

CSV_COLUMNS = (
    "at",
    "reason",
    "predicted_intent",
    "corrected_intent",
    "confidence",
    "surface",
    "text",
)
# A spreadsheet runs a cell starting with one of these as a formula; the text is user input.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_jsonl(messages: Iterable[UnmatchedMessage], out: TextIO) -> None:
    for message in messages:
        out.write(json.dumps(message.as_eval_line(), ensure_ascii=False) + "\n")


def write_csv(messages: Iterable[UnmatchedMessage], out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for message in messages:
        line = message.as_eval_line()
        writer.writerow([_cell(line[column]) for column in CSV_COLUMNS])


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def run_unmatched(args: argparse.Namespace) -> int:
    from bot.settings import load_settings
    from bot.storage.startup import StorageUnavailable, read_store

    try:
        messages = read_store(
            load_settings().database_url,
            lambda store: store.unmatched(args.days, team_id=args.team),
        )
    except StorageUnavailable as exc:
        print(f"mailhelp unmatched: {exc}", file=sys.stderr)
        return 1
    write = write_jsonl if args.format == "jsonl" else write_csv
    if args.output is None:
        write(messages, sys.stdout)
    else:
        try:
            with Path(args.output).open("w", encoding="utf-8", newline="") as out:
                write(messages, out)
        except OSError as exc:
            print(
                f"mailhelp unmatched: cannot write {args.output}: {exc.strerror}", file=sys.stderr
            )
            return 1
    print(f"{len(messages)} message(s) from the last {args.days} days", file=sys.stderr)
    return 0


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "unmatched",
        help='export messages the rules did not recognise or that got "Didn\'t help"',
        description=(
            "Addresses and Message-IDs are masked. With --format jsonl each line has "
            '"text" and "intent": null; fill in the intent and the file works with mailhelp eval.'
        ),
    )
    parser.add_argument(
        "--days",
        type=positive_days,
        default=DEFAULT_DAYS,
        help=f"how many days back to look (default {DEFAULT_DAYS})",
    )
    parser.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    parser.add_argument("--team", metavar="TEAM_ID", help="only this Slack workspace")
    parser.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    parser.set_defaults(handler=run_unmatched)
