"""Any id a member can type (Discord allows up to 2^53 - 1) is found or NotFound, never a crash.

On PostgreSQL schedule ids are 32-bit: a bigger one must not reach the database.
"""

from __future__ import annotations

import pytest

from bot.db.engine import Database
from bot.errors import NotFound
from bot.services.schedules.book import Kind
from tests.conftest import FixedClock
from tests.unit.schedules.builders import GUILD, at, daily_takeaways, make_service


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(at(1, 12))


@pytest.mark.parametrize("schedule_id", [0, -1, 99, 2**31, 2**53 - 1, -(2**63)])
async def test_an_id_that_cannot_exist_is_no_such_schedule(
    migrated: Database, clock: FixedClock, schedule_id: int
) -> None:
    service, _ = make_service(migrated, clock)
    await daily_takeaways(service)
    book = service.book
    for act in (
        book.get(GUILD, schedule_id, Kind.TAKEAWAY),
        book.set_paused(GUILD, schedule_id, True),
        book.set_paused(GUILD, schedule_id, False),
        book.remove(GUILD, schedule_id, Kind.TAKEAWAY),
        book.remove(GUILD, schedule_id, Kind.ANNOUNCEMENT),
        service.preview(GUILD, schedule_id),
    ):
        with pytest.raises(NotFound, match=f"#{schedule_id} in this server"):
            await act
    assert [s.number for s in await book.of_guild(GUILD, Kind.TAKEAWAY)] == [1]
