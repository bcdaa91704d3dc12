"""A tiny local HTTP endpoint, `GET /healthz`, for container health checks."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)
HealthProbe = Callable[[], Awaitable[dict[str, str]]]
HEALTHY = {"gateway": "ready", "database": "ok"}


class HealthServer:
    def __init__(self, probe: HealthProbe, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self._probe = probe
        self._host = host
        self._port = port
        self._server: asyncio.Server | None = None

    @property
    def port(self) -> int:
        assert self._server is not None, "health server not started"
        return int(self._server.sockets[0].getsockname()[1])

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, self._host, self._port)
        log.info("health endpoint on http://%s:%s/healthz", self._host, self.port)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request_line = await asyncio.wait_for(reader.readline(), timeout=5)
            parts = request_line.decode("latin-1").split()
            if len(parts) >= 2 and parts[0] == "GET" and parts[1] == "/healthz":
                state = await self._probe()
                healthy = all(state.get(k) == v for k, v in HEALTHY.items())
                status = "200 OK" if healthy else "503 Service Unavailable"
                body = json.dumps(state).encode()
            else:
                status, body = "404 Not Found", b'{"error": "not found"}'
            writer.write(
                f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                + body
            )
            await writer.drain()
        except (TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()
