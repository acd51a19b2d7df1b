"""A message in a thread the bot answered: read with the thread, answered again only if news."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk.web import WebClient

from bot.intents.decision import Action, decide_direct
from bot.slack import diagnoses, wording
from bot.slack.answering import Question, send_answer, triage_record
from bot.slack.deps import Deps
from bot.slack.fetch import fetch_message
from bot.slack.middleware import cap_text
from bot.slack.predicates import is_from_bot
from bot.slack.recording import record_safely
from bot.slack.replies import Outlet
from bot.slack.shared_files import read_shared_files
from bot.slack.threads import joined_text, thread_messages
from bot.storage.interface import Surface
from bot.storage.workspaces import Diagnosis


@dataclass(frozen=True, slots=True)
class ThreadReply:
    """A person's message inside a thread, as any surface received it."""

    team_id: str
    channel_id: str
    user_id: str | None
    event: dict[str, Any]
    surface: Surface
    mentioned: bool
    bot_user_id: str | None

    @property
    def ts(self) -> str:
        return str(self.event.get("ts", ""))

    @property
    def thread_ts(self) -> str | None:
        thread = self.event.get("thread_ts")
        return str(thread) if thread and thread != self.ts else None


def _conversation(
    client: WebClient, reply: ThreadReply, root: str, thread: str
) -> list[dict[str, Any]]:
    """The people's messages so far: the thread, and its question when that sits outside it
    (in a DM the bot answers at top level, so a thread under the answer lacks the question)."""
    channel = reply.channel_id
    messages = thread_messages(
        client, channel=channel, root_ts=thread, upto_ts=reply.ts, surface=reply.surface.value
    )
    found = list(messages or [])
    if root != thread:
        question = fetch_message(client, channel=channel, ts=root, surface=reply.surface.value)
        if question is not None and not is_from_bot(question):
            found.insert(0, question)
    if not any(m.get("ts") == reply.ts for m in found):
        found.append(reply.event)
    return found


def continue_thread(
    deps: Deps,
    client: WebClient,
    outlet: Outlet,
    reply: ThreadReply,
    *,
    is_first: Callable[[], bool] = lambda: True,
) -> bool:
    """True when `reply` belongs to a thread the bot answered: it was handled, perhaps by
    staying quiet. False leaves the message to the surface's usual handling.

    `is_first` claims the event; it is asked only for replies in answered threads, so other
    channel chatter costs no claim.
    """
    thread = reply.thread_ts
    if thread is None:
        return False
    found = diagnoses.find(deps.workspaces.store, reply.team_id, reply.channel_id, thread)
    if found is None:
        return False
    if not is_first():
        return True
    root, previous = found
    in_dm = reply.channel_id.startswith("D")
    if not (
        reply.mentioned or in_dm or deps.workspaces.config_for(reply.team_id).answer_unprompted
    ):
        return True
    files = read_shared_files(deps, client, reply.event, outlet, surface=reply.surface.value)
    said = joined_text(_conversation(client, reply, root, thread), reply.bot_user_id)
    text = cap_text("\n".join(part for part in (said, files.text) if part))
    result = deps.engine.triage(text)
    if decide_direct(result, deps.engine.thresholds) is not Action.ANSWER or result.intent is None:
        # Nothing clear in the conversation as a whole: a mention is still a question.
        return not reply.mentioned
    current = Diagnosis(result.intent, diagnoses.case_hash(result.entities))
    if (current.intent, current.details_hash) == (previous.intent, previous.details_hash):
        if reply.mentioned:
            outlet.notice(wording.ALREADY_ANSWERED)
        return True
    # Of two processes (or two quick replies) only the one that moves the diagnosis answers.
    if not diagnoses.replace(
        deps.workspaces.store, reply.team_id, reply.channel_id, root, previous, current
    ):
        return True
    question = Question(
        team_id=reply.team_id,
        channel_id=reply.channel_id,
        user_id=reply.user_id,
        text=text,
        surface=reply.surface,
        asked_ts=reply.ts,
        thread_ts=root,
    )
    send_answer(
        deps,
        outlet,
        question,
        intent=result.intent,
        confidence=result.confidence,
        entities=result.entities,
        text=text,
        claim=False,
        note=files.note,
    )
    record_safely(deps.store, triage_record(question, result, text))
    return True
