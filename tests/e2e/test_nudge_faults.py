"""Nudges against Discord as it behaves: helpers who left the server without Nexus being
told, and threads Discord archived by itself."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.conftest import World
from tests.e2e.qa_support import ask, pinged, posted_thread, thread_state
from tests.e2e.test_helpers_nudges import tick_after
from tests.strict.members import leaves


def nudges(thread: Any) -> list[Any]:
    return [m for m in thread.history() if "no reply for" in m.content]


async def test_a_helper_who_left_the_server_is_not_pinged_and_is_signed_off(
    world: World,
) -> None:
    await world.bob.slash(world.channel, "helpers join", category="data")
    await world.mentor.slash(world.channel, "helpers join", category="data")
    leaves(world.env, world.guild.id, world.bob.id)
    thread = posted_thread(world, await ask(world, world.alice, "Redis keys", topic="caching"))

    await tick_after(world, timedelta(hours=2, minutes=1))

    [nudge] = nudges(thread)
    assert pinged(world, nudge) == {world.mentor.id}
    assert world.bob.mention not in nudge.content
    roster = await world.bot.services.helpers.roster(world.guild.id, world.bob.id)
    assert roster.mine == () and sum(roster.counts.values()) == 1


async def test_no_helper_nudge_when_every_helper_has_left(world: World) -> None:
    await world.bob.slash(world.channel, "helpers join", category="data")
    leaves(world.env, world.guild.id, world.bob.id)
    thread = posted_thread(world, await ask(world, world.alice, "Redis keys", topic="caching"))

    await tick_after(world, timedelta(hours=2, minutes=1))
    await tick_after(world, timedelta(minutes=5))

    assert nudges(thread) == []


async def test_a_thread_discord_archived_is_archived_again_after_the_note(world: World) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Redis keys", topic="caching"))
    await world.bob.send(thread, "Pass ex=60 to set()")
    await world.env.advance_time(timedelta(days=1).total_seconds())
    # Discord archives a thread quiet for its auto-archive duration; discord.py forgets it.
    world.env.backend.edit_channel(thread.id, {}, thread_metadata={"archived": True})
    await world.env.settle()
    assert world.bot.get_channel(thread.id) is None

    await tick_after(world, timedelta(days=6, minutes=1))

    assert [m for m in thread.history() if "so Nexus archived it" in m.content]
    assert thread_state(world, thread).thread_metadata.archived
