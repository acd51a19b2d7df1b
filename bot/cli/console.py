"""A local session for `mailhelp run` without Slack: paste or type a message, read the answer.

A message is every line up to an empty one, so a pasted bounce is one message. In a terminal,
a paste's own empty lines do not end it: they arrive with more text right behind them, while
an empty line a person types is followed by nothing.
"""

from __future__ import annotations

import select
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from bot.cli.common import MAX_INPUT_CHARS, clean_text

if TYPE_CHECKING:
    from bot.engine import Engine
    from bot.render.renderer import Renderer

PROMPT = "mailhelp> "
CONTINUATION = "     ...> "
GREETING = (
    "mailhelp: no Slack credentials are set (SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or "
    "SLACK_APP_TOKEN), so this is a local session.\n"
    "Describe an email problem or paste a bounce; an empty line sends it.\n"
    "Up and down recall earlier lines, Ctrl-C clears the message, Ctrl-D leaves."
)
CLEARED = "(message cleared)"
# Text still arriving this soon after an empty line is the rest of a paste, not a person typing.
PASTE_GAP_SECONDS = 0.05

# Reads one line without its line break, showing the prompt; EOFError at the end of input.
ReadLine = Callable[[str], str]


def read_message(
    read_line: ReadLine, *, more_pending: Callable[[], bool], notice: Callable[[str], None]
) -> str | None:
    """The next message: its lines up to an empty line; None when the input has ended."""
    lines: list[str] = []
    size = 0
    while True:
        try:
            line = read_line(CONTINUATION if lines else PROMPT)
        except KeyboardInterrupt:
            if lines:
                notice(CLEARED)
            lines, size = [], 0
            continue
        except EOFError:
            return "\n".join(lines) if lines else None
        if not line.strip():
            if not lines:
                continue
            if not more_pending():
                return "\n".join(lines)
        # Past the cap the rest is read and dropped, so it cannot start a message of its own.
        if size <= MAX_INPUT_CHARS:
            lines.append(line)
            size += len(line) + 1


def run_console(
    engine: Engine,
    renderer: Renderer,
    *,
    read_line: ReadLine,
    sink: TextIO,
    more_pending: Callable[[], bool] = lambda: False,
    interactive: bool = False,
    ends_line_at_exit: bool = False,
) -> int:
    """Answer message after message until the input ends (Ctrl-D in a terminal)."""
    from bot.cli.preview import describe
    from bot.render.document import Format

    def notice(text: str) -> None:
        print(f"\n{text}" if interactive else text, file=sink, flush=True)

    if interactive:
        print(GREETING, file=sink, flush=True)
    while True:
        message = read_message(read_line, more_pending=more_pending, notice=notice)
        if message is None:
            if interactive and not ends_line_at_exit:
                # Leave the shell's prompt on a line of its own.
                print(file=sink, flush=True)
            return 0
        text = clean_text(message).strip()
        if text:
            shown = describe(engine, text, Format.TEXT, renderer_for=lambda _: renderer)
            print(shown, file=sink, flush=True)
            if interactive:
                print(file=sink, flush=True)


def lines_of(source: TextIO) -> ReadLine:
    """A ReadLine over a file or pipe: no prompt, no editing."""

    def read_line(_prompt: str) -> str:
        line = source.readline()
        if not line:
            raise EOFError
        return line.rstrip("\r\n")

    return read_line


def stdin_has_more() -> bool:
    ready, _, _ = select.select([sys.stdin], [], [], PASTE_GAP_SECONDS)
    return bool(ready)


def start_console(engine: Engine) -> int:
    from bot.render.renderer import Renderer
    from bot.render.template_cache import compiled_template_cache

    renderer = Renderer.load(
        engine.responses_dir, engine.catalog, bytecode_cache=compiled_template_cache()
    )
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return run_console(engine, renderer, read_line=lines_of(sys.stdin), sink=sys.stdout)
    try:
        # Importing readline gives input() line editing and history on the arrow keys; with
        # bracketed paste, a paste arrives whole instead of line by line.
        import readline
    except ImportError:  # a Python built without it: plain lines, no history
        editing = False
    else:
        readline.parse_and_bind("set enable-bracketed-paste on")
        editing = True
    return run_console(
        engine,
        renderer,
        read_line=input,
        sink=sys.stdout,
        more_pending=stdin_has_more,
        interactive=True,
        # Readline moves to a new line itself when Ctrl-D ends the input.
        ends_line_at_exit=editing,
    )
