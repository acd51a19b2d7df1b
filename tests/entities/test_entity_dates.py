"""The first date or time mentioned is returned as written; numbers that are not dates are not."""

from __future__ import annotations

import pytest

from bot.entities import extract_entities


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("We sent it on Tuesday, subject 'PO 1182'", "Tuesday"),
        ("feed shows 'delivered' at 09:14 but she can't find it", "09:14"),
        ("server answered 250 2.0.0 OK at 14:02 UTC so it left us fine", "14:02 UTC"),
        ("queued on 2024-06-11 and never arrived", "2024-06-11"),
        ("Sent:    Wed, 15 Feb 2006 03:53:57 -0500\n", "Wed, 15 Feb 2006 03:53:57 -0500"),
        ("ooo msg from the buyer, back 12/9. fine to just wait?", "12/9"),
        ("I am away until May 5th.", "May 5th"),
        ("the call is at 3pm", "3pm"),
        ("30 hard bounces from yesterday's send", "yesterday"),
        ('"timestamp":"2016-11-23T12:01:03.512Z"', "2016-11-23T12:01:03.512Z"),
        ("Created Date:   4/29/2017 11:34:45 PM", "4/29/2017"),
        ("sent on Tuesday 14:02 UTC, subject 'PO 1182'", "Tuesday 14:02 UTC"),
        ("on Tuesday 14th at 9:30 am", "Tuesday 14th at 9:30 am"),
    ],
)
def test_first_date_is_returned_as_written(text: str, date: str) -> None:
    assert extract_entities(text).date == date


@pytest.mark.parametrize(
    "text",
    [
        "we offer 24/7 support",
        "delay=1.2, delays=0.1/0/0.4/0.7, dsn=2.0.0",
        "does resend support TLS 1.3 or only 1.2?",
        "relay=mx1.kestrel.com[203.0.113.8]:25",
        "planning to go to 60k/day for black friday",
        "550 5.1.1 user unknown",
        "3/40 of the imports failed",
        "the meeting room is 25:99",
    ],
)
def test_numbers_that_are_not_dates_are_ignored(text: str) -> None:
    assert extract_entities(text).date is None


def test_message_id_digits_are_not_read_as_a_date() -> None:
    text = "250 2.6.0 <20240611093312.8f2c@mail.ourapp.io> Queued mail for delivery"
    assert extract_entities(text).date is None
