"""What every route reaches through the app: the services and where the hub lives."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

from bot.services.container import Services

HealthProbe = Callable[[], Awaitable[dict[str, str]]]
# The values a probe reports when its part is fine.
HEALTHY_STATES = frozenset({"ready", "ok"})


@dataclass(frozen=True)
class Hub:
    services: Services
    probe: HealthProbe
    # NEXUS_WEB_URL; None: links are built from the request's own address.
    public_url: str | None = None

    def base_url(self, request: web.Request) -> str:
        return self.public_url or f"{request.scheme}://{request.host}"


HUB = web.AppKey("hub", Hub)


def hub_of(request: web.Request) -> Hub:
    return request.app[HUB]
