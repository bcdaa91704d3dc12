"""A READY over a large Q&A archive costs a bounded number of REST calls: Nexus reads only
the threads that changed since it last looked, answers commands at once, and reads the rest
in the background at a polite pace."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import insert

from bot.db.models import QAThread
from tests.conftest import World
from tests.e2e.qa_support import ask, posted_thread, stored_contents, thread_handle
from tests.e2e.test_discord_permissions import deny_the_bot
from tests.e2e.test_qa_catch_up import ready_listener, reconnect, written_offline
from tests.strict.routing import wrap_dispatch

BOUND = 200


async def archive_of(world: World, threads: int, channel: Any = None) -> list[Any]:
    """`threads` Q&A threads Discord has and Nexus tracks, seeded in bulk (no events)."""
    backend, parent = world.env.backend, channel or world.channel
    made = [
        backend.create_thread(parent.id, f"Question {n}", world.alice.id, broadcast=False)
        for n in range(threads)
    ]
    now = world.env.now()
    rows = [
        {
            "thread_id": t.id, "guild_id": world.guild.id, "parent_channel_id": parent.id,
            "starter_message_id": t.id, "asker_id": world.alice.id, "asker_name": "alice",
            "title": t.name, "topic_slug": None, "created_at": now, "question": t.name,
        }
        for t in made
    ]  # fmt: skip
    async with world.bot.db.sessions.begin() as session:
        await session.execute(insert(QAThread), rows)
    return [thread_handle(world, t.id) for t in made]


def calls(world: World) -> int:
    return len(world.env.http_requests)


async def ready_within(world: World, monkeypatch: pytest.MonkeyPatch, bound: int) -> int:
    """A READY; the REST calls it made before its listener returned, failing as soon as
    they pass `bound` (the code before the fix made tens of thousands)."""
    made, passed = 0, asyncio.Event()

    def count(call: Callable[[], Any], backend: Any, method: str, path: str, body: Any) -> Any:
        nonlocal made
        made += 1
        if made > bound:
            passed.set()
        return call()

    wrap_dispatch(monkeypatch, count)
    ready = asyncio.create_task(ready_listener(world)())
    over = asyncio.create_task(passed.wait())
    await asyncio.wait({ready, over}, return_when=asyncio.FIRST_COMPLETED)
    over.cancel()
    if not ready.done():
        ready.cancel()
    assert made <= bound
    await ready
    return made


async def stop_background(world: World) -> None:
    """Stop the catch-up still reading (before the test's database goes away)."""
    cog: Any = world.bot.get_cog("QAEvents")
    await cog.cog_unload()
    if cog._catch_up is not None:
        with contextlib.suppress(asyncio.CancelledError):
            await cog._catch_up


async def test_a_ready_over_10000_changed_threads_makes_at_most_200_calls_then_answers(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads = await archive_of(world, 10_000)
    for thread in threads:
        written_offline(world, world.bob, thread, "written while offline")

    try:
        await ready_within(world, monkeypatch, BOUND)
        reply = await world.alice.slash(world.channel, "topic", name="caching")
        assert reply.response is not None and reply.response.embeds
    finally:
        await stop_background(world)


async def test_a_ready_over_10000_quiet_threads_reads_none_of_them(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    await archive_of(world, 10_000)

    made = await ready_within(world, monkeypatch, BOUND)

    assert made <= 2  # the active threads, and one page of archived ones
    assert not [r for r in world.env.http_requests if r.path.endswith("/messages")]


async def test_the_threads_past_the_burst_are_caught_up_in_the_background(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cogs.ui.qa import catch_up

    monkeypatch.setattr(catch_up, "BURST", 20)
    monkeypatch.setattr(catch_up, "PACE_SECONDS", 0.0)
    threads = await archive_of(world, 60)
    for thread in threads:
        written_offline(world, world.bob, thread, "written while offline")

    await ready_listener(world)()
    cog: Any = world.bot.get_cog("QAEvents")
    assert not cog._catch_up.done()  # answered after the burst, still reading
    await cog._catch_up
    await world.env.settle()

    for thread in threads:
        assert await stored_contents(world, thread) == ["written while offline"]
    await world.env.advance_time(timedelta(minutes=1).total_seconds())
    before = calls(world)
    await reconnect(world)
    assert calls(world) - before <= 2  # caught up: the next READY reads no thread


async def test_a_q_and_a_channel_closed_to_nexus_costs_one_refusal_not_one_per_thread(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed = world.guild.create_text_channel("old-questions")
    threads = await archive_of(world, 300, closed)
    for thread in threads:
        written_offline(world, world.bob, thread, "written while offline")
    await deny_the_bot(world, closed, "view_channel")

    await ready_within(world, monkeypatch, BOUND)

    inside = {f"/channels/{closed.id}", *(f"/channels/{t.id}" for t in threads)}
    refused = [r for r in world.env.http_requests if r.path.startswith(tuple(inside))]
    assert len(refused) <= 1


async def test_a_401_stops_the_catch_up_at_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads = await archive_of(world, 1_000)
    for thread in threads:
        written_offline(world, world.bob, thread, "written while offline")
    world.env.inject_error("GET", "/channels/*/messages", status=401, times=None)

    await ready_within(world, monkeypatch, BOUND)

    reads = [r for r in world.env.http_requests if r.path.endswith("/messages")]
    assert len(reads) == 1


async def test_a_thread_discord_archived_while_nexus_was_away_is_still_caught_up(
    world: World,
) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Why?"))
    await world.bob.send(thread, "seen live")
    await world.env.advance_time(timedelta(hours=2).total_seconds())
    written_offline(world, world.mentor, thread, "written while offline")
    meta = world.env.backend.get_channel(thread.id).thread_metadata
    meta.archived, meta.archive_timestamp = True, world.env.now().isoformat()

    await reconnect(world)

    assert await stored_contents(world, thread) == ["seen live", "written while offline"]
