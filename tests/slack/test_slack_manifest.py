"""manifest.json grants exactly what the listeners need, and the app handles what it subscribes to."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fake_slack.driver import Driver
from fake_slack.events import (
    app_home_opened,
    channel_message,
    direct_message,
    event_request,
    mention,
    reaction_added,
)

from bot import PROJECT_ROOT
from bot.slack import listeners
from bot.slack.ids import SLASH_COMMAND, TRIAGE_SHORTCUT
from bot.slack.requirements import LISTENER_NEEDS, required_events, required_scopes

MANIFEST = PROJECT_ROOT / "manifest.json"

# One example payload per bot event the table lists.
EXAMPLES: dict[str, Callable[[], dict[str, Any]]] = {
    "app_mention": lambda: mention("hello"),
    "message.im": lambda: direct_message("hello"),
    "message.channels": lambda: channel_message("hello"),
    "reaction_added": lambda: reaction_added(reaction="tada", item_ts="1700000000.000100"),
    "app_home_opened": app_home_opened,
    "message.groups": lambda: channel_message("hello", channel="G0PRIVATE", channel_type="group"),
    "app_uninstalled": lambda: {"type": "app_uninstalled"},
    "tokens_revoked": lambda: {"type": "tokens_revoked", "tokens": {"bot": ["U0MAILHELP"]}},
}
# Events a Slack workspace sends to apps that subscribe to them; mailhelp subscribes to none.
NOT_SUBSCRIBED: dict[str, Callable[[], dict[str, Any]]] = {
    "reaction_removed": lambda: {
        "type": "reaction_removed",
        "user": "U0ASKER",
        "reaction": "mailhelp",
        "item": {"type": "message", "channel": "C0SUPPORT", "ts": "1700000000.000100"},
        "event_ts": "1700000001.000100",
    },
    "member_joined_channel": lambda: {
        "type": "member_joined_channel",
        "user": "U0ASKER",
        "channel": "C0SUPPORT",
        "event_ts": "1700000001.000100",
    },
}


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(Path(MANIFEST).read_text(encoding="utf-8"))
    return loaded


def test_manifest_grants_exactly_the_bot_scopes_the_code_needs(manifest: dict[str, Any]) -> None:
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == required_scopes()


def test_manifest_subscribes_to_exactly_the_events_the_listeners_handle(
    manifest: dict[str, Any],
) -> None:
    assert sorted(manifest["settings"]["event_subscriptions"]["bot_events"]) == required_events()


def test_manifest_declares_the_command_shortcut_interactivity_and_home(
    manifest: dict[str, Any],
) -> None:
    features = manifest["features"]
    commands = {c["command"] for c in features["slash_commands"]}
    shortcuts = {(s["type"], s["callback_id"]) for s in features["shortcuts"]}
    needed_commands = {c for needs in LISTENER_NEEDS.values() for c in needs.commands}
    needed_shortcuts = {s for needs in LISTENER_NEEDS.values() for s in needs.shortcuts}
    assert commands == needed_commands == {SLASH_COMMAND}
    assert shortcuts == {("message", s) for s in needed_shortcuts} == {("message", TRIAGE_SHORTCUT)}
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert features["app_home"]["home_tab_enabled"] is True


def test_every_registered_listener_module_has_an_entry_in_the_table() -> None:
    registered = {register.__module__.rsplit(".", 1)[-1] for register in listeners.REGISTRARS}
    assert registered == set(LISTENER_NEEDS)


def test_every_event_in_the_table_has_an_example_here() -> None:
    assert set(EXAMPLES) == set(required_events())


@pytest.mark.parametrize("event_name", sorted(EXAMPLES))
def test_every_subscribed_event_reaches_a_listener(
    slack: Driver, caplog: pytest.LogCaptureFixture, event_name: str
) -> None:
    with caplog.at_level(logging.WARNING):
        response = slack.send(event_request(EXAMPLES[event_name]()))

    assert response.status == 200
    assert not [r for r in caplog.records if "nhandled request" in r.getMessage()]


@pytest.mark.parametrize("event_name", sorted(NOT_SUBSCRIBED))
def test_events_outside_the_table_have_no_listener(
    slack: Driver, caplog: pytest.LogCaptureFixture, event_name: str
) -> None:
    with caplog.at_level(logging.WARNING):
        slack.send(event_request(NOT_SUBSCRIBED[event_name]()))

    assert [r for r in caplog.records if "nhandled request" in r.getMessage()]


def test_manifest_lists_the_redirect_url_bolt_serves_on_the_same_host(
    manifest: dict[str, Any],
) -> None:
    [redirect] = manifest["oauth_config"]["redirect_urls"]
    events_url = manifest["settings"]["event_subscriptions"]["request_url"]
    assert redirect.startswith("https://")
    assert redirect.removesuffix("/slack/oauth_redirect") == events_url.removesuffix(
        "/slack/events"
    )
