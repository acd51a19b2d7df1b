"""Conversations: follow-ups read with their thread, and bounce files read like pasted bounces."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fake_slack.driver import button_values, shown_text
from fake_slack.events import (
    ASKER,
    DM_CHANNEL,
    SUPPORT_CHANNEL,
    channel_message,
    direct_message,
    event_request,
    mention,
    with_files,
)
from fake_slack.http_driver import HttpDriver

from bot.slack.client import build_web_client
from bot.slack.files import FileReader, Problem
from bot.slack.ids import Action
from bot.slack.refs import AnswerRef

BOUNCE_FILE = Path(__file__).parent / "payloads" / "bounce-mailbox-full.eml"
VAGUE = "customer says they never got our invoice"


def _say(web: HttpDriver, event: dict[str, Any]) -> None:
    """A person's message: Slack keeps it in the conversation and delivers its event."""
    web.fake.conversations.add_message(event["channel"], event)
    web.send(event_request(event))


def _answers(web: HttpDriver, channel: str = SUPPORT_CHANNEL) -> list[dict[str, Any]]:
    return [
        c.params
        for c in web.calls("chat.postMessage")
        if c.params["channel"] == channel
        and (c.params.get("metadata") or {}).get("event_type") == "mailhelp_triage"
    ]


def _topic(answer: dict[str, Any]) -> str:
    return str(answer["metadata"]["event_payload"]["intent"])


def _case(answer: dict[str, Any]) -> dict[str, str]:
    ref = AnswerRef.decode(button_values(answer)[Action.OPEN_CHECKLIST])
    assert ref is not None
    return ref.details


def test_follow_up_with_new_details_gets_a_new_answer_and_chatter_gets_none(
    web_slack: HttpDriver,
) -> None:
    first = mention("mail to anna@example.org bounced: 552 5.2.2 mailbox full")
    _say(web_slack, first)
    _say(
        web_slack, channel_message("the sender was billing@ourshop.example", thread_ts=first["ts"])
    )
    _say(web_slack, channel_message("still happening", thread_ts=first["ts"]))
    _say(web_slack, channel_message("thanks!", thread_ts=first["ts"]))

    answers = _answers(web_slack)
    assert [_topic(a) for a in answers] == ["mailbox_full", "mailbox_full"]
    assert "sender" not in _case(answers[0])
    assert _case(answers[1])["sender"] == "billing@ourshop.example"
    assert all(a["thread_ts"] == first["ts"] for a in answers)


def test_a_follow_up_mention_with_nothing_new_is_told_privately(web_slack: HttpDriver) -> None:
    first = mention("mail to anna@example.org bounced: 552 5.2.2 mailbox full")
    _say(web_slack, first)
    _say(web_slack, mention("any idea why?", thread_ts=first["ts"]))

    assert len(_answers(web_slack)) == 1
    [note] = web_slack.calls("chat.postEphemeral")
    assert "already answered" in note.params["text"]


def test_a_pasted_bounce_in_the_thread_changes_the_diagnosis(web_slack: HttpDriver) -> None:
    first = mention(VAGUE)
    _say(web_slack, first)
    bounce = BOUNCE_FILE.read_text(encoding="utf-8").split("\n\n", 1)[1]
    _say(web_slack, channel_message(f"here is the bounce:\n{bounce}", thread_ts=first["ts"]))

    assert [_topic(a) for a in _answers(web_slack)] == ["delivered_not_received", "mailbox_full"]


def test_follow_ups_stay_quiet_when_the_workspace_turned_unprompted_answers_off(
    make_driver: Any,
) -> None:
    web = HttpDriver(make_driver(mailhelp_answer_unprompted=False))
    try:
        first = mention(VAGUE)
        _say(web, first)
        _say(
            web,
            channel_message("552 5.2.2 mailbox full for anna@example.org", thread_ts=first["ts"]),
        )
    finally:
        web.close()

    assert [_topic(a) for a in _answers(web)] == ["delivered_not_received"]


def test_a_bounce_file_gives_the_same_diagnosis_as_its_pasted_text(web_slack: HttpDriver) -> None:
    web_slack.fake.share_file(
        "F0BOUNCE",
        "bounce.eml",
        BOUNCE_FILE.read_bytes(),
        filetype="email",
        mimetype="message/rfc822",
    )
    pasted_root = channel_message(VAGUE)
    filed_root = channel_message(VAGUE)
    for root in (pasted_root, filed_root):
        web_slack.fake.conversations.add_message(SUPPORT_CHANNEL, root)

    _say(web_slack, mention(BOUNCE_FILE.read_text(encoding="utf-8"), thread_ts=pasted_root["ts"]))
    _say(web_slack, with_files(mention("", thread_ts=filed_root["ts"]), "F0BOUNCE"))

    pasted, filed = _answers(web_slack)
    assert filed["thread_ts"] == filed_root["ts"]
    assert _topic(filed) == _topic(pasted) == "mailbox_full"
    assert _case(filed) == _case(pasted)
    assert "I read *bounce.eml*" in shown_text(filed)
    assert "`552 5.2.2" in shown_text(filed)
    # Downloaded with this workspace's bot token, which the fake checks before serving it.
    [download] = web_slack.calls("file_download")
    assert download.team == "T0TEST"


def test_a_bounce_file_dropped_in_an_answered_thread_is_read_with_it(web_slack: HttpDriver) -> None:
    web_slack.fake.share_file("F0LATER", "ndr.txt", BOUNCE_FILE.read_bytes())
    first = mention(VAGUE)
    _say(web_slack, first)
    _say(web_slack, with_files(channel_message("", thread_ts=first["ts"]), "F0LATER"))

    answers = _answers(web_slack)
    assert [_topic(a) for a in answers] == ["delivered_not_received", "mailbox_full"]
    assert "I read *ndr.txt*" in shown_text(answers[1])


def test_a_bounce_file_in_a_dm_is_answered(web_slack: HttpDriver) -> None:
    web_slack.fake.share_file("F0DM", "bounce.eml", BOUNCE_FILE.read_bytes(), filetype="email")
    _say(web_slack, with_files(direct_message(""), "F0DM"))

    [answer] = _answers(web_slack, DM_CHANNEL)
    assert _topic(answer) == "mailbox_full"
    assert "I read *bounce.eml*" in shown_text(answer)


def test_files_that_are_not_bounces_are_refused_with_the_reason(web_slack: HttpDriver) -> None:
    web_slack.fake.share_file(
        "F0PDF", "invoice.pdf", b"%PDF-1.7", filetype="pdf", mimetype="application/pdf"
    )
    web_slack.fake.share_file("F0BIN", "dump.txt", b"\x00\x01binary")
    _say(web_slack, with_files(mention(""), "F0PDF", "F0BIN"))

    notes = [c.params["text"] for c in web_slack.calls("chat.postEphemeral")]
    assert any("didn't read *invoice.pdf*" in n and "`.eml` or `.txt`" in n for n in notes)
    assert any("didn't read *dump.txt*" in n for n in notes)
    assert _answers(web_slack) == []
    assert [c.params["file_id"] for c in web_slack.calls("file_download")] == ["F0BIN"]


def test_a_file_over_the_size_cap_is_not_downloaded(web_slack: HttpDriver) -> None:
    web_slack.fake.share_file("F0BIG", "huge.eml", b"x" * 2_000_001, filetype="email")
    _say(web_slack, with_files(mention("what is this"), "F0BIG"))

    assert web_slack.calls("file_download") == []
    notes = [c.params["text"] for c in web_slack.calls("chat.postEphemeral")]
    assert any("larger than 2000 KB" in n for n in notes)


def test_the_bot_token_goes_to_slack_file_hosts_only(web_slack: HttpDriver) -> None:
    web_slack.fake.share_file("F0HOST", "bounce.eml", BOUNCE_FILE.read_bytes(), filetype="email")
    client = build_web_client(token="xoxb-test", base_url=web_slack.fake.api_url)
    # Told that the API lives elsewhere, the reader refuses the fake's own download URL.
    reader = FileReader(client, api_url="https://slack.com/api/", surface="test", channel="C1")

    read = reader.read("F0HOST")

    assert read.problem is Problem.UNREADABLE
    assert web_slack.calls("file_download") == []


def test_a_download_refused_by_slack_is_unreadable_not_a_sign_in_page(
    web_slack: HttpDriver,
) -> None:
    web_slack.fake.share_file(
        "F0OTHER", "bounce.eml", BOUNCE_FILE.read_bytes(), team_id="T0OTHER", filetype="email"
    )
    _say(web_slack, with_files(mention("", user=ASKER), "F0OTHER"))

    notes = [c.params["text"] for c in web_slack.calls("chat.postEphemeral")]
    assert any("couldn't download *" in n for n in notes)
    assert _answers(web_slack) == []
