"""Talk to a person: the support team gets the case, the words and a way to reach the person."""

from __future__ import annotations

from typing import Any

from fake_slack.driver import button_values, shown_text
from fake_slack.events import (
    ASKER,
    DM_CHANNEL,
    SUPPORT_CHANNEL,
    direct_message,
    event_request,
    mention,
)
from fake_slack.http_driver import HttpDriver
from fake_slack.interactive import block_action, slash_command

from bot.slack.ids import Action
from bot.slack.refs import AnswerRef
from bot.storage.memory import MemoryStore

ESCALATION = "C0ESCALATE"
PROBLEM = (
    "invoice from billing@ourshop.example to anna@example.org bounced: "
    "552 5.2.2 mailbox full <!channel> <https://evil.example|click>"
)


def _answer_in(web: HttpDriver, event: dict[str, Any], channel: str) -> dict[str, str]:
    # Slack has the question in the conversation, so the app can read it back.
    web.fake.conversations.add_message(channel, event)
    web.send(event_request(event))
    [answer] = [c for c in web.calls("chat.postMessage") if c.params["channel"] == channel]
    web.fake.reset()
    return button_values(answer.params)


def _escalate(web: HttpDriver, value: str, *, channel: str, user: str = ASKER) -> None:
    ref = AnswerRef.decode(value)
    web.send(
        block_action(
            Action.ESCALATE,
            value=value,
            response_url=web.fake.response_url("escalate"),
            channel=channel,
            thread_ts=ref.thread_ts if ref else None,
            user=user,
        )
    )


def _escalation_post(web: HttpDriver) -> str:
    [post] = [c for c in web.calls("chat.postMessage") if c.params["channel"] == ESCALATION]
    assert post.params["unfurl_links"] in (False, "false", "0")
    return shown_text(post.params)


def test_escalation_from_a_thread_links_it_and_carries_the_case_and_the_words(
    web_slack: HttpDriver, store: MemoryStore
) -> None:
    buttons = _answer_in(web_slack, mention(PROBLEM), SUPPORT_CHANNEL)

    _escalate(web_slack, buttons[Action.ESCALATE], channel=SUPPORT_CHANNEL)

    shown = _escalation_post(web_slack)
    assert shown.startswith("<!subteam^S0SUPPORT> <@U0ASKER> would like a person")
    assert "Mailbox full" in shown
    assert "/archives/C0SUPPORT/p" in shown
    assert "Recipient address: `anna@example.org`" in shown
    assert "Sender address: `billing@ourshop.example`" in shown
    assert "552 5.2.2" in shown
    # The words are there, escaped: no channel-wide ping, no disguised link.
    assert "&lt;!channel&gt;" in shown and "<!channel>" not in shown
    assert "<https://evil.example" not in shown
    [told] = web_slack.calls("chat.postEphemeral")
    assert "passed this on" in told.params["text"] and "<#C0ESCALATE>" in told.params["text"]
    assert [r.intent for r in store.escalations] == ["mailbox_full"]


def test_escalation_from_a_dm_gives_the_words_instead_of_a_link_nobody_can_open(
    web_slack: HttpDriver,
) -> None:
    buttons = _answer_in(web_slack, direct_message(PROBLEM), DM_CHANNEL)

    _escalate(web_slack, buttons[Action.ESCALATE], channel=DM_CHANNEL)

    shown = _escalation_post(web_slack)
    assert "/archives/" not in shown
    assert web_slack.calls("chat.getPermalink") == []
    assert "direct message with mailhelp" in shown
    assert "anna@example.org" in shown and "552 5.2.2 mailbox full" in shown


def test_escalation_from_a_private_slash_answer_carries_the_question(
    web_slack: HttpDriver,
) -> None:
    web_slack.send(slash_command(PROBLEM, response_url=web_slack.fake.response_url("slash")))
    [answer] = web_slack.calls("response_url")
    web_slack.fake.reset()

    _escalate(web_slack, button_values(answer.params)[Action.ESCALATE], channel=SUPPORT_CHANNEL)

    shown = _escalation_post(web_slack)
    assert "asked privately with `/mailhelp` in <#C0SUPPORT>" in shown
    assert "552 5.2.2 mailbox full" in shown
    [told] = web_slack.calls("response_url")
    assert "passed this on" in told.params["text"]


def test_a_second_press_by_the_same_person_is_not_posted_again(web_slack: HttpDriver) -> None:
    buttons = _answer_in(web_slack, mention(PROBLEM), SUPPORT_CHANNEL)

    _escalate(web_slack, buttons[Action.ESCALATE], channel=SUPPORT_CHANNEL)
    _escalate(web_slack, buttons[Action.ESCALATE], channel=SUPPORT_CHANNEL)
    _escalate(web_slack, buttons[Action.ESCALATE], channel=SUPPORT_CHANNEL, user="U0COLLEAGUE")

    posts = [c for c in web_slack.calls("chat.postMessage") if c.params["channel"] == ESCALATION]
    assert len(posts) == 2
    notes = [c.params["text"] for c in web_slack.calls("chat.postEphemeral")]
    assert any("already asked for a person" in note for note in notes)


def test_a_bot_not_in_the_escalation_channel_says_exactly_who_must_invite_it(
    web_slack: HttpDriver,
) -> None:
    buttons = _answer_in(web_slack, mention(PROBLEM), SUPPORT_CHANNEL)
    web_slack.fake.conversations.set_channel(
        ESCALATION, name="support-escalations", is_member=False
    )

    _escalate(web_slack, buttons[Action.ESCALATE], channel=SUPPORT_CHANNEL)

    [told] = web_slack.calls("chat.postEphemeral")
    assert "not a member of the escalation channel <#C0ESCALATE>" in told.params["text"]
    assert "/invite @mailhelp" in told.params["text"]
    assert "try again in a minute" not in told.params["text"]

    # Once invited, the same press works: the failed attempt did not use it up.
    web_slack.fake.conversations.set_channel(ESCALATION, name="support-escalations", is_member=True)
    web_slack.fake.reset()
    _escalate(web_slack, buttons[Action.ESCALATE], channel=SUPPORT_CHANNEL)
    assert "Mailbox full" in _escalation_post(web_slack)


def test_without_an_escalation_channel_the_person_is_told_where_an_admin_sets_it(
    make_driver: Any,
) -> None:
    web = HttpDriver(make_driver(mailhelp_escalation_channel=None))
    try:
        buttons = _answer_in(web, mention(PROBLEM), SUPPORT_CHANNEL)
        _escalate(web, buttons[Action.ESCALATE], channel=SUPPORT_CHANNEL)
    finally:
        web.close()

    [told] = web.calls("chat.postEphemeral")
    assert "no escalation channel is set up" in told.params["text"]
    assert "*Home* tab" in told.params["text"]
    assert "MAILHELP_ESCALATION_CHANNEL" not in told.params["text"]
