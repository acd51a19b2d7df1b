"""The DNS check in Slack: `/mailhelp check`, the "Check the domain" button, and answers that
name the recipient's mail platform. Lookups go to the test DNS server on loopback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from dns_server import DnsAddress
from fake_slack.driver import Driver, button_values, labels
from fake_slack.events import SUPPORT_CHANNEL, event_request, mention
from fake_slack.interactive import block_action, checklist_values, slash_command, view_submission

from bot.slack.domain_check import CheckRef
from bot.slack.ids import Action
from bot.slack.refs import AnswerRef, ModalRef


@pytest.fixture
def slack(make_driver: Callable[..., Driver], dns_server: DnsAddress) -> Driver:
    return make_driver(
        mailhelp_dns_servers=dns_server.servers,
        mailhelp_dns_authority_port=dns_server.port,
        mailhelp_recipient_platform=True,
    )


def command(slack: Driver, text: str) -> dict[str, Any]:
    response = slack.send(slash_command(text, response_url=slack.fake.response_url()))
    assert response.status == 200
    assert response.body == ""  # the ack comes first; the check follows on the response_url
    [reply] = [call.params for call in slack.calls("response_url")]
    return reply


def shown(message: dict[str, Any]) -> str:
    """Every text of a message's blocks, as one string."""
    texts: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("text"), str):
                texts.append(value["text"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(message.get("blocks", []))
    return " ".join(" ".join(texts).split())


def test_check_command_answers_privately_with_the_report(slack: Driver) -> None:
    reply = command(slack, "check spf-over.example")

    assert reply["response_type"] == "ephemeral"
    text = shown(reply)
    assert "DNS check of spf-over.example" in text
    assert "Your SPF makes 12 DNS lookups (limit 10)" in text
    assert "`include:_spf.crm.example` alone makes 6" in text
    assert slack.calls("chat.postMessage") == []


def test_check_command_takes_selectors_and_an_ip(slack: Driver) -> None:
    text = shown(command(slack, "check dkim.example short 45.33.10.7"))

    assert "The key under short has 512 bits" in text
    assert "45.33.10.7 is on Spamhaus ZEN" in text
    assert "`https://check.spamhaus.org/`" in text


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("check", "Give the domain to check"),
        ("check 192.0.2.10", "is an IP address"),
        ("check fileserver.internal", "internal or reserved name"),
        ("check example.com 10.1.2.3", "private or reserved address"),
    ],
)
def test_bad_input_is_refused_in_words(slack: Driver, text: str, said: str) -> None:
    reply = command(slack, text)

    assert reply["response_type"] == "ephemeral"
    assert said in reply["text"]


def test_refused_input_is_escaped(slack: Driver) -> None:
    reply = command(slack, "check <!channel>.example")

    assert "<!channel>" not in reply["text"]
    assert "&lt;!channel&gt;" in reply["text"]


def test_help_tells_about_the_check(slack: Driver) -> None:
    assert "/mailhelp check <domain>" in shown(command(slack, "help"))


def _answer(slack: Driver, text: str) -> dict[str, Any]:
    slack.send(event_request(mention(text)))
    [post] = slack.calls("chat.postMessage")
    slack.fake.reset()
    return post.params


def test_answers_about_a_sending_domain_offer_the_check_and_it_posts_in_the_thread(
    slack: Driver,
) -> None:
    answer = _answer(slack, "our domain billing@spf-over.example won't verify in resend")
    assert "Check the domain" in labels(answer)
    value = button_values(answer)[Action.CHECK_DOMAIN]
    ref = CheckRef.decode(value)
    assert ref is not None and ref.domain == "spf-over.example"

    slack.send(
        block_action(
            Action.CHECK_DOMAIN,
            value=value,
            response_url=slack.fake.response_url(),
            thread_ts=ref.thread_ts,
        )
    )

    [post] = slack.calls("chat.postMessage")
    assert post.params["channel"] == SUPPORT_CHANNEL
    assert post.params["thread_ts"] == ref.thread_ts
    assert "Your SPF makes 12 DNS lookups" in shown(post.params)


def test_the_check_sits_after_the_checklist_and_the_escalation_still_carries_the_case(
    slack: Driver,
) -> None:
    answer = _answer(slack, "our domain billing@spf-over.example won't verify in resend")

    values = button_values(answer)
    assert list(values) == [
        Action.OPEN_CHECKLIST,
        Action.CHECK_DOMAIN,
        Action.HELPED,
        Action.NOT_HELPED,
        Action.ESCALATE,
    ]
    escalation = AnswerRef.decode(values[Action.ESCALATE])
    assert escalation is not None and escalation.intent == "domain_verification"
    assert escalation.details.get("sender") == "billing@spf-over.example"


def test_a_private_answer_offers_a_private_check_and_an_escalation_with_the_question(
    slack: Driver,
) -> None:
    question = "our domain billing@spf-over.example won't verify in resend"
    answer = command(slack, question)
    values = button_values(answer)
    check = CheckRef.decode(values[Action.CHECK_DOMAIN])
    escalation = AnswerRef.decode(values[Action.ESCALATE])
    assert check is not None and check.thread_ts is None
    assert escalation is not None and escalation.question == question
    slack.fake.reset()

    slack.send(
        block_action(
            Action.CHECK_DOMAIN,
            value=values[Action.CHECK_DOMAIN],
            response_url=slack.fake.response_url(),
        )
    )

    [report] = [call.params for call in slack.calls("response_url")]
    assert "Your SPF makes 12 DNS lookups" in shown(report)
    assert slack.calls("chat.postMessage") == []


def test_answers_on_other_topics_do_not_offer_the_check(slack: Driver) -> None:
    answer = _answer(
        slack,
        "invoice from billing@spf-over.example to anna@example.org bounced: 552 5.2.2 mailbox full",
    )

    assert "Check the domain" not in labels(answer)


def test_a_forged_check_button_is_refused_without_a_lookup(slack: Driver) -> None:
    value = CheckRef("localhost", None).encode()
    slack.send(
        block_action(Action.CHECK_DOMAIN, value=value, response_url=slack.fake.response_url())
    )

    [notice] = [call.params for call in slack.calls("response_url")]
    assert "no longer works" in notice["text"]
    assert slack.calls("chat.postMessage") == []


def test_an_answer_uses_the_platform_the_recipients_mx_names(
    slack: Driver, make_driver: Callable[..., Driver]
) -> None:
    text = "mail from billing@spf-over.example to bob@m365.example goes to junk"
    with_platform = shown(_answer(slack, text))
    without = shown(_answer(make_driver(), text))

    assert (
        "if Microsoft 365 quarantined it, release it in the Microsoft Defender portal"
        in with_platform
    )
    assert "Microsoft 365" not in without


@pytest.mark.parametrize(
    ("recipient", "heading"),
    [
        ("it@m365.example", "## Where to look in Microsoft 365"),
        ("it@healthy.example", "## Where to look in Google Workspace"),
        ("it@dkim.example", "## Where to look on your mail platform"),
    ],
)
def test_the_posted_checklist_has_the_recipients_platform_section(
    slack: Driver, recipient: str, heading: str
) -> None:
    where = ModalRef(SUPPORT_CHANNEL, "1700000000.000100", "spam")
    values = checklist_values("spam", sender="billing@ourshop.example", recipient=recipient)

    slack.send(view_submission("checklist_modal", values=values, private_metadata=where.encode()))

    [upload] = slack.calls("upload")
    assert heading in upload.params["content"]


def test_record_text_from_dns_is_escaped_in_the_report(slack: Driver) -> None:
    reply = command(slack, "check spf-hostile.example")

    text = shown(reply)
    assert "<!channel>" not in text and "<https://evil.example" not in text
    assert "&lt;!channel&gt;" in text
