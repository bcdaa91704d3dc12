"""A guild's consent to the web hub and which of its channels @everyone can read.

The cog decides a channel's visibility from Discord's permissions; this service only stores
the answer, so the web (which knows no Discord) can publish threads of public channels only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.models import WebChannel, WebGuild
from bot.db.upsert import upsert
from bot.services.publishing.versions import bump_published

GUILD_NAME_MAX = 100
# Plain columns, not ORM objects: the web reads these on every page.
_GUILD_COLUMNS = select(WebGuild.guild_id, WebGuild.guild_name, WebGuild.enabled_at)


@dataclass(frozen=True)
class PublishedGuild:
    guild_id: int
    name: str
    enabled_at: datetime


class WebConsent:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def enable(
        self, guild_id: int, guild_name: str, by_user_id: int, channels: Mapping[int, bool]
    ) -> PublishedGuild:
        """Publish the guild, with a fresh view of which channels @everyone can read."""
        now = self._clock()
        async with self._sessions.begin() as session:
            await upsert(
                session,
                WebGuild.__table__,  # type: ignore[arg-type]
                {
                    "guild_id": guild_id,
                    "guild_name": guild_name[:GUILD_NAME_MAX],
                    "enabled_by": by_user_id,
                    "enabled_at": now,
                },
                keys=["guild_id"],
            )
            await _replace_channels(session, guild_id, channels, now)
            await bump_published(session, guild_id)
        return PublishedGuild(guild_id, guild_name[:GUILD_NAME_MAX], now)

    async def disable(self, guild_id: int) -> bool:
        """Take the guild off the web; False when it was not on it."""
        async with self._sessions.begin() as session:
            result = await session.execute(delete(WebGuild).where(WebGuild.guild_id == guild_id))
            await session.execute(delete(WebChannel).where(WebChannel.guild_id == guild_id))
            await bump_published(session, guild_id)
        return bool(getattr(result, "rowcount", 0))

    async def is_enabled(self, guild_id: int) -> bool:
        """Whether the guild turned the web hub on (the API mock serves only such guilds)."""
        return await self.get(guild_id) is not None

    async def get(self, guild_id: int) -> PublishedGuild | None:
        async with self._sessions() as session:
            row = (
                await session.execute(_GUILD_COLUMNS.where(WebGuild.guild_id == guild_id))
            ).one_or_none()
        return PublishedGuild(*row) if row else None

    async def published_guilds(self) -> list[PublishedGuild]:
        async with self._sessions() as session:
            rows = await session.execute(_GUILD_COLUMNS.order_by(WebGuild.guild_name))
            return [PublishedGuild(*row) for row in rows]

    async def refresh_channels(self, guild_id: int, channels: Mapping[int, bool]) -> None:
        """Replace what is known of a published guild's channels (e.g. after a restart)."""
        async with self._sessions.begin() as session:
            if await session.get(WebGuild, guild_id) is not None:
                await _replace_channels(session, guild_id, channels, self._clock())
                await bump_published(session, guild_id)

    async def channel_changed(self, guild_id: int, channel_id: int, public: bool | None) -> None:
        """A channel's overwrites changed (`public`) or it was deleted (None)."""
        async with self._sessions.begin() as session:
            await bump_published(session, guild_id)
            if public is None or await session.get(WebGuild, guild_id) is None:
                await session.execute(delete(WebChannel).where(WebChannel.channel_id == channel_id))
                return
            await upsert(
                session,
                WebChannel.__table__,  # type: ignore[arg-type]
                {
                    "channel_id": channel_id,
                    "guild_id": guild_id,
                    "public": public,
                    "checked_at": self._clock(),
                },
                keys=["channel_id"],
            )


async def _replace_channels(
    session: AsyncSession, guild_id: int, channels: Mapping[int, bool], now: datetime
) -> None:
    await session.execute(delete(WebChannel).where(WebChannel.guild_id == guild_id))
    if channels:
        session.add_all(
            WebChannel(channel_id=cid, guild_id=guild_id, public=public, checked_at=now)
            for cid, public in channels.items()
        )
