"""command sync ledger keyed by application id and scope

The ledger only spares Discord a sync that changes nothing, so the old rows (which do not
say which application synced) are dropped: each application syncs once more, then is
remembered.

Revision ID: 0006_sync_app_id
Revises: 0005_merge_features
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "0006_sync_app_id"
down_revision: str | Sequence[str] | None = "0005_merge_features"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A new primary key: SQLite cannot alter one in place, so the table is made again.
    op.drop_table("command_sync_state")
    op.create_table(
        "command_sync_state",
        sa.Column("application_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("tree_hash", sa.String(length=64), nullable=False),
        sa.Column("synced_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("application_id", "scope", name=op.f("pk_command_sync_state")),
    )


def downgrade() -> None:
    op.drop_table("command_sync_state")
    op.create_table(
        "command_sync_state",
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("tree_hash", sa.String(length=64), nullable=False),
        sa.Column("synced_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_command_sync_state")),
    )
