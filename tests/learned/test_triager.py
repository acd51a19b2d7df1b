"""Triage with the rules and the stored model together, as the app runs it."""

from __future__ import annotations

import pytest

from bot import DEFAULT_INTENTS_PATH, DEFAULT_MODEL_PATH, DEFAULT_RESPONSES_DIR
from bot.engine import Engine
from bot.intents.decision import (
    Action,
    Thresholds,
    clarify_choices,
    decide_direct,
    should_speak_unprompted,
)

THRESHOLDS = Thresholds(direct=0.45, unprompted=0.6)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.from_paths(
        intents_path=DEFAULT_INTENTS_PATH,
        responses_dir=DEFAULT_RESPONSES_DIR,
        model_path=DEFAULT_MODEL_PATH,
        thresholds=THRESHOLDS,
    )


@pytest.mark.parametrize(
    "text",
    [
        "our client doesn't receive the emails we send him",
        "Kunde bekommt unsere Mails nicht",
        "le client ne reçoit pas nos e-mails",
        "el cliente no recibe nuestros correos",
        "o cliente não recebe os nossos emails",
        "il cliente non riceve le nostre mail",
        "de klant krijgt onze mails niet",
    ],
)
def test_plain_sentences_that_mail_does_not_arrive_get_a_topic(engine: Engine, text: str) -> None:
    result = engine.triage(text)
    assert decide_direct(result, THRESHOLDS) is not Action.UNRECOGNISED
    assert result.intent in {"delivered_not_received", "not_delivered", "bounce"}


@pytest.mark.parametrize(
    ("text", "intent", "rule"),
    [
        (
            "got this back: 550 5.1.1 <ana@brightlane.example>: Recipient address rejected: "
            "User unknown in virtual mailbox table",
            "invalid_address",
            "code:5.1.1",
        ),
        (
            "response from outlook.com: 250 2.6.0 <a1@mail.example> [InternalId=123] "
            "Queued mail for delivery, and the customer never saw it",
            "microsoft_queued",
            "pattern:Microsoft Queued mail for delivery",
        ),
        (
            "552 5.2.2 The email account that you tried to reach is over quota",
            "mailbox_full",
            "code:5.2.2",
        ),
    ],
)
def test_decisive_rule_evidence_decides_and_is_named(
    engine: Engine, text: str, intent: str, rule: str
) -> None:
    result = engine.triage(text)
    assert result.intent == intent
    assert rule in {evidence.rule for evidence in result.evidence}
    assert should_speak_unprompted(result, THRESHOLDS)


@pytest.mark.parametrize(
    "text",
    [
        "the build is queued behind two others, give it 10 min",
        "OOO friday, ping Sam for anything urgent",
        "QA bounced the ticket back to me, the modal still flickers",
        "lunch at 12:30? the new ramen place",
        "landing page bounce rate went up after the redesign",
    ],
)
def test_channel_chatter_stays_silent(engine: Engine, text: str) -> None:
    assert not should_speak_unprompted(engine.triage(text), THRESHOLDS)


def test_every_answer_says_which_rules_and_which_words_weighed(engine: Engine) -> None:
    result = engine.triage("the customer never got our invoice email, it went to junk apparently")
    kinds = {evidence.rule.split(":", 1)[0] for evidence in result.evidence}
    assert "model" in kinds
    assert all(len(evidence.rule) <= 80 for evidence in result.evidence)


def test_an_unsure_triage_offers_at_least_two_topics(engine: Engine) -> None:
    result = engine.triage("problem with an email to a customer")
    assert result.intent is not None
    assert len(clarify_choices(result)) >= 2


def test_empty_text_has_no_topic(engine: Engine) -> None:
    assert engine.triage("   ").intent is None
