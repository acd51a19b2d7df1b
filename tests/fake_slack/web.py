"""Running the Procfile's web process against a fake Slack, and sending it signed requests."""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from fake_slack.requests import SlackRequest

# Variables the child may inherit; everything else (tokens above all) stays behind.
_INHERITED = ("LANG", "LC_ALL", "TZ", "SYSTEMROOT")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def procfile_command(procfile: Path, port: int, process: str = "web") -> list[str]:
    """The Procfile line for `process`, with $PORT filled in, split as a shell would."""
    for line in procfile.read_text(encoding="utf-8").splitlines():
        name, _, command = line.partition(":")
        if name.strip() == process:
            filled = command.replace("${PORT}", str(port)).replace("$PORT", str(port))
            return shlex.split(filled)
    raise ValueError(f"{procfile} has no {process}: line")


def run_release(procfile: Path, *, env: dict[str, str], cwd: Path) -> str:
    """The Procfile's release phase, run to its end before any web process starts, as a
    platform runs it; its output, or an error with that output when it fails."""
    done = subprocess.run(
        procfile_command(procfile, port=0, process="release"),
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"release phase failed ({done.returncode}):\n{done.stderr}")
    return done.stderr


def scrubbed_env(**settings: str) -> dict[str, str]:
    """A clean environment: the interpreter's bin directory on PATH, and only `settings`."""
    env = {name: os.environ[name] for name in _INHERITED if name in os.environ}
    env["PATH"] = f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin"
    env.update(settings)
    return env


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: str
    headers: dict[str, str]


class WebProcess:
    """The web process as a platform would start it, stopped when the `with` block ends."""

    def __init__(self, command: list[str], *, port: int, env: dict[str, str], cwd: Path) -> None:
        self.command = command
        self.port = port
        self.env = env
        self.cwd = cwd
        self._resources = ExitStack()
        self._log: IO[bytes] | None = None
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> WebProcess:
        self._log = self._resources.enter_context(tempfile.TemporaryFile())
        self._process = subprocess.Popen(
            self.command, cwd=self.cwd, env=self.env, stdout=self._log, stderr=subprocess.STDOUT
        )
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            self._resources.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self._resources.close()

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(20)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(5)

    @property
    def pid(self) -> int:
        if self._process is None:
            raise RuntimeError("the web process is not running")
        return self._process.pid

    def worker_pids(self) -> list[int]:
        """gunicorn's worker processes: the children of the process the Procfile started."""
        try:
            children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text()
        except OSError:
            return []
        return [int(child) for child in children.split()]

    def output(self) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", errors="replace")

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError(f"web process exited early:\n{self.output()}")
            if self.get("/healthz").status == 200:
                return
            time.sleep(0.1)
        raise RuntimeError(f"web process not ready after {timeout} s:\n{self.output()}")

    def get(self, path: str) -> Reply:
        return self._open(urllib.request.Request(self.url + path))

    def post(
        self,
        request: SlackRequest,
        *,
        secret: str,
        retry_num: int | None = None,
        timestamp: int | None = None,
    ) -> Reply:
        headers = request.headers(secret, timestamp=timestamp, retry_num=retry_num)
        prepared = urllib.request.Request(
            self.url + "/slack/events", data=request.body.encode(), headers=headers, method="POST"
        )
        return self._open(prepared)

    def _open(self, request: urllib.request.Request) -> Reply:
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Reply(response.status, response.read().decode(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode(errors="replace"), dict(error.headers))
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return Reply(0, "", {})
