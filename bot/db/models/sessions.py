from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import MEMBER_ID, Base
from bot.db.types import UTCDateTime


class StudySession(Base):
    """A study session or office hour: one Discord scheduled event, once or repeating."""

    __tablename__ = "study_sessions"
    __table_args__ = (
        Index(None, "guild_id", "status"),
        Index("uq_study_sessions_guild_id_number", "guild_id", "number", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    # Per guild: `/session cancel id:2`. The default 0 is only there so SQLite can add the
    # column without rebuilding the table, which would cascade-delete Interested members.
    number: Mapped[int] = mapped_column(Integer, server_default="0")
    event_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    title: Mapped[str] = mapped_column(String(100))
    topic: Mapped[str | None] = mapped_column(String(60))
    voice_channel_id: Mapped[int | None] = mapped_column(BigInteger)
    location: Mapped[str | None] = mapped_column(String(100))
    post_channel_id: Mapped[int] = mapped_column(BigInteger)  # announcement and reminders
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    timezone: Mapped[str] = mapped_column(String(64))
    repeat_days: Mapped[str | None] = mapped_column(String(40))  # daily | weekdays | mon,wed
    status: Mapped[str] = mapped_column(String(20))  # scheduled | ended | cancelled
    next_session_id: Mapped[int | None] = mapped_column(Integer)  # the repeat made from it
    # When Nexus first saw its voice or stage event active (it starts it at starts_at).
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A repeating session's next event: pending | creating | made | abandoned (None: no repeat
    # owed). Discord may refuse it; it is retried until `sessions/running.py` gives up.
    repeat_state: Mapped[str | None] = mapped_column(String(20))
    repeat_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    repeat_reason: Mapped[str | None] = mapped_column(Text)
    repeat_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by: Mapped[int] = mapped_column(BigInteger, info=MEMBER_ID)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SessionInterest(Base):
    """A member who pressed Discord's Interested on a session's event."""

    __tablename__ = "session_interest"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("study_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=False, info=MEMBER_ID
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SessionAttendance(Base):
    """A member seen in the session's voice or stage channel while it ran."""

    __tablename__ = "session_attendance"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("study_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=False, info=MEMBER_ID
    )
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SessionReminder(Base):
    """The reminders' slot ledger: one row per (session, lead), claimed before posting."""

    __tablename__ = "session_reminders"
    __table_args__ = (UniqueConstraint("session_id", "lead"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("study_sessions.id", ondelete="CASCADE"), index=True
    )
    lead: Mapped[str] = mapped_column(String(10))  # 24h | 15m
    remind_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # claimed | posted | late | skipped | failed | interrupted
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    reason: Mapped[str | None] = mapped_column(Text)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    message_id: Mapped[int | None] = mapped_column(BigInteger)


class SessionReminderPart(Base):
    """One message of a reminder: at most 50 of the interested members, fixed when the
    reminder was claimed, so a retry sends only the parts not yet posted."""

    __tablename__ = "session_reminder_parts"
    __table_args__ = (UniqueConstraint("reminder_id", "part"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reminder_id: Mapped[int] = mapped_column(
        ForeignKey("session_reminders.id", ondelete="CASCADE"), index=True
    )
    part: Mapped[int] = mapped_column(Integer)
    # Comma-separated; emptied once posted.
    user_ids: Mapped[str] = mapped_column(Text, info=MEMBER_ID)
    status: Mapped[str] = mapped_column(String(20))  # pending | unknown (answer lost) | posted
    message_id: Mapped[int | None] = mapped_column(BigInteger)
