"""A post whose answer was lost (a 5xx after Discord made it) is found, never posted twice."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.db.engine import Database
from bot.services.schedules.delivery import PostFailed
from tests.conftest import FixedClock
from tests.unit.schedules.builders import at, daily_takeaways, make_service


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(at(1, 12))


async def test_a_post_whose_answer_was_lost_is_found_and_recorded_as_posted(
    migrated: Database, clock: FixedClock
) -> None:
    service, poster = make_service(migrated, clock)
    await daily_takeaways(service)
    poster.answers_lost = 1

    report = await service.run_due(at(2, 9))
    for minutes in (1, 3, 10):
        await service.run_due(at(2, 9) + timedelta(minutes=minutes))

    assert report.posted == [1] and report.failed == []
    assert len(poster.posts) == 1


async def test_a_retry_looks_for_the_post_before_posting_again(
    migrated: Database, clock: FixedClock
) -> None:
    service, poster = make_service(migrated, clock)
    await daily_takeaways(service)
    poster.failures.append(PostFailed("Discord error 503", outcome_unknown=True))

    first = await service.run_due(at(2, 9))
    # Meanwhile the post turned out to exist (Discord made it before failing).
    poster._slots[1] = 99
    retry = await service.run_due(at(2, 9, 1))

    assert first.failed == [1]
    assert retry.posted == [1]
    assert poster.posts == []
