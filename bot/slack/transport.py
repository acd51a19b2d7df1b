"""Kept-alive HTTP connections to Slack, shared by every Web API and response_url client.

slack_sdk's clients open a new connection (and, against slack.com, a new TLS session) for
every call through urllib; that was the largest single cost of a reply. The clients here
send the very same requests over connections kept in a small pool per host instead.
"""

from __future__ import annotations

import http.client
import io
import logging
import ssl
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request

from slack_sdk.web import WebClient
from slack_sdk.webhook import WebhookClient, WebhookResponse

log = logging.getLogger(__name__)

# Idle connections kept per host: one per thread that may call Slack at once.
MAX_IDLE_PER_HOST = 32
# A connection the server closed while it sat idle fails at once on reuse; those errors mean
# the request never reached the server, so it is sent again on a fresh connection.
STALE_CONNECTION_ERRORS = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)

Host = tuple[str, str]


class Response:
    """What urlopen's response offers slack_sdk: status, headers and the body, already read."""

    def __init__(self, status: int, reason: str, headers: http.client.HTTPMessage, body: bytes):
        self.status = self.code = status
        self.reason = reason
        self.headers = headers
        self._body = body

    def read(self) -> bytes:
        return self._body


class ConnectionPool:
    """HTTP/1.1 connections per (scheme, host), each used by one thread at a time."""

    def __init__(self, *, context: ssl.SSLContext | None = None) -> None:
        self._context = context
        self._idle: dict[Host, list[http.client.HTTPConnection]] = defaultdict(list)
        self._lock = threading.Lock()

    def open(self, request: Request, *, timeout: float) -> Response:
        """Like urllib's urlopen: a Response for 1xx-3xx, HTTPError for 4xx and 5xx."""
        parts = urlsplit(request.full_url)
        host: Host = (parts.scheme, parts.netloc)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        body = request.data if isinstance(request.data, bytes) else None
        headers = dict(request.header_items())
        for attempt in (1, 2):
            with self._connection(host, timeout) as (connection, reused):
                sent = False
                try:
                    connection.request(request.get_method(), target, body=body, headers=headers)
                    sent = True
                    raw = connection.getresponse()
                    data = raw.read()
                except STALE_CONNECTION_ERRORS:
                    connection.close()
                    if reused and attempt == 1:
                        continue
                    raise
                except OSError as exc:
                    connection.close()
                    if not sent:
                        # As urlopen does: a failure to connect or send is a URLError, which
                        # slack_sdk's connection retries cover and start-up reports as
                        # "cannot reach" (a timeout waiting for the answer stays TimeoutError).
                        raise URLError(exc) from exc
                    raise
                except BaseException:
                    connection.close()
                    raise
                if raw.will_close:
                    connection.close()
            response = Response(raw.status, raw.reason, raw.headers, data)
            if raw.status >= 400:
                raise HTTPError(
                    request.full_url, raw.status, raw.reason, raw.headers, io.BytesIO(data)
                )
            return response
        raise AssertionError("unreachable: the second attempt returns or raises")

    @contextmanager
    def _connection(
        self, host: Host, timeout: float
    ) -> Iterator[tuple[http.client.HTTPConnection, bool]]:
        with self._lock:
            idle = self._idle[host]
            connection = idle.pop() if idle else None
        reused = connection is not None
        if connection is None:
            connection = self._new(host, timeout)
        connection.timeout = timeout
        if connection.sock is not None:
            connection.sock.settimeout(timeout)
        yield connection, reused
        if connection.sock is not None:
            with self._lock:
                if len(self._idle[host]) < MAX_IDLE_PER_HOST:
                    self._idle[host].append(connection)
                    return
            connection.close()

    def _new(self, host: Host, timeout: float) -> http.client.HTTPConnection:
        scheme, netloc = host
        if scheme == "https":
            return http.client.HTTPSConnection(netloc, timeout=timeout, context=self._context)
        if scheme == "http":
            return http.client.HTTPConnection(netloc, timeout=timeout)
        raise ValueError(f"not an HTTP URL scheme: {scheme}")


SHARED_POOL = ConnectionPool()


def content_type(headers: http.client.HTTPMessage) -> tuple[str, str]:
    """The media type and charset (utf-8 unless named) of a response.

    Read from the header itself: the email package's own accessors parse every parameter of
    it, and each reply to Slack paid for that.
    """
    media, _, parameters = (headers.get("Content-Type") or "").partition(";")
    charset = "utf-8"
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"'):
            charset = value.strip().strip('"')
    return media.strip().lower(), charset


class PooledWebClient(WebClient):
    """slack_sdk's WebClient (retries, errors, logging unchanged) over the shared pool."""

    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        response = SHARED_POOL.open(req, timeout=self.timeout)
        media, charset = content_type(response.headers)
        if media == "application/gzip":
            return {"status": response.status, "headers": response.headers, "body": response.read()}
        body = response.read().decode(charset)
        return {"status": response.status, "headers": response.headers, "body": body}


class PooledWebhookClient(WebhookClient):
    """slack_sdk's response_url client over the shared pool."""

    def _perform_http_request_internal(self, url: str, req: Request) -> WebhookResponse:
        response = SHARED_POOL.open(req, timeout=self.timeout)
        _, charset = content_type(response.headers)
        return WebhookResponse(
            url=url,
            status_code=response.status,
            body=response.read().decode(charset),
            headers=response.headers,  # type: ignore[arg-type]
        )
