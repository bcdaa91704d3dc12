"""On ready, Nexus catches up on Q&A threads: what members wrote, edited and deleted while
it was disconnected, and posts they made in the Q&A forum, are stored as if it had seen them."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from tests.conftest import World
from tests.e2e.qa_support import (
    ask,
    posted_thread,
    stored_contents,
    stored_thread,
    thread_handle,
    use_forum,
)


def written_offline(world: World, member: Any, thread: Any, text: str) -> int:
    """A message Discord stores while the bot's gateway is down: no event reaches it."""
    backend = world.env.backend
    message = backend.prepare_message(thread.id, member.id, text)
    backend.commit_message(message, broadcast=False)
    return int(message.id)


def edited_offline(world: World, thread: Any, message_id: int, text: str) -> None:
    message = world.env.backend.get_message(thread.id, message_id)
    message.content = text
    message.edited_timestamp = (world.env.now() + timedelta(minutes=1)).isoformat()


def deleted_offline(world: World, thread: Any, message_id: int) -> None:
    del world.env.backend.messages[thread.id][message_id]


def ready_listener(world: World) -> Any:
    cog = world.bot.get_cog("QAEvents")
    assert cog is not None
    return cog.on_ready


async def reconnect(world: World) -> None:
    """A fresh gateway session: discord.py calls the `on_ready` listeners again (awaited
    here, as the simulation does not wait for listener tasks)."""
    await ready_listener(world)()
    await world.env.settle()


async def test_messages_edits_and_deletes_made_while_disconnected_are_caught_up(
    world: World,
) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Why?"))
    kept = await world.bob.send(thread, "first answer")
    gone = await world.bob.send(thread, "to be deleted")

    written_offline(world, world.mentor, thread, "written while offline")
    edited_offline(world, thread, kept.id, "first answer, edited")
    deleted_offline(world, thread, gone.id)
    await reconnect(world)

    assert await stored_contents(world, thread) == [
        "first answer, edited",
        "written while offline",
    ]


async def test_a_post_made_in_the_q_and_a_forum_while_disconnected_is_tracked(
    world: World,
) -> None:
    forum = await use_forum(world)
    backend = world.env.backend
    raw = backend.create_thread(forum.id, "Offline question", world.bob.id, broadcast=False)
    starter = backend.prepare_message(raw.id, world.bob.id, "Asked while Nexus was away")
    starter.id = raw.id
    backend.commit_message(starter, broadcast=False)
    thread = thread_handle(world, raw.id)
    written_offline(world, world.alice, thread, "an early reply")

    await reconnect(world)

    stored = await stored_thread(world, thread)
    assert stored is not None and stored.asker_id == world.bob.id
    assert await stored_contents(world, thread) == ["an early reply"]


async def test_a_second_ready_stores_nothing_twice(world: World) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Why?"))
    written_offline(world, world.bob, thread, "written while offline")

    on_ready = ready_listener(world)
    await asyncio.gather(on_ready(), on_ready())  # a second READY while the first runs
    written_offline(world, world.mentor, thread, "written in a later outage")
    await reconnect(world)  # a later READY, after it finished
    await reconnect(world)  # and one more, with nothing new: the thread is not read

    reads = [r for r in world.env.http_requests if r.path == f"/channels/{thread.id}/messages"]
    assert await stored_contents(world, thread) == [
        "written while offline",
        "written in a later outage",
    ]
    assert len([r for r in reads if r.method == "GET"]) == 2  # the overlapping READY read none
