"""A fake Slack Web API over real HTTP on 127.0.0.1, recording every call the app makes."""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fake_slack.answers import Conversations, answer_method

# Headers that carry credentials are never recorded, so no test output can show a token.
SECRET_HEADERS = frozenset({"authorization", "cookie"})
# Not part of Slack: lets a process other than the fake's own read what it recorded.
SUMMARY_PATH = "/_fake/calls"


@dataclass(frozen=True, slots=True)
class RecordedCall:
    """One request the app sent: the Web API method (or `upload` / `response_url`) and its data."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    authorized: bool = False


@dataclass(slots=True)
class _Failure:
    status: int
    retry_after: int | None
    error: str | None


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
        self._calls: list[RecordedCall] = []
        self._failures: dict[str, deque[_Failure]] = defaultdict(deque)
        self._changed = threading.Condition()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
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

    def _record(self, call: RecordedCall) -> _Failure | None:
        with self._changed:
            self._calls.append(call)
            self._changed.notify_all()
            queue = self._failures.get(call.method)
            return queue.popleft() if queue else None

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        return answer_method(self, method, params)


def _parse_value(value: str) -> Any:
    # Form-encoded Web API calls carry blocks, views and metadata as JSON strings.
    if value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _parse_body(raw: bytes, content_type: str, query: str) -> dict[str, Any]:
    params: dict[str, Any] = {k: _parse_value(v[-1]) for k, v in parse_qs(query).items()}
    if not raw:
        return params
    if content_type.startswith("application/json"):
        body = json.loads(raw.decode("utf-8"))
        params.update(body if isinstance(body, dict) else {"_body": body})
    elif content_type.startswith("application/x-www-form-urlencoded"):
        decoded = parse_qs(raw.decode("utf-8"), keep_blank_values=True)
        params.update({k: _parse_value(v[-1]) for k, v in decoded.items()})
    else:
        params["content"] = raw.decode("utf-8", errors="replace")
    return params


def _summary(call: RecordedCall) -> dict[str, Any]:
    keep = ("channel", "channel_id", "thread_ts", "response_type")
    return {"method": call.method, **{k: call.params[k] for k in keep if k in call.params}}


def _handler_for(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            self._serve()

        def do_POST(self) -> None:
            self._serve()

        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            content_type = self.headers.get("Content-Type", "")
            params = _parse_body(raw, content_type, parts.query)
            authorized = bool(self.headers.get("Authorization") or params.pop("token", None))
            headers = {k: v for k, v in self.headers.items() if k.lower() not in SECRET_HEADERS}
            path = parts.path
            if path == SUMMARY_PATH:
                self._send(200, {"calls": [_summary(call) for call in fake.calls]})
                return
            if path.startswith("/api/"):
                method = path.removeprefix("/api/")
            elif path.startswith("/upload/"):
                method = "upload"
                params = {"file_id": path.removeprefix("/upload/"), "content": raw.decode()}
            elif path.startswith("/response/"):
                method = "response_url"
                params["_name"] = path.removeprefix("/response/")
            else:
                self._send(404, {"ok": False, "error": "not_found"})
                return
            failure = fake._record(RecordedCall(method, params, headers, authorized))
            if failure is not None and failure.error is None:
                extra = {} if failure.retry_after is None else {"Retry-After": failure.retry_after}
                error = "ratelimited" if failure.status == 429 else "fatal_error"
                self._send(failure.status, {"ok": False, "error": error}, extra)
            elif failure is not None:
                self._send(200, {"ok": False, "error": failure.error})
            elif method == "upload":
                self._send(200, f"OK - {len(raw)}")
            elif method == "response_url":
                self._send(200, "ok")
            else:
                self._send(200, fake._answer(method, params))

        def _send(
            self, status: int, body: dict[str, Any] | str, extra: dict[str, Any] | None = None
        ) -> None:
            is_text = isinstance(body, str)
            data = (body if isinstance(body, str) else json.dumps(body)).encode()
            self.send_response(status)
            content_type = "text/plain" if is_text else "application/json"
            self.send_header("Content-Type", f"{content_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (extra or {}).items():
                self.send_header(name, str(value))
            self.end_headers()
            self.wfile.write(data)

    return Handler
