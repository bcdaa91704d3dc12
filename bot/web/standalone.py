"""`python -m bot web`: the hub alone, without Discord, from DATABASE_URL and CONTENT_DIR.

It runs as the bot's child process (`python -m bot run` with NEXUS_WEB_PORT, and the
playground: bot/web/child.py), or as processes of its own beside the bot on the same
PostgreSQL database. Either way it follows the bot's `/nexus reload`: a child on SIGHUP from
its parent, any hub by polling the content version the bot records in the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from collections.abc import Callable
from datetime import UTC, datetime

from bot.config import Settings
from bot.db.engine import Database
from bot.errors import StartupError
from bot.heap import set_aside_long_lived
from bot.services.container import Services, build_services
from bot.web.app import create_app
from bot.web.child import PARENT_VARIABLE
from bot.web.hub import Hub
from bot.web.server import WebServer

log = logging.getLogger(__name__)
DEFAULT_PORT = 8080
# How often the hub reads the content version (and, as a child, looks for its parent): a
# reload made by the bot reaches every hub within this, well inside the 10 s promised.
POLL_SECONDS = 5.0


def utc_now() -> datetime:
    return datetime.now(UTC)


def print_address(url: str) -> None:
    print(f"Nexus web hub on {url}/ (Ctrl-C stops it)", flush=True)


async def serve_hub(
    settings: Settings,
    *,
    stop: asyncio.Event | None = None,
    announce: Callable[[str], None] = print_address,
    default_port: int = DEFAULT_PORT,
    set_aside_heap: bool = False,
    poll_seconds: float = POLL_SECONDS,
) -> None:
    """Serve until `stop` is set (default: until SIGINT or SIGTERM).

    `set_aside_heap`: the process is the hub's alone (`python -m bot web`), so what exists
    once it serves is kept out of full garbage collections (bot/heap.py).
    """
    if not settings.content_dir.is_dir():
        raise StartupError(f"CONTENT_DIR: folder '{settings.content_dir}' does not exist")
    db = Database(settings.database_url)
    try:
        await db.ping()
        if settings.auto_migrate:
            await db.upgrade()
        elif await db.pending_migrations():
            raise StartupError("database schema is out of date: run `python -m bot migrate`")
        services = build_services(settings, db, utc_now)
        services.topics.load()

        async def probe() -> dict[str, str]:
            return {"database": "ok" if await db.is_healthy() else "unreachable"}

        port = default_port if settings.web_port is None else settings.web_port
        hub = Hub(services, probe, settings.web_url)
        server = WebServer(create_app(hub), host=settings.web_host, port=port)
        await server.start()
        follower = ContentFollower(services)
        await follower.start_from_current()
        loop = asyncio.get_running_loop()
        if stop is None:
            stop = asyncio.Event()
            _on_signals(loop, (signal.SIGINT, signal.SIGTERM), stop.set)
        _on_signals(loop, (signal.SIGHUP,), follower.reload_soon)
        announce(server.url)
        if set_aside_heap:
            set_aside_long_lived()
        watcher = asyncio.create_task(follower.follow(stop, poll_seconds))
        try:
            await stop.wait()
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
            await server.stop()
    finally:
        await db.dispose()


class ContentFollower:
    """Keeps the hub's content as current as the bot's: reloads on SIGHUP (from a parent
    bot) and when the content version in the database moves (any hub)."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._seen = 0
        self._wake = asyncio.Event()
        parent = os.environ.get(PARENT_VARIABLE, "")
        self._parent = int(parent) if parent.isdigit() else None

    async def start_from_current(self) -> None:
        self._seen = await self._services.content_versions.current()

    def reload_soon(self) -> None:
        self._wake.set()

    async def follow(self, stop: asyncio.Event, every: float) -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(every):
                    await self._wake.wait()
            signalled = self._wake.is_set()
            self._wake.clear()
            if self._parent is not None and os.getppid() != self._parent:
                log.warning("the bot that started this hub is gone; stopping")
                stop.set()
                return
            try:
                await self._check(signalled)
            except Exception:  # the database may be away a moment; the next turn retries
                log.exception("could not check the content version")

    async def _check(self, signalled: bool) -> None:
        version = await self._services.content_versions.current()
        if not signalled and version == self._seen:
            return
        self._seen = version
        outcome = await self._services.topics.reload()
        if outcome.loaded:
            log.info("content reloaded: %d topics", outcome.topics)
        else:
            log.warning("content not reloaded: %d problem(s)", len(outcome.problems))


def _on_signals(
    loop: asyncio.AbstractEventLoop, signals: tuple[signal.Signals, ...], act: Callable[[], None]
) -> None:
    for sig in signals:
        # Not on Windows, nor outside the main thread (tests serving a hub in a thread).
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, act)
