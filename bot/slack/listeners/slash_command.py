"""`/mailhelp`: help, a topic, a question, the checklist form, watching, stats, sharing."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk.web import WebClient

from bot.entities.model import Entities
from bot.slack import blocks, wording
from bot.slack.answering import Question, answer_question, send_answer
from bot.slack.case import details_of
from bot.slack.commands import Command, Verb, parse_command
from bot.slack.deps import Deps
from bot.slack.domain_check import answer_check_command
from bot.slack.ids import SLASH_COMMAND
from bot.slack.listeners.checklist import open_checklist_modal
from bot.slack.recording import record_safely
from bot.slack.refs import ModalRef
from bot.slack.replies import ResponseOutlet, guarded
from bot.slack.stats import load_stats
from bot.slack.watching import change_watch
from bot.storage.interface import Surface, TriageRecord


def _answer_topic(deps: Deps, outlet: ResponseOutlet, question: Question, intent: str) -> None:
    send_answer(deps, outlet, question, intent=intent, confidence=1.0, entities=Entities(), text="")
    evidence = ({"rule": "topic", "matched": question.text[:100], "weight": 1.0},)
    record_safely(
        deps.store,
        TriageRecord(
            team_id=question.team_id,
            channel_id=question.channel_id,
            surface=Surface.SLASH,
            intent=intent,
            confidence=1.0,
            text=question.text,
            evidence=evidence,
            user_id=question.user_id,
        ),
    )


def run_command(
    deps: Deps,
    client: WebClient,
    command: Command,
    body: dict[str, Any],
    *,
    team: str,
    outlet: ResponseOutlet,
) -> None:
    channel = outlet.channel_id
    if command.verb is Verb.HELP:
        help_blocks, text = blocks.help_message(
            deps.topics, aliases=deps.aliases, emoji=deps.triage_emoji
        )
        help_blocks.append(blocks.context(deps.check_wording.help_line))
        outlet.send(text=text, blocks=help_blocks)
    elif command.verb is Verb.CHECK:
        answer_check_command(deps, outlet, command.rest)
    elif command.verb in (Verb.WATCH, Verb.UNWATCH):
        said = change_watch(
            deps.store, client, team_id=team, channel=channel, watch=command.verb is Verb.WATCH
        )
        outlet.send(text=said)
    elif command.verb is Verb.STATS:
        periods = load_stats(deps.store, team)
        if periods is None:
            outlet.send(text=wording.STATS_UNAVAILABLE)
        else:
            stats_blocks, text = blocks.stats_message(periods, dict(deps.topics))
            outlet.send(text=text, blocks=stats_blocks)
    elif command.verb is Verb.CHECKLIST:
        result = deps.engine.triage(command.rest)
        open_checklist_modal(
            deps,
            client,
            trigger_id=str(body.get("trigger_id", "")),
            intent=result.intent,
            details=details_of(result.entities, command.rest),
            where=ModalRef(None, None, result.intent),
            outlet=outlet,
        )
    else:
        question = Question(
            team_id=team,
            channel_id=channel,
            user_id=str(body.get("user_id", "")) or None,
            text=command.rest,
            surface=Surface.SLASH,
        )
        topic = deps.engine.catalog.resolve_topic(command.rest) if command.could_be_topic else None
        if topic is not None:
            _answer_topic(deps, outlet, question, topic)
        else:
            answer_question(deps, outlet, question)


def answer_slash_command(
    deps: Deps, command: Command, body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    channel = str(body.get("channel_id", ""))
    # Only `share` answers in the channel; apologies (`notice`) stay private either way.
    outlet = ResponseOutlet(
        str(body.get("response_url", "")), channel, "slash", in_channel=command.verb is Verb.SHARE
    )
    team = context.team_id or str(body.get("team_id", ""))
    with guarded(
        outlet, what=f"run /mailhelp {command.verb.value}", surface="slash", channel=channel
    ):
        run_command(deps, client, command, body, team=team, outlet=outlet)


def register(app: App, deps: Deps) -> None:
    @app.command(SLASH_COMMAND)
    def acknowledge_slash_command(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        ack()
        command = parse_command(str(body.get("text", "")))
        if command.verb is Verb.CHECKLIST:
            # The form must open within 3 seconds of the command (its trigger_id expires).
            answer_slash_command(deps, command, body, context, client)
        else:
            deps.defer(answer_slash_command, deps, command, body, context, client)
