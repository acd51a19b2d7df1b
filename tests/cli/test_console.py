"""The local session of `mailhelp run` without Slack: pastes, history, Ctrl-C and Ctrl-D."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from terminal import Terminal

from bot import PROJECT_ROOT
from bot.cli.console import CLEARED, CONTINUATION, PROMPT, ReadLine, read_message
from bot.cli.main import main

# A non-delivery report as Exchange writes it: the first line alone says nothing about why,
# the code that decides it comes after an empty line.
BOUNCE = (
    "Delivery has failed to these recipients or groups:\n"
    "\n"
    "k.lam@orchidtech.com\n"
    "The email address you entered couldn't be found.\n"
    "\n"
    "Diagnostic information for administrators:\n"
    "Remote server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'\n"
)
MAILBOX_FULL = "Intent        mailbox_full"


def reader(*given: str) -> tuple[list[str], ReadLine]:
    """A ReadLine that hands out `given`, then ends; records the prompts it was shown."""
    prompts: list[str] = []
    queue = list(given)

    def read_line(prompt: str) -> str:
        prompts.append(prompt)
        if not queue:
            raise EOFError
        line = queue.pop(0)
        if line == "^C":
            raise KeyboardInterrupt
        return line

    return prompts, read_line


def test_a_message_runs_to_the_empty_line_and_continues_with_its_own_prompt() -> None:
    prompts, read_line = reader("first line", "second line", "", "next")
    message = read_message(read_line, more_pending=lambda: False, notice=print)
    assert message == "first line\nsecond line"
    assert prompts == [PROMPT, CONTINUATION, CONTINUATION]


def test_an_empty_line_inside_a_paste_does_not_end_the_message() -> None:
    _, read_line = reader("Delivery has failed:", "", "550 5.1.1 not found", "")
    pending = iter([True, False])
    message = read_message(read_line, more_pending=lambda: next(pending), notice=print)
    assert message == "Delivery has failed:\n\n550 5.1.1 not found"


def test_ctrl_c_clears_the_message_being_written() -> None:
    notices: list[str] = []
    _, read_line = reader("who took my stapler", "^C", "552 5.2.2 mailbox full", "")
    message = read_message(read_line, more_pending=lambda: False, notice=notices.append)
    assert message == "552 5.2.2 mailbox full"
    assert notices == [CLEARED]


def test_end_of_input_sends_what_was_written_then_ends() -> None:
    _, read_line = reader("552 5.2.2 mailbox full")
    assert read_message(read_line, more_pending=lambda: False, notice=print) == (
        "552 5.2.2 mailbox full"
    )
    _, nothing = reader()
    assert read_message(nothing, more_pending=lambda: False, notice=print) is None


def test_piped_messages_are_separated_by_empty_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # In a pipe nothing tells a paste from typing: every empty line ends a message.
    bounce = BOUNCE.replace("\n\n", "\n")
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{bounce}\nwho took my stapler\n"))

    assert main(["run"]) == 0

    out = capsys.readouterr().out
    assert out.count("Intent  ") == 2
    assert "Intent        invalid_address" in out
    assert "not recognised" in out


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Terminal]:
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "PYTHONPATH": str(PROJECT_ROOT),
        "TERM": "xterm",
        "HOME": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'session.sqlite3'}",
        **{name: os.environ[name] for name in ("LANG", "LC_ALL") if name in os.environ},
    }
    terminal = Terminal([sys.executable, "-m", "bot", "run"], env=env, cwd=tmp_path)
    try:
        terminal.read_until("Ctrl-D leaves.")
        terminal.read_until(PROMPT)
        yield terminal
    finally:
        terminal.close()


def test_a_pasted_bounce_is_answered_once_as_a_whole(session: Terminal) -> None:
    # All at once, as a terminal delivers a paste: its empty lines have text right behind them.
    session.type(BOUNCE.replace("\n", "\r"))
    session.read_until(CONTINUATION)
    session.type("\r")

    shown = session.read_until(PROMPT)

    assert shown.count("Intent  ") == 1
    assert "Intent        invalid_address" in shown
    assert "recipient k.lam@orchidtech.com" in shown


def test_up_arrow_recalls_an_earlier_line(session: Terminal) -> None:
    session.type("552 5.2.2 mailbox full\r\r")
    assert MAILBOX_FULL in session.read_until(PROMPT)

    session.type("\x1b[A\r\r")

    assert MAILBOX_FULL in session.read_until(PROMPT)


def test_ctrl_c_clears_the_message_and_the_session_goes_on(session: Terminal) -> None:
    session.type("who took my stapler\r")
    session.read_until(CONTINUATION)
    session.type("\x03")
    session.read_until(CLEARED)
    session.read_until(PROMPT)
    session.type("552 5.2.2 mailbox full\r\r")

    shown = session.read_until(PROMPT)

    assert MAILBOX_FULL in shown
    assert "not recognised" not in shown


def test_an_empty_line_alone_does_not_end_the_session(session: Terminal) -> None:
    for _ in range(2):
        session.type("\r")
        session.read_until(PROMPT)
    session.type("552 5.2.2 mailbox full\r\r")

    assert MAILBOX_FULL in session.read_until(PROMPT)


def test_ctrl_d_leaves_cleanly_on_a_fresh_line(session: Terminal) -> None:
    session.type("\x04")

    assert session.wait() == 0
    # Whatever terminal codes follow the prompt, the session ends with one line break.
    last_line = session.output.rsplit(PROMPT, 1)[1]
    assert last_line.endswith("\n") and not last_line.endswith("\n\n")
    assert "Traceback" not in session.output
