"""Which time zone a schedule, announcement or session is read in when none is typed."""

from __future__ import annotations

from bot.services.guild_settings import GuildSettingsService
from bot.services.schedules.recurrence import parse_timezone
from bot.services.text_rules import optional_line


async def zone_to_use(
    typed: str | None,
    guild_id: int,
    guild_settings: GuildSettingsService | None,
    fallback: str,
) -> str:
    """The zone typed, else the server's (`/nexus setup timezone`), else `fallback`
    (NEXUS_TIMEZONE): a mentor in Lagos who set up the server once need not repeat it."""
    chosen = optional_line(typed)
    if chosen is None and guild_settings is not None:
        chosen = (await guild_settings.get(guild_id)).timezone
    return parse_timezone(chosen or fallback)
