"""published versions: a counter per guild of changes to what the web shows

The hub keeps rendered pages by (path, version) and answers `If-None-Match` from the
version without rendering; every write that changes a published page bumps its guild's row
in the same transaction.

Revision ID: 0017_published_versions
Revises: 0016_per_server_numbers
Create Date: 2026-12-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_published_versions"
down_revision: str | Sequence[str] | None = "0016_per_server_numbers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "published_versions",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", name=op.f("pk_published_versions")),
    )


def downgrade() -> None:
    op.drop_table("published_versions")
