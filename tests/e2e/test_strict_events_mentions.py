"""The strict layer's rules on mentions and scheduled events hold as Discord documents them
(tests/strict/mentions.py, tests/strict/events.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import discord
import pytest

from tests.conftest import World
from tests.e2e.test_discord_permissions import deny_the_bot
from tests.strict.events import start_as_host

SOON = datetime(2026, 1, 1, 0, 30, tzinfo=UTC)


def channel_of(world: World) -> discord.TextChannel:
    channel = world.bot.get_channel(world.channel.id)
    assert isinstance(channel, discord.TextChannel)
    return channel


def guild_of(world: World) -> discord.Guild:
    guild = world.bot.get_guild(world.guild.id)
    assert guild is not None
    return guild


@pytest.mark.parametrize("kind", ["users", "roles"])
async def test_more_than_100_mentions_allowed_refuses_the_whole_message(
    world: World, kind: str
) -> None:
    many = [discord.Object(1000 + n) for n in range(101)]
    mentions = (
        discord.AllowedMentions(users=many)
        if kind == "users"
        else discord.AllowedMentions(roles=many)
    )
    fewer = (
        discord.AllowedMentions(users=many[:100])
        if kind == "users"
        else discord.AllowedMentions(roles=many[:100])
    )

    with pytest.raises(discord.HTTPException) as refused:
        await channel_of(world).send("hello", allowed_mentions=mentions)

    assert refused.value.status == 400 and refused.value.code == 50035
    sent = await channel_of(world).send("hello", allowed_mentions=fewer)
    assert sent.content == "hello"


async def test_only_an_external_event_starts_by_itself(world: World) -> None:
    room = world.guild.create_voice_channel("room")
    voice = world.guild.create_scheduled_event("Voice", start_time=SOON.isoformat(), channel=room)
    external = world.guild.create_scheduled_event(
        "Outside",
        start_time=SOON.isoformat(),
        end_time=(SOON + timedelta(hours=1)).isoformat(),
        entity_type=3,
        location="https://meet.example.org/x",
    )

    await world.env.advance_time(2 * 60 * 60)

    assert (voice.status, external.status) == (1, 3)
    start_as_host(world.env, world.guild.id, voice.id)
    assert voice.status == 2


async def test_a_started_event_keeps_its_start_time_and_an_ended_one_stays_ended(
    world: World,
) -> None:
    room = world.guild.create_voice_channel("room")
    created = world.guild.create_scheduled_event("Voice", start_time=SOON.isoformat(), channel=room)
    await world.env.settle()
    event = await guild_of(world).fetch_scheduled_event(created.id)

    started = await event.start()
    with pytest.raises(discord.HTTPException) as moved:
        await started.edit(start_time=SOON + timedelta(hours=1))
    ended = await started.end()
    with pytest.raises(discord.HTTPException) as again:
        await ended.edit(status=discord.EventStatus.active)

    assert moved.value.status == 400 and again.value.status == 400


@pytest.mark.parametrize(
    ("stage", "denied"), [(True, "mute_members"), (True, "manage_channels"), (False, "connect")]
)
async def test_an_event_needs_the_channels_own_permissions(
    world: World, stage: bool, denied: str
) -> None:
    channel = (
        world.guild.create_stage_channel("hall")
        if stage
        else world.guild.create_voice_channel("room")
    )
    await deny_the_bot(world, channel, denied)
    target = guild_of(world).get_channel(channel.id)
    assert isinstance(target, discord.VoiceChannel | discord.StageChannel)

    with pytest.raises(discord.Forbidden) as refused:
        await guild_of(world).create_scheduled_event(
            name="Session", start_time=SOON, channel=target,
            privacy_level=discord.PrivacyLevel.guild_only,
        )  # fmt: skip

    assert refused.value.code in (50013, 50001)


async def test_a_guild_holds_at_most_100_scheduled_or_active_events(world: World) -> None:
    room = world.guild.create_voice_channel("room")
    for number in range(100):
        world.guild.create_scheduled_event(f"E{number}", start_time=SOON.isoformat(), channel=room)
    await world.env.settle()
    target = guild_of(world).get_channel(room.id)
    assert isinstance(target, discord.VoiceChannel)

    with pytest.raises(discord.HTTPException) as refused:
        await guild_of(world).create_scheduled_event(
            name="One more", start_time=SOON, channel=target,
            privacy_level=discord.PrivacyLevel.guild_only,
        )  # fmt: skip

    assert refused.value.code == 30038
