"""A bug inside a command: the member gets a reference, the log gets the traceback."""

from __future__ import annotations

import logging

import discord
import pytest

from bot.app import NexusBot, create_bot
from bot.config import Settings
from tests.conftest import World


@pytest.fixture
def simcord_bot(settings: Settings) -> NexusBot:
    bot = create_bot(settings)

    @bot.tree.command(name="boom", description="Fails, to test the error handler")
    async def boom(interaction: discord.Interaction) -> None:
        raise RuntimeError("kaboom")

    return bot


@pytest.mark.allow_bot_errors
async def test_an_unexpected_error_gives_a_reference_and_logs_the_traceback(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        reply = await world.alice.slash(world.channel, "boom")

    assert reply.ephemeral
    content = reply.response.content
    assert content.startswith("Something went wrong (ref ")
    ref = content.split("ref ")[1].split(")")[0]
    logged = [r for r in caplog.records if ref in r.getMessage()]
    assert logged and logged[0].exc_info is not None
    assert "kaboom" not in content
    assert [type(e.original) for e in world.env.errors] == [RuntimeError]  # type: ignore[attr-defined]
