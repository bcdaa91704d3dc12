from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from bot.config import Settings
from bot.db.engine import Database
from tests.conftest import FixedClock
from tests.web.hub_world import HubWorld, hub_world

Client = TestClient[web.Request, web.Application]


@pytest.fixture
def hub(settings: Settings, migrated: Database, clock: FixedClock) -> HubWorld:
    return hub_world(settings, migrated, clock)


@pytest.fixture
async def client(
    hub: HubWorld, aiohttp_client: Callable[[web.Application], Awaitable[Any]]
) -> Client:
    return await aiohttp_client(hub.app())  # type: ignore[no-any-return]


# Every web test also fails on a service write that forgets bump_published.
from tests.db.published_guard import published_guard  # noqa: E402,F401
