"""`mailhelp eval FILE.jsonl`: how well the rules do on labelled messages."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.common import load_engine

if TYPE_CHECKING:
    from bot.evaluation import Report

MISS_TEXT = 110


def _print_report(report: Report) -> None:
    print(f"lines                {report.lines}  (labelled with an intent: {report.labelled})")
    print(f"top-1 accuracy       {report.accuracy:.3f}")
    print(f"macro-F1             {report.macro_f1:.3f}")
    print(
        f"false-trigger rate   {report.false_trigger_rate:.3f}  (null lines where it would speak)"
    )
    print(f"speaks and is right  {report.speak_share:.3f}  (labelled lines answered unprompted)")
    print()
    print(f"{'intent':24} {'prec':>6} {'recall':>6} {'f1':>6} {'n':>4}")
    for intent, score in report.per_intent.items():
        print(
            f"{intent:24} {score.precision:6.2f} {score.recall:6.2f} {score.f1:6.2f} "
            f"{score.support:4d}"
        )
    if report.confusions:
        print("\nconfusions (expected -> predicted)")
        for expected, predicted, count in report.confusions:
            print(f"  {count:3d}  {expected} -> {predicted}")
    if report.misses:
        print(f"\nmisses ({len(report.misses)})")
        for miss in report.misses:
            text = " ".join(miss.text.split())
            if len(text) > MISS_TEXT:
                text = text[: MISS_TEXT - 1] + "…"
            print(
                f"  line {miss.line}: expected {miss.expected or 'null'}, got "
                f"{miss.predicted or 'null'} ({miss.confidence:.2f}): {text}"
            )


def run_eval(args: argparse.Namespace) -> int:
    from bot.evaluation import LabelledFileError, evaluate, read_labelled

    try:
        rows = read_labelled(Path(args.file))
    except LabelledFileError as exc:
        print(f"mailhelp eval: {exc}")
        return 2
    engine = load_engine()
    report = evaluate(engine.matcher, engine.thresholds, rows)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    return 0


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="score the rules on a labelled JSON-lines file",
        description=(
            'Each line: {"text": ..., "intent": id or null}. Prints top-1 accuracy, macro-F1, '
            "the false-trigger rate, per-intent precision and recall, confusions and misses."
        ),
    )
    parser.add_argument("file", help="labelled JSON-lines file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=run_eval)
