"""The mock's routing tables, one per guild, rebuilt only when the guild's requests change.

A busy mock must not query per call: a table is trusted for `seconds`, then one cheap
aggregate (a fingerprint of the guild's requests) says whether anything changed; only then
is the table rebuilt. While one call checks or rebuilds, the others keep answering from the
table they have, so 50 concurrent clients never queue behind a refresh.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.api import contract_store, queries
from bot.services.api.mock_routes import RouteTable
from bot.services.api.queries import REQUESTS


@dataclass(frozen=True)
class _Cached:
    checked_at: float
    fingerprint: tuple[Any, ...]
    table: RouteTable


class RouteCache:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        seconds: float,
        monotonic: Callable[[], float],
    ) -> None:
        self._sessions = sessions
        self._seconds = seconds
        self._monotonic = monotonic
        self._cached: dict[int, _Cached] = {}
        self._refreshing: dict[int, asyncio.Future[RouteTable]] = {}

    async def table(self, guild_id: int) -> RouteTable:
        cached = self._cached.get(guild_id)
        if cached is not None and self._monotonic() - cached.checked_at < self._seconds:
            return cached.table
        running = self._refreshing.get(guild_id)
        if running is not None:
            # Someone is already refreshing: answer from what we have, or wait for theirs.
            return cached.table if cached is not None else await asyncio.shield(running)
        future: asyncio.Future[RouteTable] = asyncio.get_running_loop().create_future()
        self._refreshing[guild_id] = future
        try:
            table = await self._refresh(guild_id, cached)
            future.set_result(table)
            return table
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # retrieved here, so an unawaited failure is not logged twice
            raise
        finally:
            del self._refreshing[guild_id]

    def forget(self, guild_id: int) -> None:
        self._cached.pop(guild_id, None)

    async def _refresh(self, guild_id: int, cached: _Cached | None) -> RouteTable:
        checked_at = self._monotonic()
        async with self._sessions() as session:
            fingerprint = await _fingerprint(session, guild_id)
            if cached is not None and cached.fingerprint == fingerprint:
                table = cached.table
            else:
                requests = await queries.exportable(session, guild_id, None)
                contracts = await contract_store.current_for(session, requests)
                table = RouteTable.build(requests, contracts)
        self._cached[guild_id] = _Cached(checked_at, fingerprint, table)
        return table


async def _fingerprint(session: AsyncSession, guild_id: int) -> tuple[Any, ...]:
    """Changes whenever a request is added, removed, moved (its revision is bumped) or gets
    a new contract version."""
    row = (
        await session.execute(
            select(
                func.count(),
                func.max(REQUESTS.c.id),
                func.sum(REQUESTS.c.revision),
                func.sum(REQUESTS.c.contract_version),
            ).where(REQUESTS.c.guild_id == guild_id)
        )
    ).one()
    return tuple(row)
