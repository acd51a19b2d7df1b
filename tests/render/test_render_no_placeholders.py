"""No answer or checklist prints a made-up host, domain or address where a real one is missing;
commands use the case's own names when they are known."""

from __future__ import annotations

import json
import re

import pytest
from render_samples import INTENT_IDS, renderer

from bot.entities.model import Entities
from bot.render import CaseDetails, Format

# Stand-ins templates once printed for unknown names; none may appear in any output.
_PLACEHOLDERS = re.compile(
    r"yourdomain|your-domain|recipient-domain|MAIL-SERVER|FROM-ABOVE|<domain>|<host>"
    r"|mx\.example|example\.org|TODO|XXX",
    re.IGNORECASE,
)
_CASES = {
    "nothing known": Entities(),
    "recipient only": Entities(recipient="p.ng@contoso.com"),
    "sender only": Entities(sender="billing@lumenpay.com"),
}


@pytest.mark.parametrize("case", list(_CASES))
@pytest.mark.parametrize("intent_id", INTENT_IDS)
def test_no_answer_or_checklist_prints_a_stand_in_name(intent_id: str, case: str) -> None:
    entities = _CASES[case]
    answer = renderer().render_answer(intent=intent_id, entities=entities, fmt=Format.TEXT)
    checklist = renderer().render_checklist(
        intent_id=intent_id, details=CaseDetails.from_entities(entities), fmt=Format.TEXT
    )

    assert not _PLACEHOLDERS.search(answer.text), _PLACEHOLDERS.search(answer.text)
    assert not _PLACEHOLDERS.search(checklist.text), _PLACEHOLDERS.search(checklist.text)


def _tls(entities: Entities, fmt: Format = Format.MARKDOWN) -> str:
    rendered = renderer().render_answer(intent="tls", entities=entities, fmt=fmt)
    return json.dumps(rendered.blocks) if fmt is Format.SLACK else rendered.text


def test_the_tls_answer_tests_the_receiving_server_the_bounce_names() -> None:
    entities = Entities(recipient="bo@contoso.com", remote_mta="mx1.contoso.com [192.0.2.7]")

    assert "openssl s_client -starttls smtp -connect mx1.contoso.com:25" in _tls(entities)
    # The thread-sized answer carries the command too, not a pointer to it.
    assert "-connect mx1.contoso.com:25" in _tls(entities, Format.SLACK)


def test_the_tls_answer_looks_up_the_recipient_domain_when_no_server_is_named() -> None:
    text = _tls(Entities(recipient="bo@contoso.com"))

    assert "nslookup -type=MX contoso.com" in text
    assert "-connect` followed by its name and `:25`" in text


def test_a_server_name_that_is_not_a_host_never_reaches_a_command() -> None:
    entities = Entities(recipient="bo@contoso.com", remote_mta="mx.contoso.com;rm -rf ~")

    assert "rm -rf" not in _tls(entities)
    assert "nslookup -type=MX contoso.com" in _tls(entities)


def test_the_checklist_names_the_receiving_server() -> None:
    details = CaseDetails(recipient="bo@contoso.com", remote_mta="mx1.contoso.com")
    text = renderer().render_checklist(intent_id="bounce", details=details, fmt=Format.TEXT).text

    assert "Receiving mail server: mx1.contoso.com" in " ".join(text.split())


@pytest.mark.parametrize("intent_id", INTENT_IDS)
def test_no_line_of_markup_runs_into_the_one_before(intent_id: str) -> None:
    # A template line ending in a tag loses its line break; the next `> ` or `- ` would then
    # print as text in the middle of a sentence.
    for entities in (*_CASES.values(), Entities(smtp_code="550", enhanced_code="5.7.1")):
        answer = renderer().render_answer(intent=intent_id, entities=entities, fmt=Format.MARKDOWN)
        checklist = renderer().render_checklist(
            intent_id=intent_id, details=CaseDetails.from_entities(entities), fmt=Format.MARKDOWN
        )
        for text in (answer.text, checklist.text):
            assert not re.search(r"\S \\?[>] |[.:]\\?> |[.:]- \w", text), text


_OWNER_ACTORS = {"You:": "sender", "The recipient:": "recipient", "Their IT team:": "recipient_it"}
_VARIANTS = {
    "company": (Entities(sender="billing@lumenpay.com", recipient="p.ng@contoso.com"), None),
    "microsoft 365": (Entities(recipient="p.ng@contoso.com"), "microsoft365"),
    "consumer": (Entities(sender="billing@lumenpay.com", recipient="p.ng@gmail.com"), None),
    "nothing known": (Entities(), None),
}


@pytest.mark.parametrize("variant", list(_VARIANTS))
@pytest.mark.parametrize("intent_id", INTENT_IDS)
def test_everyone_a_step_names_is_in_the_who_acts_line(intent_id: str, variant: str) -> None:
    entities, platform = _VARIANTS[variant]
    document = renderer().answer_document(
        intent=intent_id, entities=entities, recipient_platform=platform
    )
    steps = document.section("steps")
    assert steps is not None
    for block in steps.blocks:
        for line in block.lines:
            label = next((label for label in _OWNER_ACTORS if line.plain.startswith(label)), None)
            if label is not None:
                assert _OWNER_ACTORS[label] in document.actors, (line.plain, document.actors)
