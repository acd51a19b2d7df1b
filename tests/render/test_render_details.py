"""Case details are cleaned and capped; SMTP replies and codes are found and explained."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import DEFAULT_RESPONSES_DIR
from bot.codes.table import CodeTable
from bot.entities.model import Entities
from bot.render.context import consumer_provider, reply_codes
from bot.render.details import DETAIL_LIMIT, REPLY_LIMIT, CaseDetails, clean
from bot.render.errors import RenderSetupError


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


def test_codes_fall_back_to_subject_then_class() -> None:
    table = CodeTable.load(DEFAULT_RESPONSES_DIR)
    exact = table.explain("550", "5.7.26")
    assert exact.enhanced_meaning == table.enhanced["5.7.26"]
    by_subject = table.explain("550", "5.7.99")
    assert by_subject.enhanced_meaning == table.enhanced["5.7.*"]
    by_class = table.explain("599", "5.9.9")
    assert by_class.basic_meaning == table.basic["5xx"]
    assert by_class.enhanced_meaning == table.enhanced["5.*"]
    assert by_class.permanent and not by_class.temporary


def test_every_listed_code_has_wording() -> None:
    table = CodeTable.load(DEFAULT_RESPONSES_DIR)
    for code in ("250", "421", "450", "451", "452", "550", "551", "552", "553", "554"):
        assert table.explain(code, None).basic_meaning == table.basic[code]
    enhanced = "5.1.1 5.1.10 5.2.1 5.2.2 4.2.2 5.4.1 5.7.1 5.7.26 5.7.509 5.7.606 4.7.0 2.6.0 2.0.0"
    for code in enhanced.split():
        assert table.explain(None, code).enhanced_meaning == table.enhanced[code]


def test_malformed_codes_are_ignored() -> None:
    meaning = CodeTable.load(DEFAULT_RESPONSES_DIR).explain("abc", "9.9.9")
    assert not meaning.known and meaning.basic is None and meaning.enhanced is None


def test_codes_file_problems_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(RenderSetupError, match=r"smtp_codes\.yaml: file not found"):
        CodeTable.load(tmp_path)
    (tmp_path / "smtp_codes.yaml").write_text("basic: {}\n", encoding="utf-8")
    with pytest.raises(RenderSetupError, match="needs exactly the tables"):
        CodeTable.load(tmp_path)
    (tmp_path / "smtp_codes.yaml").write_text(
        "basic: {}\nenhanced: {}\nclasses: {'2': ok, '4': later}\n", encoding="utf-8"
    )
    with pytest.raises(RenderSetupError, match="class 5 is missing"):
        CodeTable.load(tmp_path)
    (tmp_path / "smtp_codes.yaml").write_text("basic: [\n", encoding="utf-8")
    with pytest.raises(RenderSetupError, match="cannot be read"):
        CodeTable.load(tmp_path)
