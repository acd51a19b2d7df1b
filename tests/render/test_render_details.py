"""Case details are cleaned and capped; SMTP replies and codes are found and explained."""

from __future__ import annotations

import pytest

from bot.entities.model import Entities
from bot.render.context import consumer_provider, reply_codes
from bot.render.details import DETAIL_LIMIT, REPLY_LIMIT, CaseDetails, clean


def test_details_lose_control_bidi_and_line_breaks() -> None:
    details = CaseDetails(subject="ok\x1b[31mred\x07\x00\u202eevil\u2028next\r\nline")
    assert details.subject == "ok[31mredevil next line"


def test_details_are_capped_with_an_ellipsis() -> None:
    details = CaseDetails(subject="A" * 10_240, smtp_reply="5" * 10_240)
    assert details.subject is not None and len(details.subject) == DETAIL_LIMIT
    assert details.subject.endswith("…")
    assert details.smtp_reply is not None and len(details.smtp_reply) == REPLY_LIMIT


def test_blank_details_become_none() -> None:
    assert CaseDetails(sender="   ", subject="\x00\x01").known == ()


def test_private_use_sentinels_cannot_be_smuggled_in() -> None:
    assert clean("a\ue000b\ue001c\ue002") == "abc"


def test_details_refuse_what_is_not_text() -> None:
    with pytest.raises(TypeError, match=r"CaseDetails\.sender must be text"):
        CaseDetails(sender=42)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Microsoft", "microsoft"), ("<http://evil|click>", None), ("mimecast", "mimecast")],
)
def test_provider_must_be_a_plain_name(value: str, expected: str | None) -> None:
    assert CaseDetails(provider=value).provider == expected


def test_reply_is_cut_out_of_its_line_and_its_quotes() -> None:
    text = (
        "Hi team, we got this:\n"
        "Remote Server returned '550 5.7.606 Access denied, banned sending IP [203.0.113.90].'"
        " when sending to them\nthanks"
    )
    entities = Entities(smtp_code="550", enhanced_code="5.7.606", sender="a@b.io")
    details = CaseDetails.from_entities(entities, text)
    assert details.smtp_reply == "550 5.7.606 Access denied, banned sending IP [203.0.113.90]."
    assert details.sender == "a@b.io"


def test_multi_line_replies_are_joined() -> None:
    text = "550-5.7.26 This mail is unauthenticated,\n550-5.7.26 which poses a risk.\nbye"
    entities = Entities(smtp_code="550", enhanced_code="5.7.26")
    details = CaseDetails.from_entities(entities, text)
    assert (
        details.smtp_reply
        == "550-5.7.26 This mail is unauthenticated, 550-5.7.26 which poses a risk."
    )


def test_codes_without_their_line_still_give_a_reply() -> None:
    details = CaseDetails.from_entities(Entities(smtp_code="552", enhanced_code="5.2.2"), "")
    assert details.smtp_reply == "552 5.2.2"


def test_no_code_means_no_reply() -> None:
    assert CaseDetails.from_entities(Entities(), "it never arrived").smtp_reply is None


@pytest.mark.parametrize(
    ("reply", "codes"),
    [
        ("550 5.1.1 <a@b.org>: Recipient address rejected", ("550", "5.1.1")),
        ("550 No Such User Here", ("550", None)),
        ("421 4.7.0 [TSS04] deferred", ("421", "4.7.0")),
        ("thanks for your order", (None, None)),
        (None, (None, None)),
    ],
)
def test_codes_are_read_from_a_reply(reply: str | None, codes: tuple[str | None, ...]) -> None:
    assert reply_codes(reply) == codes


@pytest.mark.parametrize(
    ("domain", "provider"),
    [
        ("hotmail.co.uk", "microsoft"),
        ("outlook.com", "microsoft"),
        ("gmail.com", "google"),
        ("yahoo.fr", "yahoo"),
        ("icloud.com", "apple"),
        ("contoso.com", None),
        (None, None),
    ],
)
def test_consumer_domains_name_their_provider(domain: str | None, provider: str | None) -> None:
    assert consumer_provider(domain) == provider
