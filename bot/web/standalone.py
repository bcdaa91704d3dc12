"""`python -m bot web`: the hub alone, without Discord, from DATABASE_URL and CONTENT_DIR.

It can run as its own process (or several) beside the bot on the same PostgreSQL database,
or in a thread of its own beside the playground (whose prompt blocks its event loop).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from bot.config import Settings
from bot.db.engine import Database
from bot.errors import StartupError
from bot.heap import set_aside_long_lived
from bot.services.container import build_services
from bot.web.app import create_app
from bot.web.hub import Hub
from bot.web.pacing import Pacing, shared_process_pacing
from bot.web.server import WebServer

DEFAULT_PORT = 8080


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
    pacing: Pacing | None = None,
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
        server = WebServer(create_app(hub, pacing=pacing), host=settings.web_host, port=port)
        await server.start()
        if stop is None:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError, RuntimeError):
                    loop.add_signal_handler(sig, stop.set)
        announce(server.url)
        if set_aside_heap:
            set_aside_long_lived()
        try:
            await stop.wait()
        finally:
            await server.stop()
    finally:
        await db.dispose()


class BackgroundHub:
    """The hub in a thread with its own event loop, on a free port unless one is set; it
    shares the process with the bot, so it is paced (`NEXUS_WEB_SHARED_RATE`)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="nexus-web", daemon=True)
        self.url: str | None = None
        self.error: BaseException | None = None

    def start(self, timeout: float = 15.0) -> str | None:
        """The hub's address once it listens, or None if it could not start."""
        self._thread.start()
        self._ready.wait(timeout)
        return self.url

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=5)

    def _run(self) -> None:
        async def main() -> None:
            self._loop = asyncio.get_running_loop()
            self._stop = asyncio.Event()
            await serve_hub(
                self._settings,
                stop=self._stop,
                announce=self._announce,
                default_port=0,
                pacing=shared_process_pacing(self._settings),
            )

        try:
            asyncio.run(main())
        except Exception as error:  # reported by the caller; the playground goes on without
            self.error = error
        finally:
            self._ready.set()

    def _announce(self, url: str) -> None:
        self.url = url
        self._ready.set()
