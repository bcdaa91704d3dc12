"""The hub in its own process: `python -m bot run` with a web port starts `python -m bot web`
as a child, brings it back when it dies, stops it with the bot, and passes `/nexus reload`
on; a hub the bot never started picks a reload up from the database."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import aiohttp
import simcord

from bot.app import create_bot
from bot.clock import system_clock
from bot.config import Settings
from bot.db.engine import Database
from bot.services.content_version import ContentVersions
from bot.web.standalone import serve_hub

MARKER = "Kept-warm answers near the reader"


def editable_content(tmp_path: Path, settings: Settings) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(settings.content_dir, folder)
    return folder


def change_caching_summary(content: Path) -> None:
    topic = content / "topics" / "caching.md"
    lines = topic.read_text(encoding="utf-8").splitlines()
    lines = [f"summary: {MARKER}." if line.startswith("summary:") else line for line in lines]
    topic.write_text("\n".join(lines) + "\n", encoding="utf-8")


async def page_text(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, await response.text()


async def eventually(check: Callable[[], object], seconds: float) -> float:
    """Seconds until `check()` (awaited) is true, in real time (simcord's clock is not)."""
    started = time.monotonic()
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return time.monotonic() - started
        assert time.monotonic() - started < seconds, f"not within {seconds} s"
        await asyncio.to_thread(time.sleep, 0.1)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_the_hub_runs_in_a_child_that_comes_back_and_stops_with_the_bot(
    settings: Settings,
) -> None:
    bot = create_bot(replace(settings, web_port=0))
    async with simcord.run(bot):
        hub = bot.hub
        assert hub is not None and hub.url is not None and hub.pid is not None
        first = hub.pid
        assert first != os.getpid()
        status, body = await page_text(f"{hub.url}/topics/caching")
        assert status == 200 and "Caching" in body

        os.kill(first, signal.SIGKILL)  # the hub dies; the bot goes on
        await eventually(lambda: hub.pid != first and hub.wait_listening(0), 30)
        status, _ = await page_text(f"{hub.url}/healthz")
        assert status == 200
        assert hub.restarts == 1 and hub.last_exit == -signal.SIGKILL
        second = hub.pid
        await bot.close()
    assert second is not None and not alive(second)


async def test_nexus_reload_reaches_the_child_hub(settings: Settings, tmp_path: Path) -> None:
    content = editable_content(tmp_path, settings)
    bot = create_bot(replace(settings, web_port=0, content_dir=content))
    async with simcord.run(bot):
        assert bot.hub is not None and bot.hub.url is not None
        url = f"{bot.hub.url}/topics/caching"
        change_caching_summary(content)

        outcome = await bot.reload_content()

        assert outcome.loaded
        took = await eventually(lambda: _shows_marker(url), 10)
        assert took < 3  # signalled, not waiting for the next poll
        await bot.close()


async def _shows_marker(url: str) -> bool:
    status, body = await page_text(url)
    return status == 200 and MARKER in body


async def test_a_hub_of_its_own_notices_a_reload_recorded_in_the_database(
    settings: Settings, tmp_path: Path
) -> None:
    content = editable_content(tmp_path, settings)
    hub_settings = replace(settings, content_dir=content, web_port=0)
    db = Database(settings.database_url)
    await db.upgrade()
    addresses: list[str] = []
    stop = asyncio.Event()
    serving = asyncio.create_task(
        serve_hub(hub_settings, stop=stop, announce=addresses.append, poll_seconds=0.2)
    )
    try:
        await eventually(lambda: addresses or serving.done(), 30)
        url = f"{addresses[0]}/topics/caching"
        change_caching_summary(content)
        assert not await _shows_marker(url)  # nothing told it yet

        await ContentVersions(db.sessions, system_clock).record_reload()  # as the bot does

        await eventually(lambda: _shows_marker(url), 10)
    finally:
        stop.set()
        await serving
        await db.dispose()
