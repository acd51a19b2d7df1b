"""Workspace settings, the diagnosis given in each thread, and one click per answer and person.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the column types at this revision.
_WHEN = sa.DateTime(timezone=True)
_SLACK_ID = sa.String(length=64)
_INTENT = sa.String(length=64)
_ANSWER_KEY = sa.String(length=129)


def upgrade() -> None:
    op.create_table(
        "workspace_settings",
        sa.Column("team_id", _SLACK_ID, nullable=False),
        sa.Column("escalation_channel", _SLACK_ID, nullable=True),
        sa.Column("escalation_group", _SLACK_ID, nullable=True),
        sa.Column("answer_unprompted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", _WHEN, nullable=False),
        sa.Column("updated_by", _SLACK_ID, nullable=True),
        sa.PrimaryKeyConstraint("team_id"),
    )
    op.create_table(
        "thread_answers",
        sa.Column("team_id", _SLACK_ID, nullable=False),
        sa.Column("channel_id", _SLACK_ID, nullable=False),
        sa.Column("thread_ts", _SLACK_ID, nullable=False),
        sa.Column("intent", _INTENT, nullable=False),
        sa.Column("details_hash", _SLACK_ID, nullable=False),
        sa.Column("answer_ts", _SLACK_ID, nullable=True),
        sa.Column("answered_at", _WHEN, nullable=False),
        sa.PrimaryKeyConstraint("team_id", "channel_id", "thread_ts"),
    )
    op.create_index(
        "ix_thread_answers_answer", "thread_answers", ["team_id", "channel_id", "answer_ts"]
    )
    op.create_index("ix_thread_answers_answered_at", "thread_answers", ["answered_at"])
    op.create_table(
        "answer_clicks",
        sa.Column("team_id", _SLACK_ID, nullable=False),
        sa.Column("channel_id", _SLACK_ID, nullable=False),
        sa.Column("answer_key", _ANSWER_KEY, nullable=False),
        sa.Column("user_id", _SLACK_ID, nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("at", _WHEN, nullable=False),
        sa.PrimaryKeyConstraint("team_id", "channel_id", "answer_key", "user_id", "action"),
    )
    op.create_index("ix_answer_clicks_at", "answer_clicks", ["at"])


def downgrade() -> None:
    op.drop_index("ix_answer_clicks_at", table_name="answer_clicks")
    op.drop_table("answer_clicks")
    op.drop_index("ix_thread_answers_answered_at", table_name="thread_answers")
    op.drop_index("ix_thread_answers_answer", table_name="thread_answers")
    op.drop_table("thread_answers")
    op.drop_table("workspace_settings")
