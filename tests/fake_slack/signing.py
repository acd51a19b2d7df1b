"""Signing requests the way Slack does: v0 HMAC-SHA256 over `v0:{timestamp}:{body}`."""

from __future__ import annotations

import hashlib
import hmac
import time


def sign_request(body: str, *, secret: str, timestamp: int) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    body: str,
    *,
    secret: str,
    timestamp: int | None = None,
    content_type: str = "application/json",
    retry_num: int | None = None,
    retry_reason: str = "http_timeout",
) -> dict[str, str]:
    """Headers Slack would send with `body`; `retry_num` marks a redelivery."""
    stamp = int(time.time()) if timestamp is None else timestamp
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": str(stamp),
        "X-Slack-Signature": sign_request(body, secret=secret, timestamp=stamp),
    }
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = retry_reason
    return headers
