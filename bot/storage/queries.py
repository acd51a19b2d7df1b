"""Read-side queries: counts for `mailhelp stats` and the messages the rules missed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, func, or_, select

from bot.storage.interface import Stats
from bot.storage.tables import Checklist, Escalation, Feedback, Triage


@dataclass(frozen=True, slots=True)
class UnmatchedMessage:
    """A redacted message worth labelling: unrecognised, or answered but marked unhelpful."""

    at: datetime
    text: str
    reason: str
    predicted_intent: str | None
    confidence: float
    surface: str
    corrected_intent: str | None = None

    def as_eval_line(self) -> dict[str, Any]:
        """The shape `mailhelp eval` reads once someone fills in `intent`."""
        return {
            "text": self.text,
            "intent": None,
            "reason": self.reason,
            "predicted_intent": self.predicted_intent,
            "corrected_intent": self.corrected_intent,
            "confidence": round(self.confidence, 3),
            "surface": self.surface,
            "at": self.at.isoformat(),
        }


def _window(
    table: type[Triage | Feedback | Escalation | Checklist], since: datetime, team_id: str | None
) -> list[ColumnElement[bool]]:
    """Rows of `table` from `since` on, in one workspace when `team_id` is given."""
    conditions: list[ColumnElement[bool]] = [table.at >= since]
    if team_id is not None:
        conditions.append(table.team_id == team_id)
    return conditions


def count_stats(
    connection: Connection, *, days: int, since: datetime, team_id: str | None = None
) -> Stats:
    per_intent = connection.execute(
        select(Triage.intent, func.count())
        .where(*_window(Triage, since, team_id))
        .group_by(Triage.intent)
    ).all()
    verdicts = connection.execute(
        select(Feedback.helpful, func.count())
        .where(*_window(Feedback, since, team_id))
        .group_by(Feedback.helpful)
    ).all()
    escalations = connection.execute(
        select(func.count()).select_from(Escalation).where(*_window(Escalation, since, team_id))
    ).scalar_one()
    checklists = connection.execute(
        select(func.count()).select_from(Checklist).where(*_window(Checklist, since, team_id))
    ).scalar_one()

    counts: dict[str, int] = {}
    unrecognised = 0
    for intent, count in per_intent:
        if intent is None:
            unrecognised = int(count)
        else:
            counts[intent] = int(count)
    # Most frequent first, so the table and the JSON read in the order that matters.
    by_intent = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    helpful = {bool(flag): int(count) for flag, count in verdicts}
    return Stats(
        days=days,
        triages=sum(by_intent.values()) + unrecognised,
        by_intent=by_intent,
        unrecognised=unrecognised,
        helpful=helpful.get(True, 0),
        not_helpful=helpful.get(False, 0),
        escalations=int(escalations),
        checklists=int(checklists),
    )


def find_unmatched(
    connection: Connection, *, since: datetime, team_id: str | None = None
) -> list[UnmatchedMessage]:
    """Unrecognised triages, then triages in threads whose answer got "Didn't help"."""
    scope: list[ColumnElement[bool]] = [Triage.text.is_not(None)]
    if team_id is not None:
        scope.append(Triage.team_id == team_id)

    found: dict[int, UnmatchedMessage] = {}
    unrecognised = connection.execute(
        select(Triage).where(Triage.intent.is_(None), Triage.at >= since, *scope)
    ).all()
    for triage in unrecognised:
        found[triage.id] = _message(triage, reason="unrecognised", corrected=None)

    # An answer lives in the thread of the message it answers: the message's own ts when the
    # message started the thread, its thread_ts otherwise.
    same_thread = and_(
        Feedback.team_id == Triage.team_id,
        Feedback.channel_id == Triage.channel_id,
        or_(
            Feedback.thread_ts == Triage.thread_ts,
            and_(Triage.thread_ts.is_(None), Feedback.thread_ts == Triage.message_ts),
        ),
    )
    unhelpful = connection.execute(
        select(Triage, Feedback.corrected_intent)
        .join(Feedback, same_thread)
        .where(Feedback.helpful.is_(False), Feedback.at >= since, *scope)
    ).all()
    for row in unhelpful:
        if row.id not in found:
            found[row.id] = _message(row, reason="not_helpful", corrected=row.corrected_intent)
    return sorted(found.values(), key=lambda message: message.at)


def _message(row: Any, *, reason: str, corrected: str | None) -> UnmatchedMessage:
    return UnmatchedMessage(
        at=row.at,
        text=row.text,
        reason=reason,
        predicted_intent=row.intent,
        confidence=float(row.confidence),
        surface=row.surface,
        corrected_intent=corrected,
    )
