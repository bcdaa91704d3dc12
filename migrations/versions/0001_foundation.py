"""foundation: guild settings and command sync state

Revision ID: 0001_foundation
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "0001_foundation"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "guild_settings",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("announcements_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("api_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("qa_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("mentor_role_id", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", name=op.f("pk_guild_settings")),
    )
    op.create_table(
        "command_sync_state",
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("tree_hash", sa.String(length=64), nullable=False),
        sa.Column("synced_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_command_sync_state")),
    )


def downgrade() -> None:
    op.drop_table("command_sync_state")
    op.drop_table("guild_settings")
