"""Serving an app on a host and port, inside whatever event loop is running."""

from __future__ import annotations

import logging

from aiohttp import web

log = logging.getLogger(__name__)
# How long stopping lets pages under way finish: within the supervisor's wait before it
# kills a hub child (bot/web/child.py), so a stop under load still ends cleanly.
SHUTDOWN_SECONDS = 5.0


class WebServer:
    def __init__(self, app: web.Application, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=SHUTDOWN_SECONDS)
        self._host = host
        self._port = port
        self._site: web.TCPSite | None = None

    @property
    def port(self) -> int:
        """The port it listens on: the one the system chose when started with port 0."""
        assert self._site is not None, "web server not started"
        return int(self._runner.addresses[0][1])

    @property
    def url(self) -> str:
        return f"http://{self._host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._site is not None

    async def start(self) -> None:
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, self._host, self._port)
        await self._site.start()
        log.info("web hub on %s", self.url)

    async def stop(self) -> None:
        if self._site is not None:
            await self._runner.cleanup()
            self._site = None
