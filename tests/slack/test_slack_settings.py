"""Workspace settings: shown in the App Home, edited by admins and owners, kept per workspace."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fake_slack.driver import button_values, shown_text
from fake_slack.events import (
    app_home_opened,
    channel_message,
    event_request,
    mention,
)
from fake_slack.http_driver import HttpDriver
from fake_slack.interactive import block_action, view_submission

from bot.slack.ids import SETTINGS_MODAL, Action
from bot.slack.workspace_config import Workspaces
from bot.storage.interface import Surface, TriageRecord
from bot.storage.memory import MemoryStore
from bot.storage.workspace_memory import MemoryWorkspaceStore
from bot.storage.workspaces import StoredSettings

ADMIN = "U0ADMIN"
MEMBER = "U0MEMBER"
NEW_CHANNEL = "C0NEWESC"
WATCHED = "C0WATCHED"


@pytest.fixture
def web(web_slack: HttpDriver) -> HttpDriver:
    web_slack.fake.people.set(ADMIN, is_admin=True)
    web_slack.fake.people.set(MEMBER)
    web_slack.fake.conversations.set_channel(NEW_CHANNEL, name="mail-escalations", is_member=True)
    return web_slack


def _values(
    *,
    channel: str | None = None,
    group: str | None = None,
    watched: tuple[str, ...] = (),
    unprompted: bool = True,
) -> dict[str, dict[str, dict[str, Any]]]:
    options = [{"value": "on", "text": {"type": "plain_text", "text": "on"}}] if unprompted else []
    return {
        "escalation_channel": {
            "value": {"type": "conversations_select", "selected_conversation": channel}
        },
        "escalation_group": {"value": {"type": "plain_text_input", "value": group}},
        "watched_channels": {
            "value": {"type": "multi_conversations_select", "selected_conversations": list(watched)}
        },
        "answer_unprompted": {"value": {"type": "checkboxes", "selected_options": options}},
    }


def _submit(web: HttpDriver, user: str, **values: Any) -> dict[str, Any]:
    reply = web.send(
        view_submission(SETTINGS_MODAL, values=_values(**values), private_metadata="", user=user)
    )
    assert reply.status == 200
    return json.loads(reply.body) if reply.body else {}


def _open(web: HttpDriver, user: str) -> dict[str, Any]:
    web.send(block_action(Action.OPEN_SETTINGS, value="edit", response_url="", user=user))
    [opened] = web.calls("views.open")
    web.fake.reset()
    return dict(opened.params["view"])


def test_the_home_tab_shows_the_environment_defaults_and_last_weeks_misses(
    web: HttpDriver, store: MemoryStore
) -> None:
    for text in ("lunch at noon?", "Lunch at  noon?", "printer jammed again"):
        store.record_triage(TriageRecord("T0TEST", "C1", Surface.MENTION, None, 0.1, text))
    store.record_triage(TriageRecord("T0OTHER", "C1", Surface.MENTION, None, 0.1, "elsewhere"))

    web.send(event_request(app_home_opened()))

    [published] = web.calls("views.publish")
    shown = shown_text({"blocks": published.params["view"]["blocks"]})
    assert "Escalation channel: <#C0ESCALATE>" in shown
    assert "<!subteam^S0SUPPORT>" in shown
    assert "lunch at noon? (2×)" in shown and "printer jammed again" in shown
    assert "elsewhere" not in shown
    assert Action.OPEN_SETTINGS in button_values(published.params["view"])


def test_a_member_who_is_not_an_admin_is_told_who_can_change_settings(web: HttpDriver) -> None:
    view = _open(web, MEMBER)

    assert "submit" not in view
    assert "Only workspace admins and owners" in shown_text(view)


def test_the_admin_check_asks_slack_about_the_person(web: HttpDriver) -> None:
    web.send(block_action(Action.OPEN_SETTINGS, value="edit", response_url="", user=ADMIN))

    [asked] = web.calls("users.info")
    assert asked.params["user"] == ADMIN
    [opened] = web.calls("views.open")
    view = opened.params["view"]
    assert view["callback_id"] == SETTINGS_MODAL
    channel = next(b for b in view["blocks"] if b.get("block_id") == "escalation_channel")
    assert channel["element"]["initial_conversation"] == "C0ESCALATE"


def test_an_admin_saves_settings_that_escalations_then_follow(
    web: HttpDriver, store: MemoryStore
) -> None:
    answer_ack = _submit(web, ADMIN, channel=NEW_CHANNEL, group="S0NEWGROUP")
    assert answer_ack == {}
    [checked] = web.calls("conversations.info")
    assert checked.params["channel"] == NEW_CHANNEL
    [republished] = web.calls("views.publish")
    assert republished.params["user_id"] == ADMIN
    assert "<#C0NEWESC>" in shown_text({"blocks": republished.params["view"]["blocks"]})
    web.fake.reset()

    event = mention("mail to anna@example.org bounced: 552 5.2.2 mailbox full")
    web.send(event_request(event))
    [answer] = web.calls("chat.postMessage")
    web.send(
        block_action(
            Action.ESCALATE,
            value=button_values(answer.params)[Action.ESCALATE],
            response_url=web.fake.response_url(),
            thread_ts=event["ts"],
        )
    )
    [post] = [c for c in web.calls("chat.postMessage") if c.params["channel"] == NEW_CHANNEL]
    assert shown_text(post.params).startswith("<!subteam^S0NEWGROUP>")


def test_saving_is_refused_to_someone_who_is_not_an_admin(web: HttpDriver) -> None:
    ack = _submit(web, MEMBER, channel=NEW_CHANNEL)

    assert ack["response_action"] == "update"
    assert "Only workspace admins" in shown_text(ack["view"])
    assert web.calls("conversations.info") == []


def test_a_malformed_group_and_a_channel_without_the_bot_are_named_in_the_form(
    web: HttpDriver,
) -> None:
    web.fake.conversations.set_channel("C0NOTIN", name="elsewhere", is_member=False)

    ack = _submit(web, ADMIN, channel="C0NOTIN", group="@support")

    assert ack["response_action"] == "errors"
    assert "starts with S" in ack["errors"]["escalation_group"]
    assert "/invite @mailhelp" in ack["errors"]["escalation_channel"]
    assert web.calls("views.publish") == []


def test_watched_channels_and_unprompted_answers_are_set_from_the_form(web: HttpDriver) -> None:
    chatter_free = "our newsletter went to junk for every gmail customer this morning"
    _submit(web, ADMIN, watched=(WATCHED,), unprompted=True)
    web.send(event_request(channel_message(chatter_free, channel=WATCHED)))
    assert [c.params["channel"] for c in web.calls("chat.postMessage")] == [WATCHED]

    web.fake.reset()
    _submit(web, ADMIN, watched=(WATCHED,), unprompted=False)
    web.send(event_request(channel_message(chatter_free, channel=WATCHED)))
    assert web.calls("chat.postMessage") == []

    _submit(web, ADMIN, watched=(), unprompted=True)
    web.send(event_request(channel_message(chatter_free, channel=WATCHED)))
    assert web.calls("chat.postMessage") == []


def test_two_workspaces_keep_their_own_settings(settings: Any) -> None:
    store = MemoryStore()
    workspaces = Workspaces(MemoryWorkspaceStore(store), settings)
    workspaces.save("T1", StoredSettings("C0ONE", "S0ONE", answer_unprompted=False))

    assert workspaces.config_for("T1").escalation_channel == "C0ONE"
    assert workspaces.config_for("T2").escalation_channel == "C0ESCALATE"
    assert workspaces.config_for("T1").answer_unprompted is False
    assert workspaces.config_for("T2").answer_unprompted is True
