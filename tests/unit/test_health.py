from __future__ import annotations

import asyncio

from bot.health import HealthServer


async def get(port: int, path: str) -> tuple[int, str]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
    await writer.drain()
    raw = (await reader.read()).decode()
    writer.close()
    head, _, body = raw.partition("\r\n\r\n")
    return int(head.split()[1]), body


async def test_healthz_is_200_when_gateway_and_database_are_fine() -> None:
    async def probe() -> dict[str, str]:
        return {"gateway": "ready", "database": "ok"}

    server = HealthServer(probe)
    await server.start()
    try:
        assert await get(server.port, "/healthz") == (200, '{"gateway": "ready", "database": "ok"}')
        assert (await get(server.port, "/other"))[0] == 404
    finally:
        await server.stop()


async def test_healthz_is_503_when_the_database_is_unreachable() -> None:
    async def probe() -> dict[str, str]:
        return {"gateway": "ready", "database": "unreachable"}

    server = HealthServer(probe)
    await server.start()
    try:
        status, body = await get(server.port, "/healthz")
    finally:
        await server.stop()
    assert status == 503
    assert "unreachable" in body
