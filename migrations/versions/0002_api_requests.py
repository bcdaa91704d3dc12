"""api requests: requests, their events, per-guild numbers and status tallies

Revision ID: 0002_api_requests
Revises: 0001_foundation
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "0002_api_requests"
down_revision: str | Sequence[str] | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out rather than imported: a migration must not change when the models do.
STATUS_NAMES = ("open", "claimed", "in_progress", "ready", "done", "blocked", "rejected")
STATUSES = ", ".join(f"'{status}'" for status in STATUS_NAMES)
METHODS = "'GET', 'POST', 'PUT', 'PATCH', 'DELETE'"
NOT_FINAL = sa.text("status NOT IN ('done', 'rejected')")


def upgrade() -> None:
    op.create_table(
        "api_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("path", sa.String(length=200), nullable=False),
        sa.Column("path_shape", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=100), nullable=False),
        sa.Column("details", sa.String(length=1500), nullable=True),
        sa.Column("requester_id", sa.BigInteger(), nullable=False),
        sa.Column("claimer_id", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("blocked_from", sa.String(length=16), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.BigInteger(), nullable=True),
        sa.Column("card_message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(f"status IN ({STATUSES})", name=op.f("ck_api_requests_status")),
        sa.CheckConstraint(
            f"blocked_from IN ({STATUSES}) OR blocked_from IS NULL",
            name=op.f("ck_api_requests_blocked_from"),
        ),
        sa.CheckConstraint(f"method IN ({METHODS})", name=op.f("ck_api_requests_method")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_requests")),
    )
    op.create_index(
        "ix_api_requests_guild_id_number", "api_requests", ["guild_id", "number"], unique=True
    )
    op.create_index(
        "ix_api_requests_guild_id_status_number", "api_requests", ["guild_id", "status", "number"]
    )
    op.create_index(
        "ix_api_requests_guild_id_requester_id", "api_requests", ["guild_id", "requester_id"]
    )
    op.create_index(
        "ix_api_requests_guild_id_claimer_id", "api_requests", ["guild_id", "claimer_id"]
    )
    op.create_index(
        "uq_api_requests_open_route",
        "api_requests",
        ["guild_id", "method", "path_shape"],
        unique=True,
        sqlite_where=NOT_FINAL,
        postgresql_where=NOT_FINAL,
    )
    op.create_table(
        "api_request_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["api_requests.id"],
            name=op.f("fk_api_request_events_request_id_api_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_request_events")),
    )
    op.create_index(
        "ix_api_request_events_request_id_id", "api_request_events", ["request_id", "id"]
    )
    op.create_table(
        "api_request_tallies",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        *(
            sa.Column(f"{status}_count", sa.Integer(), server_default="0", nullable=False)
            for status in STATUS_NAMES
        ),
        sa.PrimaryKeyConstraint("guild_id", name=op.f("pk_api_request_tallies")),
    )


def downgrade() -> None:
    op.drop_table("api_request_tallies")
    op.drop_index("ix_api_request_events_request_id_id", table_name="api_request_events")
    op.drop_table("api_request_events")
    op.drop_index("uq_api_requests_open_route", table_name="api_requests")
    op.drop_index("ix_api_requests_guild_id_claimer_id", table_name="api_requests")
    op.drop_index("ix_api_requests_guild_id_requester_id", table_name="api_requests")
    op.drop_index("ix_api_requests_guild_id_status_number", table_name="api_requests")
    op.drop_index("ix_api_requests_guild_id_number", table_name="api_requests")
    op.drop_table("api_requests")
