from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import MEMBER_ID, Base
from bot.db.types import UTCDateTime


class MemberTimezone(Base):
    """The time zone a member chose with `/remind timezone` (one per person, every guild)."""

    __tablename__ = "member_timezones"

    user_id: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=False, info=MEMBER_ID
    )
    timezone: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class HelperSignup(Base):
    """A member who asked to be pinged for unanswered questions of one category."""

    __tablename__ = "helper_signups"
    __table_args__ = (Index(None, "guild_id", "category", "last_nudged_at"),)

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=False, info=MEMBER_ID
    )
    category: Mapped[str] = mapped_column(String(40), primary_key=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_nudged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
