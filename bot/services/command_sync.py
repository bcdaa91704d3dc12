"""Remembers which application-command tree was last synced, per application and scope."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.models import CommandSyncState
from bot.db.upsert import upsert


class CommandSyncLedger:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def needs_sync(self, application_id: int, scope: str, tree_hash: str) -> bool:
        """Whether this application has not yet synced exactly this tree to `scope`."""
        async with self._sessions() as session:
            row = await session.get(CommandSyncState, (application_id, scope))
        return row is None or row.tree_hash != tree_hash

    async def record_sync(self, application_id: int, scope: str, tree_hash: str) -> None:
        async with self._sessions.begin() as session:
            await upsert(
                session,
                CommandSyncState.__table__,  # type: ignore[arg-type]
                {
                    "application_id": application_id,
                    "scope": scope,
                    "tree_hash": tree_hash,
                    "synced_at": self._clock(),
                },
                keys=["application_id", "scope"],
            )
