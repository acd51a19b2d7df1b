"""What the Slack app asks of storage, kept small so any backend can serve it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum, StrEnum
from typing import Any, Protocol


class Surface(StrEnum):
    """Where a triage came from."""

    MENTION = "mention"
    DM = "dm"
    CHANNEL = "channel"
    SLASH = "slash"
    SHORTCUT = "shortcut"
    REACTION = "reaction"


class Took(Enum):
    """What became of a request's claim."""

    # In the database, with its body until its work is done: a crash cannot lose it.
    DURABLE = "durable"
    # The database is away: this process alone knows of the request.
    IN_MEMORY = "in_memory"
    # Already taken, here or by another process.
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class TriageRecord:
    """One triage as the store keeps it; `text` is raw here and redacted by the store."""

    team_id: str
    channel_id: str
    surface: Surface
    intent: str | None
    confidence: float
    text: str
    evidence: tuple[dict[str, Any], ...] = ()
    user_id: str | None = None
    message_ts: str | None = None
    thread_ts: str | None = None
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class FeedbackRecord:
    team_id: str
    channel_id: str
    thread_ts: str | None
    intent: str | None
    helpful: bool
    user_id: str | None = None
    corrected_intent: str | None = None
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class EscalationRecord:
    team_id: str
    channel_id: str
    thread_ts: str | None
    intent: str | None
    user_id: str | None = None
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ChecklistRecord:
    team_id: str
    channel_id: str | None
    intent: str
    user_id: str | None = None
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts over the last `days` days; the shape of `mailhelp stats --json`."""

    days: int
    triages: int
    by_intent: dict[str, int] = field(default_factory=dict)
    unrecognised: int = 0
    helpful: int = 0
    not_helpful: int = 0
    escalations: int = 0
    checklists: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "days": self.days,
            "triages": self.triages,
            "by_intent": dict(self.by_intent),
            "unrecognised": self.unrecognised,
            "helpful": self.helpful,
            "not_helpful": self.not_helpful,
            "escalations": self.escalations,
            "checklists": self.checklists,
        }


class Store(Protocol):
    """Storage as the Slack app uses it. Claims return True the first time only."""

    def claim_event(self, event_key: str) -> bool:
        """Mark a Slack event (or retry of it) handled; False when it already was."""
        ...

    def take_work(self, key: str, body: str | None, lease_s: float) -> Took:
        """Claim a request; with `body`, keep it until `finish_work` so a crash cannot lose it."""
        ...

    def finish_work(self, key: str) -> None:
        """The request's work is done (sent or given up): nobody takes it up again."""
        ...

    def claim_answer(
        self,
        team_id: str,
        channel_id: str,
        thread_ts: str,
        intent: str,
        work_key: str | None = None,
    ) -> bool:
        """Mark that a thread got the answer for an intent; False when it already had it.

        True again for the same `work_key`: work taken up after a crash may send what it
        claimed before the crash.
        """
        ...

    def health(self) -> str | None:
        """None when storage works; otherwise what is degraded, in words for /healthz."""
        ...

    def is_watched(self, team_id: str, channel_id: str) -> bool: ...

    def set_watched(self, team_id: str, channel_id: str, watched: bool) -> None: ...

    def record_triage(self, record: TriageRecord) -> None: ...

    def record_feedback(self, record: FeedbackRecord) -> None: ...

    def record_escalation(self, record: EscalationRecord) -> None: ...

    def record_checklist(self, record: ChecklistRecord) -> None: ...

    def stats(self, days: int, team_id: str | None = None) -> Stats: ...
