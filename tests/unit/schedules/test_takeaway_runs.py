"""`run_due`: exactly once per slot, catch-up, retries, DST, rotation — on both backends."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from datetime import timedelta

import pytest

from bot.db.engine import Database
from bot.errors import Conflict, NotFound
from bot.services.schedules.book import Kind, NewSchedule
from bot.services.schedules.delivery import PostFailed
from tests.conftest import FixedClock
from tests.unit.schedules.builders import (
    CHANNEL,
    GUILD,
    LIBRARY,
    MENTOR,
    at,
    daily_takeaways,
    make_service,
)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(at(1, 12))  # schedules are created at noon on 1 March


async def test_a_due_slot_is_posted_once_however_often_run_due_is_called(
    migrated: Database, clock: FixedClock
) -> None:
    service, poster = make_service(migrated, clock)
    await daily_takeaways(service)

    assert (await service.run_due(at(2, 8, 59))).posted == []
    report = await service.run_due(at(2, 9))
    await service.run_due(at(2, 9, 1))
    await service.run_due(at(2, 10))

    assert report.posted == [1]
    assert len(poster.posts) == 1


async def test_a_restart_between_two_slots_posts_each_slot_once(
    migrated: Database, clock: FixedClock
) -> None:
    first, first_poster = make_service(migrated, clock)
    await daily_takeaways(first)
    await first.run_due(at(2, 9))

    restarted, poster = make_service(migrated, clock)  # new process, same database
    await restarted.run_due(at(2, 9, 30))
    await restarted.run_due(at(3, 9))

    assert len(first_poster.posts) == 1
    assert len(poster.posts) == 1
    assert poster.posts[0][1] != first_poster.posts[0][1]  # the rotation moved on


async def test_two_bot_processes_on_one_database_post_each_slot_once(
    migrated: Database, clock: FixedClock
) -> None:
    second_db = Database(migrated.url, connect_args=migrated.connect_args)
    try:
        one, poster_one = make_service(migrated, clock)
        two, poster_two = make_service(second_db, clock)
        await daily_takeaways(one)
        for day in range(2, 7):
            await asyncio.gather(one.run_due(at(day, 9)), two.run_due(at(day, 9)))
    finally:
        await second_db.dispose()

    posted = poster_one.posts + poster_two.posts
    assert len(posted) == 5
    assert len({what for _, what in posted}) == 5


@pytest.mark.parametrize(
    ("late_by", "outcome"),
    [(timedelta(minutes=1), "posted"), (timedelta(minutes=60), "late"),
     (timedelta(minutes=61), "skipped")],
)  # fmt: skip
async def test_the_catch_up_window_edges(
    migrated: Database, clock: FixedClock, late_by: timedelta, outcome: str
) -> None:
    service, poster = make_service(migrated, clock, catchup_minutes=60)
    schedule = await daily_takeaways(service)

    report = await service.run_due(at(2, 9) + late_by)

    assert getattr(report, outcome) == [schedule.id]
    assert len(poster.posts) == (0 if outcome == "skipped" else 1)
    info = await service.book.get(GUILD, schedule.number, Kind.TAKEAWAY)
    assert info.last_slot is not None and info.last_slot.status == outcome


async def test_slots_missed_while_offline_are_recorded_not_dropped(
    migrated: Database, clock: FixedClock
) -> None:
    service, poster = make_service(migrated, clock)
    await daily_takeaways(service)

    report = await service.run_due(at(5, 9, 20))  # offline 2, 3 and 4 March

    assert len(report.skipped) == 3
    assert report.late == [1] and report.posted == []
    assert len(poster.posts) == 1


async def test_a_failed_post_is_retried_with_backoff_then_posted(
    migrated: Database, clock: FixedClock
) -> None:
    service, poster = make_service(migrated, clock)
    schedule = await daily_takeaways(service)
    poster.failures.append(PostFailed("Discord error 500"))

    assert (await service.run_due(at(2, 9))).failed == [schedule.id]
    info = await service.book.get(GUILD, schedule.number, Kind.TAKEAWAY)
    assert info.last_slot is not None and info.last_slot.reason == "Discord error 500"
    assert (await service.run_due(at(2, 9, 0) + timedelta(seconds=20))).posted == []
    assert (await service.run_due(at(2, 9, 1))).posted == [schedule.id]
    assert len(poster.posts) == 1


async def test_three_failures_mark_the_schedule_failing(
    migrated: Database, clock: FixedClock
) -> None:
    service, poster = make_service(migrated, clock)
    schedule = await daily_takeaways(service)
    poster.failures.extend(PostFailed("missing permission") for _ in range(3))

    for minutes in (0, 1, 3, 12, 40):
        await service.run_due(at(2, 9, minutes))

    info = await service.book.get(GUILD, schedule.number, Kind.TAKEAWAY)
    assert info.state == "failing"
    assert poster.posts == []
    assert [s.id for s in await service.book.failing()] == [schedule.id]


async def test_a_deleted_channel_pauses_its_schedule(migrated: Database, clock: FixedClock) -> None:
    service, poster = make_service(migrated, clock)
    schedule = await daily_takeaways(service)
    poster.failures.append(PostFailed("the channel was deleted", channel_gone=True))

    await service.run_due(at(2, 9))
    await service.run_due(at(3, 9))

    info = await service.book.get(GUILD, schedule.number, Kind.TAKEAWAY)
    assert info.state == "paused" and info.paused_reason == "its channel was deleted"
    assert poster.posts == []


@pytest.mark.parametrize(
    ("day", "month", "utc_hour"), [(7, 3, 14), (8, 3, 13), (31, 10, 13), (1, 11, 14)]
)
async def test_daylight_saving_days_post_at_nine_new_york_time(
    migrated: Database, clock: FixedClock, day: int, month: int, utc_hour: int
) -> None:
    service, poster = make_service(migrated, clock)
    await daily_takeaways(service, zone="America/New_York")
    clock.now = at(day, 0, month=month) - timedelta(days=1)
    # Mark everything before the day as handled, then check the exact instant.
    await service.run_due(at(day, utc_hour, month=month) - timedelta(hours=1, minutes=1))
    before = len(poster.posts)

    assert (
        await service.run_due(at(day, utc_hour, month=month) - timedelta(minutes=1))
    ).posted == []
    assert (await service.run_due(at(day, utc_hour, month=month))).posted != []
    assert len(poster.posts) == before + 1


async def test_a_full_cycle_posts_every_takeaway_once_without_back_to_back_topics(
    migrated: Database, clock: FixedClock
) -> None:
    service, _ = make_service(migrated, clock)
    picked = [await service.next_takeaway(GUILD) for _ in range(len(LIBRARY.takeaways))]

    assert Counter(t.id for t in picked) == Counter(t.id for t in LIBRARY.takeaways)
    assert all(a.topic != b.topic for a, b in itertools.pairwise(picked))
    next_cycle = await service.next_takeaway(GUILD)
    assert next_cycle.topic != picked[-1].topic


async def test_a_topic_filter_picks_from_that_topic(migrated: Database, clock: FixedClock) -> None:
    service, _ = make_service(migrated, clock)
    picks = [await service.next_takeaway(GUILD, "caching") for _ in range(6)]
    assert {t.topic for t in picks} == {"caching"}
    assert len({t.id for t in picks[:4]}) == 4


async def test_a_one_off_announcement_runs_once(migrated: Database, clock: FixedClock) -> None:
    service, poster = make_service(migrated, clock)
    await service.book.create(
        NewSchedule(Kind.ANNOUNCEMENT, GUILD, CHANNEL, MENTOR, "UTC", run_at=at(3, 15),
                    message="Demo day at 16:00!")
    )  # fmt: skip

    await service.run_due(at(3, 14, 59))
    await service.run_due(at(3, 15))
    await service.run_due(at(4, 15))

    assert poster.posts == [(CHANNEL, "Demo day at 16:00!")]
    assert (await service.book.of_guild(GUILD, Kind.ANNOUNCEMENT))[0].state == "done"


async def test_an_eleventh_schedule_is_refused(migrated: Database, clock: FixedClock) -> None:
    service, _ = make_service(migrated, clock)
    for hour in range(10):
        await daily_takeaways(service, at=f"{hour:02d}:00")
    with pytest.raises(Conflict, match="already has 10"):
        await daily_takeaways(service, at="11:00")


async def test_another_guilds_schedule_is_not_found(migrated: Database, clock: FixedClock) -> None:
    service, _ = make_service(migrated, clock)
    theirs = await daily_takeaways(service, guild=999)
    with pytest.raises(NotFound):
        await service.book.set_paused(GUILD, theirs.number, True)
    with pytest.raises(NotFound):
        await service.book.remove(GUILD, theirs.number, Kind.TAKEAWAY)


async def test_a_claim_left_without_outcome_is_reported_not_reposted(
    migrated: Database, clock: FixedClock
) -> None:
    service, poster = make_service(migrated, clock)
    schedule = await daily_takeaways(service)
    await service._claim(schedule, at(2, 9), at(2, 9))  # the process died right after

    await service.run_due(at(2, 9, 30))

    info = await service.book.get(GUILD, schedule.number, Kind.TAKEAWAY)
    assert info.last_slot is not None and info.last_slot.status == "interrupted"
    assert poster.posts == []
