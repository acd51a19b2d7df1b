"""The buttons under an answer: IT checklist, That helped / Didn't help, Talk to a person."""

from __future__ import annotations

from typing import Any

import pytest
from fake_slack.driver import Driver, button_values, shown_text
from fake_slack.events import ASKER, SUPPORT_CHANNEL, channel_message, event_request, mention
from fake_slack.interactive import (
    block_action,
    checklist_values,
    slash_command,
    view_submission,
)

from bot.slack.ids import Action
from bot.slack.refs import AnswerRef, ModalRef
from bot.storage.memory import MemoryStore

BOUNCE = "invoice from billing@ourshop.example to anna@example.org bounced: 552 5.2.2 mailbox full"


def answered(slack: Driver) -> tuple[dict[str, Any], dict[str, str]]:
    """Mention the bot, and hand back its answer and the answer's buttons."""
    slack.send(event_request(mention(BOUNCE)))
    [post] = slack.calls("chat.postMessage")
    slack.fake.reset()
    return post.params, button_values(post.params)


def click(slack: Driver, action_id: str, value: str, **extra: Any) -> None:
    ref = AnswerRef.decode(value)
    thread = ref.thread_ts if ref else None
    slack.send(
        block_action(
            action_id,
            value=value,
            response_url=slack.fake.response_url(),
            thread_ts=thread,
            **extra,
        )
    )


def test_checklist_button_opens_the_form_with_the_details_found(slack: Driver) -> None:
    _, buttons = answered(slack)
    click(slack, Action.OPEN_CHECKLIST, buttons[Action.OPEN_CHECKLIST])

    [opened] = slack.calls("views.open")
    view = opened.params["view"]
    fields = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert fields["sender"]["initial_value"] == "billing@ourshop.example"
    assert fields["recipient"]["initial_value"] == "anna@example.org"
    assert fields["topic"]["initial_option"]["value"] == "mailbox_full"
    assert "initial_option" not in fields["provider"]
    where = ModalRef.decode(view["private_metadata"])
    ref = AnswerRef.decode(buttons[Action.OPEN_CHECKLIST])
    assert where == ModalRef(
        SUPPORT_CHANNEL, ref.thread_ts if ref else None, "mailbox_full", {"mailbox": "company"}
    )


def test_the_provider_and_hidden_details_follow_the_answer_into_the_checklist(
    slack: Driver,
) -> None:
    text = (
        "our office 365 customer anna@contoso.example never got invoice from "
        "billing@ourshop.example, reply was 250 2.0.0 Ok: queued as 9A1B2C3D4E"
    )
    slack.send(event_request(mention(text)))
    [post] = slack.calls("chat.postMessage")
    slack.fake.reset()
    click(slack, Action.OPEN_CHECKLIST, button_values(post.params)[Action.OPEN_CHECKLIST])

    [opened] = slack.calls("views.open")
    view = opened.params["view"]
    fields = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert fields["provider"]["initial_option"]["value"] == "microsoft:company"
    where = ModalRef.decode(view["private_metadata"])
    assert where is not None and where.details["queue_id"] == "9A1B2C3D4E"

    values = checklist_values(
        "delivered_not_received",
        recipient="anna@contoso.example",
        provider=fields["provider"]["initial_option"]["value"],
    )
    slack.send(
        view_submission("checklist_modal", values=values, private_metadata=view["private_metadata"])
    )
    [upload] = slack.calls("upload")
    content = upload.params["content"]
    assert "## Where to look in Microsoft 365" in content
    assert "The receiving server's own id for the message: 9A1B2C3D4E" in content


def test_a_mail_service_chosen_in_the_form_picks_the_checklist_section(slack: Driver) -> None:
    values = checklist_values("spam", recipient="bo@harbor.example", provider="google:company")
    where = ModalRef(SUPPORT_CHANNEL, "1700000000.000100", "spam")

    slack.send(view_submission("checklist_modal", values=values, private_metadata=where.encode()))

    [upload] = slack.calls("upload")
    assert "## Where to look in Google Workspace" in upload.params["content"]


def test_forged_hidden_details_are_cleaned_before_the_checklist(slack: Driver) -> None:
    forged = ModalRef(
        SUPPORT_CHANNEL,
        "1700000000.000100",
        "bounce",
        {"provider": "<!channel>", "queue_id": "<!here> 42", "sender": "x" * 5000},
    )
    values = checklist_values("bounce", recipient="bo@harbor.example")

    slack.send(view_submission("checklist_modal", values=values, private_metadata=forged.encode()))

    [upload] = slack.calls("upload")
    content = upload.params["content"]
    assert "<!channel>" not in content and "<!here>" not in content
    assert "x" * 300 not in content


def test_submitted_checklist_is_posted_in_the_thread_as_a_markdown_file(
    slack: Driver, store: MemoryStore
) -> None:
    where = ModalRef(SUPPORT_CHANNEL, "1700000000.000100", "mailbox_full")
    values = checklist_values(
        "mailbox_full",
        sender="billing@ourshop.example",
        recipient="anna@example.org",
        smtp_reply="552 5.2.2 Mailbox full",
        subject="Invoice <!channel> 42",
    )
    response = slack.send(
        view_submission("checklist_modal", values=values, private_metadata=where.encode())
    )

    assert response.status == 200 and response.body == ""
    [url] = slack.calls("files.getUploadURLExternal")
    assert url.params["filename"] == "it-checklist-mailbox_full.md"
    [upload] = slack.calls("upload")
    assert "anna@example.org" in upload.params["content"]
    assert "552 5.2.2" in upload.params["content"]
    [done] = slack.calls("files.completeUploadExternal")
    assert done.params["channel_id"] == SUPPORT_CHANNEL
    assert done.params["thread_ts"] == "1700000000.000100"
    assert "IT checklist" in done.params["initial_comment"]
    assert "<!channel>" not in done.params["initial_comment"]
    assert [r.intent for r in store.checklists] == ["mailbox_full"]


def test_checklist_form_with_a_bad_address_says_which_field(slack: Driver) -> None:
    values = checklist_values("bounce", sender="not an address", recipient="anna@example.org")
    response = slack.send(
        view_submission(
            "checklist_modal", values=values, private_metadata=ModalRef(None, None, None).encode()
        )
    )

    assert response.status == 200
    body = response.body if isinstance(response.body, str) else ""
    assert '"response_action": "errors"' in body and '"sender"' in body
    assert slack.calls("files.getUploadURLExternal") == []


def test_checklist_form_without_a_topic_asks_for_one(slack: Driver) -> None:
    response = slack.send(
        view_submission(
            "checklist_modal", values=checklist_values(None), private_metadata="garbage"
        )
    )

    assert '"topic"' in str(response.body)


def test_checklist_form_with_a_forged_topic_asks_for_one(slack: Driver) -> None:
    values = checklist_values(None)
    values["topic"]["value"]["selected_option"] = {"value": ["bounce"]}
    response = slack.send(
        view_submission("checklist_modal", values=values, private_metadata="garbage")
    )

    assert response.status == 200
    assert '"topic"' in str(response.body)
    assert slack.calls("files.completeUploadExternal") == []


def test_checklist_from_a_private_answer_arrives_by_direct_message(slack: Driver) -> None:
    where = ModalRef(None, None, "bounce")
    slack.send(
        view_submission(
            "checklist_modal", values=checklist_values("bounce"), private_metadata=where.encode()
        )
    )

    [opened] = slack.calls("conversations.open")
    assert opened.params["users"] == ASKER
    [done] = slack.calls("files.completeUploadExternal")
    assert done.params["channel_id"].startswith("D")


def test_checklist_falls_back_to_a_direct_message_when_the_thread_refuses(slack: Driver) -> None:
    slack.fake.fail_next("files.completeUploadExternal", error="not_in_channel")
    where = ModalRef(SUPPORT_CHANNEL, "1700000000.000100", "bounce")
    slack.send(
        view_submission(
            "checklist_modal", values=checklist_values("bounce"), private_metadata=where.encode()
        )
    )

    channels = [c.params["channel_id"] for c in slack.calls("files.completeUploadExternal")]
    assert channels[0] == SUPPORT_CHANNEL and channels[1].startswith("D")


def test_that_helped_thanks_the_person_and_is_kept(slack: Driver, store: MemoryStore) -> None:
    _, buttons = answered(slack)
    click(slack, Action.HELPED, buttons[Action.HELPED])

    [thanks] = slack.calls("chat.postEphemeral")
    assert thanks.params["user"] == ASKER
    assert "Glad" in thanks.params["text"]
    [feedback] = store.feedback
    assert feedback.helpful and feedback.intent == "mailbox_full"


def test_didnt_help_asks_for_the_right_topic_and_answers_it(
    slack: Driver, store: MemoryStore
) -> None:
    question = channel_message(BOUNCE)
    slack.fake.conversations.add_message(SUPPORT_CHANNEL, question)
    slack.send(event_request(mention(BOUNCE, ts=question["ts"])))
    buttons = button_values(slack.calls("chat.postMessage")[0].params)
    slack.fake.reset()

    click(slack, Action.NOT_HELPED, buttons[Action.NOT_HELPED])
    [ask] = slack.calls("chat.postEphemeral")
    [section] = ask.params["blocks"]
    select = section["accessory"]
    assert select["action_id"] == Action.CORRECT_TOPIC
    assert {"invalid_address", "none"} <= {o["value"] for o in select["options"]}

    slack.fake.reset()
    slack.send(
        block_action(
            Action.CORRECT_TOPIC,
            selected="invalid_address",
            response_url=slack.fake.response_url(),
            ephemeral=True,
            block_id=section["block_id"],
        )
    )

    [answer] = slack.calls("chat.postMessage")
    assert answer.params["thread_ts"] == question["ts"]
    assert answer.params["metadata"]["event_payload"]["intent"] == "invalid_address"
    [feedback] = store.feedback
    assert (feedback.helpful, feedback.intent, feedback.corrected_intent) == (
        False,
        "mailbox_full",
        "invalid_address",
    )


def test_talk_to_a_person_posts_the_thread_link_for_the_support_group(
    slack: Driver, store: MemoryStore
) -> None:
    _, buttons = answered(slack)
    click(slack, Action.ESCALATE, buttons[Action.ESCALATE])

    [link] = slack.calls("chat.getPermalink")
    assert link.params["channel"] == SUPPORT_CHANNEL
    [post] = slack.calls("chat.postMessage")
    assert post.params["channel"] == "C0ESCALATE"
    assert post.params["text"].startswith("<!subteam^S0SUPPORT> ")
    assert f"<@{ASKER}>" in post.params["text"]
    assert "/archives/C0SUPPORT/p" in shown_text(post.params)
    [told] = slack.calls("chat.postEphemeral")
    assert "passed this on" in told.params["text"] and "<#C0ESCALATE>" in told.params["text"]
    [record] = store.escalations
    assert record.intent == "mailbox_full"


@pytest.mark.parametrize("settings_overrides", [{}])
def test_talk_to_a_person_without_an_escalation_channel_says_so(slack: Driver) -> None:
    _, buttons = answered(slack)
    click(slack, Action.ESCALATE, buttons[Action.ESCALATE])

    assert slack.calls("chat.getPermalink") == []
    [told] = slack.calls("chat.postEphemeral")
    assert "no escalation channel is set up" in told.params["text"]


@pytest.mark.parametrize(
    "action", [Action.OPEN_CHECKLIST, Action.HELPED, Action.NOT_HELPED, Action.ESCALATE]
)
def test_a_tampered_button_is_answered_with_a_clear_message(slack: Driver, action: Action) -> None:
    click(slack, action, '{"i": "<!channel>", "t": "not a ts"}}')

    [told] = slack.calls("response_url")
    assert "no longer works" in told.params["text"]
    assert told.params["response_type"] == "ephemeral"
    assert slack.calls("chat.postMessage") == []
    assert slack.calls("views.open") == []


def test_didnt_help_on_a_private_answer_keeps_the_new_answer_private(
    slack: Driver, store: MemoryStore
) -> None:
    slack.send(slash_command("bounce", response_url=slack.fake.response_url("asked")))
    [private] = slack.calls("response_url")
    buttons = button_values(private.params)
    slack.fake.reset()

    slack.send(
        block_action(
            Action.NOT_HELPED,
            value=buttons[Action.NOT_HELPED],
            response_url=slack.fake.response_url("clicked"),
            ephemeral=True,
        )
    )
    [ask] = slack.calls("response_url")
    [section] = ask.params["blocks"]
    slack.fake.reset()
    slack.send(
        block_action(
            Action.CORRECT_TOPIC,
            selected="suppressed",
            response_url=slack.fake.response_url("picked"),
            ephemeral=True,
            block_id=section["block_id"],
        )
    )

    assert slack.calls("chat.postMessage") == []
    replaced, answer = slack.calls("response_url")
    assert replaced.params["replace_original"] is True
    assert answer.params["response_type"] == "ephemeral"
    assert answer.params["metadata"]["event_payload"]["intent"] == "suppressed"
    assert [(f.intent, f.corrected_intent) for f in store.feedback] == [("bounce", "suppressed")]
