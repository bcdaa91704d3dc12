from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import MEMBER_ID, Base
from bot.db.types import UTCDateTime

# A mentor's schedules are numbered per (guild, kind); a member's reminders per (guild,
# member). Nudges keep 0: nobody types theirs.
MEMBER_NUMBERED_SQL = "kind = 'reminder'"
GUILD_NUMBERED_SQL = "kind IN ('takeaway', 'announcement')"


class Schedule(Base):
    """A recurring takeaway, or a one-off or repeating announcement, set by a mentor."""

    __tablename__ = "schedules"
    __table_args__ = (
        Index(None, "guild_id", "kind"),
        Index(
            "uq_schedules_guild_id_kind_number",
            "guild_id",
            "kind",
            "number",
            unique=True,
            sqlite_where=text(GUILD_NUMBERED_SQL),
            postgresql_where=text(GUILD_NUMBERED_SQL),
        ),
        Index(
            "uq_schedules_guild_id_created_by_number",
            "guild_id",
            "created_by",
            "number",
            unique=True,
            sqlite_where=text(MEMBER_NUMBERED_SQL),
            postgresql_where=text(MEMBER_NUMBERED_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    # What members see and type (`/takeaways preview 2`); `id` stays the key of the ledger.
    # The default 0 lets SQLite add the column NOT NULL without rebuilding the table (a
    # rebuild would cascade-delete the ledger); Nexus always sets it, except for nudges.
    number: Mapped[int] = mapped_column(Integer, server_default="0")
    kind: Mapped[str] = mapped_column(String(20))  # takeaway | announcement
    channel_id: Mapped[int] = mapped_column(BigInteger)
    time_of_day: Mapped[str | None] = mapped_column(String(5))  # HH:MM, for recurring ones
    days: Mapped[str | None] = mapped_column(String(40))  # daily | weekdays | mon,wed,...
    timezone: Mapped[str] = mapped_column(String(64))
    run_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # one-off announcements
    # A reminder's text; a nudge's, with `<@id>` mentions of the members it pings.
    message: Mapped[str | None] = mapped_column(Text, info=MEMBER_ID)
    paused: Mapped[bool] = mapped_column(default=False)
    paused_reason: Mapped[str | None] = mapped_column(String(200))
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[int] = mapped_column(BigInteger, info=MEMBER_ID)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # A nudge's identity ("qa-helpers:<thread id>"): registering it is INSERT ... ON CONFLICT
    # DO NOTHING on this, so one nudge is registered once however many processes sweep.
    subject: Mapped[str | None] = mapped_column(String(80), unique=True)
    # Comma-separated, for nudges.
    ping_user_ids: Mapped[str | None] = mapped_column(Text, info=MEMBER_ID)


class ScheduleSlot(Base):
    """The ledger: one row per (schedule, slot), claimed before anything is posted."""

    __tablename__ = "schedule_slots"
    __table_args__ = (UniqueConstraint("schedule_id", "slot_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    schedule_id: Mapped[int] = mapped_column(
        ForeignKey("schedules.id", ondelete="CASCADE"), index=True
    )
    slot_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # claimed | posted | late | skipped | failed | interrupted
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str | None] = mapped_column(String(200))
    next_retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    takeaway_id: Mapped[str | None] = mapped_column(String(100))


class TakeawayRotation(Base):
    """A guild's shuffled cycle of takeaways: each is posted once before any repeats."""

    __tablename__ = "takeaway_rotation"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    cycle: Mapped[str] = mapped_column(Text)  # JSON list of takeaway ids
    position: Mapped[int] = mapped_column(Integer, default=0)
    cycle_number: Mapped[int] = mapped_column(Integer, default=1)
    last_topic: Mapped[str | None] = mapped_column(String(60))
    version: Mapped[int] = mapped_column(Integer, default=0)
