"""Quiet and correct by default: one verdict per person, private misses, honest metadata."""

from __future__ import annotations

from typing import Any

from fake_slack.driver import button_values
from fake_slack.events import (
    DM_CHANNEL,
    SUPPORT_CHANNEL,
    channel_message,
    direct_message,
    event_request,
    mention,
)
from fake_slack.http_driver import HttpDriver
from fake_slack.interactive import block_action, message_shortcut

from bot.slack.ids import Action
from bot.slack.refs import AnswerRef
from bot.storage.memory import MemoryStore

BLOCKED = "mail to bob@hotmail.com bounced: 550 5.7.1 Unfortunately, messages from [203.0.113.9] weren't sent. S3150"


def _answer(web: HttpDriver, event: dict[str, Any]) -> dict[str, str]:
    web.fake.conversations.add_message(event["channel"], event)
    web.send(event_request(event))
    [answer] = web.calls("chat.postMessage")
    web.fake.reset()
    return button_values(answer.params)


def _click(
    web: HttpDriver, action: str, value: str, channel: str = SUPPORT_CHANNEL, **extra: Any
) -> None:
    ref = AnswerRef.decode(value)
    web.send(
        block_action(
            action,
            value=value,
            response_url=web.fake.response_url(),
            channel=channel,
            thread_ts=ref.thread_ts if ref else None,
            **extra,
        )
    )


def test_feedback_counts_once_per_answer_and_person(
    web_slack: HttpDriver, store: MemoryStore
) -> None:
    buttons = _answer(web_slack, mention(BLOCKED))

    _click(web_slack, Action.HELPED, buttons[Action.HELPED])
    _click(web_slack, Action.HELPED, buttons[Action.HELPED])
    _click(web_slack, Action.HELPED, buttons[Action.HELPED], user="U0COLLEAGUE")

    assert [(f.user_id, f.helpful) for f in store.feedback] == [
        ("U0ASKER", True),
        ("U0COLLEAGUE", True),
    ]
    notes = [c.params["text"] for c in web_slack.calls("chat.postEphemeral")]
    assert sum("already rated" in note for note in notes) == 1


def test_a_correction_never_offers_or_repeats_the_topic_already_answered(
    web_slack: HttpDriver, store: MemoryStore
) -> None:
    buttons = _answer(web_slack, direct_message(BLOCKED))
    _click(web_slack, Action.NOT_HELPED, buttons[Action.NOT_HELPED], channel=DM_CHANNEL)
    [ask] = web_slack.calls("chat.postEphemeral")
    [section] = ask.params["blocks"]
    assert "blocked" not in {o["value"] for o in section["accessory"]["options"]}
    web_slack.fake.reset()

    # An older select (or a forged one) that still offers it gets no contradictory answer.
    web_slack.send(
        block_action(
            Action.CORRECT_TOPIC,
            selected="blocked",
            response_url=web_slack.fake.response_url(),
            channel=DM_CHANNEL,
            ephemeral=True,
            block_id=section["block_id"],
        )
    )

    assert web_slack.calls("chat.postMessage") == []
    [reply] = web_slack.calls("response_url")
    assert "is the topic I answered already" in reply.params["text"]
    assert "instead" not in reply.params["text"]
    [feedback] = store.feedback
    assert (feedback.helpful, feedback.corrected_intent) == (False, None)


def test_the_shortcut_tells_only_the_asker_when_it_recognises_nothing(
    web_slack: HttpDriver, store: MemoryStore
) -> None:
    message = channel_message("lunch at noon?", user="U0SOMEONEELSE")
    web_slack.send(
        message_shortcut(
            "triage_message", message=message, response_url=web_slack.fake.response_url()
        )
    )

    assert web_slack.calls("chat.postMessage") == []
    [reply] = web_slack.calls("response_url")
    assert reply.params["response_type"] == "ephemeral"
    assert "didn't recognise" in reply.params["text"]


def test_the_shortcut_on_the_apps_own_answer_is_not_a_triage(
    web_slack: HttpDriver, store: MemoryStore
) -> None:
    own = {
        "type": "message",
        "ts": "1700000000.000900",
        "text": "Mailbox full",
        "bot_id": "B0MAILHELP",
        "user": "U0MAILHELP",
    }
    web_slack.send(
        message_shortcut("triage_message", message=own, response_url=web_slack.fake.response_url())
    )

    assert store.triages == []
    [reply] = web_slack.calls("response_url")
    assert "already answered" in reply.params["text"]


def test_prompts_carry_their_own_metadata_type(web_slack: HttpDriver) -> None:
    web_slack.send(event_request(mention("lunch at noon?")))
    web_slack.send(event_request(mention(BLOCKED)))

    types = [c.params["metadata"]["event_type"] for c in web_slack.calls("chat.postMessage")]
    assert types == ["mailhelp_prompt", "mailhelp_triage"]
