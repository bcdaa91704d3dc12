"""The published version of a guild moves with each bump, and the sum over guilds with any."""

from __future__ import annotations

from bot.db.engine import Database
from bot.services.publishing.versions import all_guilds_version, bump_published, guild_version


async def test_bumps_count_per_guild_and_across_guilds(migrated: Database) -> None:
    async with migrated.sessions() as session:
        assert await guild_version(session, 1) == 0
        assert await all_guilds_version(session) == 0
    async with migrated.sessions.begin() as session:
        await bump_published(session, 1)
        await bump_published(session, 1)
        await bump_published(session, 2)
    async with migrated.sessions() as session:
        assert await guild_version(session, 1) == 2
        assert await guild_version(session, 2) == 1
        assert await all_guilds_version(session) == 3


async def test_a_rolled_back_write_leaves_the_version(migrated: Database) -> None:
    try:
        async with migrated.sessions.begin() as session:
            await bump_published(session, 7)
            raise RuntimeError("the write failed")
    except RuntimeError:
        pass
    async with migrated.sessions() as session:
        assert await guild_version(session, 7) == 0
