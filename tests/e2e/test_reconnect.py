"""A reconnect that makes Discord send READY again starts nothing twice."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import pytest
from simcord.backend import serializers

from tests.conftest import World


def send_ready_again(world: World) -> None:
    """What Discord sends after a reconnect that could not resume: READY, then the guilds."""
    backend = world.env.backend
    backend.emit(
        "READY",
        {
            "v": 10,
            "user": dict(serializers.user_payload(backend.bot_user)),
            "guilds": [],
            "session_id": "simcord-session-after-reconnect",
            "resume_gateway_url": "wss://simcord.invalid",
            "application": {"id": str(backend.application_id), "flags": 0},
        },
    )
    for guild in list(backend.guilds.values()):
        backend.emit("GUILD_CREATE", serializers.guild_create_payload(backend, guild))


@pytest.fixture
def catch_up_runs(world: World, monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """Records each run of the scheduled-post catch-up (the real run still happens)."""
    runs: list[datetime] = []
    service = world.bot.services.takeaways
    real: Callable[[datetime], Awaitable[Any]] = service.run_due

    async def counted(now: datetime) -> Any:
        runs.append(now)
        return await real(now)

    monkeypatch.setattr(service, "run_due", counted)
    return runs


async def test_a_second_ready_starts_no_second_catch_up(
    world: World, catch_up_runs: list[datetime]
) -> None:
    await world.mentor.slash(
        world.channel, "takeaways schedule", channel=world.channel, time="09:00", days="weekdays"
    )
    jobs = sorted(job.id for job in world.bot.scheduler.get_jobs())

    send_ready_again(world)
    await world.env.settle()

    assert catch_up_runs == []
    assert sorted(job.id for job in world.bot.scheduler.get_jobs()) == jobs
    reply = await world.mentor.slash(world.channel, "nexus status")
    assert reply.response.embeds[0].title == "Nexus status"
