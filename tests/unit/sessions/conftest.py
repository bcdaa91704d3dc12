"""The study-session services over a migrated database, on a clock the tests move."""

from __future__ import annotations

import pytest

from bot.db.engine import Database
from tests.conftest import FixedClock
from tests.unit.sessions.builders import NOW, Sessions


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def world(migrated: Database, clock: FixedClock) -> Sessions:
    return Sessions(migrated, clock)
