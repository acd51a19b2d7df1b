"""One question, start to finish: triage, decide, reply, then record what happened."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import Any

from bot.entities.model import Entities
from bot.intents.decision import Action, clarify_choices, decide_direct, decide_unprompted
from bot.intents.result import TriageResult
from bot.render.document import Format
from bot.slack import blocks, wording
from bot.slack.case import details_of
from bot.slack.clicks import Click
from bot.slack.deps import Deps
from bot.slack.diagnoses import case_hash, remember
from bot.slack.domain_check import check_button
from bot.slack.ids import METADATA_EVENT_TYPE, PROMPT_EVENT_TYPE
from bot.slack.middleware import cap_text
from bot.slack.recording import record_safely
from bot.slack.refs import AnswerRef
from bot.slack.replies import Outlet, ThreadOutlet
from bot.slack.work import current_work_key, is_recovered_work
from bot.storage.interface import Surface, TriageRecord
from bot.storage.workspaces import Diagnosis

log = logging.getLogger(__name__)

# Slack refuses a message of more than 50 blocks; one is kept for the buttons.
MAX_ANSWER_BLOCKS = 49


@dataclass(frozen=True, slots=True)
class Question:
    """A message someone wants triaged, and where the conversation about it lives."""

    team_id: str
    channel_id: str
    user_id: str | None
    text: str
    surface: Surface
    asked_ts: str | None = None
    thread_ts: str | None = None

    @property
    def thread_key(self) -> str | None:
        return self.thread_ts or self.asked_ts


def triage_metadata(
    intent: str | None, confidence: float, *, event_type: str = METADATA_EVENT_TYPE
) -> dict[str, Any]:
    payload = {"intent": intent, "confidence": round(confidence, 3)}
    return {"event_type": event_type, "event_payload": payload}


def claim_thread(deps: Deps, question: Question, intent: str) -> bool:
    key = question.thread_key
    if key is None:
        return True
    try:
        return deps.store.claim_answer(
            question.team_id, question.channel_id, key, intent, work_key=current_work_key()
        )
    except Exception:
        log.warning(
            "could not claim the answer in %s; answering anyway", question.channel_id, exc_info=True
        )
        return True


def send_answer(
    deps: Deps,
    outlet: Outlet,
    question: Question,
    *,
    intent: str,
    confidence: float,
    entities: Entities,
    text: str,
    quiet_if_answered: bool = False,
    claim: bool = True,
    note: str | None = None,
) -> bool:
    """Post the answer for `intent` with its buttons, once per thread; False when not posted.

    `claim=False` is for a follow-up whose new diagnosis was already claimed; `note` is a
    line shown above the answer (what was read from a file).
    """
    if claim and not claim_thread(deps, question, intent):
        if not quiet_if_answered:
            outlet.notice(wording.ALREADY_ANSWERED)
        return False
    if is_recovered_work() and isinstance(outlet, ThreadOutlet) and outlet.already_sent(intent):
        log.info("the answer in %s was posted before its process stopped", question.channel_id)
        return True
    rendered = deps.renderer.render_answer(
        intent=intent,
        entities=entities,
        fmt=Format.SLACK,
        text=text,
        recipient_platform=deps.recipient_platform(entities.recipient),
    )
    details = details_of(entities, text)
    private = question.thread_key is None
    ref = AnswerRef(
        intent,
        thread_ts=question.thread_ts,
        asked_ts=question.asked_ts,
        confidence=confidence,
        details=details,
        # Nobody else can read a private question back from Slack, so its button keeps it.
        nonce=secrets.token_hex(6) if private else None,
        question=text if private else "",
    )
    lead = [blocks.context(note)] if note else []
    body = rendered.blocks[: MAX_ANSWER_BLOCKS - len(lead)]
    extra = check_button(deps, intent, entities, question.thread_key)
    answer_blocks = [*lead, *body, blocks.answer_actions(ref, extra)]
    sent = outlet.send(
        text=rendered.text, blocks=answer_blocks, metadata=triage_metadata(intent, confidence)
    )
    if sent and question.thread_key is not None:
        diagnosis = Diagnosis(intent, case_hash(entities), getattr(outlet, "last_ts", None))
        remember(
            deps.workspaces.store,
            question.team_id,
            question.channel_id,
            question.thread_key,
            diagnosis,
        )
    return sent


def answer_chosen_topic(
    deps: Deps, outlet: Outlet, click: Click, *, intent: str, entities: Entities, text: str
) -> None:
    """The answer to a topic the person picked from the app's buttons, beside the first answer."""
    question = Question(
        team_id=click.team_id,
        channel_id=click.channel_id,
        user_id=click.user_id,
        text=text,
        # Only a recorded triage reads the surface, and a chosen topic is not one.
        surface=Surface.MENTION,
        asked_ts=click.ref.asked_ts if click.ref else None,
        thread_ts=click.ref.thread_ts if click.ref else None,
    )
    send_answer(deps, outlet, question, intent=intent, confidence=1.0, entities=entities, text=text)


def answer_question(
    deps: Deps,
    outlet: Outlet,
    question: Question,
    *,
    unprompted: bool = False,
    aside: Outlet | None = None,
    note: str | None = None,
) -> None:
    """Triage and reply; unprompted (a watched channel) speaks only when sure.

    `aside` takes the "didn't recognise" reply instead of `outlet` (the shortcut, on someone
    else's message, keeps it private); `note` is shown above an answer.
    """
    text = cap_text(question.text)
    result = deps.engine.triage(text)
    thresholds = deps.engine.thresholds
    action = (
        decide_unprompted(result, thresholds) if unprompted else decide_direct(result, thresholds)
    )
    if action is Action.SILENT:
        # Chatter the bot was not asked about is neither answered nor kept.
        return
    metadata = triage_metadata(result.intent, result.confidence, event_type=PROMPT_EVENT_TYPE)
    if action is Action.ANSWER and result.intent is not None:
        sent = send_answer(
            deps,
            outlet,
            question,
            intent=result.intent,
            confidence=result.confidence,
            entities=result.entities,
            text=text,
            quiet_if_answered=unprompted,
            note=note,
        )
        if not sent and unprompted:
            return
    elif action is Action.CLARIFY:
        choices = [(i, deps.title(i) or i) for i in clarify_choices(result)]
        ref = AnswerRef(
            None, question.thread_ts, question.asked_ts, 0.0, details_of(result.entities, text)
        )
        clarify_blocks, fallback = blocks.clarify(choices, ref)
        outlet.send(text=fallback, blocks=clarify_blocks, metadata=metadata)
    else:
        unknown_blocks, fallback = blocks.unrecognised(deps.topics)
        (aside or outlet).send(text=fallback, blocks=unknown_blocks, metadata=metadata)
    record_safely(deps.store, triage_record(question, result, text))


def triage_record(question: Question, result: TriageResult, text: str) -> TriageRecord:
    return TriageRecord(
        team_id=question.team_id,
        channel_id=question.channel_id,
        surface=question.surface,
        intent=result.intent,
        confidence=result.confidence,
        text=text,
        evidence=tuple(item.as_dict() for item in result.evidence),
        user_id=question.user_id,
        message_ts=question.asked_ts,
        thread_ts=question.thread_ts,
    )
