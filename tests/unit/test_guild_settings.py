from __future__ import annotations

from bot.db.engine import Database
from bot.services.guild_settings import GuildConfig, GuildSettingsService, SettingsChange
from tests.conftest import FixedClock


async def test_unknown_guild_has_empty_settings(migrated: Database, clock: FixedClock) -> None:
    service = GuildSettingsService(migrated.sessions, clock)
    assert await service.get(42) == GuildConfig(42)


async def test_update_changes_only_the_given_fields(migrated: Database, clock: FixedClock) -> None:
    service = GuildSettingsService(migrated.sessions, clock)
    await service.update(42, SettingsChange(api_channel_id=7, mentor_role_id=9))

    config = await service.update(42, SettingsChange(qa_channel_id=8))

    assert config == GuildConfig(42, api_channel_id=7, qa_channel_id=8, mentor_role_id=9)
    assert [c.guild_id for c in await service.guilds_with_settings()] == [42]
