"""A Store kept in process memory: for tests, and the fallback while the database is down."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.storage.interface import (
    ChecklistRecord,
    EscalationRecord,
    FeedbackRecord,
    Stats,
    Took,
    TriageRecord,
)
from bot.storage.redaction import redact, redact_value

# Slack redelivers an event within about an hour (retries after 1 and 5 minutes), so a claim
# only has to outlive that; beyond this many keys the oldest are forgotten to bound memory.
MAX_CLAIMS = 100_000


def _now() -> datetime:
    return datetime.now(UTC)


class BoundedSet:
    """Insertion-ordered keys that forget the oldest past `limit`."""

    def __init__(self, limit: int) -> None:
        self._keys: OrderedDict[object, None] = OrderedDict()
        self._limit = limit

    def add_if_new(self, key: object) -> bool:
        if key in self._keys:
            return False
        self._keys[key] = None
        if len(self._keys) > self._limit:
            self._keys.popitem(last=False)
        return True

    def __contains__(self, key: object) -> bool:
        return key in self._keys


class MemoryStore:
    """Implements bot.storage.interface.Store; every method is safe to call from any thread."""

    def __init__(self, *, max_claims: int = MAX_CLAIMS) -> None:
        self._lock = threading.Lock()
        self._events = BoundedSet(max_claims)
        self._answers = BoundedSet(max_claims)
        self._watched: set[tuple[str, str]] = set()
        self.triages: list[TriageRecord] = []
        self.feedback: list[FeedbackRecord] = []
        self.escalations: list[EscalationRecord] = []
        self.checklists: list[ChecklistRecord] = []

    def claim_event(self, event_key: str) -> bool:
        with self._lock:
            return self._events.add_if_new(event_key)

    def take_work(self, key: str, body: str | None, lease_s: float) -> Took:
        return Took.IN_MEMORY if self.claim_event(key) else Took.DUPLICATE

    def finish_work(self, key: str) -> None:
        # Nothing kept beyond the claim, which stays so retries are still refused.
        return

    def health(self) -> str | None:
        return None

    def claim_answer(
        self,
        team_id: str,
        channel_id: str,
        thread_ts: str,
        intent: str,
        work_key: str | None = None,
    ) -> bool:
        with self._lock:
            return self._answers.add_if_new((team_id, channel_id, thread_ts, intent))

    def is_watched(self, team_id: str, channel_id: str) -> bool:
        with self._lock:
            return (team_id, channel_id) in self._watched

    def set_watched(self, team_id: str, channel_id: str, watched: bool) -> None:
        with self._lock:
            if watched:
                self._watched.add((team_id, channel_id))
            else:
                self._watched.discard((team_id, channel_id))

    def record_triage(self, record: TriageRecord) -> None:
        # The same masking as the database, so nothing kept here identifies a person either.
        kept = replace(
            record,
            text=redact(record.text),
            evidence=tuple(redact_value(dict(item)) for item in record.evidence),
            at=record.at or _now(),
        )
        with self._lock:
            self.triages.append(kept)

    def record_feedback(self, record: FeedbackRecord) -> None:
        with self._lock:
            self.feedback.append(replace(record, at=record.at or _now()))

    def record_escalation(self, record: EscalationRecord) -> None:
        with self._lock:
            self.escalations.append(replace(record, at=record.at or _now()))

    def record_checklist(self, record: ChecklistRecord) -> None:
        with self._lock:
            self.checklists.append(replace(record, at=record.at or _now()))

    def stats(self, days: int, team_id: str | None = None) -> Stats:
        since = _now() - timedelta(days=days)

        def keep(at: datetime | None, team: str) -> bool:
            return at is not None and at >= since and (team_id is None or team == team_id)

        with self._lock:
            triages = [r for r in self.triages if keep(r.at, r.team_id)]
            feedback = [r for r in self.feedback if keep(r.at, r.team_id)]
            escalations = sum(1 for r in self.escalations if keep(r.at, r.team_id))
            checklists = sum(1 for r in self.checklists if keep(r.at, r.team_id))
        by_intent: dict[str, int] = {}
        for record in triages:
            if record.intent is not None:
                by_intent[record.intent] = by_intent.get(record.intent, 0) + 1
        return Stats(
            days=days,
            triages=len(triages),
            by_intent=dict(sorted(by_intent.items(), key=lambda item: (-item[1], item[0]))),
            unrecognised=sum(1 for r in triages if r.intent is None),
            helpful=sum(1 for r in feedback if r.helpful),
            not_helpful=sum(1 for r in feedback if not r.helpful),
            escalations=escalations,
            checklists=checklists,
        )

    def watched_in(self, team_id: str) -> list[str]:
        with self._lock:
            return sorted(channel for team, channel in self._watched if team == team_id)

    def unrecognised_texts(self, team_id: str, since: datetime) -> list[str]:
        with self._lock:
            return [
                r.text
                for r in self.triages
                if r.team_id == team_id and r.intent is None and r.at is not None and r.at >= since
            ]

    def forget_team(self, team_id: str) -> None:
        """What SqlWorkspaceStore.forget_workspace does to the database, done to memory."""
        with self._lock:
            self._watched = {key for key in self._watched if key[0] != team_id}
            self.triages = [
                replace(r, text="", evidence=(), user_id=None) if r.team_id == team_id else r
                for r in self.triages
            ]
            self.feedback = [
                replace(r, user_id=None) if r.team_id == team_id else r for r in self.feedback
            ]
            self.escalations = [
                replace(r, user_id=None) if r.team_id == team_id else r for r in self.escalations
            ]
