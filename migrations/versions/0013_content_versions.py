"""content versions: a number the bot moves on every content reload

`/nexus reload` reloads the bot's own copy of CONTENT_DIR; a hub in a process of its own
(`python -m bot web`, beside the bot or as replicas) polls this row and reloads its copy
when the number moves.

Revision ID: 0013_content_versions
Revises: 0012_thread_words
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "0013_content_versions"
down_revision: str | Sequence[str] | None = "0012_thread_words"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "content_versions",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("reloaded_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_content_versions")),
    )


def downgrade() -> None:
    op.drop_table("content_versions")
