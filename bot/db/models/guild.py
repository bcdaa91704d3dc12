from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


class GuildSettings(Base):
    """Per-guild choices made with `/nexus setup`."""

    __tablename__ = "guild_settings"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    announcements_channel_id: Mapped[int | None] = mapped_column(BigInteger)
    api_channel_id: Mapped[int | None] = mapped_column(BigInteger)
    qa_channel_id: Mapped[int | None] = mapped_column(BigInteger)
    mentor_role_id: Mapped[int | None] = mapped_column(BigInteger)
    # IANA zone of schedules, sessions and of reminders of members who chose none;
    # NEXUS_TIMEZONE when unset.
    timezone: Mapped[str | None] = mapped_column(String(64))
    # Minutes before a question with no reply pings helpers; None: the default, 0: off.
    unanswered_after: Mapped[int | None] = mapped_column(Integer)
    mark_after: Mapped[int | None] = mapped_column(Integer)  # minutes, as unanswered_after
    stale_after: Mapped[int | None] = mapped_column(Integer)  # minutes, as unanswered_after
    archive_after: Mapped[int | None] = mapped_column(Integer)  # minutes, as unanswered_after
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CommandSyncState(Base):
    """The hash of the last application-command tree an application synced to a scope.

    Keyed by application too: commands belong to an application, so a new one (a new
    token) starts with none and must be synced even when the tree is unchanged.
    """

    __tablename__ = "command_sync_state"

    application_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    tree_hash: Mapped[str] = mapped_column(String(64))
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime())
