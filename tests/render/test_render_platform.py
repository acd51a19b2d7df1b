"""The recipient's mail platform (named from its MX) picks the checklist's provider section."""

from __future__ import annotations

import pytest
from render_samples import renderer

from bot.entities.model import Entities
from bot.render import Format
from bot.render.details import CaseDetails

COMPANY = CaseDetails(sender="billing@ourshop.example", recipient="bob@contoso.example")


def _checklist(platform: str | None, details: CaseDetails = COMPANY) -> str:
    rendered = renderer().render_checklist(
        intent_id="spam", details=details, fmt=Format.MARKDOWN, recipient_platform=platform
    )
    return " ".join(rendered.text.split())


def test_without_a_platform_one_box_names_both_big_providers_tools() -> None:
    text = _checklist(None)

    assert "## Where to look on your mail platform" in text
    assert (
        "Trace the message in your mailbox platform (message trace in Microsoft 365, Email Log"
        in text
    )
    assert "## Where to look in Microsoft 365" not in text


@pytest.mark.parametrize(
    ("platform", "heading", "absent"),
    [
        ("microsoft365", "## Where to look in Microsoft 365", "Email Log Search"),
        ("google_workspace", "## Where to look in Google Workspace", "message trace"),
    ],
)
def test_a_microsoft_or_google_tenant_gets_only_its_own_section(
    platform: str, heading: str, absent: str
) -> None:
    text = _checklist(platform)

    assert heading in text
    assert absent not in text
    assert "If you use" not in text


def test_a_filtering_gateway_is_named_before_the_mailbox_platforms() -> None:
    text = _checklist("proofpoint")

    assert "Your domain's MX records point to Proofpoint, which filters mail" in text
    assert text.index("Proofpoint") < text.index("Then trace the message in your mailbox platform")


def test_a_consumer_mailbox_ignores_the_platform() -> None:
    details = CaseDetails(sender="billing@ourshop.example", recipient="bob@gmail.com")

    assert "This is a Gmail mailbox" in _checklist("microsoft365", details)


def test_the_answer_speaks_of_a_microsoft_365_company_mailbox() -> None:
    entities = Entities(sender="billing@ourshop.example", recipient="bob@contoso.example")
    with_platform = renderer().render_answer(
        intent="spam", entities=entities, fmt=Format.TEXT, recipient_platform="microsoft365"
    )
    without = renderer().render_answer(intent="spam", entities=entities, fmt=Format.TEXT)

    assert (
        "if Microsoft 365 quarantined it, release it in the Microsoft Defender portal"
        in " ".join(with_platform.text.split())
    )
    assert "Microsoft 365" not in " ".join(without.text.split())


def test_a_relay_is_named_and_the_mailbox_trace_follows() -> None:
    text = _checklist("amazon_ses")

    assert "Your domain's MX records point to Amazon SES, which receives mail" in text
    assert "Then trace the message in your mailbox platform" in text


def test_a_hosted_mailbox_platform_replaces_the_generic_trace() -> None:
    text = _checklist("fastmail")

    assert "Your domain's mail is hosted at Fastmail: search its message log" in text
    assert "Trace the message in your mailbox platform" not in text


def test_the_answer_names_a_gateway_in_front_of_the_it_team() -> None:
    entities = Entities(sender="billing@ourshop.example", recipient="bob@contoso.example")
    rendered = renderer().render_answer(
        intent="blocked", entities=entities, fmt=Format.TEXT, recipient_platform="mimecast"
    )

    assert "the recipient's IT team (behind Mimecast)" in " ".join(rendered.text.split())


def test_the_it_checklist_speaks_to_the_it_team_as_you() -> None:
    text = _checklist("mimecast")

    assert "Who needs to act: you (the recipient's IT team)." in text
    assert "- [ ] You: Your domain's MX records point to Mimecast" in text
