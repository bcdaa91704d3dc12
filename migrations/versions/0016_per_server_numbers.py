"""per-server numbers: schedules, reminders and study sessions numbered per guild

Members type these numbers (`/takeaways preview 2`, `/session cancel id:1`): they were the
global primary keys, so a server's first schedule could be #6. The keys stay (foreign keys
use them); a `number` column is added, filled for the rows already stored in id order,
and `guild_numbers` remembers each guild's last number per scope.

- `schedules.number`: per (guild, kind) for takeaways and announcements, per (guild,
  member) for reminders; nudges keep 0 (nobody types theirs).
- `study_sessions.number`: per guild.

Revision ID: 0016_per_server_numbers
Revises: 0015_qa_catch_up
Create Date: 2026-12-09
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_per_server_numbers"
down_revision: str | Sequence[str] | None = "0015_qa_catch_up"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUILD_NUMBERED = "kind IN ('takeaway', 'announcement')"
MEMBER_NUMBERED = "kind = 'reminder'"


def _schedule_scope(kind: str, created_by: int) -> str | None:
    if kind == "reminder":
        return f"reminder:{created_by}"
    return None if kind == "nudge" else kind


def _backfill(connection: sa.Connection) -> None:
    """Number every stored row in id order within its scope, and record the last ones."""
    last: dict[tuple[int, str], int] = defaultdict(int)
    schedules = sa.table(
        "schedules",
        sa.column("id", sa.Integer()),
        sa.column("guild_id", sa.BigInteger()),
        sa.column("kind", sa.String()),
        sa.column("created_by", sa.BigInteger()),
        sa.column("number", sa.Integer()),
    )
    sessions = sa.table(
        "study_sessions",
        sa.column("id", sa.Integer()),
        sa.column("guild_id", sa.BigInteger()),
        sa.column("number", sa.Integer()),
    )
    rows = connection.execute(
        sa.select(
            schedules.c.id, schedules.c.guild_id, schedules.c.kind, schedules.c.created_by
        ).order_by(schedules.c.id)
    ).all()
    numbered: list[dict[str, int]] = []  # nudges keep the default 0
    for row_id, guild_id, kind, created_by in rows:
        scope = _schedule_scope(kind, created_by)
        if scope is None:
            continue
        last[(guild_id, scope)] += 1
        numbered.append({"row_id": row_id, "value": last[(guild_id, scope)]})
    if numbered:
        connection.execute(
            schedules.update()
            .where(schedules.c.id == sa.bindparam("row_id"))
            .values(number=sa.bindparam("value")),
            numbered,
        )
    session_rows = connection.execute(
        sa.select(sessions.c.id, sessions.c.guild_id).order_by(sessions.c.id)
    ).all()
    numbered = []
    for row_id, guild_id in session_rows:
        last[(guild_id, "session")] += 1
        numbered.append({"row_id": row_id, "value": last[(guild_id, "session")]})
    if numbered:
        connection.execute(
            sessions.update()
            .where(sessions.c.id == sa.bindparam("row_id"))
            .values(number=sa.bindparam("value")),
            numbered,
        )
    counters = [
        {"guild_id": guild_id, "scope": scope, "last_number": number}
        for (guild_id, scope), number in last.items()
    ]
    if counters:
        connection.execute(
            sa.table(
                "guild_numbers",
                sa.column("guild_id", sa.BigInteger()),
                sa.column("scope", sa.String()),
                sa.column("last_number", sa.Integer()),
            ).insert(),
            counters,
        )


def upgrade() -> None:
    op.create_table(
        "guild_numbers",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", "scope", name=op.f("pk_guild_numbers")),
    )
    # NOT NULL with a default is a plain ADD COLUMN on SQLite too: rebuilding the tables
    # (batch mode's way to add a constraint) would cascade-delete their slots and interests.
    for table in ("schedules", "study_sessions"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("number", sa.Integer(), server_default="0", nullable=False)
            )

    _backfill(op.get_bind())

    op.create_index(
        "uq_study_sessions_guild_id_number", "study_sessions", ["guild_id", "number"], unique=True
    )
    op.create_index(
        "uq_schedules_guild_id_kind_number",
        "schedules",
        ["guild_id", "kind", "number"],
        unique=True,
        sqlite_where=sa.text(GUILD_NUMBERED),
        postgresql_where=sa.text(GUILD_NUMBERED),
    )
    op.create_index(
        "uq_schedules_guild_id_created_by_number",
        "schedules",
        ["guild_id", "created_by", "number"],
        unique=True,
        sqlite_where=sa.text(MEMBER_NUMBERED),
        postgresql_where=sa.text(MEMBER_NUMBERED),
    )


def downgrade() -> None:
    op.drop_index("uq_schedules_guild_id_created_by_number", table_name="schedules")
    op.drop_index("uq_schedules_guild_id_kind_number", table_name="schedules")
    op.drop_index("uq_study_sessions_guild_id_number", table_name="study_sessions")
    # Not batch mode: its rebuild would cascade-delete rows hanging off these tables.
    # SQLite (3.35+) and PostgreSQL both drop a column in place.
    op.execute("ALTER TABLE study_sessions DROP COLUMN number")
    op.execute("ALTER TABLE schedules DROP COLUMN number")
    op.drop_table("guild_numbers")
