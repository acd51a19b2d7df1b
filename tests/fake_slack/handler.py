"""The HTTP side of the fake: parsing requests as the Web API receives them, answering like it."""

from __future__ import annotations

import json
import time
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

if TYPE_CHECKING:
    from fake_slack.server import FakeSlack, RecordedCall

# Headers that carry credentials are never recorded, so no test output can show a token.
SECRET_HEADERS = frozenset({"authorization", "cookie"})
# Not part of Slack: lets a process other than the fake's own read what it recorded, narrowed
# by any of these query parameters.
SUMMARY_PATH = "/_fake/calls"
SUMMARY_FILTERS = ("method", "channel")
# Where shared files are downloaded from, as url_private_download points.
FILES_PATH = "/files-pri/"


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


def _bearer(header: str | None) -> str | None:
    if header and header.startswith("Bearer "):
        return header.removeprefix("Bearer ").strip() or None
    return None


def _summary(call: RecordedCall) -> dict[str, Any]:
    keep = ("channel", "channel_id", "thread_ts", "response_type")
    return {
        "method": call.method,
        "at": call.at,
        **{k: call.params[k] for k in keep if k in call.params},
    }


def handler_for(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        # Keep-alive, as Slack's servers do; every answer carries its Content-Length.
        protocol_version = "HTTP/1.1"
        # Headers and body leave in two writes; with Nagle's algorithm on, the body would wait
        # for the client's delayed ACK of the headers (40 ms on Linux) on a kept-alive socket.
        disable_nagle_algorithm = True

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
            token = _bearer(self.headers.get("Authorization")) or params.pop("token", None)
            authorized = bool(self.headers.get("Authorization") or token)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in SECRET_HEADERS}
            path = parts.path
            if path == SUMMARY_PATH:
                wanted = {k: params[k] for k in SUMMARY_FILTERS if k in params}
                summaries = [_summary(call) for call in fake.calls]
                matching = [s for s in summaries if all(s.get(k) == v for k, v in wanted.items())]
                self._send(200, {"calls": matching})
                return
            if path.startswith("/api/"):
                method = path.removeprefix("/api/")
            elif path.startswith("/upload/"):
                method = "upload"
                params = {"file_id": path.removeprefix("/upload/"), "content": raw.decode()}
            elif path.startswith("/response/"):
                method = "response_url"
                params["_name"] = path.removeprefix("/response/")
            elif path.startswith(FILES_PATH):
                method = "file_download"
                params = {"file_id": path.removeprefix(FILES_PATH).split("/", 1)[0]}
            else:
                self._send(404, {"ok": False, "error": "not_found"})
                return
            failure = fake.record_call(method, params, headers, authorized, token=token)
            if failure is not None and failure.delay:
                time.sleep(failure.delay)
                failure = None
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
            elif method == "file_download":
                self._send_file(fake.download(params["file_id"], token))
            else:
                self._send(200, fake.answer(method, params, token))

        def _send_file(self, content: bytes | None) -> None:
            # Like Slack: without the right token, a sign-in page instead of the file.
            data = content if content is not None else b"<!DOCTYPE html><title>Sign in</title>"
            self.send_response(200)
            kind = "application/octet-stream" if content is not None else "text/html"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

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
