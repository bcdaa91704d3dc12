"""`GET /healthz`: 200 when every part the probe reports is fine, else 503 (for containers)."""

from __future__ import annotations

from aiohttp import web

from bot.web.hub import HEALTHY_STATES, hub_of


async def healthz(request: web.Request) -> web.Response:
    state = await hub_of(request).probe()
    healthy = all(value in HEALTHY_STATES for value in state.values())
    return web.json_response(state, status=200 if healthy else 503)


def register(app: web.Application) -> None:
    app.router.add_get("/healthz", healthz)
