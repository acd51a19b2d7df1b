"""Socket Mode as Slack runs it: envelopes over a websocket, acked over it, answered via the API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import parse_qsl

import pytest
from fake_slack import FakeSlack, RecordedCall
from fake_slack.events import event_request, mention
from fake_slack.interactive import slash_command
from fake_slack.socket_server import FakeSocketMode
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.engine import Engine
from bot.render.renderer import Renderer
from bot.settings import load_settings
from bot.slack.app import build_app
from bot.slack.socket_mode import socket_mode_handler
from bot.storage.memory import MemoryStore


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    # Not the shared `fake` fixture: apps.connections.open uses the app-level token, which the
    # bot-scope table that fixture checks does not cover.
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def socket(slack: FakeSlack) -> Iterator[FakeSocketMode]:
    with FakeSocketMode() as server:
        slack.socket_url = server.url
        yield server


@pytest.fixture
def connected(
    slack: FakeSlack, socket: FakeSocketMode, engine: Engine, renderer: Renderer
) -> Iterator[SocketModeHandler]:
    settings = load_settings(
        slack_bot_token="xoxb-test", slack_app_token="xapp-1-test", slack_api_url=slack.api_url
    )
    app = build_app(settings=settings, engine=engine, renderer=renderer, store=MemoryStore())
    handler = socket_mode_handler(app, settings)
    handler.connect()  # type: ignore[no-untyped-call]
    yield handler
    handler.close()  # type: ignore[no-untyped-call]


def test_a_mention_over_the_socket_is_acked_and_answered_in_its_thread(
    slack: FakeSlack, socket: FakeSocketMode, connected: SocketModeHandler
) -> None:
    event = mention("our receipts land in the junk folder at outlook", channel="C0SOCKET")
    envelope = socket.send("events_api", json.loads(event_request(event).body))

    assert socket.wait_for_ack(envelope)["envelope_id"] == envelope
    [post] = slack.wait_for(
        "chat.postMessage", where=lambda call: call.params.get("channel") == "C0SOCKET"
    )
    assert post.params["thread_ts"] == event["ts"]
    assert post.params["metadata"]["event_payload"]["intent"] == "spam"
    assert slack.calls_to("apps.connections.open"), "the app asked Slack where to connect"


def test_a_slash_command_over_the_socket_answers_privately(
    slack: FakeSlack, socket: FakeSocketMode, connected: SocketModeHandler
) -> None:
    request = slash_command("bounse", response_url=slack.response_url("socket"))
    envelope = socket.send("slash_commands", dict(parse_qsl(request.body)))

    socket.wait_for_ack(envelope)

    def is_ours(call: RecordedCall) -> bool:
        return call.params.get("_name") == "socket"

    [reply] = slack.wait_for("response_url", where=is_ours)
    assert reply.params["response_type"] == "ephemeral"
    assert reply.params["metadata"]["event_payload"]["intent"] == "bounce"
