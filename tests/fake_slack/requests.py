"""A request body as Slack would send it, ready to sign."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fake_slack.signing import signed_headers


@dataclass(frozen=True, slots=True)
class SlackRequest:
    body: str
    content_type: str

    def headers(
        self, secret: str, *, timestamp: int | None = None, retry_num: int | None = None
    ) -> dict[str, str]:
        return signed_headers(
            self.body,
            secret=secret,
            timestamp=timestamp,
            content_type=self.content_type,
            retry_num=retry_num,
        )


def json_request(payload: dict[str, Any]) -> SlackRequest:
    return SlackRequest(json.dumps(payload), "application/json")


def form_request(fields: dict[str, str]) -> SlackRequest:
    return SlackRequest(urlencode(fields), "application/x-www-form-urlencoded")


def payload_request(payload: dict[str, Any]) -> SlackRequest:
    """Interactivity arrives form-encoded with the JSON in one `payload` field."""
    return form_request({"payload": json.dumps(payload)})
