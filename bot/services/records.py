"""Counts of what Nexus stores, for `/nexus status`."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import Base

# Bookkeeping tables say nothing about the community's use of Nexus.
_INTERNAL_TABLES = {"command_sync_state", "alembic_version", "api_request_tallies"}


class RecordCounts:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def count(self) -> dict[str, int]:
        tables = [t for t in Base.metadata.sorted_tables if t.name not in _INTERNAL_TABLES]
        # One round trip: a scalar subquery per table.
        query = select(
            *(select(func.count()).select_from(t).scalar_subquery().label(t.name) for t in tables)
        )
        async with self._sessions() as session:
            row = (await session.execute(query)).one()
        return {t.name: int(row[i] or 0) for i, t in enumerate(tables)}
