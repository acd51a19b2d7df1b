"""What every answer must say, and how the details the triage found change it."""

from __future__ import annotations

import pytest
from render_samples import INTENT_IDS, OUR_SIDE_ONLY, full_case, renderer

from bot.entities.model import Entities, TypoHint
from bot.render import Document, Format
from bot.render.renderer import for_surface, render_document


def _document(intent_id: str, entities: Entities, text: str = "") -> Document:
    return renderer().answer_document(intent=intent_id, entities=entities, text=text)


def _text(intent_id: str, entities: Entities, text: str = "") -> str:
    rendered = renderer().render_answer(
        intent=intent_id, entities=entities, fmt=Format.TEXT, text=text
    )
    return " ".join(rendered.text.split())


@pytest.mark.parametrize("intent_id", INTENT_IDS)
def test_every_answer_says_who_acts_what_to_check_and_what_to_do(intent_id: str) -> None:
    text, entities = full_case(intent_id)
    document = _document(intent_id, entities, text)
    assert document.summary, "what is most likely happening"
    assert document.callout is not None and document.callout.plain.startswith("Who needs to act")
    assert document.actors
    assert document.section("check_now") is not None
    assert document.section("hand_to_it") is not None or document.section("fix") is not None
    if intent_id not in OUR_SIDE_ONLY:
        assert document.section("ask_recipient") is not None


@pytest.mark.parametrize("intent_id", INTENT_IDS)
def test_every_answer_keeps_its_parts_without_any_detail(intent_id: str) -> None:
    document = _document(intent_id, Entities())
    assert document.summary and document.callout is not None
    assert document.section("check_now") is not None
    assert document.section("reply") is None
    assert document.section("typo") is None


def test_microsoft_recipient_gets_message_trace_quarantine_and_tenant_list() -> None:
    text, entities = full_case("microsoft_queued")
    answer = _text("microsoft_queued", entities, text)
    for step in ("Message trace", "Quarantine", "Tenant Allow/Block List", "Other tab", "Junk"):
        assert step in answer
    assert "X-Forefront-Antispam-Report" in answer


def test_microsoft_block_names_the_delisting_routes() -> None:
    text, entities = full_case("blocked")
    answer = _text("blocked", entities, text)
    assert "S3150" in answer and "sendersupport.olc.protection.outlook.com" in answer
    assert "5.7.606" in answer and "sender.office.com" in answer


def test_google_workspace_recipient_gets_email_log_search_and_postmaster_tools() -> None:
    entities = Entities(recipient="ana@orchid.io", provider="google", sender="hi@lumenpay.com")
    answer = _text("delivered_not_received", entities)
    assert "Email Log Search" in answer
    assert "Postmaster Tools" in answer
    assert "in:anywhere from:lumenpay.com" in answer
    assert "Promotions" in answer


def test_gmail_authentication_refusal_is_explained() -> None:
    entities = Entities(provider="google", smtp_code="550", enhanced_code="5.7.26")
    answer = _text("blocked", entities, "550-5.7.26 This mail is unauthenticated")
    assert "failed authentication" in answer
    assert "SPF, DKIM and DMARC" in answer


def test_yahoo_deferral_and_disabled_mailbox_are_explained() -> None:
    warmup = _text("warmup", Entities(provider="yahoo", smtp_code="421", enhanced_code="4.7.0"))
    assert "TSS04" in warmup and "senders.yahooinc.com" in warmup
    disabled = _text(
        "mailbox_full",
        Entities(provider="yahoo", smtp_code="554", recipient="rk@yahoo.com"),
        "554 delivery error: dd This mailbox is disabled (554.30)",
    )
    assert "554.30" in disabled and "switched off" in disabled


def test_icloud_recipient_is_told_where_junk_and_rules_are() -> None:
    answer = _text("spam", Entities(recipient="c.r@icloud.com"))
    assert "iCloud" in answer and "Junk" in answer


def test_unknown_provider_points_it_at_the_mail_log_by_message_id() -> None:
    answer = _text("delivered_not_received", Entities(recipient="ops@kestrelfarms.com"))
    assert "logs for the Message-ID" in answer


def test_consumer_mailbox_has_no_it_team_to_hand_to() -> None:
    entities = Entities(recipient="mark.obi@hotmail.co.uk", provider="microsoft")
    document = _document("microsoft_queued", entities)
    assert "recipient_it" not in document.actors
    assert "sender" in document.actors
    answer = _text("microsoft_queued", entities)
    assert "no IT team" in answer
    assert "Exchange admin center" not in answer


def test_typo_in_the_domain_is_pointed_out() -> None:
    entities = Entities(
        recipient="jdoe@gmial.com", typo_hints=(TypoHint("gmial.com", "gmail.com"),)
    )
    document = _document("invalid_address", entities)
    typo = document.section("typo")
    assert typo is not None
    assert "did you mean gmail.com?" in _text("invalid_address", entities)


@pytest.mark.parametrize(
    ("basic", "enhanced", "words"),
    [
        ("550", "5.1.1", "No mailbox with that name exists"),
        ("552", "5.2.2", "The mailbox is full"),
        ("452", "4.2.2", "full for now"),
        ("550", "5.7.606", "banned the sending IP"),
        ("554", "5.7.509", "DMARC policy says reject"),
        ("550", "5.1.10", "null MX"),
        ("550", "5.4.1", "no answer from host"),
        ("250", "2.6.0", "reports success"),
        ("451", "4.3.9", "temporary problem"),
        ("553", "5.7.99", "security or policy reasons"),
    ],
)
def test_smtp_codes_are_explained_in_plain_words(basic: str, enhanced: str, words: str) -> None:
    # With no provider named, codes read as the RFCs define them; Microsoft's own readings of
    # 5.1.10 and 5.4.1 need Microsoft's reply (see test_microsoft_codes_read_as_microsoft_means).
    entities = Entities(smtp_code=basic, enhanced_code=enhanced)
    document = _document("bounce", entities, f"{basic} {enhanced} something")
    reply = document.section("reply")
    assert reply is not None
    assert words in " ".join(line.plain for block in reply.blocks for line in block.lines)


def test_temporary_full_mailbox_needs_nobody() -> None:
    entities = Entities(smtp_code="452", enhanced_code="4.2.2")
    document = _document("mailbox_full", entities, "452 4.2.2 mailbox full")
    assert document.actors == ("nobody",)
    assert "retries on its own" in _text("mailbox_full", entities)


def test_warmup_answer_gives_both_ramp_plans_and_the_thresholds() -> None:
    answer = _text("warmup", Entities())
    for figure in ("up to 150 messages", "at most 150 an hour", "up to 10,000 messages"):
        assert figure in answer
    assert "under 4%" in answer and "under 0.08%" in answer


def test_attachment_answer_lists_refused_extensions() -> None:
    answer = _text("attachment_blocked", Entities())
    for extension in (".exe", ".js", ".bat", ".vbs", ".xnk", ".msh2xml"):
        assert f" {extension} " in f" {answer} "


def test_suppression_answer_says_how_to_leave_the_list() -> None:
    answer = _text("suppressed", Entities(recipient="lee@cartwrightco.com"))
    assert "Remove from suppression list" in answer
    assert "goes straight back on the list" in answer


def test_domain_verification_answer_fills_the_lookups_with_the_domain() -> None:
    answer = _text("domain_verification", Entities(domains=("lumenpay.com",)))
    assert "nslookup -type=TXT resend._domainkey.lumenpay.com" in answer
    assert "feedback-smtp.eu-west-1.amazonses.com." in answer
    assert "72 hours" in answer


def test_test_address_answer_names_the_safe_addresses() -> None:
    answer = _text("test_addresses", Entities())
    for address in ("delivered@", "bounced@", "complained@", "suppressed@"):
        assert f"{address}resend.dev" in answer
    assert "422" in answer


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        ("550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found", "RecipientNotFound"),
        (
            "550 5.4.1 Recipient address rejected: Access denied. [x.prod.outlook.com]",
            "Access denied",
        ),
        (
            "250 2.6.0 <a1@b.io> [InternalId=1, Hostname=x.prod.outlook.com] Queued mail",
            "Queued mail for delivery",
        ),
    ],
)
def test_microsoft_codes_read_as_microsoft_means(reply: str, words: str) -> None:
    basic, enhanced = reply.split()[:2]
    entities = Entities(smtp_code=basic, enhanced_code=enhanced)
    document = _document("bounce", entities, reply)
    reply_section = document.section("reply")
    assert reply_section is not None
    assert words in " ".join(line.plain for block in reply_section.blocks for line in block.lines)


def test_a_company_policy_block_is_not_called_a_block_on_our_side() -> None:
    entities = Entities(recipient="p.ng@contoso.com", smtp_code="550", enhanced_code="5.7.1")
    answer = _text("blocked", entities, "550 5.7.1 Message rejected due to local policy")

    assert "block on our sending side" not in answer
    assert "forward this to your IT team" in answer
    assert "Their IT team: look for the sending domain and IP in their block lists" in answer


def test_outlook_com_s_own_block_is_ours_to_lift() -> None:
    entities = Entities(recipient="p.ng@hotmail.com", smtp_code="550", enhanced_code="5.7.1")
    answer = _text(
        "blocked", entities, "550 5.7.1 ... part of their network is on our block list (S3150)"
    )

    assert "block on our sending side, not on yours" in answer
    assert "Their IT team" not in answer.split("Ready to send")[0]


@pytest.mark.parametrize("intent_id", INTENT_IDS)
@pytest.mark.parametrize("case", ["full", "empty"])
def test_a_slack_answer_is_the_slack_part_of_the_whole_answer(intent_id: str, case: str) -> None:
    # Rendered for Slack, the sections Slack never shows are left out of the template; what
    # Slack shows must be exactly what the whole answer holds for it.
    text, entities = full_case(intent_id) if case == "full" else ("", Entities())
    whole = renderer().answer_document(intent=intent_id, entities=entities, text=text)
    expected = render_document(for_surface(whole, Format.SLACK), Format.SLACK)

    rendered = renderer().render_answer(
        intent=intent_id, entities=entities, fmt=Format.SLACK, text=text
    )

    assert (rendered.text, rendered.blocks) == (expected.text, expected.blocks)
    slack_only = renderer().answer_document(
        intent=intent_id, entities=entities, text=text, slack_only=True
    )
    assert whole.section("check_now") is not None
    assert slack_only.section("check_now") is None
