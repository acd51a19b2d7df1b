"""The tables mailhelp keeps, as typed SQLAlchemy models; migrations must match them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, BigInteger, DateTime, Dialect, Float, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Slack ids are short (T0123, C0123, 1700000000.000100); 64 leaves room without inviting abuse.
SLACK_ID = 64
# Intent ids come from intents.yaml; the loader keeps them short.
INTENT_ID = 64
# Event keys are built by the Slack middleware from team, event id and retry details.
EVENT_KEY = 255
# An answer is known by its thread (or message) timestamp and its intent.
ANSWER_KEY = SLACK_ID + 1 + INTENT_ID


class UtcDateTime(TypeDecorator[datetime]):
    """Timestamps stored in UTC and always read back timezone-aware, on SQLite too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must carry a timezone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        # SQLite hands back the naive UTC value it was given.
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)


# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
Identity = BigInteger().with_variant(Integer(), "sqlite")
# A missing evidence list is SQL NULL, not the JSON literal null, so IS NULL finds it.
EvidenceJson = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime}


class Triage(Base):
    """One message the bot triaged; `text` is the redacted copy, cleared after retention."""

    __tablename__ = "triages"
    __table_args__ = (
        Index("ix_triages_at", "at"),
        Index("ix_triages_team_at", "team_id", "at"),
    )

    id: Mapped[int] = mapped_column(Identity, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    team_id: Mapped[str] = mapped_column(String(SLACK_ID))
    channel_id: Mapped[str] = mapped_column(String(SLACK_ID))
    surface: Mapped[str] = mapped_column(String(16))
    intent: Mapped[str | None] = mapped_column(String(INTENT_ID))
    confidence: Mapped[float] = mapped_column(Float)
    evidence: Mapped[list[dict[str, Any]] | None] = mapped_column(EvidenceJson)
    text: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[str | None] = mapped_column(String(SLACK_ID))
    message_ts: Mapped[str | None] = mapped_column(String(SLACK_ID))
    thread_ts: Mapped[str | None] = mapped_column(String(SLACK_ID))


class Feedback(Base):
    """A reader's verdict on an answer: helpful or not, perhaps with the intent it should be."""

    __tablename__ = "feedback"
    __table_args__ = (
        Index("ix_feedback_at", "at"),
        Index("ix_feedback_thread", "team_id", "channel_id", "thread_ts"),
    )

    id: Mapped[int] = mapped_column(Identity, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    team_id: Mapped[str] = mapped_column(String(SLACK_ID))
    channel_id: Mapped[str] = mapped_column(String(SLACK_ID))
    thread_ts: Mapped[str | None] = mapped_column(String(SLACK_ID))
    intent: Mapped[str | None] = mapped_column(String(INTENT_ID))
    helpful: Mapped[bool]
    corrected_intent: Mapped[str | None] = mapped_column(String(INTENT_ID))
    user_id: Mapped[str | None] = mapped_column(String(SLACK_ID))


class Escalation(Base):
    __tablename__ = "escalations"
    __table_args__ = (Index("ix_escalations_at", "at"),)

    id: Mapped[int] = mapped_column(Identity, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    team_id: Mapped[str] = mapped_column(String(SLACK_ID))
    channel_id: Mapped[str] = mapped_column(String(SLACK_ID))
    thread_ts: Mapped[str | None] = mapped_column(String(SLACK_ID))
    intent: Mapped[str | None] = mapped_column(String(INTENT_ID))
    user_id: Mapped[str | None] = mapped_column(String(SLACK_ID))


class Checklist(Base):
    __tablename__ = "checklists"
    __table_args__ = (Index("ix_checklists_at", "at"),)

    id: Mapped[int] = mapped_column(Identity, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    team_id: Mapped[str] = mapped_column(String(SLACK_ID))
    channel_id: Mapped[str | None] = mapped_column(String(SLACK_ID))
    intent: Mapped[str] = mapped_column(String(INTENT_ID))
    user_id: Mapped[str | None] = mapped_column(String(SLACK_ID))


class WatchedChannel(Base):
    """A channel where the bot may speak unprompted."""

    __tablename__ = "watched_channels"

    team_id: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)
    since: Mapped[datetime]


class HandledEvent(Base):
    """A Slack request already taken by some web process; the primary key makes claims atomic.

    While its work is unfinished the row also holds the request (`body`) and a lease: a
    process that dies leaves the lease to run out, and another process takes the work up.
    """

    __tablename__ = "handled_events"
    __table_args__ = (
        Index("ix_handled_events_claimed_at", "claimed_at"),
        Index("ix_handled_events_lease_until", "lease_until"),
    )

    event_key: Mapped[str] = mapped_column(String(EVENT_KEY), primary_key=True)
    claimed_at: Mapped[datetime]
    # The request as Bolt parsed it (JSON); cleared when the work is done.
    body: Mapped[str | None] = mapped_column(Text)
    # Set while the work is unfinished: until then the process that took it is working on it.
    lease_until: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class AnsweredThread(Base):
    """A thread that already got the answer for an intent, so no process repeats it."""

    __tablename__ = "answered_threads"
    __table_args__ = (Index("ix_answered_threads_answered_at", "answered_at"),)

    team_id: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)
    thread_ts: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)
    intent: Mapped[str] = mapped_column(String(INTENT_ID), primary_key=True)
    answered_at: Mapped[datetime]
    # The request whose work claimed it: taken up again after a crash, that work may answer.
    work_key: Mapped[str | None] = mapped_column(String(EVENT_KEY))


class WorkspaceSettingsRow(Base):
    """What a workspace's admins set in the App Home; a null column falls back to the default."""

    __tablename__ = "workspace_settings"

    team_id: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)
    escalation_channel: Mapped[str | None] = mapped_column(String(SLACK_ID))
    escalation_group: Mapped[str | None] = mapped_column(String(SLACK_ID))
    answer_unprompted: Mapped[bool]
    updated_at: Mapped[datetime]
    updated_by: Mapped[str | None] = mapped_column(String(SLACK_ID))


class ThreadAnswer(Base):
    """The diagnosis the bot last gave in a thread, so a follow-up can tell what changed.

    `details_hash` is a digest of the case details, never the details themselves: what was
    found is compared, not kept.
    """

    __tablename__ = "thread_answers"
    __table_args__ = (
        Index("ix_thread_answers_answer", "team_id", "channel_id", "answer_ts"),
        Index("ix_thread_answers_answered_at", "answered_at"),
    )

    team_id: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)
    thread_ts: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)
    intent: Mapped[str] = mapped_column(String(INTENT_ID))
    details_hash: Mapped[str] = mapped_column(String(SLACK_ID))
    answer_ts: Mapped[str | None] = mapped_column(String(SLACK_ID))
    answered_at: Mapped[datetime]


class AnswerClick(Base):
    """One person's feedback or escalation on one answer: the key makes a second one a no-op."""

    __tablename__ = "answer_clicks"
    __table_args__ = (Index("ix_answer_clicks_at", "at"),)

    team_id: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)
    answer_key: Mapped[str] = mapped_column(String(ANSWER_KEY), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)
    action: Mapped[str] = mapped_column(String(16), primary_key=True)
    at: Mapped[datetime]
