"""Triage behaviour on the project's own examples: typos, codes, languages, chatter, junk."""

from __future__ import annotations

import pytest

from bot import DEFAULT_INTENTS_PATH
from bot.intents.catalog import Catalog
from bot.intents.decision import Thresholds, should_speak_unprompted
from bot.intents.matcher import Matcher

THRESHOLDS = Thresholds(direct=0.45, unprompted=0.6)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(Catalog.load(DEFAULT_INTENTS_PATH))


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        (
            "our logs say delivered but the customer never got the reset email",
            "delivered_not_received",
        ),
        (
            "status delivered in sendgrid, recipient can't find it in inbox or junk",
            "delivered_not_received",
        ),
        (
            "250 2.6.0 <a1@mail.ourapp.io> Queued mail for delivery -- and then nothing",
            "microsoft_queued",
        ),
        ("hotmail customers aren't receiving our invoices, no bounces at all", "microsoft_queued"),
        (
            "550 5.7.1 messages from [198.51.100.23] weren't sent, part of their network is on our block list (S3150)",
            "blocked",
        ),
        ("our sending ip is listed on spamhaus now", "blocked"),
        ("receipts keep landing in the junk folder at outlook", "spam"),
        ("552 5.2.2 Quota exceeded (mailbox for user is full)", "mailbox_full"),
        ("got an automatic reply: I am out of the office until Monday", "autoresponder"),
        (
            "550 5.1.1 <k.lam@orchidtech.com>: Recipient address rejected: User unknown",
            "invalid_address",
        ),
        ("the contract email bounced back, haven't read why yet", "bounce"),
        ("the ESP says the address is on the suppression list", "suppressed"),
        ("status just says delivery failed, no reason shown", "not_delivered"),
        ("DKIM record won't verify, added it in cloudflare two days ago", "domain_verification"),
        ("new sending domain next week, how many emails per day on day 1?", "warmup"),
        ("sending a .exe attachment fails with file type not allowed", "attachment_blocked"),
        ("can we use a pre-checked box at signup for marketing emails?", "consent"),
        ("which test email address should we use instead of test@example.com?", "test_addresses"),
        ("should we switch to enforced TLS for password resets?", "tls"),
        ("open rate is 90% since apple mail privacy protection, is that real?", "open_tracking"),
    ],
)
def test_each_topic_is_recognised(matcher: Matcher, text: str, intent: str) -> None:
    result = matcher.triage(text)
    assert result.intent == intent
    assert 0.0 < result.confidence <= 1.0


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("the customer never recieved the email, logs say deliverd", "delivered_not_received"),
        ("every mail to that client lands in their spma folder", "spam"),
        ("hotmial users: smtp said Queued mail for delivery, nothing arrives", "microsoft_queued"),
        ("mailbox is ful, got 452 4.2.2 back", "mailbox_full"),
        ("emial to the landlord bounced back", "bounce"),
    ],
)
def test_typos_still_match(matcher: Matcher, text: str, intent: str) -> None:
    assert matcher.triage(text).intent == intent


def test_word_order_does_not_matter(matcher: Matcher) -> None:
    assert matcher.triage("the spam folder is where all our invoices end up").intent == "spam"
    assert (
        matcher.triage("they never got the mail, it says delivered").intent
        == "delivered_not_received"
    )


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        (
            "El cliente dice que no le llega el correo, aunque aparece como entregado",
            "delivered_not_received",
        ),
        ("Nuestros correos llegan a la carpeta de spam", "spam"),
        ("mi correo rebotó y no sé por qué", "bounce"),
        (
            "Der Kunde hat die E-Mail nie erhalten, obwohl sie als zugestellt angezeigt wird",
            "delivered_not_received",
        ),
        ("Das Postfach des Empfängers ist voll", "mailbox_full"),
        ("Unsere E-Mails werden vom Server des Kunden blockiert", "blocked"),
        (
            "Le client n'a pas reçu l'email, pourtant il est marqué comme livré",
            "delivered_not_received",
        ),
        ("nos emails sont bloqués par le pare-feu du client", "blocked"),
    ],
)
def test_spanish_german_and_french_are_recognised(matcher: Matcher, text: str, intent: str) -> None:
    assert matcher.triage(text).intent == intent


@pytest.mark.parametrize(
    "text",
    [
        "the build is queued behind two other jobs",
        "OOO friday, sam is covering",
        "I'll email you the deck after lunch",
        "QA bounced the ticket back to me",
        "blocked on code review for the billing PR",
        "5.1.1 release notes are on the wiki",
        "550 people registered for the webinar!!",
        "package says delivered but nobody at the front desk has it",
        "our Q3 outlook is looking solid",
        "hotmail was my first email address lol",
        "TLS cert for api.acme.com expires in 3 days",
        "the printer queue is full again",
        "disk quota exceeded on the CI runner again, please clean up /var",
        "warmup for the 5k charity run starts at 7",
        "blocked on review from @sam, can someone else take it",
        "the pull request bounced between three reviewers",
        "please don't spam the release channel with gifs",
        "jenkins webhook delivery failed with a 503 overnight",
    ],
)
def test_channel_chatter_stays_silent(matcher: Matcher, text: str) -> None:
    assert not should_speak_unprompted(matcher.triage(text), THRESHOLDS)


def test_a_decisive_code_outweighs_loose_words(matcher: Matcher) -> None:
    text = "it bounced, spam folder? no: 550 5.1.1 The email account that you tried to reach does not exist"
    result = matcher.triage(text)
    assert result.intent == "invalid_address"
    assert any(e.rule == "code:5.1.1" for e in result.evidence)


def test_found_in_junk_is_spam_even_when_it_says_delivered(matcher: Matcher) -> None:
    result = matcher.triage("the invoice email says delivered but the customer found it in junk")
    assert result.intent == "spam"


def test_refusal_that_mentions_spam_is_blocked_not_spam(matcher: Matcher) -> None:
    text = "550-5.7.1 Our system has detected that this message is likely unsolicited mail and has been blocked"
    assert matcher.triage(text).intent == "blocked"


def test_a_queued_reply_from_another_server_is_not_microsoft(matcher: Matcher) -> None:
    text = "client never got it: status=sent (250 2.0.0 Ok: queued as 9A1B2C3D4E) to ops@kestrelfarms.com"
    assert matcher.triage(text).intent == "delivered_not_received"


def test_result_carries_alternatives_and_evidence(matcher: Matcher) -> None:
    result = matcher.triage(
        "some invoices bounced and other customers say delivered but never got it"
    )
    assert result.intent == "delivered_not_received"
    assert [c.intent for c in result.alternatives] == ["bounce"]
    assert all(0.0 <= c.confidence <= 1.0 for c in result.candidates)
    assert [c.confidence for c in result.candidates] == sorted(
        (c.confidence for c in result.candidates), reverse=True
    )
    assert {e.rule for e in result.evidence} >= {"phrase:says delivered", "phrase:never got"}
    assert all(e.matched for e in result.evidence)


def test_negated_words_do_not_count(matcher: Matcher) -> None:
    result = matcher.triage(
        "no bounce, no complaint, status delivered and yet the user never got it"
    )
    assert result.intent == "delivered_not_received"
    spam = next((c for c in result.candidates if c.intent == "spam"), None)
    assert spam is None or spam.confidence < 0.3


def test_empty_and_blank_text_give_no_intent(matcher: Matcher) -> None:
    for text in ("", "   \n\t  "):
        result = matcher.triage(text)
        assert result.intent is None
        assert result.confidence == 0.0
        assert result.candidates == ()


def test_huge_and_binary_input_is_handled(matcher: Matcher) -> None:
    junk = "".join(chr(code) for code in range(0, 0x3000, 7)) * 20
    assert matcher.triage(junk).confidence <= 1.0
    huge = ("filler text " * 9_000) + " 552 5.2.2 mailbox full"
    result = matcher.triage(huge)
    assert result.intent == "mailbox_full", "the tail of a long paste is read too"
    assert len(result.text) <= 40_000


def test_address_local_parts_are_not_read_as_words(matcher: Matcher) -> None:
    result = matcher.triage(
        "does suppressed@resend.dev support +labels like the other test addresses?"
    )
    assert result.intent == "test_addresses"


def test_typo_domain_points_to_invalid_address(matcher: Matcher) -> None:
    result = matcher.triage("customer signed up as jdoe@gmial.com and nothing arrives")
    assert result.intent == "invalid_address"
    assert any(e.rule == "typo:domain" for e in result.evidence)
    assert result.entities.typo_hints[0].suggestion == "gmail.com"


def test_provider_alone_is_not_a_problem(matcher: Matcher) -> None:
    result = matcher.triage("send it to my outlook.com address please")
    assert not should_speak_unprompted(result, THRESHOLDS)
