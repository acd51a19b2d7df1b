"""What a request to /slack/events must pass before any parsing: a size cap and Slack's signature.

Bolt verifies requests too, but only after reading and parsing the whole body; an anonymous
client could make it parse a 50 MB body. This check runs on the raw bytes first, refuses
anything larger than Slack ever sends without reading it, and never logs a body: only the
path, the size and the reason.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from bot.storage.ratelog import RateLimitedLog

if TYPE_CHECKING:
    from wsgiref.types import WSGIEnvironment

log = logging.getLogger(__name__)

# Slack's own payloads are a few kilobytes; the largest (a view_submission of a big form, a
# message with 50 blocks) stays far below this.
MAX_BODY_BYTES = 1_000_000
# Slack's documented tolerance for the request timestamp ("Verifying requests from Slack":
# reject requests older than five minutes, which guards against replays).
MAX_SKEW_S = 300
# A Unix time in seconds has 10 digits until the year 2286; anything longer is junk.
MAX_TIMESTAMP_DIGITS = 11
SIGNATURE_PREFIX = "v0="
SIGNATURE_HEX_CHARS = 64
# A flood of refused requests is reported once per this many seconds per reason, with a count.
REFUSAL_LOG_INTERVAL_S = 10.0


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a request is refused, and the HTTP status that says so."""

    status: str
    reason: str


TOO_LARGE = "413 Content Too Large"
UNAUTHORIZED = "401 Unauthorized"
BAD_REQUEST = "400 Bad Request"


class RequestGuard:
    """Checks size, timestamp and signature; on success hands the body back for Bolt to read."""

    def __init__(
        self,
        signing_secret: str,
        *,
        max_body_bytes: int = MAX_BODY_BYTES,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._secret = signing_secret.encode()
        self._max = max_body_bytes
        self._clock = clock
        self._log = RateLimitedLog(log, interval=REFUSAL_LOG_INTERVAL_S)

    def check(self, environ: WSGIEnvironment) -> Refusal | None:
        """None when the request may go on (its body put back, ready to read); else why not."""
        declared = _content_length(environ)
        if declared is not None and declared > self._max:
            # Refused unread: the client's bytes never reach this process's memory.
            return self._refuse(environ, declared, TOO_LARGE, "larger than Slack sends")
        timestamp = _header(environ, "HTTP_X_SLACK_REQUEST_TIMESTAMP")
        signature = _header(environ, "HTTP_X_SLACK_SIGNATURE")
        size = declared or 0
        problem = self._header_problem(timestamp, signature)
        if problem is not None:
            return self._refuse(environ, size, UNAUTHORIZED, problem)
        body = _read(environ, declared, self._max)
        if len(body) > self._max:
            return self._refuse(environ, len(body), TOO_LARGE, "larger than Slack sends")
        base = b"v0:" + timestamp.encode() + b":" + body
        expected = SIGNATURE_PREFIX + hmac.new(self._secret, base, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature):
            return self._refuse(environ, len(body), UNAUTHORIZED, "signature does not match")
        if not _is_slack_shaped(body, str(environ.get("CONTENT_TYPE") or "")):
            return self._refuse(environ, len(body), BAD_REQUEST, "body is not a Slack payload")
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return None

    def _header_problem(self, timestamp: str, signature: str) -> str | None:
        if not timestamp:
            return "no X-Slack-Request-Timestamp"
        if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > (
            MAX_TIMESTAMP_DIGITS
        ):
            return "X-Slack-Request-Timestamp is not a Unix time"
        if abs(self._clock() - int(timestamp)) > MAX_SKEW_S:
            return "X-Slack-Request-Timestamp is more than 5 minutes off"
        if not signature:
            return "no X-Slack-Signature"
        if len(signature) != len(SIGNATURE_PREFIX) + SIGNATURE_HEX_CHARS or not (
            signature.startswith(SIGNATURE_PREFIX)
        ):
            return "X-Slack-Signature is not a v0 signature"
        return None

    def _refuse(self, environ: WSGIEnvironment, size: int, status: str, reason: str) -> Refusal:
        self._log.warning(
            f"refused:{reason}",
            "refused %s %s (%d bytes): %s",
            environ.get("REQUEST_METHOD", "?"),
            environ.get("PATH_INFO", "?"),
            size,
            reason,
        )
        return Refusal(status, reason)


def _header(environ: WSGIEnvironment, name: str) -> str:
    value = environ.get(name)
    return value.strip() if isinstance(value, str) else ""


def _content_length(environ: WSGIEnvironment) -> int | None:
    """The declared length; None when the body is chunked or the header is unusable."""
    raw = str(environ.get("CONTENT_LENGTH") or "").strip()
    if not raw:
        chunked = "chunked" in str(environ.get("HTTP_TRANSFER_ENCODING", "")).lower()
        return None if chunked else 0
    return int(raw) if raw.isascii() and raw.isdigit() else None


def _read(environ: WSGIEnvironment, declared: int | None, limit: int) -> bytes:
    """The declared length exactly (more would wait on the socket); of a chunked body, at most
    `limit` + 1 bytes, so one longer than allowed is noticed."""
    stream = environ.get("wsgi.input")
    if stream is None or declared == 0:
        return b""
    data: bytes = stream.read(limit + 1 if declared is None else declared)
    return data


def _is_slack_shaped(body: bytes, content_type: str) -> bool:
    """A JSON object, or a form whose `payload` (when present) is one: what Bolt can parse.

    Checked after the signature, so only Slack (or someone with the secret) reaches this; it
    turns a malformed body into a 400 instead of an error deep inside Bolt.
    """
    try:
        text = body.decode("utf-8")
        if content_type.startswith("application/json") or text.startswith("{"):
            return isinstance(json.loads(text), dict)
        form = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text))
        payload = form.get("payload")
        return payload is None or isinstance(json.loads(payload[-1]), dict)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False
