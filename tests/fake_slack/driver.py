"""Driving a Bolt app in-process with signed requests, and reading what it posted."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Protocol

from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from fake_slack.requests import SlackRequest
from fake_slack.server import FakeSlack, RecordedCall

SHOWN_METHODS = frozenset({"chat.postMessage", "chat.postEphemeral", "chat.update", "response_url"})


class Drainable(Protocol):
    def wait_idle(self, timeout: float) -> bool: ...


class Driver:
    """Sends signed requests into the app and waits until its listeners have finished."""

    def __init__(self, app: App, fake: FakeSlack, *, secret: str) -> None:
        self.app = app
        self.fake = fake
        self.secret = secret

    def send(
        self,
        request: SlackRequest,
        *,
        retry_num: int | None = None,
        timestamp: int | None = None,
        secret: str | None = None,
    ) -> BoltResponse:
        headers: dict[str, str | Sequence[str]] = dict(
            request.headers(secret or self.secret, timestamp=timestamp, retry_num=retry_num)
        )
        response = self.app.dispatch(BoltRequest(body=request.body, headers=headers))
        self.settle()
        return response

    def settle(self) -> None:
        pool: Drainable = self.app.listener_runner.listener_executor  # type: ignore[assignment]
        if not pool.wait_idle(30):
            raise AssertionError("listeners still running after 30 seconds")

    def calls(self, method: str) -> list[RecordedCall]:
        return self.fake.calls_to(method)

    def posted(self) -> list[dict[str, Any]]:
        """Everything the app asked Slack to show anyone, in call order."""
        return [call.params for call in self.fake.calls if call.method in SHOWN_METHODS]

    def posted_json(self) -> str:
        return json.dumps(self.posted(), ensure_ascii=False)


def button_values(params: dict[str, Any]) -> dict[str, str]:
    """action_id -> value of every button in a posted message."""
    values: dict[str, str] = {}
    for block in params.get("blocks") or []:
        if block.get("type") == "actions":
            for element in block.get("elements", []):
                values[element["action_id"]] = element.get("value", "")
    return values


def labels(params: dict[str, Any]) -> list[str]:
    return [
        element["text"]["text"]
        for block in params.get("blocks") or []
        if block.get("type") == "actions"
        for element in block.get("elements", [])
    ]


def shown_text(params: dict[str, Any]) -> str:
    """The fallback text and every mrkdwn or plain text in the blocks, as one string."""
    parts = [str(params.get("text") or "")]

    def collect(value: Any) -> None:
        if isinstance(value, dict):
            if value.get("type") in ("mrkdwn", "plain_text") and isinstance(value.get("text"), str):
                parts.append(value["text"])
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(params.get("blocks") or [])
    return "\n".join(parts)
