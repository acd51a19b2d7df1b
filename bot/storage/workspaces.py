"""What the Slack app keeps per workspace: its settings, each thread's diagnosis, one click each."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

# Unrecognised messages shown in the App Home are cut to this many characters.
PHRASING_CHARS = 120


@dataclass(frozen=True, slots=True)
class StoredSettings:
    """A workspace's own choices; None means "use the operator's default"."""

    escalation_channel: str | None
    escalation_group: str | None
    answer_unprompted: bool
    updated_by: str | None = None


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """The topic of the bot's latest answer in a thread and a digest of the details it used."""

    intent: str
    details_hash: str
    answer_ts: str | None = None


class ClickAction(StrEnum):
    FEEDBACK = "feedback"
    ESCALATION = "escalation"


@dataclass(frozen=True, slots=True)
class ClickKey:
    """One person acting on one answer; `answer_key` names the answer (see bot.slack.refs)."""

    team_id: str
    channel_id: str
    answer_key: str
    user_id: str
    action: ClickAction


class WorkspaceStore(Protocol):
    """Storage for per-workspace state; every method may raise when the database fails."""

    def settings_of(self, team_id: str) -> StoredSettings | None: ...

    def save_settings(self, team_id: str, settings: StoredSettings) -> None: ...

    def watched_channels(self, team_id: str) -> list[str]: ...

    def diagnosis_in(
        self, team_id: str, channel_id: str, thread_ts: str
    ) -> tuple[str, Diagnosis] | None:
        """The thread's root ts and its diagnosis; `thread_ts` may also be the answer's ts."""
        ...

    def remember_diagnosis(
        self, team_id: str, channel_id: str, thread_ts: str, diagnosis: Diagnosis
    ) -> None: ...

    def replace_diagnosis(
        self, team_id: str, channel_id: str, thread_ts: str, old: Diagnosis, new: Diagnosis
    ) -> bool:
        """Swap `old` for `new`; False when another process changed the thread first."""
        ...

    def claim_click(self, key: ClickKey) -> bool:
        """True the first time this person does `action` on this answer."""
        ...

    def release_click(self, key: ClickKey) -> None:
        """Undo a claim whose action failed, so the person can try again."""
        ...

    def top_unrecognised(self, team_id: str, days: int, limit: int) -> list[tuple[str, int]]:
        """The commonest unrecognised messages (redacted) of the last `days` days, with counts."""
        ...

    def forget_workspace(self, team_id: str) -> None:
        """The workspace removed the app: drop what served it, keep only anonymous counts."""
        ...


def phrasing(text: str) -> str:
    """The form unrecognised messages are grouped by: spacing and case ignored, cut short."""
    collapsed = " ".join(text.split()).lower()
    return collapsed if len(collapsed) <= PHRASING_CHARS else collapsed[: PHRASING_CHARS - 1] + "…"


def most_common(texts: Iterable[str], limit: int) -> list[tuple[str, int]]:
    counts = Counter(phrasing(text) for text in texts if text and text.strip())
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
