"""The pooled transport fails the way urllib does, so slack_sdk's retries and start-up's
"cannot reach" message treat it the same."""

from __future__ import annotations

import http.client
from urllib.error import URLError
from urllib.request import Request

import pytest
from fake_slack.web import free_port

from bot.slack.transport import ConnectionPool, content_type


def test_a_refused_connection_is_a_url_error_naming_the_cause() -> None:
    closed = free_port()
    request = Request(f"http://127.0.0.1:{closed}/api/auth.test", data=b"", method="POST")

    with pytest.raises(URLError) as caught:
        ConnectionPool().open(request, timeout=2)

    assert isinstance(caught.value.reason, ConnectionRefusedError)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("application/json; charset=utf-8", ("application/json", "utf-8")),
        ('text/plain;Charset="ISO-8859-1"', ("text/plain", "ISO-8859-1")),
        ("Application/Gzip", ("application/gzip", "utf-8")),
        (None, ("", "utf-8")),
    ],
)
def test_the_content_type_and_charset_are_read_from_the_header(
    header: str | None, expected: tuple[str, str]
) -> None:
    headers = http.client.HTTPMessage()
    if header is not None:
        headers["Content-Type"] = header

    assert content_type(headers) == expected
