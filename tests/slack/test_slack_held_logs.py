"""Library logs are held back only while a start-up step runs, and flow again after it."""

from __future__ import annotations

import logging

import pytest

from bot.slack.held_logs import WEB_API_LOGGER, held_back


def test_logs_are_held_back_during_the_step_and_flow_again_after_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    web_api = logging.getLogger(WEB_API_LOGGER)
    with caplog.at_level(logging.INFO):
        with held_back(WEB_API_LOGGER):
            web_api.error("Failed to send a request to Slack API server (attempt 1)")
        web_api.error("Failed to send a request to Slack API server (while answering)")

    assert [record.getMessage() for record in caplog.records] == [
        "Failed to send a request to Slack API server (while answering)"
    ]


def test_logs_flow_again_when_the_step_fails(caplog: pytest.LogCaptureFixture) -> None:
    web_api = logging.getLogger(WEB_API_LOGGER)
    with caplog.at_level(logging.INFO), pytest.raises(OSError), held_back(WEB_API_LOGGER):
        raise OSError("connection refused")
    with caplog.at_level(logging.INFO):
        web_api.warning("retrying")

    assert [record.getMessage() for record in caplog.records] == ["retrying"]
