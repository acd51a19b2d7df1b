"""`mailhelp triage --jsonl`: one JSON result per JSON input line, for scripts and evaluation."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from bot.cli.common import MAX_INPUT_CHARS, clean_text, load_engine

# A line longer than this is refused rather than read into memory: room for the longest text
# triaged (MAX_INPUT_CHARS) even when JSON escapes every character of it as \uXXXX.
MAX_LINE_CHARS = MAX_INPUT_CHARS * 6 + 1_000
EXPECTED = 'expected an object with a string field "text"'


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


def numbered_lines(stream: TextIO, limit: int = MAX_LINE_CHARS) -> Iterator[tuple[int, str | None]]:
    """Each line with its number; None for a line over `limit`, whose rest is skipped unread."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        # At most limit + 1 characters came back: with the line break, the line fits.
        if len(line) <= limit or line.endswith("\n"):
            yield number, line
            continue
        while (rest := stream.readline(limit)) and not rest.endswith("\n"):
            pass
        yield number, None


def _parse(number: int, line: str | None) -> tuple[str | None, dict[str, Any] | None]:
    """The text to triage, or the error line that stands in for the result."""
    if line is None:
        return None, _error_line(number, f"longer than {MAX_LINE_CHARS:,} characters; {EXPECTED}")
    if not line.strip():
        return None, _error_line(number, f"empty line; {EXPECTED}")
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, _error_line(number, f"not valid JSON ({exc.msg})")
    if isinstance(data, dict) and isinstance(data.get("text"), str):
        return data["text"], None
    return None, _error_line(number, EXPECTED)


def run_triage(args: argparse.Namespace) -> int:
    from bot.intents.view import triage_view

    engine = load_engine()
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="replace")
    failures = 0
    for number, line in numbered_lines(sys.stdin):
        text, output = _parse(number, line)
        if output is None:
            result = engine.triage(clean_text(text or ""))
            output = triage_view(result, engine.thresholds)
        else:
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
            'Read JSON lines {"text": ...} on standard input and write exactly one JSON line for '
            "each: intent, confidence, speak, alternatives, entities, evidence. A line that "
            "cannot be read (not JSON, no text, empty, or too long) gets a null result with an "
            "error field, and the exit code is 1."
        ),
    )
    parser.add_argument("--jsonl", action="store_true", required=True, help="JSON lines in and out")
    parser.set_defaults(handler=run_triage)
