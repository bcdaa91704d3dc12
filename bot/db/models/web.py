"""What the web hub may show: guilds that consented, channels @everyone can read, and
members who chose to be named."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import MEMBER_ID, MEMBER_NAME, Base
from bot.db.types import UTCDateTime


class WebGuild(Base):
    """A guild whose questions and API board are on the web (`/nexus web enable`)."""

    __tablename__ = "web_guilds"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # Shown as the page title; refreshed whenever a member enables the hub again.
    guild_name: Mapped[str] = mapped_column(String(100))
    enabled_by: Mapped[int] = mapped_column(BigInteger, info=MEMBER_ID)
    enabled_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WebChannel(Base):
    """Whether @everyone can read a channel, as the bot last saw it."""

    __tablename__ = "web_channels"
    __table_args__ = (Index(None, "guild_id"),)

    channel_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    public: Mapped[bool] = mapped_column(Boolean)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MemberPrivacy(Base):
    """A member who chose `/qa privacy public`: the web names them. No row: "a learner"."""

    __tablename__ = "member_privacy"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=False, info=MEMBER_ID
    )
    display_name: Mapped[str] = mapped_column(String(100), info=MEMBER_NAME)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PublishedVersion(Base):
    """How many times what the web shows of a guild has changed: the hub keeps pages by
    (path, version) and answers a conditional request from it. Bumped in the transaction of
    each write that changes a page (bot/services/publishing/versions.py); never deleted, so
    the sum over guilds changes whenever any guild's does."""

    __tablename__ = "published_versions"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger)
