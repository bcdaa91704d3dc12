"""Forum tags are edited one at a time per forum, from the forum as Discord holds it: a tag
added elsewhere a moment ago (another `/ask`, a moderator) is never dropped."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
import pytest

from cogs.ui.qa.threads import forum_tags
from tests.conftest import World
from tests.e2e.discord_rules import network_latency
from tests.e2e.qa_support import ask, posted_thread, tag_names, use_forum


def add_tag_unseen(world: World, forum: Any, name: str) -> int:
    """A moderator adds a tag; the bot's cache has not heard of it yet (event in flight)."""
    backend = world.env.backend
    tag_id = backend.snowflake()
    tag = {
        "id": str(tag_id),
        "name": name,
        "moderated": False,
        "emoji_id": None,
        "emoji_name": None,
    }
    backend.get_channel(forum.id).available_tags.append(tag)
    return tag_id


def forum_tag_names(world: World, forum: Any) -> list[str]:
    return [tag["name"] for tag in world.env.backend.get_channel(forum.id).available_tags]


async def test_a_tag_a_moderator_just_added_survives_an_ask_that_creates_a_tag(
    world: World,
) -> None:
    forum = await use_forum(world)
    add_tag_unseen(world, forum, "urgent")

    await ask(world, world.alice, "Why does my container restart?", topic="docker")

    assert {"urgent", "unanswered", "Docker"} <= set(forum_tag_names(world, forum))


async def test_two_tag_edits_at_once_in_one_forum_keep_both_tags(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    forum = await use_forum(world)
    network_latency(monkeypatch)
    channel = world.bot.get_channel(forum.id)
    assert isinstance(channel, discord.ForumChannel)

    await asyncio.gather(
        forum_tags(world.bot, channel, ["first"]), forum_tags(world.bot, channel, ["second"])
    )
    await world.env.settle()

    assert {"first", "second"} <= set(forum_tag_names(world, forum))


async def test_marking_solved_keeps_a_tag_a_moderator_just_put_on_the_post(world: World) -> None:
    forum = await use_forum(world)
    thread = posted_thread(world, await ask(world, world.alice, "Why?"))
    answer = await world.bob.send(thread, "Because")
    urgent = add_tag_unseen(world, forum, "urgent")
    world.env.backend.get_channel(thread.id).applied_tags.append(urgent)

    await world.alice.context_menu(thread, "Mark as answer", answer)

    assert sorted(tag_names(world, forum, thread)) == ["solved", "urgent"]
