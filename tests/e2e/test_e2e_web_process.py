"""The real web process (Procfile, gunicorn) receiving signed requests shaped like Slack's."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from fake_slack import FakeSlack, RecordedCall
from fake_slack.driver import button_values, shown_text
from fake_slack.events import (
    bot_message,
    channel_message,
    direct_message,
    edited_message,
    event_request,
    mention,
    url_verification,
)
from fake_slack.interactive import (
    block_action,
    checklist_values,
    message_shortcut,
    slash_command,
    view_submission,
)
from fake_slack.web import WebProcess

from bot.slack.ids import Action
from bot.slack.refs import ModalRef

SECRET = "e2e-signing-secret"
SURE = "our newsletter went to junk for every gmail customer this morning"


def in_channel(channel: str) -> Callable[[RecordedCall], bool]:
    return lambda call: call.params.get("channel") == channel


def posts_to(fake: FakeSlack, channel: str) -> list[RecordedCall]:
    return [c for c in fake.calls_to("chat.postMessage") if in_channel(channel)(c)]


def named(name: str) -> Callable[[RecordedCall], bool]:
    """Matches the calls made to the response_url the fake serves under `name`."""
    return lambda call: call.params.get("_name") == name


def test_health_check_answers_once_ready(web: WebProcess) -> None:
    assert web.get("/healthz").status == 200


def test_url_verification_returns_the_challenge(web: WebProcess) -> None:
    reply = web.post(url_verification("e2e-challenge"), secret=SECRET)

    assert reply.status == 200
    assert json.loads(reply.body)["challenge"] == "e2e-challenge"


def test_mention_is_answered_in_the_thread(web: WebProcess, fake: FakeSlack) -> None:
    event = mention(
        "mail to bob@hotmail.com bounced: 550 5.7.1 S3150 blocked", channel="C0E2EMENTION"
    )

    assert web.post(event_request(event), secret=SECRET).status == 200

    [post] = fake.wait_for("chat.postMessage", where=in_channel("C0E2EMENTION"))
    assert post.params["thread_ts"] == event["ts"]
    assert post.params["metadata"]["event_payload"]["intent"] == "blocked"
    assert Action.ESCALATE in button_values(post.params)


def test_direct_message_is_answered(web: WebProcess, fake: FakeSlack) -> None:
    web.post(
        event_request(direct_message("552 5.2.2 mailbox full for anna@example.org")), secret=SECRET
    )

    [post] = fake.wait_for("chat.postMessage", where=in_channel("D0ASKER"))
    assert post.params["metadata"]["event_payload"]["intent"] == "mailbox_full"


def test_channel_chatter_stays_silent_until_watched_then_only_when_sure(
    web: WebProcess, fake: FakeSlack
) -> None:
    channel = "C0E2EWATCH"
    web.post(event_request(channel_message(SURE, channel=channel)), secret=SECRET)
    fake.settle()
    assert posts_to(fake, channel) == []

    web.post(
        slash_command("watch", channel=channel, response_url=fake.response_url("watch")),
        secret=SECRET,
    )
    [said] = fake.wait_for("response_url", where=named("watch"))
    assert "now watching" in said.params["text"]

    for text in ("the build is queued again", "QA bounced the ticket back", "lunch at noon?"):
        web.post(event_request(channel_message(text, channel=channel)), secret=SECRET)
    sure = channel_message(SURE, channel=channel)
    web.post(event_request(sure), secret=SECRET)

    [post] = fake.wait_for("chat.postMessage", where=in_channel(channel))
    fake.settle()
    assert len(posts_to(fake, channel)) == 1
    assert post.params["thread_ts"] == sure["ts"]


def test_bot_messages_and_edits_get_no_reply(web: WebProcess, fake: FakeSlack) -> None:
    channel = "C0E2EBOTS"
    web.post(
        slash_command("watch", channel=channel, response_url=fake.response_url("bots")),
        secret=SECRET,
    )
    fake.wait_for("response_url", where=named("bots"))

    for event in (
        bot_message(SURE, channel=channel),
        bot_message(SURE, channel=channel, legacy_subtype=False),
        edited_message(SURE, channel=channel),
    ):
        assert web.post(event_request(event), secret=SECRET).status == 200
    fake.settle()

    assert posts_to(fake, channel) == []


def test_retries_of_a_handled_event_get_no_second_reply(web: WebProcess, fake: FakeSlack) -> None:
    request = event_request(
        mention("550 5.1.1 user unknown for anna@exmaple.com", channel="C0E2ERETRY")
    )

    statuses = [web.post(request, secret=SECRET).status]
    statuses += [web.post(request, secret=SECRET, retry_num=n).status for n in (1, 2)]
    fake.wait_for("chat.postMessage", where=in_channel("C0E2ERETRY"))
    fake.settle()

    assert statuses == [200, 200, 200]
    assert len(posts_to(fake, "C0E2ERETRY")) == 1


def test_forged_and_stale_requests_are_refused(web: WebProcess, fake: FakeSlack) -> None:
    forged = web.post(event_request(mention(SURE, channel="C0E2EFORGED")), secret="guessed")
    stale = web.post(
        event_request(mention(SURE, channel="C0E2EFORGED")),
        secret=SECRET,
        timestamp=int(time.time()) - 600,
    )
    fake.settle()

    assert (forged.status, stale.status) == (401, 401)
    assert posts_to(fake, "C0E2EFORGED") == []


def test_slash_commands_answer_privately(web: WebProcess, fake: FakeSlack) -> None:
    for name, text in (("help", "help"), ("topic", "bounse"), ("stats", "stats")):
        reply = web.post(slash_command(text, response_url=fake.response_url(name)), secret=SECRET)
        assert (reply.status, reply.body) == (200, "")

    replies = {
        name: fake.wait_for("response_url", where=named(name))[0].params
        for name in ("help", "topic", "stats")
    }
    assert "/mailhelp share" in str(replies["help"]["blocks"])
    assert replies["topic"]["metadata"]["event_payload"]["intent"] == "bounce"
    assert "last 30 days" in str(replies["stats"]["blocks"])
    assert all(r["response_type"] == "ephemeral" for r in replies.values())


def test_talk_to_a_person_reaches_the_escalation_channel(web: WebProcess, fake: FakeSlack) -> None:
    event = mention("mail to anna@example.org bounced: 552 5.2.2 mailbox full", channel="C0E2EESC")
    web.post(event_request(event), secret=SECRET)
    [answer] = fake.wait_for("chat.postMessage", where=in_channel("C0E2EESC"))

    click = block_action(
        Action.ESCALATE,
        value=button_values(answer.params)[Action.ESCALATE],
        response_url=fake.response_url("escalate"),
        channel="C0E2EESC",
        thread_ts=event["ts"],
    )
    assert web.post(click, secret=SECRET).status == 200

    [passed_on] = fake.wait_for("chat.postMessage", where=in_channel("C0ESCALATE"))
    assert passed_on.params["text"].startswith("<!subteam^S0SUPPORT> ")
    assert "/archives/C0E2EESC/p" in shown_text(passed_on.params)


def test_checklist_submission_uploads_the_file_to_the_thread(
    web: WebProcess, fake: FakeSlack
) -> None:
    where = ModalRef("C0E2ECHECK", "1700000000.000100", "blocked")
    values = checklist_values("blocked", smtp_reply="550 5.7.1 Service unavailable; S3150")

    reply = web.post(
        view_submission("checklist_modal", values=values, private_metadata=where.encode()),
        secret=SECRET,
    )

    assert (reply.status, reply.body) == (200, "")
    [done] = fake.wait_for(
        "files.completeUploadExternal", where=lambda c: c.params.get("channel_id") == "C0E2ECHECK"
    )
    assert done.params["thread_ts"] == "1700000000.000100"


def test_message_shortcut_answers_in_the_thread(web: WebProcess, fake: FakeSlack) -> None:
    message = channel_message(
        "mail to bob@outlook.com says 250 2.6.0 Queued mail for delivery", channel="C0E2ESHORT"
    )
    shortcut = message_shortcut(
        "triage_message",
        message=message,
        channel="C0E2ESHORT",
        response_url=fake.response_url("short"),
    )

    assert web.post(shortcut, secret=SECRET).status == 200

    [post] = fake.wait_for("chat.postMessage", where=in_channel("C0E2ESHORT"))
    assert post.params["thread_ts"] == message["ts"]
    assert post.params["metadata"]["event_payload"]["intent"] == "microsoft_queued"


def test_hostile_text_pings_nobody(web: WebProcess, fake: FakeSlack) -> None:
    text = (
        "<!channel> <@U0VICTIM> 550 5.7.1 blocked, see <http://evil.example|here> " + "x" * 45_000
    )
    web.post(event_request(mention(text, channel="C0E2EHOSTILE")), secret=SECRET)

    [post] = fake.wait_for("chat.postMessage", where=in_channel("C0E2EHOSTILE"))
    shown = json.dumps([post.params["text"], post.params["blocks"][:-1]])
    assert "<!channel>" not in shown and "<@U0VICTIM>" not in shown and "<http://evil" not in shown
    assert web.get("/healthz").status == 200


def test_the_process_logged_no_traceback_and_no_token(web: WebProcess, fake: FakeSlack) -> None:
    # Runs last in this module: everything above went through the same process.
    fake.settle()
    output = web.output()

    assert "Traceback" not in output
    assert "xoxb-test" not in output
    assert "nhandled request" not in output
