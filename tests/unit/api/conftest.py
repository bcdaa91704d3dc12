"""Fixtures of the API request service tests: a service with a mentor role set up, and a
recording stand-in for Discord's threads."""

from __future__ import annotations

import pytest

from bot.db.engine import Database
from bot.services.api.contracts import ApiContractService
from bot.services.api.requests import ApiRequestService
from tests.api_builders import FakeThreads, mentored_service
from tests.conftest import FixedClock


@pytest.fixture
async def service(migrated: Database, clock: FixedClock) -> ApiRequestService:
    return await mentored_service(migrated, clock)


@pytest.fixture
def threads() -> FakeThreads:
    return FakeThreads()


@pytest.fixture
def contracts(migrated: Database, clock: FixedClock) -> ApiContractService:
    return ApiContractService(migrated.sessions, clock)
