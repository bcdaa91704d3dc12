"""reminders and nudges: time zones, helper sign-ups, nudge identities and settings

Revision ID: 0007_reminders_nudges
Revises: 0006_web_hub
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "0007_reminders_nudges"
down_revision: str | Sequence[str] | None = "0006_web_hub"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "member_timezones",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_member_timezones")),
    )
    with op.batch_alter_table("guild_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("timezone", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("unanswered_after", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("mark_after", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("stale_after", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("archive_after", sa.Integer(), nullable=True))
    with op.batch_alter_table("schedules", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subject", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("ping_user_ids", sa.Text(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_schedules_subject"), ["subject"])
    op.create_table(
        "helper_signups",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("joined_at", UTCDateTime(), nullable=False),
        sa.Column("last_nudged_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("guild_id", "user_id", "category", name=op.f("pk_helper_signups")),
    )
    with op.batch_alter_table("helper_signups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_helper_signups_guild_id_category_last_nudged_at"),
            ["guild_id", "category", "last_nudged_at"],
            unique=False,
        )


def downgrade() -> None:
    op.drop_table("helper_signups")
    with op.batch_alter_table("schedules", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_schedules_subject"), type_="unique")
        batch_op.drop_column("ping_user_ids")
        batch_op.drop_column("subject")
    with op.batch_alter_table("guild_settings", schema=None) as batch_op:
        batch_op.drop_column("archive_after")
        batch_op.drop_column("stale_after")
        batch_op.drop_column("mark_after")
        batch_op.drop_column("unanswered_after")
        batch_op.drop_column("timezone")
    op.drop_table("member_timezones")
