"""A member's retry of a schedule command (a new interaction, the same options) makes no
second schedule; the same options later, or different ones, do."""

from __future__ import annotations

from datetime import timedelta

from bot.db.engine import Database
from bot.services.schedules.book import RETRY_WINDOW, ScheduleBook
from tests.conftest import FixedClock
from tests.unit.schedules.builders import CHANNEL, GUILD, MENTOR


async def test_the_same_takeaway_schedule_asked_again_at_once_is_the_first_one(
    migrated: Database, clock: FixedClock
) -> None:
    book = ScheduleBook(migrated.sessions, clock)

    first = await book.schedule_takeaways(GUILD, CHANNEL, MENTOR, "09:00", "weekdays", "UTC")
    clock.now += timedelta(seconds=5)
    retried = await book.schedule_takeaways(GUILD, CHANNEL, MENTOR, "09:00", "weekdays", "UTC")

    assert retried.id == first.id
    assert len(await book.of_guild(GUILD, first.kind)) == 1


async def test_the_same_announcement_asked_again_at_once_is_the_first_one(
    migrated: Database, clock: FixedClock
) -> None:
    book = ScheduleBook(migrated.sessions, clock)
    args = (GUILD, CHANNEL, MENTOR, "Demo day", "2030-01-01 10:00", None, "UTC")

    first = await book.schedule_announcement(*args)
    retried = await book.schedule_announcement(*args)

    assert retried.id == first.id


async def test_different_options_or_a_later_request_make_a_new_schedule(
    migrated: Database, clock: FixedClock
) -> None:
    book = ScheduleBook(migrated.sessions, clock)

    first = await book.schedule_takeaways(GUILD, CHANNEL, MENTOR, "09:00", "weekdays", "UTC")
    other_time = await book.schedule_takeaways(GUILD, CHANNEL, MENTOR, "10:00", "weekdays", "UTC")
    clock.now += RETRY_WINDOW + timedelta(seconds=1)
    later = await book.schedule_takeaways(GUILD, CHANNEL, MENTOR, "09:00", "weekdays", "UTC")

    assert len({first.id, other_time.id, later.id}) == 3
