"""What several commands share: building the engine from settings, reading text safely."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.engine import Engine

# Larger input is cut; the head of a paste holds what decides the triage.
MAX_INPUT_CHARS = 100_000


class InputError(Exception):
    """The text given cannot be triaged; the message says why."""


def load_engine() -> Engine:
    # Imported here: the rules, the matcher and the settings are what a command pays for at
    # start, and only the commands that triage need them.
    from bot.engine import Engine
    from bot.settings import load_settings

    return Engine.load(load_settings())


def clean_text(text: str) -> str:
    """Drop NUL and other control characters that binary junk brings, keep line breaks."""
    capped = text[:MAX_INPUT_CHARS]
    return "".join(ch for ch in capped if ch in "\n\t" or ch >= " " or ch == "\r")


def read_stdin_text() -> str:
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="replace")
    return sys.stdin.read(MAX_INPUT_CHARS + 1)


def text_argument(words: list[str]) -> str:
    """The text of `mailhelp ask WORDS...`, or standard input for `-`."""
    raw = read_stdin_text() if words == ["-"] else " ".join(words)
    text = clean_text(raw)
    if not text.strip():
        raise InputError("nothing to triage: give the message as text, or - to read standard input")
    return text
