"""`python -m fake_slack --port-file F`: serve the fake in its own process until stopped."""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path

from fake_slack.server import FakeSlack


def main() -> None:
    parser = argparse.ArgumentParser(description="A fake Slack Web API on 127.0.0.1.")
    parser.add_argument("--port-file", type=Path, required=True, help="where to write the port")
    args = parser.parse_args()
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    with FakeSlack() as fake:
        port = fake.base_url.rsplit(":", 1)[1]
        args.port_file.write_text(port, encoding="utf-8")
        stopped.wait()


if __name__ == "__main__":
    main()
