"""A version of everything the web shows, per guild: bumped by each write that changes a
published page, in that write's own transaction, and read by the hub with one cheap query
before it answers from a kept page or a conditional request.

Pages of one guild depend on its version; pages across guilds (the home page, a search,
a topic page with community notes) on the sum over every guild, which changes whenever
any guild's does because rows are never deleted.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import PublishedVersion, QAThread


async def bump_published(session: AsyncSession, guild_id: int) -> None:
    """Mark `guild_id`'s published pages changed, inside the caller's transaction."""
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    insert = module.insert(PublishedVersion).values(guild_id=guild_id, version=1)
    await session.execute(
        insert.on_conflict_do_update(
            index_elements=[PublishedVersion.guild_id],
            set_={"version": PublishedVersion.version + 1},
        )
    )


async def guild_version(session: AsyncSession, guild_id: int) -> int:
    """The version of one guild's pages (0 before its first change)."""
    found = await session.scalar(
        select(PublishedVersion.version).where(PublishedVersion.guild_id == guild_id)
    )
    return int(found or 0)


async def all_guilds_version(session: AsyncSession) -> int:
    """A version that changes whenever any guild's does: for pages across guilds."""
    total = await session.scalar(select(func.sum(PublishedVersion.version)))
    return int(total or 0)


async def bump_all_published(session: AsyncSession) -> None:
    """Mark every guild's pages changed: for a write whose guilds are not known at hand
    (forgetting a member everywhere). Rare, so re-rendering every page after it is fine."""
    await session.execute(update(PublishedVersion).values(version=PublishedVersion.version + 1))


# The key `PublishedVersions.of` reads for the sum over every guild (no guild has id 0).
ALL_GUILDS = 0


@dataclass
class _Batch:
    future: asyncio.Future[dict[int, int]]
    keys: set[int] = field(default_factory=set)


class PublishedVersions:
    """The hub's reads of versions, one query for every page waiting at the moment.

    A page waits for a read that starts after it arrived, never for one already under way,
    so whatever was committed before the request came is in the version it gets: the
    privacy rules hold on the very next request, and under load one round trip to the
    database serves every page that queued behind the one in flight.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._next: _Batch | None = None
        self._reader: asyncio.Task[None] | None = None

    async def of(self, guild_id: int = ALL_GUILDS) -> int:
        """`guild_id`'s version, or with ALL_GUILDS the sum over every guild."""
        batch = self._next
        if batch is None:
            batch = self._next = _Batch(asyncio.get_running_loop().create_future())
        batch.keys.add(guild_id)
        if self._reader is None:
            self._reader = asyncio.create_task(self._read_batches())
        return (await asyncio.shield(batch.future))[guild_id]

    async def _read_batches(self) -> None:
        try:
            while (batch := self._next) is not None:
                self._next = None  # later arrivals wait for the next read
                try:
                    batch.future.set_result(await self._read(batch.keys))
                except Exception as error:  # every waiter gets it
                    batch.future.set_exception(error)
        finally:
            self._reader = None

    async def _read(self, keys: set[int]) -> dict[int, int]:
        guilds = [key for key in keys if key != ALL_GUILDS]
        versions = {key: 0 for key in keys}
        async with self._sessions() as session:
            if guilds:
                rows = await session.execute(
                    select(PublishedVersion.guild_id, PublishedVersion.version).where(
                        PublishedVersion.guild_id.in_(guilds)
                    )
                )
                versions.update({int(g): int(v) for g, v in rows})
            if ALL_GUILDS in keys:
                versions[ALL_GUILDS] = await all_guilds_version(session)
        return versions


async def bump_published_threads(session: AsyncSession, thread_ids: Iterable[int]) -> None:
    """Bump the guilds of these Q&A threads (a write that knows threads, not guilds)."""
    ids = sorted(set(thread_ids))
    if not ids:
        return
    guilds = await session.scalars(
        select(QAThread.guild_id).where(QAThread.thread_id.in_(ids)).distinct()
    )
    for guild_id in sorted(set(guilds)):
        await bump_published(session, guild_id)
