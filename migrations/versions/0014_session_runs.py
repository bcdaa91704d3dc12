"""session runs: Nexus starts voice events, repeats survive a refusal, reminders in parts

- `study_sessions.started_at`: when Nexus saw its voice or stage event active (Discord
  starts only external events by itself; Nexus starts its own at `starts_at`).
- `study_sessions.repeat_*`: a repeating session's next event is owed until Discord
  creates it, retried after a refusal, and given up on (with a notice) only at the end.
- `session_reminder_parts`: a reminder to many members is several messages (Discord takes
  at most 100 users in `allowed_mentions`); each part is posted once.

Revision ID: 0014_session_runs
Revises: 0013_content_versions
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "0014_session_runs"
down_revision: str | Sequence[str] | None = "0013_content_versions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("study_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("started_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("repeat_state", sa.String(length=20), nullable=True))
        batch_op.add_column(
            sa.Column("repeat_attempts", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("repeat_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("repeat_claimed_at", UTCDateTime(), nullable=True))

    op.create_table(
        "session_reminder_parts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reminder_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), nullable=False),
        sa.Column("user_ids", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["reminder_id"],
            ["session_reminders.id"],
            name=op.f("fk_session_reminder_parts_reminder_id_session_reminders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_reminder_parts")),
        sa.UniqueConstraint(
            "reminder_id", "part", name=op.f("uq_session_reminder_parts_reminder_id_part")
        ),
    )
    with op.batch_alter_table("session_reminder_parts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_reminder_parts_reminder_id"), ["reminder_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("session_reminder_parts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_reminder_parts_reminder_id"))
    op.drop_table("session_reminder_parts")
    with op.batch_alter_table("study_sessions", schema=None) as batch_op:
        batch_op.drop_column("repeat_claimed_at")
        batch_op.drop_column("repeat_reason")
        batch_op.drop_column("repeat_attempts")
        batch_op.drop_column("started_at")
        batch_op.drop_column("repeat_state")
