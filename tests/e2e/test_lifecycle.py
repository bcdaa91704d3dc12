"""Start-up, command sync, restart and the handling of unexpected errors."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import Any

import discord
import pytest

from bot import app as app_module
from bot.app import create_bot
from bot.config import Settings
from bot.errors import StartupError
from tests.conftest import World


def command_syncs(world: World) -> int:
    return sum(
        1 for r in world.env.http_requests if r.method == "PUT" and r.path.endswith("/commands")
    )


async def test_commands_are_not_synced_again_after_a_restart_without_changes(
    world: World, settings: Settings
) -> None:
    assert command_syncs(world) == 1

    await world.env.restart_bot(create_bot(settings))

    assert command_syncs(world) == 1
    reply = await world.mentor.slash(world.channel, "nexus status")
    assert reply.response.embeds[0].title == "Nexus status"


async def test_a_changed_command_tree_is_synced_on_start(world: World, settings: Settings) -> None:
    bot = create_bot(settings)

    @bot.tree.command(name="extra", description="A command added since the last sync")
    async def extra(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("hi")

    await world.env.restart_bot(bot)

    assert command_syncs(world) == 2


async def test_a_new_application_gets_its_commands_synced_even_when_the_tree_is_unchanged(
    world: World, settings: Settings
) -> None:
    first_application = world.bot.application_id
    world.env.backend.application_id = world.env.backend.snowflake()  # a new token's app

    await world.env.restart_bot(create_bot(settings))

    assert world.env.bot.application_id not in (None, first_application)
    assert command_syncs(world) == 2


async def test_the_health_state_reports_gateway_and_database(world: World) -> None:
    assert await world.bot.health_state() == {"gateway": "ready", "database": "ok"}


async def test_the_bot_never_pings_by_default(world: World) -> None:
    mentions = world.bot.allowed_mentions
    assert mentions is not None
    assert mentions.to_dict() == discord.AllowedMentions.none().to_dict()


async def test_a_missing_content_folder_stops_start_up(tmp_path: Path, settings: Settings) -> None:
    bot = create_bot(replace(settings, content_dir=tmp_path / "nowhere"))
    with pytest.raises(StartupError, match=r"CONTENT_DIR: folder .* does not exist"):
        await bot.setup_hook()
    await bot.db.dispose()


async def test_closing_the_bot_stops_the_scheduler_and_the_health_endpoint(
    settings: Settings,
) -> None:
    import simcord

    bot = create_bot(replace(settings, http_port=0))
    async with simcord.run(bot):
        assert bot.scheduler.running
        assert bot.web is not None and bot.web.running
        await bot.close()  # what SIGINT/SIGTERM lead to in `python -m bot run`
    assert not bot.scheduler.running
    assert bot.is_closed()
    assert bot.web is not None and not bot.web.running


async def test_stopping_waits_for_a_scheduled_run_under_way(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = world.bot
    release, finished = asyncio.Event(), []

    async def slow_run_due(now: Any) -> None:
        await release.wait()
        finished.append(now)

    monkeypatch.setattr(bot.services.takeaways, "run_due", slow_run_due)
    run = asyncio.create_task(bot.run_due_now())
    await asyncio.sleep(0)  # the run takes the lock
    stopping = asyncio.create_task(bot.stop_scheduled_work())
    await asyncio.sleep(0.01)
    assert not stopping.done()  # the database must stay open under the run

    release.set()
    await asyncio.wait_for(stopping, 1)
    await run
    assert finished and not bot.scheduler.running


async def test_stopping_gives_up_on_a_run_that_never_ends(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = world.bot
    monkeypatch.setattr(app_module, "SHUTDOWN_GRACE_SECONDS", 0.05)

    async def stuck(now: Any) -> None:
        await asyncio.Event().wait()

    monkeypatch.setattr(bot.services.takeaways, "run_due", stuck)
    run = asyncio.create_task(bot.run_due_now())
    await asyncio.sleep(0)

    await asyncio.wait_for(bot.stop_scheduled_work(), 1)

    run.cancel()
    with pytest.raises(asyncio.CancelledError):
        await run
