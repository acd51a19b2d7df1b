"""Holding back the Slack libraries' own logs during a start-up step that reports its failure."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

# slack_sdk logs every failed attempt of a Web API call here, before the retries give up.
WEB_API_LOGGER = "slack_sdk.web.base_client"


class _HoldBack(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return False


@contextmanager
def held_back(*names: str) -> Iterator[None]:
    """While the step runs, records of these loggers are dropped.

    A start-up step that fails raises, and mailhelp turns that into one line naming the
    setting and the reason; the libraries' own error lines for the same failure (one per
    retry) would only repeat it. Once the step is over, they log as usual.
    """
    hold = _HoldBack()
    loggers = [logging.getLogger(name) for name in names]
    for logger in loggers:
        logger.addFilter(hold)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(hold)
