"""Remembers which application-command tree was last synced, per scope."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.models import CommandSyncState
from bot.db.upsert import upsert


class CommandSyncLedger:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def needs_sync(self, scope: str, tree_hash: str) -> bool:
        async with self._sessions() as session:
            row = await session.get(CommandSyncState, scope)
        return row is None or row.tree_hash != tree_hash

    async def record_sync(self, scope: str, tree_hash: str) -> None:
        async with self._sessions.begin() as session:
            await upsert(
                session,
                CommandSyncState.__table__,  # type: ignore[arg-type]
                {"scope": scope, "tree_hash": tree_hash, "synced_at": self._clock()},
                keys=["scope"],
            )
