"""qa catch-up mark: how far each guild's Q&A threads were read after a READY

A READY reads only the threads active or changed since this mark (a snowflake), not every
thread ever tracked.

Revision ID: 0015_qa_catch_up
Revises: 0014_session_runs
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "0015_qa_catch_up"
down_revision: str | Sequence[str] | None = "0014_session_runs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "qa_catch_up",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("caught_up_to", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", name=op.f("pk_qa_catch_up")),
    )


def downgrade() -> None:
    op.drop_table("qa_catch_up")
