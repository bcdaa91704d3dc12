"""`/nexus status` and `/nexus setup` as members see them."""

from __future__ import annotations

import discord

from tests.conftest import World
from tests.e2e.test_command_permissions import open_command_to


def field(embed: discord.Embed, name: str) -> str:
    return next(f.value or "" for f in embed.fields if f.name == name)


async def test_status_answers_with_version_database_and_counts(world: World) -> None:
    reply = await world.mentor.slash(world.channel, "nexus status")

    assert reply.ephemeral
    embed = reply.response.embeds[0]
    assert embed.title == "Nexus status"
    assert field(embed, "Database") == "sqlite"
    assert field(embed, "Version") == "0.1.0"
    assert "`guild_settings`: 0" in field(embed, "Stored records")


async def test_setup_without_options_shows_current_settings(world: World) -> None:
    reply = await world.mentor.slash(world.channel, "nexus setup")

    assert reply.ephemeral
    assert reply.response.embeds[0].title == "Nexus settings"
    assert field(reply.response.embeds[0], "API requests") == "not set"


async def test_setup_stores_channels_and_mentor_role(world: World) -> None:
    api = world.guild.create_text_channel("api-requests")

    reply = await world.mentor.slash(
        world.channel, "nexus setup", api_channel=api, mentor_role=world.mentor_role
    )

    embed = reply.response.embeds[0]
    assert embed.title == "Nexus settings updated"
    assert field(embed, "API requests") == api.mention
    stored = await world.bot.services.guild_settings.get(world.guild.id)
    assert stored.api_channel_id == api.id
    assert stored.mentor_role_id == world.mentor_role.id


async def test_setup_by_a_member_without_manage_server_is_refused(world: World) -> None:
    api = world.guild.create_text_channel("api-requests")
    open_command_to(world, "nexus", world.alice)  # seen, but Manage Server is still checked

    reply = await world.alice.slash(world.channel, "nexus setup", api_channel=api)

    assert reply.ephemeral
    assert "Manage Server" in reply.response.content
    stored = await world.bot.services.guild_settings.get(world.guild.id)
    assert stored.api_channel_id is None


async def test_setup_refuses_a_channel_the_bot_cannot_post_in(world: World) -> None:
    hidden = world.guild.create_text_channel(
        "staff-only",
        overwrites={world.guild.default_role: discord.PermissionOverwrite(send_messages=False)},
    )

    reply = await world.mentor.slash(world.channel, "nexus setup", announcements=hidden)

    assert reply.ephemeral
    assert "Send Messages" in reply.response.content
    stored = await world.bot.services.guild_settings.get(world.guild.id)
    assert stored.announcements_channel_id is None


async def test_setup_refuses_everyone_as_mentor_role(world: World) -> None:
    reply = await world.mentor.slash(
        world.channel, "nexus setup", mentor_role=world.guild.default_role
    )

    assert "@everyone" in reply.response.content
    assert (await world.bot.services.guild_settings.get(world.guild.id)).mentor_role_id is None


async def test_too_many_writes_in_a_row_are_rate_limited(world: World) -> None:
    api = world.guild.create_text_channel("api-requests")
    limit = world.bot.settings.write_rate.count
    for _ in range(limit):
        await world.mentor.slash(world.channel, "nexus setup", api_channel=api)

    reply = await world.mentor.slash(world.channel, "nexus setup", api_channel=api)

    assert reply.ephemeral
    assert "Try again in" in reply.response.content
    await world.env.advance_time(world.bot.settings.write_rate.seconds)
    again = await world.mentor.slash(world.channel, "nexus setup", api_channel=api)
    assert again.response.embeds[0].title == "Nexus settings updated"
