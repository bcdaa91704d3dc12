"""Discord's 3-second deadline is wall-clock time: Nexus acknowledges before it writes or
calls Discord, and a member's retry after a late answer does no harm."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
import pytest

from tests.conftest import World
from tests.e2e import api_world
from tests.e2e.qa_support import ask, posted_thread, stored_thread, thread_state

SLOWER_THAN_THE_DEADLINE = 3.5


class SlowTransaction:
    def __init__(self, inner: Any, seconds: float) -> None:
        self._inner = inner
        self._seconds = seconds

    async def __aenter__(self) -> Any:
        await asyncio.sleep(self._seconds)  # simulated time: it runs past the deadline
        return await self._inner.__aenter__()

    async def __aexit__(self, *exc: Any) -> Any:
        return await self._inner.__aexit__(*exc)


class SlowDatabase:
    """A database whose every write transaction takes longer than Discord waits."""

    def __init__(self, sessions: Any, seconds: float = SLOWER_THAN_THE_DEADLINE) -> None:
        self._sessions = sessions
        self._seconds = seconds

    def __call__(self) -> Any:
        return self._sessions()

    def begin(self) -> SlowTransaction:
        return SlowTransaction(self._sessions.begin(), self._seconds)


def slow_writes(monkeypatch: pytest.MonkeyPatch, service: Any) -> None:
    monkeypatch.setattr(service, "_sessions", SlowDatabase(service._sessions))


async def test_close_on_a_slow_database_still_archives_locks_and_answers(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Why?"))
    slow_writes(monkeypatch, world.bot.services.qa)

    reply = await world.alice.slash(thread, "qa close", reason="done")

    assert reply.response.content.startswith("🔒 Closed by")
    state = thread_state(world, thread).thread_metadata
    assert state.archived and state.locked


async def test_mark_as_answer_on_a_slow_database_still_marks_the_thread_solved(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Why?"))
    answer = await world.bob.send(thread, "Because")
    slow_writes(monkeypatch, world.bot.services.qa)

    reply = await world.alice.context_menu(thread, "Mark as answer", answer)

    assert reply.response.content.startswith("✅ Answered by")
    assert thread_state(world, thread).name.startswith("✅")
    stored = await stored_thread(world, thread)
    assert stored is not None and stored.solved


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("takeaways schedule", {"time": "09:00", "days": "weekdays"}),
        ("announce schedule", {"message": "Demo day!", "when": "2030-01-01 10:00"}),
    ],
)
async def test_a_schedule_made_on_a_slow_database_is_answered_and_a_retry_makes_no_second(
    world: World, monkeypatch: pytest.MonkeyPatch, command: str, options: dict[str, str]
) -> None:
    slow_writes(monkeypatch, world.bot.services.takeaways.book)

    first = await world.mentor.slash(world.channel, command, channel=world.channel, **options)
    retried = await world.mentor.slash(world.channel, command, channel=world.channel, **options)

    assert first.response.embeds[0].title.endswith("#1 scheduled")
    assert retried.response.embeds[0].title.endswith("#1 scheduled")
    rows = await world.bot.services.records.count()
    assert rows["schedules"] == 1


async def test_api_show_acknowledges_before_it_asks_discord_for_the_thread(
    world: World,
) -> None:
    await api_world.ask(world)
    thread = api_world.request_thread(world)
    world.env.backend.delete_channel(thread.id)
    await world.env.settle()
    calls = len(world.env.http_requests)

    await world.bob.slash(world.channel, "api show", id=1)

    paths = [f"{r.method} {r.path}" for r in world.env.http_requests[calls:]]
    fetch = paths.index(f"GET /channels/{thread.id}")
    acknowledged = next(i for i, p in enumerate(paths) if p.endswith("/callback"))
    assert acknowledged < fetch


async def test_export_respects_the_upload_limit_discord_gives_the_interaction(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = discord.Interaction._from_data

    def small_limit(self: discord.Interaction, data: Any) -> None:
        real(self, data)
        self.filesize_limit = 1024  # a limit smaller than the export, as Discord may send

    monkeypatch.setattr(discord.Interaction, "_from_data", small_limit)
    for n in range(4):
        await api_world.ask(world, path=f"/things{n}", summary="A thing with a longer summary")

    reply = await world.bob.slash(world.channel, "api export")

    assert "over Discord's upload limit" in reply.response.content
    assert reply.response.attachments == []
