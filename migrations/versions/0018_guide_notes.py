"""guide notes: the community's suggestions for the guide, mentors' decisions and edits

- `guide_notes`: one suggestion per row (topic, title, text, author, source message,
  status, who decided and when, a rejection's reason, Helpful count, when the author was
  told); one pending suggestion per source message.
- `guide_note_revisions`: a note's earlier text, before each mentor's edit.
- `guide_helpful`: who found a note helpful, once per member.

Revision ID: 0018_guide_notes
Revises: 0017_published_versions
Create Date: 2026-12-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "0018_guide_notes"
down_revision: str | Sequence[str] | None = "0017_published_versions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "guide_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("topic_slug", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("suggested_in_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("source_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("source_message_id", sa.BigInteger(), nullable=True),
        sa.Column("source_visibility_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("decided_by", sa.BigInteger(), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("reject_reason", sa.Text(), nullable=True),
        sa.Column("helpful_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("outcome_told_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected')", name=op.f("ck_guide_notes_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guide_notes")),
    )
    with op.batch_alter_table("guide_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guide_notes_author_id"), ["author_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_guide_notes_guild_id_status_created_at"),
            ["guild_id", "status", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_guide_notes_topic_slug_status"), ["topic_slug", "status"], unique=False
        )
        batch_op.create_index(
            "uq_guide_notes_pending_source",
            ["guild_id", "source_message_id"],
            unique=True,
            sqlite_where=sa.text("status = 'pending' AND source_message_id IS NOT NULL"),
            postgresql_where=sa.text("status = 'pending' AND source_message_id IS NOT NULL"),
        )

    op.create_table(
        "guide_helpful",
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["note_id"],
            ["guide_notes.id"],
            name=op.f("fk_guide_helpful_note_id_guide_notes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("note_id", "user_id", name=op.f("pk_guide_helpful")),
    )
    op.create_table(
        "guide_note_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("topic_slug", sa.String(length=60), nullable=False),
        sa.Column("edited_by", sa.BigInteger(), nullable=False),
        sa.Column("edited_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["note_id"],
            ["guide_notes.id"],
            name=op.f("fk_guide_note_revisions_note_id_guide_notes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guide_note_revisions")),
    )
    with op.batch_alter_table("guide_note_revisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_guide_note_revisions_note_id_id"), ["note_id", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("guide_note_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guide_note_revisions_note_id_id"))

    op.drop_table("guide_note_revisions")
    op.drop_table("guide_helpful")
    with op.batch_alter_table("guide_notes", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_guide_notes_pending_source",
            sqlite_where=sa.text("status = 'pending' AND source_message_id IS NOT NULL"),
            postgresql_where=sa.text("status = 'pending' AND source_message_id IS NOT NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_guide_notes_topic_slug_status"))
        batch_op.drop_index(batch_op.f("ix_guide_notes_guild_id_status_created_at"))
        batch_op.drop_index(batch_op.f("ix_guide_notes_author_id"))

    op.drop_table("guide_notes")
