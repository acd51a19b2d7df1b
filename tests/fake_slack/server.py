"""A fake Slack Web API over real HTTP on 127.0.0.1, recording every call the app makes."""

from __future__ import annotations

import sys
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Any

from fake_slack.answers import Conversations, answer_method
from fake_slack.handler import handler_for
from fake_slack.workspaces import Files, People, SharedFile, Tokens, Workspace


class _QuietServer(ThreadingHTTPServer):
    """Says nothing when a client goes away mid-answer: the tests kill workers on purpose."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@dataclass(frozen=True, slots=True)
class RecordedCall:
    """One request the app sent: the Web API method (or `upload` / `response_url`) and its data."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    authorized: bool = False
    # Wall-clock time of arrival, comparable with other processes on this machine.
    at: float = field(default_factory=time.time)
    # The workspace whose token the call carried (the token itself is never recorded).
    team: str | None = None


@dataclass(slots=True)
class _Failure:
    status: int
    retry_after: int | None
    error: str | None
    # Seconds to wait before answering normally, instead of failing.
    delay: float = 0.0


class FakeSlack:
    """Start with `with FakeSlack() as slack:`; point the app's WebClient at `slack.api_url`."""

    def __init__(
        self,
        *,
        team_id: str = "T0TEST",
        bot_user_id: str = "U0MAILHELP",
        bot_id: str = "B0MAILHELP",
    ) -> None:
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.conversations = Conversations()
        self.tokens = Tokens(Workspace(team_id, bot_user_id, bot_id))
        self.people = People()
        self.files = Files()
        # Where apps.connections.open points Socket Mode clients (a ws:// URL), if anywhere.
        self.socket_url: str | None = None
        self._calls: list[RecordedCall] = []
        self._failures: dict[str, deque[_Failure]] = defaultdict(deque)
        self._changed = threading.Condition()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        server = _QuietServer(("127.0.0.1", 0), handler_for(self))
        server.daemon_threads = True
        self._server = server
        # A short poll interval so stop() returns quickly between tests.
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.05,), name="fake-slack", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the fake Slack server is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def response_url(self, name: str = "r1") -> str:
        """A response_url for slash-command and interactivity payloads, served by this fake."""
        return f"{self.base_url}/response/{name}"

    # -- steering ----------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        status: int = 500,
        times: int = 1,
        retry_after: int | None = None,
        error: str | None = None,
    ) -> None:
        """Answer the next `times` calls of `method` with an HTTP error, or ok:false `error`."""
        with self._changed:
            for _ in range(times):
                self._failures[method].append(_Failure(status, retry_after, error))

    def slow_next(self, method: str, *, seconds: float, times: int = 1) -> None:
        """Answer the next `times` calls of `method` normally, but only after `seconds`."""
        with self._changed:
            for _ in range(times):
                self._failures[method].append(_Failure(200, None, None, delay=seconds))

    def reset(self) -> None:
        with self._changed:
            self._calls.clear()
            self._failures.clear()

    # -- inspection --------------------------------------------------------------------------

    @property
    def calls(self) -> list[RecordedCall]:
        with self._changed:
            return list(self._calls)

    def calls_to(self, method: str) -> list[RecordedCall]:
        return [call for call in self.calls if call.method == method]

    def wait_for(
        self,
        method: str,
        count: int = 1,
        *,
        timeout: float = 10.0,
        where: Callable[[RecordedCall], bool] | None = None,
    ) -> list[RecordedCall]:
        """Block until `count` matching calls arrived; fail listing what did arrive otherwise."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [
                    c for c in self._calls if c.method == method and (where is None or where(c))
                ]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [c.method for c in self._calls]
                    raise AssertionError(f"expected {count} call(s) to {method}; calls: {seen}")
                self._changed.wait(remaining)

    def settle(self, quiet: float = 0.3, *, timeout: float = 10.0) -> list[RecordedCall]:
        """Wait until no call has arrived for `quiet` seconds, then return every call."""
        deadline = time.monotonic() + timeout
        with self._changed:
            seen = len(self._calls)
            while time.monotonic() < deadline:
                self._changed.wait(quiet)
                if len(self._calls) == seen:
                    break
                seen = len(self._calls)
            return list(self._calls)

    # -- called by the request handler ------------------------------------------------------

    def record_call(
        self,
        method: str,
        params: dict[str, Any],
        headers: dict[str, str],
        authorized: bool,
        *,
        token: str | None = None,
    ) -> _Failure | None:
        workspace = self.tokens.workspace_of(token)
        team = workspace.team_id if workspace else None
        call = RecordedCall(method, params, headers, authorized, team=team)
        with self._changed:
            self._calls.append(call)
            self._changed.notify_all()
            queue = self._failures.get(call.method)
            return queue.popleft() if queue else None

    def answer(
        self, method: str, params: dict[str, Any], token: str | None = None
    ) -> dict[str, Any]:
        return answer_method(self, method, params, token)

    def download(self, file_id: str, token: str | None) -> bytes | None:
        """A file's bytes for a token of its own workspace; None otherwise."""
        shared = self.files.get(file_id)
        workspace = self.tokens.workspace_of(token)
        if shared is None or workspace is None or workspace.team_id != shared.team_id:
            return None
        return shared.content

    def share_file(
        self,
        file_id: str,
        name: str,
        content: bytes,
        *,
        team_id: str | None = None,
        filetype: str = "text",
        mimetype: str = "text/plain",
    ) -> None:
        """A file someone shared; files.info describes it and its URL serves it."""
        team = team_id or self.team_id
        self.files.add(SharedFile(file_id, name, content, team, filetype, mimetype))
