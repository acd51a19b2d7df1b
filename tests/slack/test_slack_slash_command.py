"""`/mailhelp`: private answers by default, topics by alias, watch, stats, checklist, share."""

from __future__ import annotations

from typing import Any

import pytest
from fake_slack.driver import Driver, button_values
from fake_slack.events import DM_CHANNEL, SUPPORT_CHANNEL, TEAM
from fake_slack.interactive import slash_command

from bot.slack.ids import Action
from bot.slack.refs import ModalRef
from bot.storage.interface import FeedbackRecord, Stats, Surface, TriageRecord
from bot.storage.memory import MemoryStore


def run(slack: Driver, text: str, *, channel: str = SUPPORT_CHANNEL) -> list[dict[str, Any]]:
    response = slack.send(
        slash_command(text, response_url=slack.fake.response_url(), channel=channel)
    )
    assert response.status == 200
    assert response.body == ""  # acknowledged at once; the reply goes to the response_url
    return [call.params for call in slack.calls("response_url")]


@pytest.mark.parametrize("text", ["", "help", "  HELP  ", "topics"])
def test_help_lists_topics_and_how_to_share(slack: Driver, text: str) -> None:
    [reply] = run(slack, text)

    assert reply["response_type"] == "ephemeral"
    body = str(reply["blocks"])
    assert "/mailhelp share" in body
    assert "/mailhelp bounce" in body
    assert "Sending domain will not verify" in body
    assert ":mailhelp:" in body and ":envelope_with_arrow:" in body


@pytest.mark.parametrize(
    ("word", "intent"),
    [
        ("bounce", "bounce"),
        ("bounse", "bounce"),
        ("Mailbox full", "mailbox_full"),
        ("o365", "microsoft_queued"),
    ],
)
def test_topic_word_goes_straight_to_that_answer(
    slack: Driver, store: MemoryStore, word: str, intent: str
) -> None:
    [reply] = run(slack, word)

    assert reply["response_type"] == "ephemeral"
    assert reply["metadata"]["event_payload"] == {"intent": intent, "confidence": 1.0}
    assert Action.OPEN_CHECKLIST in button_values(reply)
    assert [(r.intent, r.surface) for r in store.triages] == [(intent, Surface.SLASH)]


def test_free_text_is_triaged_and_answered_privately(slack: Driver) -> None:
    [reply] = run(
        slack, "mail to our customer at outlook.com says 250 2.6.0 queued but never arrived"
    )

    assert reply["response_type"] == "ephemeral"
    assert reply["metadata"]["event_payload"]["intent"] == "microsoft_queued"
    assert slack.calls("chat.postMessage") == []


def test_share_answers_in_the_channel(slack: Driver) -> None:
    [reply] = run(slack, "share our newsletter went to junk at gmail")

    assert reply["response_type"] == "in_channel"
    assert reply["metadata"]["event_payload"]["intent"] == "spam"


def test_share_without_text_shows_help(slack: Driver) -> None:
    [reply] = run(slack, "share")

    assert reply["response_type"] == "ephemeral"
    assert "/mailhelp share" in str(reply["blocks"])


def test_watch_and_unwatch_switch_unprompted_answers(slack: Driver, store: MemoryStore) -> None:
    [on] = run(slack, "watch")
    assert store.is_watched(TEAM, SUPPORT_CHANNEL)
    assert "now watching" in on["text"]

    slack.fake.reset()
    [off] = run(slack, "unwatch")
    assert not store.is_watched(TEAM, SUPPORT_CHANNEL)
    assert "stopped watching" in off["text"]


def test_watch_in_a_channel_the_app_is_not_in_asks_for_an_invite(
    slack: Driver, store: MemoryStore
) -> None:
    slack.fake.conversations.set_channel(SUPPORT_CHANNEL, is_channel=True, is_member=False)

    [reply] = run(slack, "watch")

    assert "/invite @mailhelp" in reply["text"]
    assert store.is_watched(TEAM, SUPPORT_CHANNEL)


def test_watch_is_refused_in_a_direct_message(slack: Driver, store: MemoryStore) -> None:
    [reply] = run(slack, "watch", channel=DM_CHANNEL)

    assert "only watch public channels" in reply["text"]
    assert not store.is_watched(TEAM, DM_CHANNEL)


def test_stats_show_the_last_7_and_30_days(slack: Driver, store: MemoryStore) -> None:
    for intent in ("bounce", "bounce", "spam", None):
        store.record_triage(TriageRecord(TEAM, SUPPORT_CHANNEL, Surface.MENTION, intent, 0.9, "x"))
    store.record_feedback(FeedbackRecord(TEAM, SUPPORT_CHANNEL, None, "bounce", helpful=True))

    [reply] = run(slack, "stats")

    body = str(reply["blocks"])
    assert "last 7 days" in body and "last 30 days" in body
    assert "*4* triages" in body
    assert "*25%* not recognised" in body
    assert "*100%* of rated answers helped" in body
    assert "Bounced, reason not known yet: 2" in body


def test_stats_when_storage_is_down_say_so(make_driver: Any) -> None:
    class StatsDown(MemoryStore):
        def stats(self, days: int, team_id: str | None = None) -> Stats:
            raise ConnectionError("database unreachable")

    driver = make_driver(store=StatsDown())
    [reply] = run(driver, "stats")

    assert "unavailable" in reply["text"]


def test_checklist_opens_the_form_prefilled_from_the_text(slack: Driver) -> None:
    run(slack, "checklist mail to anna@example.org bounced: 552 5.2.2 mailbox full")

    [opened] = slack.calls("views.open")
    view = opened.params["view"]
    assert view["callback_id"] == "checklist_modal"
    fields = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert fields["topic"]["initial_option"]["value"] == "mailbox_full"
    assert fields["recipient"]["initial_value"] == "anna@example.org"
    assert "5.2.2" in fields["smtp_reply"]["initial_value"]
    # Asked privately, so the finished checklist goes by direct message.
    assert ModalRef.decode(view["private_metadata"]) == ModalRef(
        None, None, "mailbox_full", {"mailbox": "company"}
    )


def test_checklist_without_text_opens_an_empty_form(slack: Driver) -> None:
    run(slack, "checklist")

    [opened] = slack.calls("views.open")
    fields = {
        b["block_id"]: b["element"] for b in opened.params["view"]["blocks"] if b["type"] == "input"
    }
    assert "initial_option" not in fields["topic"]
    assert "initial_value" not in fields["sender"]
