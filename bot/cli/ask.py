"""`mailhelp ask TEXT`: what the bot makes of one message, and the answer it would give."""

from __future__ import annotations

import argparse

from bot.cli.common import InputError, load_engine, text_argument
from bot.render.document import Format


def run_ask(args: argparse.Namespace) -> int:
    try:
        text = text_argument(args.text)
    except InputError as exc:
        print(f"mailhelp ask: {exc}")
        return 2
    from bot.cli.preview import describe, json_view, renderer_for_one

    engine = load_engine()
    show = json_view if args.json else describe
    renderer_for = None if args.no_answer else renderer_for_one(engine)
    print(show(engine, text, Format(args.format), renderer_for=renderer_for))
    return 0


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "ask",
        help="triage one message and preview the answer",
        description="Show the intent, confidence, evidence and details found in TEXT, and the "
        "answer mailhelp would give. Use - to read the text from standard input.",
    )
    parser.add_argument("text", nargs="+", metavar="TEXT", help="the message, or - for stdin")
    parser.add_argument(
        "--format",
        choices=[item.value for item in Format],
        default=Format.TEXT.value,
        help="format of the answer preview (default: text)",
    )
    parser.add_argument("--json", action="store_true", help="print the triage as JSON")
    parser.add_argument("--no-answer", action="store_true", help="skip the answer preview")
    parser.set_defaults(handler=run_ask)
