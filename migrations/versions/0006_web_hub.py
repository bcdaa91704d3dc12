"""web hub: guilds that published, channels @everyone can read, members who chose a name

Revision ID: 0006_web_hub
Revises: 0006_sync_app_id
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "0006_web_hub"
down_revision: str | Sequence[str] | None = "0006_sync_app_id"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "web_guilds",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("guild_name", sa.String(length=100), nullable=False),
        sa.Column("enabled_by", sa.BigInteger(), nullable=False),
        sa.Column("enabled_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", name=op.f("pk_web_guilds")),
    )
    op.create_table(
        "web_channels",
        sa.Column("channel_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("checked_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("channel_id", name=op.f("pk_web_channels")),
    )
    op.create_index(op.f("ix_web_channels_guild_id"), "web_channels", ["guild_id"])
    op.create_table(
        "member_privacy",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", "user_id", name=op.f("pk_member_privacy")),
    )


def downgrade() -> None:
    op.drop_table("member_privacy")
    op.drop_index(op.f("ix_web_channels_guild_id"), table_name="web_channels")
    op.drop_table("web_channels")
    op.drop_table("web_guilds")
