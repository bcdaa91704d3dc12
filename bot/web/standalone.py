"""`python -m bot web`: the hub alone, without Discord, from DATABASE_URL and CONTENT_DIR.

It can run as its own process (or several) beside the bot on the same PostgreSQL database.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from datetime import UTC, datetime

from bot.config import Settings
from bot.db.engine import Database
from bot.errors import StartupError
from bot.services.container import build_services
from bot.web.app import create_app
from bot.web.hub import Hub
from bot.web.server import WebServer

DEFAULT_PORT = 8080


def utc_now() -> datetime:
    return datetime.now(UTC)


async def serve_hub(settings: Settings, *, ready: asyncio.Event | None = None) -> None:
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

        port = DEFAULT_PORT if settings.web_port is None else settings.web_port
        hub = Hub(services, probe, settings.web_url)
        server = WebServer(create_app(hub), host=settings.web_host, port=port)
        await server.start()
        print(f"Nexus web hub on {server.url}/ (Ctrl-C stops it)", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        if ready is not None:
            ready.set()
        try:
            await stop.wait()
        finally:
            await server.stop()
    finally:
        await db.dispose()
