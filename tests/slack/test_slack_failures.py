"""When Slack or storage fails: retries first, then the person is told and the log says where."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from fake_slack.driver import Driver
from fake_slack.events import ASKER, SUPPORT_CHANNEL, event_request, mention
from fake_slack.interactive import slash_command

from bot.entities.model import Entities
from bot.render.document import Format, Rendered
from bot.render.errors import RenderError
from bot.render.renderer import Renderer
from bot.storage.interface import TriageRecord
from bot.storage.memory import MemoryStore

BOUNCE = "our mail to anna@example.org bounced with 550 5.1.1 user unknown"


def test_server_errors_are_retried_then_the_answer_goes_out(slack: Driver) -> None:
    slack.fake.fail_next("chat.postMessage", status=503)
    slack.fake.fail_next("chat.postMessage", status=502)

    slack.send(event_request(mention(BOUNCE)))

    assert len(slack.calls("chat.postMessage")) == 3
    assert slack.calls("chat.postEphemeral") == []


def test_rate_limit_waits_for_retry_after_then_answers(slack: Driver) -> None:
    slack.fake.fail_next("chat.postMessage", status=429, retry_after=0)

    slack.send(event_request(mention(BOUNCE)))

    attempts = slack.calls("chat.postMessage")
    assert len(attempts) == 2
    assert attempts[0].params == attempts[1].params


def test_web_api_failing_after_retries_tells_the_person_and_logs_where(
    slack: Driver, caplog: pytest.LogCaptureFixture
) -> None:
    slack.fake.fail_next("chat.postMessage", status=500, times=10)

    with caplog.at_level(logging.ERROR):
        response = slack.send(event_request(mention(BOUNCE)))

    assert response.status == 200
    assert len(slack.calls("chat.postMessage")) == 3  # the first try and two retries
    [told] = slack.calls("chat.postEphemeral")
    assert told.params["user"] == ASKER
    assert "something went wrong" in told.params["text"]
    [line] = [r.getMessage() for r in caplog.records if "chat.postMessage" in r.getMessage()]
    assert "mention" in line and SUPPORT_CHANNEL in line and "HTTP 500" in line
    assert "xoxb-test" not in caplog.text


def test_when_even_the_apology_fails_the_app_carries_on(
    slack: Driver, caplog: pytest.LogCaptureFixture
) -> None:
    slack.fake.fail_next("chat.postMessage", status=500, times=10)
    slack.fake.fail_next("chat.postEphemeral", error="channel_not_found")

    with caplog.at_level(logging.ERROR):
        slack.send(event_request(mention(BOUNCE)))
        slack.fake.reset()
        slack.send(event_request(mention(BOUNCE + " (again)")))

    assert any("chat.postEphemeral" in r.getMessage() for r in caplog.records)
    assert not any("unhandled error" in r.getMessage() for r in caplog.records)
    assert len(slack.calls("chat.postMessage")) == 1  # the next message is answered as usual


def test_slack_refusing_a_post_is_logged_with_its_error_code(
    slack: Driver, caplog: pytest.LogCaptureFixture
) -> None:
    slack.fake.fail_next("chat.postMessage", error="not_in_channel")

    with caplog.at_level(logging.ERROR):
        slack.send(event_request(mention(BOUNCE)))

    assert any("not_in_channel" in r.getMessage() for r in caplog.records)
    assert len(slack.calls("chat.postEphemeral")) == 1


def test_storage_failing_to_record_never_stops_the_answer(
    make_driver: Any, caplog: pytest.LogCaptureFixture
) -> None:
    class RecordsDown(MemoryStore):
        def record_triage(self, record: TriageRecord) -> None:
            raise ConnectionError("database unreachable")

    driver = make_driver(store=RecordsDown())
    with caplog.at_level(logging.WARNING):
        driver.send(event_request(mention(BOUNCE)))

    assert len(driver.calls("chat.postMessage")) == 1
    assert any("could not record TriageRecord" in r.getMessage() for r in caplog.records)


def test_answer_that_cannot_be_rendered_is_apologised_for(
    make_driver: Any, renderer: Renderer, caplog: pytest.LogCaptureFixture
) -> None:
    class BrokenTemplates(Renderer):
        def render_answer(
            self,
            *,
            intent: Any,
            entities: Entities,
            fmt: Format | str,
            text: str = "",
            recipient_platform: str | None = None,
        ) -> Rendered:
            raise RenderError("answers/invalid_address.j2: a user value is not closed")

    broken = BrokenTemplates(renderer.answers, renderer.titles, renderer.checklist, renderer.codes)
    driver = make_driver(renderer=broken)
    with caplog.at_level(logging.ERROR):
        driver.send(event_request(mention(BOUNCE)))

    assert driver.calls("chat.postMessage") == []
    [told] = driver.calls("chat.postEphemeral")
    assert "something went wrong" in told.params["text"]
    assert any("answer a mention" in r.getMessage() for r in caplog.records)


def test_response_url_failure_is_logged(slack: Driver, caplog: pytest.LogCaptureFixture) -> None:
    slack.fake.fail_next("response_url", status=404, times=5)

    with caplog.at_level(logging.ERROR):
        slack.send(slash_command("bounce", response_url=slack.fake.response_url()))

    assert any(
        "response_url" in r.getMessage() and "slash" in r.getMessage() for r in caplog.records
    )
