"""Durable work: a handled request keeps its body and a lease until its answer is sent.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHEN = sa.DateTime(timezone=True)
_KEY = sa.String(length=255)


def upgrade() -> None:
    with op.batch_alter_table("handled_events") as table:
        table.add_column(sa.Column("body", sa.Text(), nullable=True))
        table.add_column(sa.Column("lease_until", _WHEN, nullable=True))
        table.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        table.create_index("ix_handled_events_lease_until", ["lease_until"])
    with op.batch_alter_table("answered_threads") as table:
        table.add_column(sa.Column("work_key", _KEY, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("answered_threads") as table:
        table.drop_column("work_key")
    with op.batch_alter_table("handled_events") as table:
        table.drop_index("ix_handled_events_lease_until")
        table.drop_column("attempts")
        table.drop_column("lease_until")
        table.drop_column("body")
