"""Per-guild settings chosen with `/nexus setup`."""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.models import GuildSettings
from bot.db.upsert import upsert
from bot.services.publishing.versions import bump_published


@dataclass(frozen=True)
class GuildConfig:
    guild_id: int
    announcements_channel_id: int | None = None
    api_channel_id: int | None = None
    qa_channel_id: int | None = None
    mentor_role_id: int | None = None
    timezone: str | None = None  # default zone of schedules, sessions and reminders
    unanswered_after: int | None = None  # minutes; None: the default, 0: off
    mark_after: int | None = None
    stale_after: int | None = None
    archive_after: int | None = None

    @classmethod
    def from_row(cls, row: GuildSettings) -> GuildConfig:
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class SettingsChange:
    """Only the fields given (not None) are changed."""

    announcements_channel_id: int | None = None
    api_channel_id: int | None = None
    qa_channel_id: int | None = None
    mentor_role_id: int | None = None
    timezone: str | None = None
    unanswered_after: int | None = None
    mark_after: int | None = None
    stale_after: int | None = None
    archive_after: int | None = None

    def given(self) -> dict[str, int | str]:
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name)) is not None}


class GuildSettingsService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def get(self, guild_id: int) -> GuildConfig:
        async with self._sessions() as session:
            row = await session.get(GuildSettings, guild_id)
        return GuildConfig.from_row(row) if row else GuildConfig(guild_id)

    async def update(self, guild_id: int, change: SettingsChange) -> GuildConfig:
        values = change.given()
        if values:
            async with self._sessions.begin() as session:
                await upsert(
                    session,
                    GuildSettings.__table__,  # type: ignore[arg-type]
                    {"guild_id": guild_id, "updated_at": self._clock(), **values},
                    keys=["guild_id"],
                )
                # The API channel decides whether the web shows the board.
                await bump_published(session, guild_id)
        return await self.get(guild_id)

    async def guilds_with_settings(self) -> list[GuildConfig]:
        async with self._sessions() as session:
            rows = (await session.scalars(select(GuildSettings))).all()
        return [GuildConfig.from_row(row) for row in rows]
