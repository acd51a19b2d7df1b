"""The fake Slack in a process of its own, for load runs where it must not share a core."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fake_slack.handler import SUMMARY_PATH
from fake_slack.web import scrubbed_env

TESTS_DIR = Path(__file__).resolve().parent.parent


class FakeSlackProcess:
    """The fake Web API in its own process, so its work never slows the load generator."""

    def __enter__(self) -> FakeSlackProcess:
        self._dir = tempfile.TemporaryDirectory()
        port_file = Path(self._dir.name) / "port"
        self._process = subprocess.Popen(
            [sys.executable, "-m", "fake_slack", "--port-file", str(port_file)],
            cwd=TESTS_DIR,
            env=scrubbed_env(),
        )
        deadline = time.monotonic() + 20
        while not port_file.exists() or not port_file.read_text():
            if time.monotonic() > deadline or self._process.poll() is not None:
                raise RuntimeError("the fake Slack server did not start")
            time.sleep(0.05)
        self.base_url = f"http://127.0.0.1:{port_file.read_text()}"
        return self

    def __exit__(self, *exc: object) -> None:
        self._process.terminate()
        self._process.wait(10)
        self._dir.cleanup()

    def calls(self, **where: str) -> list[dict[str, Any]]:
        """Summaries of the calls recorded so far; `where` narrows them by method or channel."""
        url = f"{self.base_url}{SUMMARY_PATH}?{urlencode(where)}"
        with urllib.request.urlopen(url, timeout=30) as response:
            return list(json.load(response)["calls"])
