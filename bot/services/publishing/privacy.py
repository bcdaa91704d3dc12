"""Whether the web names a member: `/qa privacy public|private` (private by default)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.models import MemberPrivacy
from bot.db.upsert import upsert
from bot.services.publishing.versions import bump_published

NAME_MAX = 100
ANONYMOUS = "a learner"


class MemberPrivacyService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def make_public(self, guild_id: int, user_id: int, display_name: str) -> None:
        async with self._sessions.begin() as session:
            await upsert(
                session,
                MemberPrivacy.__table__,  # type: ignore[arg-type]
                {
                    "guild_id": guild_id,
                    "user_id": user_id,
                    "display_name": display_name[:NAME_MAX],
                    "updated_at": self._clock(),
                },
                keys=["guild_id", "user_id"],
            )
            await bump_published(session, guild_id)

    async def make_private(self, guild_id: int, user_id: int) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                delete(MemberPrivacy).where(
                    MemberPrivacy.guild_id == guild_id, MemberPrivacy.user_id == user_id
                )
            )
            await bump_published(session, guild_id)

    async def is_public(self, guild_id: int, user_id: int) -> bool:
        return bool(await self.public_names(guild_id, [user_id]))

    async def public_names(self, guild_id: int, user_ids: Iterable[int]) -> dict[int, str]:
        """The names the web may show, of those members who opted in."""
        ids = sorted(set(user_ids))
        if not ids:
            return {}
        async with self._sessions() as session:
            rows = await session.execute(
                select(MemberPrivacy.user_id, MemberPrivacy.display_name).where(
                    MemberPrivacy.guild_id == guild_id, MemberPrivacy.user_id.in_(ids)
                )
            )
            return {int(user_id): name for user_id, name in rows}
