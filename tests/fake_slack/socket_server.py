"""A Socket Mode endpoint as Slack runs it: says hello, sends envelopes, collects the acks."""

from __future__ import annotations

import json
import queue
import threading
import uuid
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve


class FakeSocketMode:
    """Start with `with FakeSocketMode() as socket:`; give `socket.url` to the fake Web API."""

    def __init__(self) -> None:
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._connections: queue.Queue[ServerConnection] = queue.Queue()
        self._acks: dict[str, dict[str, Any]] = {}
        self._acked = threading.Condition()

    def __enter__(self) -> FakeSocketMode:
        self._server = serve(self._serve, "127.0.0.1", 0)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fake-socket-mode", daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
        if self._thread is not None:
            self._thread.join(5)

    @property
    def url(self) -> str:
        assert self._server is not None, "start the server first"
        host, port = self._server.socket.getsockname()[:2]
        return f"ws://{host}:{port}/link"

    def _serve(self, connection: ServerConnection) -> None:
        connection.send(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": 1,
                    "connection_info": {"app_id": "A0MAILHELP"},
                    "debug_info": {"host": "fake-socket-mode"},
                }
            )
        )
        self._connections.put(connection)
        try:
            for message in connection:
                data = json.loads(message)
                with self._acked:
                    self._acks[str(data.get("envelope_id"))] = data
                    self._acked.notify_all()
        except ConnectionClosed:
            return

    def send(self, kind: str, payload: dict[str, Any], *, timeout: float = 10.0) -> str:
        """Send one envelope (events_api, slash_commands, interactive) to the connected app."""
        connection = self._connections.get(timeout=timeout)
        self._connections.put(connection)
        envelope_id = str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": 0,
            "retry_reason": "",
        }
        connection.send(json.dumps(envelope))
        return envelope_id

    def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        with self._acked:
            if not self._acked.wait_for(lambda: envelope_id in self._acks, timeout):
                raise AssertionError(f"envelope {envelope_id} was not acknowledged in {timeout} s")
            return self._acks[envelope_id]
