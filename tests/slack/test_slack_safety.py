"""Hostile or strange text: the app stays up, pings nobody and posts no link a user planted."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fake_slack.driver import Driver
from fake_slack.events import TEAM, channel_message, direct_message, event_request, mention
from fake_slack.interactive import slash_command

from bot.storage.memory import MemoryStore

PINGS = ("<!channel>", "<!here>", "<!everyone>", "<@U0VICTIM>", "<!subteam^S0EVIL>", "<#C0SECRET>")
HOSTILE = (
    "<!channel> <!here> <!everyone> <@U0VICTIM> <!subteam^S0EVIL|@admins> <#C0SECRET> "
    "our invoice to bob@hotmail.com bounced with 550 5.7.1 S3150, details at "
    "<http://evil.example/login|the bounce report> and https://evil.example/phish "
    "Subject: <!channel> urgent <mailto:x@evil.example|write here>"
)


def mrkdwn_texts(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if value.get("type") == "mrkdwn":
            yield value
        for item in value.values():
            yield from mrkdwn_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from mrkdwn_texts(item)


def shown(value: Any) -> Any:
    """What Slack displays: everything but button values, which it hands back unread."""
    if isinstance(value, dict):
        return {k: shown(v) for k, v in value.items() if k != "value"}
    if isinstance(value, list):
        return [shown(item) for item in value]
    return value


def assert_nothing_planted(driver: Driver) -> None:
    posted = driver.posted()
    assert posted, "expected the app to reply"
    raw = json.dumps(shown(posted), ensure_ascii=False)
    for ping in PINGS:
        assert ping not in raw
    assert "<http://evil" not in raw and "<https://evil" not in raw and "<mailto:" not in raw
    # Bare URLs survive as text, so Slack must be told not to link them up.
    for text in mrkdwn_texts(posted):
        if "evil.example" in text["text"]:
            assert text.get("verbatim") is True, text["text"][:200]
    for params in posted:
        if "unfurl_links" in params:
            assert params["unfurl_links"] is False and params["unfurl_media"] is False


def test_mention_full_of_pings_and_links_pings_nobody(slack: Driver) -> None:
    slack.send(event_request(mention(HOSTILE)))

    assert_nothing_planted(slack)
    assert slack.calls("chat.postMessage")


def test_watched_channel_answer_to_hostile_text_pings_nobody(
    slack: Driver, store: MemoryStore
) -> None:
    store.set_watched(TEAM, "C0SUPPORT", True)
    slack.send(event_request(channel_message(HOSTILE)))

    assert_nothing_planted(slack)


def test_slash_command_with_hostile_text_pings_nobody(slack: Driver) -> None:
    slack.send(slash_command("share " + HOSTILE, response_url=slack.fake.response_url()))

    assert_nothing_planted(slack)


def test_unrecognised_hostile_text_pings_nobody(slack: Driver) -> None:
    slack.send(event_request(direct_message("<!channel> <@U0VICTIM> see <http://evil.example|x>")))

    assert_nothing_planted(slack)


@pytest.mark.parametrize(
    "text",
    [
        "bounce\u202e\u200b\u200d\ufeff 550 5.1.1 user unknown \U0001f4e7\U0001f525",
        "ｍａｉｌｂｏｘ ｆｕｌｌ 552 5.2.2 für jürgen@müller.de — «quota» ✉️",
        "\x00\x01\x07 550\t5.7.1\r\nblocked \ud800 lone surrogate",
        "日本語のメールが届きません 550 5.1.1 ユーザー不明",
        "a" * 39_990 + " 550 5.1.1",
        "\n" * 5000,
    ],
    ids=[
        "bidi-zero-width-emoji",
        "fullwidth-accents",
        "controls-surrogate",
        "cjk",
        "long",
        "blank",
    ],
)
def test_odd_text_is_answered_or_politely_declined(
    slack: Driver, store: MemoryStore, text: str
) -> None:
    response = slack.send(event_request(mention(text)))

    assert response.status == 200
    assert len(slack.posted()) == 1
    assert len(store.triages) == 1
