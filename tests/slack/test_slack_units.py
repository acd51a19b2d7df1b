"""The small pieces: button and modal references, `/mailhelp` parsing, payload predicates."""

from __future__ import annotations

import json

import pytest

from bot.slack.commands import Verb, parse_command
from bot.slack.predicates import (
    is_channel_message,
    is_direct_message,
    is_from_bot,
    is_mention_of,
    is_retry,
    is_triage_reaction,
)
from bot.slack.refs import BUTTON_VALUE_LIMIT, AnswerRef, ModalRef, is_slack_user_id


def test_answer_ref_survives_a_round_trip() -> None:
    ref = AnswerRef(
        "blocked", "1700000000.000100", "1700000000.000200", 0.87, {"recipient": "a@b.example"}
    )

    assert AnswerRef.decode(ref.encode()) == ref


def test_answer_ref_shrinks_long_details_to_fit_a_button() -> None:
    details = {"smtp_reply": "550 " + "x" * 5000, "subject": "é" * 3000, "sender": "s@x.example"}
    encoded = AnswerRef("bounce", None, None, 0.5, details).encode()

    assert len(encoded) <= BUTTON_VALUE_LIMIT
    decoded = AnswerRef.decode(encoded)
    assert decoded is not None and decoded.details["sender"] == "s@x.example"


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "not json",
        "[1, 2]",
        json.dumps({"i": "<!channel>", "t": "1.2.3", "a": "<@U1>", "c": "high", "d": ["x"]}),
        json.dumps({"i": "Bounce", "d": {"smtp_reply": 5, "evil": "x", "sender": ""}}),
    ],
)
def test_answer_ref_from_a_tampered_value_keeps_nothing_unsafe(value: str | None) -> None:
    ref = AnswerRef.decode(value)

    if ref is not None:
        assert ref.intent is None and ref.thread_ts is None and ref.asked_ts is None
        assert ref.details == {} and ref.confidence == 0.0


def test_modal_ref_refuses_ids_that_are_not_slack_ids() -> None:
    tampered = json.dumps({"c": "<#C1>", "t": "now", "i": "spam"})

    assert ModalRef.decode(tampered) == ModalRef(None, None, "spam")
    assert ModalRef.decode("{") is None


@pytest.mark.parametrize("value", ["U012AB3CD", "W0123ABC"])
def test_slack_user_ids_are_recognised(value: str) -> None:
    assert is_slack_user_id(value)


@pytest.mark.parametrize("value", [None, "", "u123", "U1>", "<!channel>", "B012"])
def test_anything_else_is_not_a_user_id(value: str | None) -> None:
    assert not is_slack_user_id(value)


@pytest.mark.parametrize(
    ("text", "verb", "rest"),
    [
        ("", Verb.HELP, ""),
        ("   ", Verb.HELP, ""),
        ("HELP", Verb.HELP, ""),
        ("?", Verb.HELP, ""),
        ("watch", Verb.WATCH, ""),
        ("Unwatch  now", Verb.UNWATCH, "now"),
        ("stats", Verb.STATS, ""),
        ("checklist 550 5.1.1", Verb.CHECKLIST, "550 5.1.1"),
        ("share our mail bounced", Verb.SHARE, "our mail bounced"),
        ("share", Verb.HELP, ""),
        ("our mail bounced", Verb.ASK, "our mail bounced"),
        ("watchdog alerts bounced", Verb.ASK, "watchdog alerts bounced"),
    ],
)
def test_slash_command_text_is_read_into_a_verb(text: str, verb: Verb, rest: str) -> None:
    command = parse_command(text)

    assert (command.verb, command.rest) == (verb, rest)


def test_short_text_may_name_a_topic_but_a_sentence_does_not() -> None:
    assert parse_command("mailbox full").could_be_topic
    assert not parse_command("our invoice to the customer bounced twice").could_be_topic
    assert not parse_command("stats").could_be_topic


def test_retries_are_recognised_by_their_header() -> None:
    assert is_retry({"x-slack-retry-num": ["1"]})
    assert not is_retry({"x-slack-request-timestamp": ["1"]})


def test_message_predicates_tell_people_from_bots_and_bookkeeping() -> None:
    person_dm = {"type": "message", "user": "U1", "text": "hi", "channel_type": "im"}
    person_channel = {**person_dm, "channel_type": "channel"}
    app_post = {**person_channel, "bot_id": "B1"}
    join = {**person_channel, "subtype": "channel_join"}
    shared_file = {**person_channel, "subtype": "file_share"}

    assert is_direct_message(person_dm) and not is_channel_message(person_dm)
    assert is_channel_message(person_channel) and is_channel_message(shared_file)
    assert is_from_bot(app_post) and not is_channel_message(app_post)
    assert not is_channel_message(join)


def test_mentions_and_reactions_are_recognised() -> None:
    assert is_mention_of({"text": "hey <@U0BOT> look"}, "U0BOT")
    assert not is_mention_of({"text": "hey <@U0OTHER>"}, "U0BOT")
    assert not is_mention_of({"text": "hey <@U0BOT>"}, None)
    reaction = {"reaction": "mailhelp::skin-tone-2", "item": {"type": "message", "ts": "1.2"}}
    assert is_triage_reaction(reaction, ("mailhelp",))
    assert not is_triage_reaction({**reaction, "item": {"type": "file"}}, ("mailhelp",))
