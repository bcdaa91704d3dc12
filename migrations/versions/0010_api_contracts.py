"""api contracts: versioned examples per request, the current version on the request

Revision ID: 0010_api_contracts
Revises: 0008_sessions
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "0010_api_contracts"
down_revision: str | Sequence[str] | None = "0008_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "api_contracts",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("request_example", sa.Text(), nullable=True),
        sa.Column("response_example", sa.Text(), nullable=True),
        sa.Column("response_status", sa.Integer(), nullable=False),
        sa.Column("notes", sa.String(length=1000), nullable=True),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "response_status BETWEEN 100 AND 599", name=op.f("ck_api_contracts_response_status")
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_api_contracts_version")),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["api_requests.id"],
            name=op.f("fk_api_contracts_request_id_api_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", "version", name=op.f("pk_api_contracts")),
    )
    # batch mode: SQLite can only add columns with constant defaults, and drops need a copy.
    with op.batch_alter_table("api_requests") as batch:
        batch.add_column(
            sa.Column("contract_version", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("api_request_events") as batch:
        batch.add_column(sa.Column("contract_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("api_request_events") as batch:
        batch.drop_column("contract_version")
    with op.batch_alter_table("api_requests") as batch:
        batch.drop_column("contract_version")
    op.drop_table("api_contracts")
