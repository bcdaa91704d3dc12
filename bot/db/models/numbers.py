from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import MEMBER_ID, Base


class GuildNumber(Base):
    """The last number a guild handed out in one scope ("takeaway", "announcement",
    "session", "reminder:<member id>"): what members type is per server, never global.

    Numbers are never handed out twice, so a stale `/takeaways remove 3` cannot hit a newer
    schedule that took a freed number."""

    __tablename__ = "guild_numbers"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # "reminder:<member id>" holds a member's id.
    scope: Mapped[str] = mapped_column(String(40), primary_key=True, info=MEMBER_ID)
    last_number: Mapped[int] = mapped_column(Integer)
