"""Counts of what Nexus stores, for `/nexus status`."""

from __future__ import annotations

import functools

from sqlalchemy import TextClause, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import Base

# Bookkeeping tables say nothing about the community's use of Nexus.
_INTERNAL_TABLES = {"command_sync_state", "alembic_version", "api_request_tallies"}


@functools.cache
def _counted_tables() -> tuple[str, ...]:
    return tuple(t.name for t in Base.metadata.sorted_tables if t.name not in _INTERNAL_TABLES)


@functools.cache
def _count_statement() -> TextClause:
    """One round trip, a scalar subquery per table; built once as plain SQL: built with the
    expression language on every call, the thirty subqueries cost more than running them."""
    counts = ", ".join(f'(SELECT count(*) FROM "{name}")' for name in _counted_tables())
    return text(f"SELECT {counts}")


class RecordCounts:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def count(self) -> dict[str, int]:
        async with self._sessions() as session:
            row = (await session.execute(_count_statement())).one()
        return {name: int(row[i] or 0) for i, name in enumerate(_counted_tables())}
