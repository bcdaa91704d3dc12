"""In the playground the write limit counts real seconds, whatever `time` does."""

from __future__ import annotations

import asyncio
import io
from dataclasses import replace

import pytest
from rich.console import Console

from bot.app import NexusBot, create_bot
from bot.config import RateLimit, Settings
from bot.playground.session import PlaygroundSession
from bot.playground.world import furnish
from tests.e2e.test_playground import output

WINDOW = 1.0  # seconds: short, so the test waits it out for real


@pytest.fixture
def simcord_bot(settings: Settings) -> NexusBot:
    return create_bot(replace(settings, write_rate=RateLimit(2, WINDOW)))


@pytest.fixture
async def session(simcord_env: object) -> PlaygroundSession:
    console = Console(file=io.StringIO(), width=120, no_color=True)
    return PlaygroundSession(await furnish(simcord_env), console)


async def privacy(session: PlaygroundSession) -> str:
    before = len(output(session))
    await session.execute("/qa privacy setting:public")
    return output(session)[before:]


async def test_the_limit_frees_up_after_real_seconds(session: PlaygroundSession) -> None:
    await session.execute("/api claim id:99")  # a typo'd number: refused, not counted
    await privacy(session)
    await privacy(session)
    assert "Try again in 1 seconds" in await privacy(session)

    await asyncio.sleep(WINDOW + 0.2)

    assert "names you alice" in await privacy(session)


async def test_moving_the_clock_does_not_lift_the_limit(session: PlaygroundSession) -> None:
    await privacy(session)
    await privacy(session)

    await session.execute("time +2h")

    assert "Try again in 1 seconds" in await privacy(session)
