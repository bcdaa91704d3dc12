"""What the mock reads per guild (its consent, its routing table), trusted for a moment.

A busy mock must not query per call. A guild's value is trusted for `seconds`; then one
call refreshes it while the others keep answering from the value they have, so 50
concurrent clients never queue behind a refresh (only a guild's very first call waits).
A routing table is rebuilt only when one cheap aggregate (a fingerprint of the guild's
requests) says that something changed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.api import contract_store, queries
from bot.services.api.mock_routes import RouteTable
from bot.services.api.queries import REQUESTS

V = TypeVar("V")


class PerGuild(Generic[V]):
    """A value per guild, loaded by `load(previous)` at most once per `seconds`."""

    def __init__(
        self,
        load: Callable[[int, V | None], Awaitable[V]],
        seconds: float,
        monotonic: Callable[[], float],
    ) -> None:
        self._load = load
        self._seconds = seconds
        self._monotonic = monotonic
        self._values: dict[int, tuple[float, V]] = {}
        self._refreshing: dict[int, asyncio.Future[V]] = {}

    async def get(self, guild_id: int) -> V:
        cached = self._values.get(guild_id)
        if cached is not None and self._monotonic() - cached[0] < self._seconds:
            return cached[1]
        running = self._refreshing.get(guild_id)
        if running is not None:
            # Someone is already refreshing: answer from what we have, or wait for theirs.
            return cached[1] if cached is not None else await asyncio.shield(running)
        future: asyncio.Future[V] = asyncio.get_running_loop().create_future()
        self._refreshing[guild_id] = future
        try:
            checked_at = self._monotonic()
            value = await self._load(guild_id, None if cached is None else cached[1])
            self._values[guild_id] = (checked_at, value)
            future.set_result(value)
            return value
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # retrieved here, so an unawaited failure is not logged twice
            raise
        finally:
            del self._refreshing[guild_id]

    def forget(self, guild_id: int) -> None:
        self._values.pop(guild_id, None)


@dataclass(frozen=True)
class _Versioned:
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
        self._tables = PerGuild(self._refresh, seconds, monotonic)

    async def table(self, guild_id: int) -> RouteTable:
        return (await self._tables.get(guild_id)).table

    def forget(self, guild_id: int) -> None:
        self._tables.forget(guild_id)

    async def _refresh(self, guild_id: int, cached: _Versioned | None) -> _Versioned:
        async with self._sessions() as session:
            fingerprint = await _fingerprint(session, guild_id)
            if cached is not None and cached.fingerprint == fingerprint:
                return cached
            requests = await queries.exportable(session, guild_id, None)
            contracts = await contract_store.current_for(session, requests)
            return _Versioned(fingerprint, RouteTable.build(requests, contracts))


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
