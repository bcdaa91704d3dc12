"""The server's time zone (`/nexus setup timezone`) is the default of every schedule: the
option typed wins, then the server's zone, then NEXUS_TIMEZONE."""

from __future__ import annotations

from datetime import UTC, datetime

import discord

from bot.services.schedules.book import Kind
from bot.simulation import World
from tests.e2e.session_world import furnish, start_of


def field(embed: discord.Embed, name: str) -> str:
    return next(f.value or "" for f in embed.fields if f.name == name)


async def set_zone(world: World, zone: str) -> None:
    await world.mentor.slash(world.channel, "nexus setup", timezone=zone)


async def test_a_takeaway_schedule_is_read_in_the_servers_zone(world: World) -> None:
    await set_zone(world, "Africa/Lagos")

    reply = await world.mentor.slash(
        world.channel, "takeaways schedule", channel=world.channel, time="09:00"
    )

    assert field(reply.response.embeds[0], "When") == "daily at 09:00 (Africa/Lagos)"


async def test_the_zone_typed_wins_over_the_servers(world: World) -> None:
    await set_zone(world, "Africa/Lagos")

    reply = await world.mentor.slash(
        world.channel, "takeaways schedule", channel=world.channel, time="09:00",
        timezone="Asia/Tokyo",
    )  # fmt: skip

    assert field(reply.response.embeds[0], "When") == "daily at 09:00 (Asia/Tokyo)"


async def test_an_announcement_is_read_in_the_servers_zone(world: World) -> None:
    await set_zone(world, "Africa/Lagos")

    reply = await world.mentor.slash(
        world.channel, "announce schedule", channel=world.channel, message="Demo day",
        when="2026-01-02 10:00",
    )  # fmt: skip

    assert field(reply.response.embeds[0], "When") == "once (Africa/Lagos)"
    book = world.bot.services.takeaways.book
    [info] = await book.of_guild(world.guild.id, Kind.ANNOUNCEMENT)
    assert info.run_at == datetime(2026, 1, 2, 9, 0, tzinfo=UTC)  # 10:00 in Lagos


async def test_a_session_is_read_in_the_servers_zone(world: World) -> None:
    sw = await furnish(world)
    await set_zone(world, "Africa/Lagos")

    await sw.schedule(when="2026-01-02 18:00")

    [event] = sw.events()
    assert start_of(event) == datetime(2026, 1, 2, 17, 0, tzinfo=UTC)  # 18:00 in Lagos


async def test_setup_names_the_zone_the_bot_defaults_to(world: World) -> None:
    reply = await world.mentor.slash(world.channel, "nexus setup")

    assert field(reply.response.embeds[0], "Time zone") == "UTC (the bot's default)"
