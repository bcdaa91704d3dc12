"""The web hub from Discord: `/nexus web enable|disable`, public channels, `/qa privacy`,
and "Read on the web" buttons."""

from __future__ import annotations

from pathlib import Path

import discord
import pytest

from bot.config import Settings
from tests.conftest import World, make_settings
from tests.e2e.qa_support import ask, posted_thread, stored_thread
from tests.e2e.test_command_permissions import open_command_to

WEB = "https://nexus.example.org"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, web_url=WEB)


def buttons(message: discord.Message) -> dict[str, str | None]:
    return {
        child.label or "": child.url
        for row in message.components
        for child in getattr(row, "children", [])
        if isinstance(child, discord.Button)
    }


async def public_channels(world: World) -> frozenset[int]:
    return await world.bot.services.published.public_channel_ids(world.guild.id)


async def test_a_manager_puts_the_server_on_the_web(world: World) -> None:
    reply = await world.mentor.slash(world.channel, "nexus web enable")

    assert reply.ephemeral
    assert f"on the web hub at {WEB}/g/{world.guild.id}/" in reply.response.content
    published = await world.bot.services.web_consent.get(world.guild.id)
    assert published is not None and published.name == "ALX ProDev"
    assert world.channel.id in await public_channels(world)


async def test_a_member_without_manage_server_cannot_enable_the_web(world: World) -> None:
    open_command_to(world, "nexus", world.alice)  # a server opened /nexus to her
    reply = await world.alice.slash(world.channel, "nexus web enable")

    assert reply.ephemeral and "Manage Server" in reply.response.content
    assert await world.bot.services.web_consent.get(world.guild.id) is None


async def test_disable_takes_the_server_off_the_web(world: World) -> None:
    await world.mentor.slash(world.channel, "nexus web enable")

    reply = await world.mentor.slash(world.channel, "nexus web disable")

    assert "off the web now" in reply.response.content
    assert await world.bot.services.web_consent.get(world.guild.id) is None
    assert await public_channels(world) == frozenset()


async def test_a_channel_everyone_cannot_read_is_recorded_as_private(world: World) -> None:
    staff = world.guild.create_text_channel(
        "staff",
        overwrites={world.guild.default_role: discord.PermissionOverwrite(view_channel=False)},
    )

    await world.mentor.slash(world.channel, "nexus web enable")

    assert staff.id not in await public_channels(world)
    assert world.channel.id in await public_channels(world)


async def test_a_channel_that_turns_private_is_unpublished_when_its_overwrites_change(
    world: World,
) -> None:
    await world.mentor.slash(world.channel, "nexus web enable")
    channel = world.bot.get_channel(world.channel.id)
    assert isinstance(channel, discord.TextChannel)

    await channel.set_permissions(channel.guild.default_role, view_channel=False)
    await world.env.settle()

    assert world.channel.id not in await public_channels(world)


async def test_qa_privacy_public_names_the_member_and_private_undoes_it(world: World) -> None:
    privacy = world.bot.services.privacy

    reply = await world.bob.slash(world.channel, "qa privacy", setting="public")
    assert reply.ephemeral and "names you **bob**" in reply.response.content
    assert await privacy.public_names(world.guild.id, [world.bob.id]) == {world.bob.id: "bob"}

    reply = await world.bob.slash(world.channel, "qa privacy", setting="private")
    assert "a learner" in reply.response.content
    assert not await privacy.is_public(world.guild.id, world.bob.id)


async def test_members_are_private_by_default(world: World) -> None:
    assert not await world.bot.services.privacy.is_public(world.guild.id, world.alice.id)


async def test_a_topic_post_has_a_read_on_the_web_button(world: World) -> None:
    reply = await world.alice.slash(world.channel, "topic", name="caching")

    assert buttons(reply.response.message)["Read on the web"] == f"{WEB}/topics/caching"


async def test_a_solved_question_of_a_published_server_links_to_its_page(world: World) -> None:
    await world.mentor.slash(world.channel, "nexus web enable")
    thread = posted_thread(world, await ask(world, world.alice, "Why is my cache stale?"))
    answer = await world.bob.send(thread, "Your TTL is too long")

    reply = await world.alice.context_menu(thread, "Mark as answer", answer)

    stored = await stored_thread(world, thread)
    assert stored is not None and stored.solved
    url = f"{WEB}/g/{world.guild.id}/qa/{thread.id}"
    assert buttons(reply.response.message)["Read on the web"] == url


async def test_a_solved_question_of_an_unpublished_server_has_no_web_link(world: World) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Why is my cache stale?"))
    answer = await world.bob.send(thread, "Your TTL is too long")

    reply = await world.alice.context_menu(thread, "Mark as answer", answer)

    assert "Read on the web" not in buttons(reply.response.message)
