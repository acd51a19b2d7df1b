"""Requests as Slack sends them: signatures, retries, duplicates, url_verification, oversized text."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import pytest
from fake_slack.driver import Driver
from fake_slack.events import event_request, mention, new_event_id, url_verification

from bot.slack.middleware import MAX_TEXT_CHARS
from bot.storage.memory import MemoryStore

BOUNCE = "the invoice email bounced back: 550 5.1.1 user unknown for anna@exmaple.com"


def test_url_verification_echoes_the_challenge(slack: Driver) -> None:
    response = slack.send(url_verification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"))

    assert response.status == 200
    assert json.loads(response.body)["challenge"].startswith("3eZbrw1aBm2r")


def test_forged_signature_is_refused(slack: Driver) -> None:
    response = slack.send(event_request(mention(BOUNCE)), secret="not-the-signing-secret")

    assert response.status == 401
    assert slack.fake.calls == []


def test_timestamp_older_than_five_minutes_is_refused(slack: Driver) -> None:
    stale = int(time.time()) - 6 * 60
    response = slack.send(event_request(mention(BOUNCE)), timestamp=stale)

    assert response.status == 401
    assert slack.fake.calls == []


def test_retry_of_an_event_already_handled_gets_no_second_reply(slack: Driver) -> None:
    request = event_request(mention(BOUNCE))
    first = slack.send(request)
    retries = [slack.send(request, retry_num=n) for n in (1, 2, 3)]

    assert first.status == 200
    assert [r.status for r in retries] == [200, 200, 200]
    assert len(slack.calls("chat.postMessage")) == 1


def test_retry_of_an_event_never_seen_is_answered(slack: Driver) -> None:
    # The first delivery was lost on the way (for example, the process was restarting).
    slack.send(event_request(mention(BOUNCE)), retry_num=1)

    assert len(slack.calls("chat.postMessage")) == 1


def test_same_event_delivered_twice_without_retry_header_is_answered_once(slack: Driver) -> None:
    event_id = new_event_id()
    event = mention(BOUNCE)
    slack.send(event_request(event, event_id=event_id))
    slack.send(event_request(event, event_id=event_id))

    assert len(slack.calls("chat.postMessage")) == 1


def test_event_claim_failure_still_answers_and_is_logged(
    make_driver: Any, caplog: pytest.LogCaptureFixture
) -> None:
    class ClaimsDown(MemoryStore):
        def claim_event(self, event_key: str) -> bool:
            raise ConnectionError("database unreachable")

    driver = make_driver(store=ClaimsDown())
    with caplog.at_level(logging.WARNING):
        driver.send(event_request(mention(BOUNCE)))

    assert len(driver.calls("chat.postMessage")) == 1
    assert any("could not record request" in r.getMessage() for r in caplog.records)


def test_forty_thousand_characters_and_more_are_cut_before_triage(
    slack: Driver, store: MemoryStore
) -> None:
    huge = "550 5.2.2 mailbox full " + "lorem ipsum " * 8000
    response = slack.send(event_request(mention(huge)))

    assert response.status == 200
    [record] = store.triages
    assert len(record.text) <= MAX_TEXT_CHARS
    assert len(slack.calls("chat.postMessage")) == 1
