"""Entry point of the `mailhelp` command: builds the parser from the command modules."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from bot.errors import SetupError

# Each module defines add_command(subparsers) and sets `handler` (args -> exit code) on its parser.
# Building the parser imports every one of them, so their top-level imports stay light (the
# standard library and bot.cli.common): each handler imports what its command needs when it
# runs, and `mailhelp --help` or `mailhelp ask` pays for nothing else.
COMMAND_MODULES = (
    "bot.cli.ask",
    "bot.cli.triage",
    "bot.cli.evaluate",
    "bot.cli.intents",
    "bot.cli.checklist",
    "bot.cli.run",
    "bot.cli.migrate",
    "bot.cli.stats",
    "bot.cli.unmatched",
    "bot.cli.check",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mailhelp",
        description="Triage email-delivery problems and write IT-admin checklists.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_command(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args))
    except SetupError as exc:
        print(f"mailhelp: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
