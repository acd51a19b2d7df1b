"""`mailhelp triage --jsonl`: one JSON result per JSON input line, for scripts and evaluation."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from bot.cli.common import MAX_INPUT_CHARS, clean_text, load_engine


def _error_line(number: int, problem: str) -> dict[str, Any]:
    return {
        "intent": None,
        "confidence": 0.0,
        "speak": False,
        "alternatives": [],
        "entities": {},
        "evidence": [],
        "error": f"line {number}: {problem}",
    }


def run_triage(args: argparse.Namespace) -> int:
    from bot.intents.view import triage_view

    engine = load_engine()
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="replace")
    failures = 0
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line[: MAX_INPUT_CHARS * 2])
        except json.JSONDecodeError as exc:
            output = _error_line(number, f"not valid JSON ({exc.msg})")
        else:
            if isinstance(data, dict) and isinstance(data.get("text"), str):
                result = engine.triage(clean_text(data["text"]))
                output = triage_view(result, engine.thresholds)
            else:
                output = _error_line(number, 'expected an object with a string field "text"')
        if "error" in output:
            failures += 1
            print(f"mailhelp triage: {output['error']}", file=sys.stderr)
        sys.stdout.write(json.dumps(output, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 1 if failures else 0


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "triage",
        help="triage JSON lines from standard input",
        description=(
            'Read JSON lines {"text": ...} on standard input and write one JSON line each: '
            "intent, confidence, speak, alternatives, entities, evidence. A line that cannot be "
            "read gets a null result with an error field, and the exit code is 1."
        ),
    )
    parser.add_argument("--jsonl", action="store_true", required=True, help="JSON lines in and out")
    parser.set_defaults(handler=run_triage)
