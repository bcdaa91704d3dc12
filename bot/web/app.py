"""The web hub's aiohttp application: one module per area of routes."""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType

from aiohttp import web

from bot.web.errors import friendly_errors
from bot.web.hub import HUB, Hub
from bot.web.routes import api, health, home, mock, qa, topics

# Each area module has `register(app)`; another (e.g. an API mock server) can be added.
ALL_AREAS: tuple[ModuleType, ...] = (health, home, topics, qa, api, mock)
HEALTH_ONLY: tuple[ModuleType, ...] = (health,)
# Request lines longer than this get aiohttp's own 400; shorter huge searches get ours.
MAX_LINE = 16384


def create_app(hub: Hub, areas: Sequence[ModuleType] = ALL_AREAS) -> web.Application:
    app = web.Application(middlewares=[friendly_errors], handler_args={"max_line_size": MAX_LINE})
    app[HUB] = hub
    for area in areas:
        area.register(app)
    return app
