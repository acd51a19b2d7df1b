"""Direct messages and watched channels: who gets an answer, and who is left alone."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

import pytest
from fake_slack.driver import Driver, button_values
from fake_slack.events import (
    BOT_USER,
    DM_CHANNEL,
    SUPPORT_CHANNEL,
    TEAM,
    bot_message,
    channel_join,
    channel_message,
    deleted_message,
    direct_message,
    edited_message,
    event_request,
)

from bot.engine import Engine
from bot.intents.decision import Thresholds
from bot.slack.ids import Action
from bot.storage.interface import Surface
from bot.storage.memory import MemoryStore

SURE = "our newsletter went to junk for every gmail customer"


def test_direct_message_gets_the_answer_in_the_conversation(
    slack: Driver, store: MemoryStore
) -> None:
    message = direct_message(
        "mail to bob@hotmail.com is queued: 250 2.6.0 Queued mail for delivery"
    )
    slack.send(event_request(message))

    [post] = slack.calls("chat.postMessage")
    assert post.params["channel"] == DM_CHANNEL
    assert "thread_ts" not in post.params  # a top-level DM gets a top-level reply
    assert post.params["metadata"]["event_payload"]["intent"] == "microsoft_queued"
    assert Action.ESCALATE in button_values(post.params)
    assert [r.surface for r in store.triages] == [Surface.DM]


def test_direct_message_in_a_thread_is_answered_in_that_thread(slack: Driver) -> None:
    root = direct_message("hello")
    slack.send(event_request(direct_message(SURE, thread_ts=root["ts"])))

    [post] = slack.calls("chat.postMessage")
    assert post.params["thread_ts"] == root["ts"]


def test_unsure_direct_message_offers_the_likeliest_topics(
    engine: Engine, make_driver: Any
) -> None:
    unsure = dataclasses.replace(engine, thresholds=Thresholds(direct=1.01, unprompted=1.01))
    driver = make_driver(engine=unsure)

    driver.send(event_request(direct_message(SURE)))

    [post] = driver.calls("chat.postMessage")
    assert any(key.startswith(f"{Action.PICK_TOPIC}:") for key in button_values(post.params))


def test_direct_message_without_an_email_problem_lists_the_topics(slack: Driver) -> None:
    slack.send(event_request(direct_message("can you book the meeting room for friday?")))

    [post] = slack.calls("chat.postMessage")
    assert "didn't recognise" in post.params["text"]
    assert "Automatic reply or out-of-office" in str(post.params["blocks"])


def test_channel_chatter_stays_silent_when_the_channel_is_not_watched(slack: Driver) -> None:
    slack.send(event_request(channel_message(SURE)))

    assert slack.posted() == []


def test_watched_channel_gets_an_unprompted_answer_when_sure(
    slack: Driver, store: MemoryStore
) -> None:
    store.set_watched(TEAM, SUPPORT_CHANNEL, True)
    message = channel_message(SURE)
    slack.send(event_request(message))

    [post] = slack.calls("chat.postMessage")
    assert post.params["thread_ts"] == message["ts"]
    assert [r.surface for r in store.triages] == [Surface.CHANNEL]


def test_watched_channel_stays_silent_below_the_unprompted_threshold(
    engine: Engine, make_driver: Any, store: MemoryStore
) -> None:
    cautious = dataclasses.replace(engine, thresholds=Thresholds(direct=0.45, unprompted=1.01))
    driver = make_driver(engine=cautious)
    store.set_watched(TEAM, SUPPORT_CHANNEL, True)

    driver.send(event_request(channel_message(SURE)))

    assert driver.posted() == []
    assert store.triages == []  # chatter the bot was not asked about is not kept either


def test_watched_channel_small_talk_stays_silent(slack: Driver, store: MemoryStore) -> None:
    store.set_watched(TEAM, SUPPORT_CHANNEL, True)
    for text in ("the build is queued again", "QA bounced the ticket back to me", "lunch?"):
        slack.send(event_request(channel_message(text)))

    assert slack.posted() == []


def test_channel_message_that_mentions_the_bot_is_left_to_the_mention(
    slack: Driver, store: MemoryStore
) -> None:
    store.set_watched(TEAM, SUPPORT_CHANNEL, True)
    slack.send(event_request(channel_message(f"<@{BOT_USER}> {SURE}")))

    assert slack.posted() == []


def test_watched_channel_does_not_repeat_an_answer_in_the_same_thread(
    slack: Driver, store: MemoryStore
) -> None:
    store.set_watched(TEAM, SUPPORT_CHANNEL, True)
    first = channel_message(SURE)
    slack.send(event_request(first))
    slack.send(event_request(channel_message(SURE + " again", thread_ts=first["ts"])))

    assert len(slack.calls("chat.postMessage")) == 1
    assert slack.calls("chat.postEphemeral") == []  # nobody asked, so nobody is told either


@pytest.mark.parametrize(
    "event",
    [
        bot_message(SURE),
        bot_message(SURE, legacy_subtype=False),
        bot_message(SURE, channel=DM_CHANNEL, channel_type="im"),
        edited_message(SURE),
        edited_message(SURE, channel=DM_CHANNEL, channel_type="im"),
        deleted_message(),
        channel_join(),
    ],
    ids=["bot", "app", "bot-dm", "edit", "edit-dm", "delete", "join"],
)
def test_bot_posts_edits_deletions_and_joins_are_acknowledged_quietly(
    slack: Driver, store: MemoryStore, caplog: pytest.LogCaptureFixture, event: dict[str, Any]
) -> None:
    store.set_watched(TEAM, SUPPORT_CHANNEL, True)
    with caplog.at_level(logging.WARNING):
        response = slack.send(event_request(event))

    assert response.status == 200
    assert slack.posted() == []
    assert not [r for r in caplog.records if "nhandled" in r.getMessage()]


def test_store_failure_when_checking_the_watch_keeps_the_bot_quiet(
    make_driver: Any, caplog: pytest.LogCaptureFixture
) -> None:
    class BrokenWatchStore(MemoryStore):
        def is_watched(self, team_id: str, channel_id: str) -> bool:
            raise ConnectionError("database went away")

    driver = make_driver(store=BrokenWatchStore())
    with caplog.at_level(logging.WARNING):
        driver.send(event_request(channel_message(SURE)))

    assert driver.posted() == []
    assert any(SUPPORT_CHANNEL in r.getMessage() for r in caplog.records)
