"""A command run in a real pseudo-terminal, typed at and read back as a person at a keyboard would."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import termios
import time
from pathlib import Path

ROWS, COLUMNS = 40, 100


class Terminal:
    """The child is a session leader with the terminal as its controlling tty, so Ctrl-C
    typed here reaches it as SIGINT, as in a shell."""

    def __init__(self, argv: list[str], *, env: dict[str, str], cwd: Path) -> None:
        self.pid, self._fd = pty.fork()
        if self.pid == 0:  # the child: nothing but exec, so no test state runs twice
            try:
                os.chdir(cwd)
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        fcntl.ioctl(self._fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.output = ""
        self._seen = 0
        self.exit_code: int | None = None

    def type(self, keys: str) -> None:
        os.write(self._fd, keys.encode())

    def read_until(self, marker: str, timeout: float = 30.0) -> str:
        """Everything shown since the last call, up to and including `marker`."""
        deadline = time.monotonic() + timeout
        while marker not in self.output[self._seen :]:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._read(remaining):
                raise AssertionError(f"{marker!r} never shown; the screen said:\n{self.output}")
        end = self.output.index(marker, self._seen) + len(marker)
        shown, self._seen = self.output[self._seen : end], end
        return shown

    def wait(self, timeout: float = 30.0) -> int:
        """The exit code, once the program has ended by itself."""
        deadline = time.monotonic() + timeout
        while self.exit_code is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.exit_code = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"still running; the screen said:\n{self.output}")
            self._read(0.1)
        while self._read(0.1):
            pass
        return self.exit_code

    def close(self) -> None:
        if self.exit_code is None:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.exit_code = -signal.SIGKILL
        os.close(self._fd)

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self._fd], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self._fd, 65536)
        except OSError:  # the child has gone and closed its side
            return False
        self.output += data.decode("utf-8", errors="replace").replace("\r\n", "\n")
        return bool(data)
