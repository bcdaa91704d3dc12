"""Counts of what Nexus stores, for `/nexus status`."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import Base

# Bookkeeping tables say nothing about the community's use of Nexus.
_INTERNAL_TABLES = {"command_sync_state", "alembic_version"}


class RecordCounts:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def count(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        async with self._sessions() as session:
            for table in Base.metadata.sorted_tables:
                if table.name not in _INTERNAL_TABLES:
                    total = await session.scalar(select(func.count()).select_from(table))
                    counts[table.name] = int(total or 0)
        return counts
