"""A version of everything the web shows, per guild: bumped by each write that changes a
published page, in that write's own transaction, and read by the hub with one cheap query
before it answers from a kept page or a conditional request.

Pages of one guild depend on its version; pages across guilds (the home page, a search,
a topic page with community notes) on the sum over every guild, which changes whenever
any guild's does because rows are never deleted.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import PublishedVersion


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
    return int(await session.scalar(select(func.coalesce(func.sum(PublishedVersion.version), 0))))
