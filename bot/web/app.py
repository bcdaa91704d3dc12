"""The web hub's aiohttp application: one module per area of routes."""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType

from aiohttp import web

from bot.web.errors import friendly_errors
from bot.web.hub import HUB, Hub
from bot.web.kept import KEPT_PAGES, KeptPages
from bot.web.markdown import render_topic_markdown
from bot.web.pages import TEMPLATES
from bot.web.routes import api, health, home, mock, qa, topics

# Each area module has `register(app)`. aiohttp tries the routes under one prefix (`/g`) in
# the order they were added, so the mock, called thousands of times a second, comes first.
ALL_AREAS: tuple[ModuleType, ...] = (health, mock, home, topics, qa, api)
HEALTH_ONLY: tuple[ModuleType, ...] = (health,)
# aiohttp answers a request line or header over its limits itself, in plain text, before
# any middleware runs, and offers no public way to change that answer (aio-libs/aiohttp
# issue 3287). So the limits are set above anything a reader's browser sends (a search of
# 100,000 letters fits), and the routes refuse what is too long with the hub's own 400.
MAX_LINE = 128 * 1024
MAX_FIELD = 32 * 1024


def create_app(hub: Hub, areas: Sequence[ModuleType] = ALL_AREAS) -> web.Application:
    """The hub's app, serving `areas`. It limits no rate: in front of the hub, a reverse
    proxy does (docs/operations.md)."""
    warm_up()
    app = web.Application(
        middlewares=[friendly_errors],
        handler_args={"max_line_size": MAX_LINE, "max_field_size": MAX_FIELD},
    )
    app[HUB] = hub
    app[KEPT_PAGES] = KeptPages()
    for area in areas:
        area.register(app)
    return app


def warm_up() -> None:
    """Compile the templates and load the code highlighter before the first page, not in
    it: cold, each took about 50 ms of the first page. Both are kept for the process, so a
    second call is cheap."""
    for name in TEMPLATES.list_templates():
        TEMPLATES.get_template(name)
    render_topic_markdown("```python\nprint('warm')\n```")
