"""Mentions: answered in the thread with buttons and metadata, once per thread and problem."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from fake_slack import FakeSlack
from fake_slack.driver import Driver, button_values, labels
from fake_slack.events import (
    BOT_USER,
    SUPPORT_CHANNEL,
    bot_message,
    channel_message,
    event_request,
    mention,
)

from bot.engine import Engine
from bot.intents.decision import Thresholds
from bot.slack.ids import Action
from bot.slack.refs import AnswerRef
from bot.storage.interface import Surface
from bot.storage.memory import MemoryStore

BOUNCE = "our invoice to bob@hotmail.com bounced: 550 5.7.1 Service unavailable; S3150 blocked"


def test_mention_is_answered_in_its_thread_with_the_four_buttons(slack: Driver) -> None:
    event = mention(BOUNCE)
    response = slack.send(event_request(event))

    assert response.status == 200
    [post] = slack.calls("chat.postMessage")
    params = post.params
    assert params["channel"] == SUPPORT_CHANNEL
    assert params["thread_ts"] == event["ts"]
    assert "Blocked" in params["text"]
    assert set(button_values(params)) == {
        Action.OPEN_CHECKLIST,
        Action.HELPED,
        Action.NOT_HELPED,
        Action.ESCALATE,
    }
    assert labels(params) == ["IT checklist", "That helped", "Didn't help", "Talk to a person"]


def test_every_triage_reply_carries_message_metadata(slack: Driver) -> None:
    slack.send(event_request(mention(BOUNCE)))

    [post] = slack.calls("chat.postMessage")
    metadata = post.params["metadata"]
    assert metadata["event_type"] == "mailhelp_triage"
    assert metadata["event_payload"]["intent"] == "blocked"
    assert 0.0 < metadata["event_payload"]["confidence"] <= 1.0


def test_checklist_button_carries_the_details_the_triage_found(slack: Driver) -> None:
    event = mention(BOUNCE)
    slack.send(event_request(event))

    [post] = slack.calls("chat.postMessage")
    ref = AnswerRef.decode(button_values(post.params)[Action.OPEN_CHECKLIST])
    assert ref is not None
    assert ref.intent == "blocked"
    assert ref.thread_ts == event["ts"]
    assert ref.details["recipient"] == "bob@hotmail.com"
    assert "5.7.1" in ref.details["smtp_reply"]


def test_triage_is_recorded_after_the_reply(slack: Driver, store: MemoryStore) -> None:
    slack.send(event_request(mention(BOUNCE)))

    [record] = store.triages
    assert record.surface is Surface.MENTION
    assert record.intent == "blocked"
    assert record.channel_id == SUPPORT_CHANNEL
    assert record.evidence
    assert "bob@" not in record.text  # the store keeps text redacted


def test_mention_with_no_email_problem_says_so_and_lists_topics(slack: Driver) -> None:
    slack.send(event_request(mention("are we still on for lunch?")))

    [post] = slack.calls("chat.postMessage")
    assert "didn't recognise" in post.params["text"]
    shown = json.dumps(post.params["blocks"])
    assert "Mailbox full or unavailable" in shown
    assert post.params["metadata"]["event_payload"]["intent"] is None


def test_unsure_mention_asks_which_topic_with_buttons(engine: Engine, make_driver: Any) -> None:
    unsure = dataclasses.replace(engine, thresholds=Thresholds(direct=1.01, unprompted=1.01))
    driver = make_driver(engine=unsure)

    driver.send(event_request(mention("our newsletter went to junk")))

    [post] = driver.calls("chat.postMessage")
    assert "closest" in post.params["text"]
    buttons = button_values(post.params)
    assert f"{Action.PICK_TOPIC}:spam" in buttons


def test_follow_up_about_the_same_problem_is_not_answered_again(slack: Driver) -> None:
    first = mention(BOUNCE)
    slack.send(event_request(first))
    slack.send(event_request(mention(BOUNCE + " still happening", thread_ts=first["ts"])))

    assert len(slack.calls("chat.postMessage")) == 1
    [note] = slack.calls("chat.postEphemeral")
    assert "already answered" in note.params["text"]


def test_new_problem_in_the_same_thread_gets_its_own_answer(slack: Driver) -> None:
    first = mention(BOUNCE)
    slack.send(event_request(first))
    slack.send(event_request(mention("and now our newsletter went to junk", thread_ts=first["ts"])))

    intents = [
        c.params["metadata"]["event_payload"]["intent"] for c in slack.calls("chat.postMessage")
    ]
    assert intents == ["blocked", "spam"]


def test_short_mention_under_a_pasted_bounce_triages_the_thread_start(
    slack: Driver, fake: FakeSlack
) -> None:
    parent = channel_message("550 5.2.2 mailbox full, quota exceeded for anna@example.org")
    fake.conversations.add_message(SUPPORT_CHANNEL, parent)
    slack.send(event_request(mention("what does this mean?", thread_ts=parent["ts"])))

    [read] = slack.calls("conversations.history")
    assert read.params["latest"] == parent["ts"]
    [post] = slack.calls("chat.postMessage")
    assert post.params["metadata"]["event_payload"]["intent"] == "mailbox_full"
    assert post.params["thread_ts"] == parent["ts"]


def test_short_mention_under_a_bot_post_does_not_triage_the_post(
    slack: Driver, fake: FakeSlack
) -> None:
    parent = bot_message("552 5.2.2 mailbox full, quota exceeded for anna@example.org")
    fake.conversations.add_message(SUPPORT_CHANNEL, parent)
    slack.send(event_request(mention("what does this mean?", thread_ts=parent["ts"])))

    assert slack.calls("conversations.history")
    [post] = slack.calls("chat.postMessage")
    assert "didn't recognise" in post.params["text"]


@pytest.mark.parametrize("legacy", [True, False])
def test_mentions_from_bots_are_never_answered(slack: Driver, legacy: bool) -> None:
    event = mention(BOUNCE)
    event["bot_id"] = "B0OTHERBOT"
    if legacy:
        event["subtype"] = "bot_message"

    response = slack.send(event_request(event))

    assert response.status == 200
    assert slack.calls("chat.postMessage") == []


def test_the_bot_mention_itself_is_not_triaged(slack: Driver, store: MemoryStore) -> None:
    slack.send(event_request(mention("")))

    [record] = store.triages
    assert BOT_USER not in record.text
    assert record.intent is None
