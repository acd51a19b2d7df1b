"""`mailhelp eval`: how well the triage does on labelled messages, or writer by writer."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot import DEFAULT_EXAMPLES_DIR
from bot.cli.common import load_engine

if TYPE_CHECKING:
    from bot.engine import Engine
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
    for tag, groups in report.groups.items():
        print(f"\nby {tag:<10} {'accuracy':>8} {'n':>5} {'false trig':>10} {'nulls':>5}")
        for name, group in groups.items():
            print(
                f"  {name:<17} {group.accuracy:8.3f} {group.labelled:5d} "
                f"{group.false_trigger_rate:10.3f} {group.nulls:5d}"
            )
    if report.sweep:
        print("\nunprompted threshold: false triggers against right answers spoken")
        for point in report.sweep:
            print(
                f"  {point.threshold:4.2f}  false {point.false_trigger_rate:6.3f}  "
                f"right {point.speak_share:6.3f}"
            )
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


def _cross_validated(engine: Engine, examples_dir: Path, folds: int | None) -> Report | int:
    """Each writer's examples triaged by a model trained on all the other writers."""
    from bot.learned.corpus import CorpusError, load_corpus

    try:
        from bot.learned.crossval import cross_validate
        from bot.learned.training import featurize
    except ImportError as exc:
        print(
            f"mailhelp eval: --cv needs the training extra ({exc.name} is missing): "
            "pip install -e '.[train]'",
            file=sys.stderr,
        )
        return 2
    try:
        examples = load_corpus(examples_dir, engine.catalog.intents)
    except CorpusError as exc:
        print(f"mailhelp eval: {exc}", file=sys.stderr)
        return 2
    data = featurize(engine.matcher, examples, sorted(engine.catalog.intents))
    report, _ = cross_validate(engine.matcher, data, engine.thresholds, folds=folds)
    return report


def run_eval(args: argparse.Namespace) -> int:
    from bot.evaluation import LabelledFileError, evaluate, read_labelled

    if (args.file is None) == (not args.cv):
        print(
            "mailhelp eval: give a labelled FILE, or --cv for the example corpus", file=sys.stderr
        )
        return 2
    if not args.cv:
        try:
            rows = read_labelled(Path(args.file))
        except LabelledFileError as exc:
            print(f"mailhelp eval: {exc}", file=sys.stderr)
            return 2
    engine = load_engine()
    if args.cv:
        outcome = _cross_validated(engine, Path(args.examples), args.folds)
        if isinstance(outcome, int):
            return outcome
        report = outcome
    else:
        report = evaluate(engine.triager, engine.thresholds, rows)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    return 0


def _fold_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 2:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 2")
    return count


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="score the triage on labelled messages, or cross-validate it by writer",
        description=(
            'Each line: {"text": ..., "intent": id or null}, optionally with "lang", "style" and '
            '"writer". Prints top-1 accuracy, macro-F1, the false-trigger rate, per-intent '
            "precision and recall, the figures per language, style and writer, a sweep of the "
            "unprompted threshold, confusions and misses. With --cv, the example corpus is "
            "scored writer by writer, each by a model trained on all the other writers."
        ),
    )
    parser.add_argument("file", nargs="?", help="labelled JSON-lines file")
    parser.add_argument(
        "--cv", action="store_true", help="cross-validate on the example corpus, grouped by writer"
    )
    parser.add_argument(
        "--examples", default=str(DEFAULT_EXAMPLES_DIR), help="corpus folder for --cv"
    )
    parser.add_argument(
        "--folds",
        type=_fold_count,
        metavar="N",
        help="with --cv, deal the writers into N groups instead of one fold per writer (faster)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=run_eval)
