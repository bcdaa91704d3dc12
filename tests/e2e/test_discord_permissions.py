"""Permissions as real Discord enforces them: `/nexus setup` checks them, and where one is
missing at run time Nexus does what it can and says what it could not."""

from __future__ import annotations

from typing import Any

import discord
import pytest
from simcord.backend.models import Overwrite
from simcord.enums import OverwriteType

from tests.conftest import World
from tests.e2e import api_world
from tests.e2e.discord_rules import enforce_thread_moderation
from tests.e2e.qa_support import ask, posted_thread, stored_thread, thread_state


def told(reply: Any) -> str:
    messages = [m for m in (reply.response, *reply.followups) if m is not None]
    return "\n".join(m.content for m in messages)


async def deny_the_bot(world: World, channel: Any, *names: str) -> None:
    """A channel overwrite that takes permissions away from Nexus only."""
    deny = discord.Permissions(**{name: True for name in names})
    bot_id = world.env.backend.bot_user.id
    overwrite = Overwrite(target_id=bot_id, type=OverwriteType.MEMBER, allow=0, deny=deny.value)
    world.env.backend.edit_channel(channel.id, {}, overwrites=[overwrite])
    await world.env.settle()


@pytest.mark.parametrize(
    ("missing", "named"),
    [("embed_links", "Embed Links"), ("read_message_history", "Read Message History")],
)
async def test_setup_refuses_a_forum_where_questions_would_lose_their_embed_or_history(
    world: World, missing: str, named: str
) -> None:
    forum = world.guild.create_forum_channel("questions")
    await deny_the_bot(world, forum, missing)

    reply = await world.mentor.slash(world.channel, "nexus setup", qa_channel=forum)

    assert named in told(reply)
    assert (await world.bot.services.guild_settings.get(world.guild.id)).qa_channel_id is None


@pytest.mark.parametrize("option", ["qa_channel", "api_channel"])
async def test_setup_refuses_a_text_channel_where_threads_could_not_be_locked_or_removed(
    world: World, option: str
) -> None:
    channel = world.guild.create_text_channel("threads-here")
    await deny_the_bot(world, channel, "manage_threads")

    reply = await world.mentor.slash(world.channel, "nexus setup", **{option: channel})

    assert "Manage Threads" in told(reply)


async def test_close_without_manage_threads_archives_the_thread_and_says_it_is_not_locked(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    enforce_thread_moderation(monkeypatch)
    channel = world.guild.create_text_channel("help")
    await deny_the_bot(world, channel, "manage_threads")
    thread = posted_thread(world, await ask(world, world.alice, "Why?", channel=channel))

    reply = await world.alice.slash(thread, "qa close", reason="solved elsewhere")

    state = thread_state(world, thread).thread_metadata
    assert state.archived and not state.locked
    assert "not locked" in told(reply) and "Manage Threads" in told(reply)
    stored = await stored_thread(world, thread)
    assert stored is not None and stored.closed_at is not None


async def test_a_failed_ask_says_which_empty_thread_it_could_not_remove(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    enforce_thread_moderation(monkeypatch)
    channel = world.guild.create_text_channel("help")
    await deny_the_bot(world, channel, "manage_threads")
    # Every try fails: the first, and the one sent again with the same nonce.
    world.env.inject_error("POST", "/channels/*/messages", status=500, times=None)

    reply = await ask(world, world.alice, "Why?", channel=channel)

    [left] = channel.threads
    assert "Your question was not posted" in told(reply)
    assert "Nothing was left half-made" not in told(reply)
    assert f"<#{left.id}>" in told(reply)


async def test_a_failed_api_request_says_which_empty_thread_it_could_not_remove(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    enforce_thread_moderation(monkeypatch)
    channel = world.guild.create_text_channel("api")
    await deny_the_bot(world, channel, "manage_threads")
    # Every try fails: the first, and the one sent again with the same nonce.
    world.env.inject_error("POST", "/channels/*/messages", status=500, times=None)

    reply = await api_world.ask(world, channel=channel)

    [left] = channel.threads
    assert f"<#{left.id}>" in told(reply) and "Manage Threads" in told(reply)
    assert (await world.bot.services.records.count())["api_requests"] == 0
