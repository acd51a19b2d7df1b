"""The codes table: every row has an owner and a source, and the most specific row decides."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot import DEFAULT_RESPONSES_DIR
from bot.codes.table import CODES_FILE, OWNERS, CodeTable, CodeTableError


def _table() -> CodeTable:
    return CodeTable.load(DEFAULT_RESPONSES_DIR)


def test_every_row_has_an_owner_a_next_step_and_a_source() -> None:
    raw = yaml.safe_load((DEFAULT_RESPONSES_DIR / CODES_FILE).read_text(encoding="utf-8"))
    assert raw["rows"], "the table has no rows"
    for number, row in enumerate(raw["rows"]):
        assert row.get("owner") in OWNERS, f"row {number} has no owner"
        assert str(row.get("source", "")).startswith("https://"), f"row {number} has no source"
        assert str(row.get("meaning", "")).strip() and str(row.get("next", "")).strip()
    for klass, entry in raw["classes"].items():
        assert str(entry.get("source", "")).startswith("https://"), f"class {klass}"


@pytest.mark.parametrize(
    ("basic", "enhanced", "reply", "provider", "owner", "words"),
    [
        (
            "550",
            "5.7.1",
            "weren't sent ... part of their network is on our block list (S3150)",
            None,
            "sender",
            "Outlook.com",
        ),
        ("550", "5.7.511", "Access denied, banned sender", None, "sender", "delist@microsoft.com"),
        (
            "550",
            "5.7.513",
            "Service unavailable, Client host blocked",
            None,
            "recipient_it",
            "IP Block List",
        ),
        ("550", "5.7.620", "Access denied, banned sending IP", None, "sender", "sender.office.com"),
        (
            "550",
            "5.7.133",
            "RESOLVER.RST.SenderNotAuthenticatedForGroup",
            None,
            "recipient_it",
            "group",
        ),
        ("451", "4.7.550", "Access denied, please try again later", None, "nobody", "retry"),
        ("550", "5.7.26", "This mail is unauthenticated - gsmtp", None, "sender", "Gmail"),
        (
            "550",
            "5.7.1",
            "This message violates example.com email policy. - gcdp <1> - gsmtp",
            None,
            "recipient_it",
            "Workspace admin",
        ),
        (
            "550",
            "5.7.1",
            "Our system has detected that this message is likely unsolicited mail - gsmtp",
            None,
            "sender",
            "Postmaster Tools",
        ),
        (
            "421",
            "4.7.0",
            "[TSS04] Messages from 198.51.100.7 temporarily deferred",
            None,
            "sender",
            "feedback loop",
        ),
        (
            "421",
            "4.7.0",
            "[TSS09] All messages from 198.51.100.7 will be permanently deferred",
            None,
            "sender",
            "Sender Hub",
        ),
        (
            "554",
            None,
            "Sorry, your message cannot be delivered. This mailbox is disabled (554.30).",
            None,
            "sender",
            "hard bounce",
        ),
        ("550", "5.7.1", "[CS01] Message rejected due to local policy", None, "sender", "Apple"),
        ("550", "5.1.1", "User unknown", None, "sender", "correct address"),
        ("552", "5.2.2", "Mailbox full", None, "recipient", "free space"),
    ],
)
def test_the_most_specific_row_decides(
    basic: str, enhanced: str | None, reply: str, provider: str | None, owner: str, words: str
) -> None:
    meaning = _table().explain(basic, enhanced, reply, provider)
    assert meaning.specific
    assert meaning.owner == owner
    assert words.lower() in f"{meaning.meaning} {meaning.next_step}".lower()


def test_codes_fall_back_to_subject_then_class() -> None:
    table = _table()
    by_subject = table.explain("550", "5.7.99")
    assert by_subject.row is not None and by_subject.row.code == "5.7.*"
    assert not by_subject.specific
    by_class = table.explain("599", "5.9.9")
    assert by_class.row is not None and by_class.row.code == "5.*"
    assert by_class.permanent and not by_class.temporary


def test_malformed_codes_are_ignored() -> None:
    meaning = _table().explain("abc", "9.9.9")
    assert not meaning.known and meaning.basic is None and meaning.enhanced is None


def test_codes_file_problems_name_the_file_and_row(tmp_path: Path) -> None:
    with pytest.raises(CodeTableError, match=r"codes\.yaml: file not found"):
        CodeTable.load(tmp_path)
    path = tmp_path / CODES_FILE
    path.write_text("rows: []\n", encoding="utf-8")
    with pytest.raises(CodeTableError, match="needs exactly the tables"):
        CodeTable.load(tmp_path)
    classes = "classes: {'2': {meaning: ok, source: 'https://a'}, '4': {meaning: later, source: 'https://a'}, '5': {meaning: never, source: 'https://a'}}\n"
    path.write_text(
        classes + "rows: [{code: '550', meaning: m, next: n, source: 'https://a'}]\n",
        encoding="utf-8",
    )
    with pytest.raises(CodeTableError, match=r"rows\[0\]: owner must be one of"):
        CodeTable.load(tmp_path)
    path.write_text(
        classes + "rows: [{code: '550', owner: sender, meaning: m, next: n, source: x}]\n",
        encoding="utf-8",
    )
    with pytest.raises(CodeTableError, match=r"rows\[0\]: source must be an https"):
        CodeTable.load(tmp_path)
    path.write_text("rows: [\n", encoding="utf-8")
    with pytest.raises(CodeTableError, match="cannot be read"):
        CodeTable.load(tmp_path)
