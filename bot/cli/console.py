"""A local session for `mailhelp run` without Slack: type a message, read what the bot would say."""

from __future__ import annotations

import sys
from typing import TextIO

from bot.cli.ask import describe
from bot.cli.common import clean_text
from bot.engine import Engine
from bot.render.document import Format
from bot.render.renderer import Renderer

GREETING = (
    "mailhelp: no Slack credentials are set (SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or "
    "SLACK_APP_TOKEN), so this is a local session.\n"
    "Describe an email problem or paste one line of a bounce, then press Enter. "
    "An empty line or Ctrl-D ends it."
)


def run_console(engine: Engine, renderer: Renderer, *, source: TextIO, sink: TextIO) -> int:
    interactive = source.isatty()
    if interactive:
        print(GREETING, file=sink)
    while True:
        if interactive:
            print("\nmailhelp> ", end="", file=sink, flush=True)
        line = source.readline()
        text = clean_text(line).strip()
        if not text:
            return 0
        print(describe(engine, renderer, text, Format.TEXT), file=sink, flush=True)


def start_console(engine: Engine) -> int:
    renderer = Renderer.load(engine.responses_dir, engine.catalog)
    try:
        return run_console(engine, renderer, source=sys.stdin, sink=sys.stdout)
    except KeyboardInterrupt:
        return 0
