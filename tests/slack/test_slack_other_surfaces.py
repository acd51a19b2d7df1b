"""Emoji triage, the message shortcut, the App Home tab and the "which topic?" buttons."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

import pytest
from fake_slack.driver import Driver, button_values
from fake_slack.events import (
    ASKER,
    SUPPORT_CHANNEL,
    app_home_opened,
    bot_message,
    channel_message,
    event_request,
    mention,
    reaction_added,
)
from fake_slack.interactive import block_action, message_shortcut

from bot.engine import Engine
from bot.intents.decision import Thresholds
from bot.slack.ids import Action
from bot.storage.interface import Surface
from bot.storage.memory import MemoryStore

FULL = "we keep getting 552 5.2.2 mailbox full for anna@example.org"


@pytest.mark.parametrize("emoji", ["mailhelp", "envelope_with_arrow", "mailhelp::skin-tone-3"])
def test_reacting_with_the_triage_emoji_answers_in_the_message_thread(
    slack: Driver, store: MemoryStore, emoji: str
) -> None:
    message = channel_message(FULL)
    slack.fake.conversations.add_message(SUPPORT_CHANNEL, message)

    slack.send(event_request(reaction_added(reaction=emoji, item_ts=message["ts"])))

    [read] = slack.calls("conversations.history")
    assert read.params["latest"] == message["ts"]
    assert str(read.params["inclusive"]).lower() in {"1", "true"}
    [post] = slack.calls("chat.postMessage")
    assert post.params["thread_ts"] == message["ts"]
    assert post.params["metadata"]["event_payload"]["intent"] == "mailbox_full"
    assert [r.surface for r in store.triages] == [Surface.REACTION]


def test_reacting_to_a_reply_inside_a_thread_reads_it_from_the_thread(slack: Driver) -> None:
    root = channel_message("anyone seen this?")
    reply = channel_message(FULL, thread_ts=root["ts"])
    for message in (root, reply):
        slack.fake.conversations.add_message(SUPPORT_CHANNEL, message)

    slack.send(event_request(reaction_added(reaction="mailhelp", item_ts=reply["ts"])))

    assert slack.calls("conversations.replies")
    [post] = slack.calls("chat.postMessage")
    assert post.params["thread_ts"] == root["ts"]


def test_other_emoji_are_ignored(slack: Driver) -> None:
    message = channel_message(FULL)
    slack.fake.conversations.add_message(SUPPORT_CHANNEL, message)

    slack.send(event_request(reaction_added(reaction="thumbsup", item_ts=message["ts"])))

    assert slack.fake.calls == []


def test_reacting_to_a_bot_post_does_not_triage_it(slack: Driver) -> None:
    post = bot_message(FULL)
    slack.fake.conversations.add_message(SUPPORT_CHANNEL, post)

    slack.send(event_request(reaction_added(reaction="mailhelp", item_ts=post["ts"])))

    assert slack.posted() == []


def test_configured_emoji_replaces_the_default(make_driver: Any) -> None:
    driver = make_driver(mailhelp_triage_emoji=":email-help:")
    message = channel_message(FULL)
    driver.fake.conversations.add_message(SUPPORT_CHANNEL, message)

    driver.send(event_request(reaction_added(reaction="email-help", item_ts=message["ts"])))

    assert len(driver.calls("chat.postMessage")) == 1


def test_message_shortcut_triages_the_message_in_its_thread(
    slack: Driver, store: MemoryStore
) -> None:
    message = channel_message(FULL)
    slack.send(
        message_shortcut("triage_message", message=message, response_url=slack.fake.response_url())
    )

    [post] = slack.calls("chat.postMessage")
    assert post.params["thread_ts"] == message["ts"]
    assert [r.surface for r in store.triages] == [Surface.SHORTCUT]


def test_message_shortcut_where_the_app_cannot_post_answers_privately(slack: Driver) -> None:
    slack.fake.fail_next("chat.postMessage", error="not_in_channel")
    message = channel_message(FULL)

    slack.send(
        message_shortcut("triage_message", message=message, response_url=slack.fake.response_url())
    )

    [reply] = slack.calls("response_url")
    assert reply.params["response_type"] == "ephemeral"
    assert reply.params["metadata"]["event_payload"]["intent"] == "mailbox_full"


def test_app_home_shows_topics_usage_and_stats(slack: Driver, store: MemoryStore) -> None:
    slack.send(event_request(app_home_opened()))

    [published] = slack.calls("views.publish")
    assert published.params["user_id"] == ASKER
    view = str(published.params["view"])
    assert "Attachment type refused" in view
    assert "/mailhelp share" in view
    assert "last 7 days" in view
    assert "Settings for this workspace" in view and "Not recognised in the last 7 days" in view


def test_app_home_messages_tab_publishes_nothing(slack: Driver) -> None:
    slack.send(event_request(app_home_opened(tab="messages")))

    assert slack.fake.calls == []


def test_app_home_that_slack_refuses_is_logged_with_its_reason(
    slack: Driver, caplog: pytest.LogCaptureFixture
) -> None:
    slack.fake.fail_next("views.publish", error="invalid_blocks")

    with caplog.at_level(logging.ERROR):
        response = slack.send(event_request(app_home_opened()))

    assert response.status == 200
    [line] = [r.getMessage() for r in caplog.records if "views.publish" in r.getMessage()]
    assert "app_home" in line and "invalid_blocks" in line
    assert "xoxb-test" not in caplog.text


def test_picking_a_topic_answers_it_and_closes_the_question(
    engine: Engine, make_driver: Any
) -> None:
    unsure = dataclasses.replace(engine, thresholds=Thresholds(direct=1.01, unprompted=1.01))
    driver = make_driver(engine=unsure)
    asked = mention(FULL)
    driver.send(event_request(asked))
    [question] = driver.calls("chat.postMessage")
    value = button_values(question.params)[f"{Action.PICK_TOPIC}:mailbox_full"]
    driver.fake.reset()

    driver.send(
        block_action(
            f"{Action.PICK_TOPIC}:mailbox_full",
            value=value,
            response_url=driver.fake.response_url(),
            message_ts="1700000999.000100",
            thread_ts=asked["ts"],
        )
    )

    [closed] = driver.calls("chat.update")
    assert closed.params["ts"] == "1700000999.000100"
    assert "picked" in closed.params["text"]
    [answer] = driver.calls("chat.postMessage")
    assert answer.params["thread_ts"] == asked["ts"]
    assert answer.params["metadata"]["event_payload"]["intent"] == "mailbox_full"
    assert "anna@example.org" in str(button_values(answer.params))
