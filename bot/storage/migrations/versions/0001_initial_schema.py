"""Initial schema: triages, feedback, escalations, checklists, claims and Slack OAuth tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the column types at this revision; later model changes get new revisions.
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_WHEN = sa.DateTime(timezone=True)
_SLACK_ID = sa.String(length=64)
_INTENT = sa.String(length=64)
_EVIDENCE = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    _mailhelp_tables()
    _slack_oauth_tables()


def _mailhelp_tables() -> None:
    op.create_table(
        "triages",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("at", _WHEN, nullable=False),
        sa.Column("team_id", _SLACK_ID, nullable=False),
        sa.Column("channel_id", _SLACK_ID, nullable=False),
        sa.Column("surface", sa.String(length=16), nullable=False),
        sa.Column("intent", _INTENT, nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("evidence", _EVIDENCE, nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("user_id", _SLACK_ID, nullable=True),
        sa.Column("message_ts", _SLACK_ID, nullable=True),
        sa.Column("thread_ts", _SLACK_ID, nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_triages_at", "triages", ["at"])
    op.create_index("ix_triages_team_at", "triages", ["team_id", "at"])

    op.create_table(
        "feedback",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("at", _WHEN, nullable=False),
        sa.Column("team_id", _SLACK_ID, nullable=False),
        sa.Column("channel_id", _SLACK_ID, nullable=False),
        sa.Column("thread_ts", _SLACK_ID, nullable=True),
        sa.Column("intent", _INTENT, nullable=True),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("corrected_intent", _INTENT, nullable=True),
        sa.Column("user_id", _SLACK_ID, nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_feedback_at", "feedback", ["at"])
    op.create_index("ix_feedback_thread", "feedback", ["team_id", "channel_id", "thread_ts"])

    op.create_table(
        "escalations",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("at", _WHEN, nullable=False),
        sa.Column("team_id", _SLACK_ID, nullable=False),
        sa.Column("channel_id", _SLACK_ID, nullable=False),
        sa.Column("thread_ts", _SLACK_ID, nullable=True),
        sa.Column("intent", _INTENT, nullable=True),
        sa.Column("user_id", _SLACK_ID, nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_escalations_at", "escalations", ["at"])

    op.create_table(
        "checklists",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("at", _WHEN, nullable=False),
        sa.Column("team_id", _SLACK_ID, nullable=False),
        sa.Column("channel_id", _SLACK_ID, nullable=True),
        sa.Column("intent", _INTENT, nullable=False),
        sa.Column("user_id", _SLACK_ID, nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_checklists_at", "checklists", ["at"])

    op.create_table(
        "watched_channels",
        sa.Column("team_id", _SLACK_ID, nullable=False),
        sa.Column("channel_id", _SLACK_ID, nullable=False),
        sa.Column("since", _WHEN, nullable=False),
        sa.PrimaryKeyConstraint("team_id", "channel_id"),
    )

    op.create_table(
        "handled_events",
        sa.Column("event_key", sa.String(length=255), nullable=False),
        sa.Column("claimed_at", _WHEN, nullable=False),
        sa.PrimaryKeyConstraint("event_key"),
    )
    op.create_index("ix_handled_events_claimed_at", "handled_events", ["claimed_at"])

    op.create_table(
        "answered_threads",
        sa.Column("team_id", _SLACK_ID, nullable=False),
        sa.Column("channel_id", _SLACK_ID, nullable=False),
        sa.Column("thread_ts", _SLACK_ID, nullable=False),
        sa.Column("intent", _INTENT, nullable=False),
        sa.Column("answered_at", _WHEN, nullable=False),
        sa.PrimaryKeyConstraint("team_id", "channel_id", "thread_ts", "intent"),
    )
    op.create_index("ix_answered_threads_answered_at", "answered_threads", ["answered_at"])


def _slack_oauth_tables() -> None:
    # The shapes slack_sdk's SQLAlchemy installation and state stores expect (slack_sdk 3.27+).
    op.create_table(
        "slack_installations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("app_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=True),
        sa.Column("enterprise_name", sa.String(length=200), nullable=True),
        sa.Column("enterprise_url", sa.String(length=200), nullable=True),
        sa.Column("team_id", sa.String(length=32), nullable=True),
        sa.Column("team_name", sa.String(length=200), nullable=True),
        sa.Column("bot_token", sa.String(length=200), nullable=True),
        sa.Column("bot_id", sa.String(length=32), nullable=True),
        sa.Column("bot_user_id", sa.String(length=32), nullable=True),
        sa.Column("bot_scopes", sa.String(length=1000), nullable=True),
        sa.Column("bot_refresh_token", sa.String(length=200), nullable=True),
        sa.Column("bot_token_expires_at", sa.DateTime(), nullable=True),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("user_token", sa.String(length=200), nullable=True),
        sa.Column("user_scopes", sa.String(length=1000), nullable=True),
        sa.Column("user_refresh_token", sa.String(length=200), nullable=True),
        sa.Column("user_token_expires_at", sa.DateTime(), nullable=True),
        sa.Column("incoming_webhook_url", sa.String(length=200), nullable=True),
        sa.Column("incoming_webhook_channel", sa.String(length=200), nullable=True),
        sa.Column("incoming_webhook_channel_id", sa.String(length=200), nullable=True),
        sa.Column("incoming_webhook_configuration_url", sa.String(length=200), nullable=True),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False),
        sa.Column("token_type", sa.String(length=32), nullable=True),
        sa.Column("installed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "slack_installations_idx",
        "slack_installations",
        ["client_id", "enterprise_id", "team_id", "user_id", "installed_at"],
    )

    op.create_table(
        "slack_bots",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("app_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=True),
        sa.Column("enterprise_name", sa.String(length=200), nullable=True),
        sa.Column("team_id", sa.String(length=32), nullable=True),
        sa.Column("team_name", sa.String(length=200), nullable=True),
        sa.Column("bot_token", sa.String(length=200), nullable=True),
        sa.Column("bot_id", sa.String(length=32), nullable=True),
        sa.Column("bot_user_id", sa.String(length=32), nullable=True),
        sa.Column("bot_scopes", sa.String(length=1000), nullable=True),
        sa.Column("bot_refresh_token", sa.String(length=200), nullable=True),
        sa.Column("bot_token_expires_at", sa.DateTime(), nullable=True),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False),
        sa.Column("installed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "slack_bots_idx", "slack_bots", ["client_id", "enterprise_id", "team_id", "installed_at"]
    )

    op.create_table(
        "slack_oauth_states",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("state", sa.String(length=200), nullable=False),
        sa.Column("expire_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    for table in (
        "slack_oauth_states",
        "slack_bots",
        "slack_installations",
        "answered_threads",
        "handled_events",
        "watched_channels",
        "checklists",
        "escalations",
        "feedback",
        "triages",
    ):
        op.drop_table(table)
