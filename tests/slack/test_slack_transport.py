"""The pooled transport fails the way urllib does, so slack_sdk's retries and start-up's
"cannot reach" message treat it the same."""

from __future__ import annotations

from urllib.error import URLError
from urllib.request import Request

import pytest
from fake_slack.web import free_port

from bot.slack.transport import ConnectionPool


def test_a_refused_connection_is_a_url_error_naming_the_cause() -> None:
    closed = free_port()
    request = Request(f"http://127.0.0.1:{closed}/api/auth.test", data=b"", method="POST")

    with pytest.raises(URLError) as caught:
        ConnectionPool().open(request, timeout=2)

    assert isinstance(caught.value.reason, ConnectionRefusedError)
