"""Reminders: set, listed, cancelled, and delivered exactly once through the schedule ledger."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.db.engine import Database
from bot.errors import Conflict, NotFound, ValidationError
from bot.services.guild_settings import GuildSettingsService, SettingsChange
from bot.services.reminders.service import MAX_PENDING, ReminderService
from bot.services.schedules.delivery import PostFailed, TakeawayService
from tests.conftest import FixedClock
from tests.unit.schedules.builders import CHANNEL, GUILD, RecordingPoster, at, make_service

MEMBER = 400


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(at(4, 10))  # Wednesday 4 March 2026, 10:00 UTC


def reminders_of(db: Database, clock: FixedClock) -> tuple[ReminderService, TakeawayService,
                                                           RecordingPoster]:  # fmt: skip
    ledger, poster = make_service(db, clock)
    return ReminderService(db.sessions, ledger.book, GuildSettingsService(db.sessions, clock)), \
        ledger, poster  # fmt: skip


async def test_a_reminder_is_posted_once_when_due_mentioning_its_member(
    migrated: Database, clock: FixedClock
) -> None:
    reminders, ledger, poster = reminders_of(migrated, clock)
    made = await reminders.create(GUILD, CHANNEL, MEMBER, "in 2h", "stand-up notes", clock.now)

    await ledger.run_due(at(4, 11, 59))
    report = await ledger.run_due(at(4, 12))
    await ledger.run_due(at(4, 12, 1))

    assert report.posted == [made.id]
    assert poster.posts == [(CHANNEL, f"<@{MEMBER}> stand-up notes")]
    assert await reminders.pending(GUILD, MEMBER) == []


async def test_two_processes_on_one_database_deliver_each_reminder_once(
    migrated: Database, clock: FixedClock
) -> None:
    second_db = Database(migrated.url, connect_args=migrated.connect_args)
    try:
        one, ledger_one, poster_one = reminders_of(migrated, clock)
        _, ledger_two, poster_two = reminders_of(second_db, clock)
        for hours in range(1, 4):
            await one.create(GUILD, CHANNEL, MEMBER, f"in {hours}h", f"r{hours}", clock.now)
        for hours in range(1, 4):
            moment = at(4, 10 + hours)
            await asyncio.gather(ledger_one.run_due(moment), ledger_two.run_due(moment))
    finally:
        await second_db.dispose()

    delivered = sorted(what for _, what in poster_one.posts + poster_two.posts)
    assert delivered == [f"<@{MEMBER}> r1", f"<@{MEMBER}> r2", f"<@{MEMBER}> r3"]


async def test_a_reminder_missed_beyond_the_catch_up_window_is_recorded_skipped(
    migrated: Database, clock: FixedClock
) -> None:
    reminders, ledger, poster = reminders_of(migrated, clock)
    made = await reminders.create(GUILD, CHANNEL, MEMBER, "in 1h", "late", clock.now)

    report = await ledger.run_due(at(4, 11) + timedelta(minutes=61))

    assert report.skipped == [made.id] and poster.posts == []


async def test_a_refused_reminder_is_retried_then_delivered(
    migrated: Database, clock: FixedClock
) -> None:
    reminders, ledger, poster = reminders_of(migrated, clock)
    await reminders.create(GUILD, CHANNEL, MEMBER, "in 1h", "retry me", clock.now)
    poster.failures.append(PostFailed("Discord error 503"))

    await ledger.run_due(at(4, 11))
    await ledger.run_due(at(4, 11, 1))

    assert poster.posts == [(CHANNEL, f"<@{MEMBER}> retry me")]


async def test_times_are_read_in_the_members_zone_else_the_guilds(
    migrated: Database, clock: FixedClock
) -> None:
    reminders, _, _ = reminders_of(migrated, clock)
    settings = GuildSettingsService(migrated.sessions, clock)
    await settings.update(GUILD, SettingsChange(timezone="Africa/Lagos"))
    guild_default = await reminders.create(GUILD, CHANNEL, MEMBER, "today 18:00", "a", clock.now)
    await reminders.set_timezone(MEMBER, "America/New_York", clock.now)
    own = await reminders.create(GUILD, CHANNEL, MEMBER, "today 18:00", "b", clock.now)

    assert guild_default.due_at == at(4, 17)
    assert own.due_at == at(4, 23)
    assert own.timezone == "America/New_York"


async def test_the_26th_pending_reminder_is_refused_and_nothing_is_stored(
    migrated: Database, clock: FixedClock
) -> None:
    reminders, _, _ = reminders_of(migrated, clock)
    for minutes in range(1, MAX_PENDING + 1):
        await reminders.create(GUILD, CHANNEL, MEMBER, f"in {minutes}m", "x", clock.now)

    with pytest.raises(Conflict, match="25 reminders"):
        await reminders.create(GUILD, CHANNEL, MEMBER, "in 2h", "one more", clock.now)
    assert len(await reminders.pending(GUILD, MEMBER)) == MAX_PENDING


async def test_reminders_never_count_against_the_servers_schedules(
    migrated: Database, clock: FixedClock
) -> None:
    reminders, ledger, _ = reminders_of(migrated, clock)
    for minutes in range(1, 12):
        await reminders.create(GUILD, CHANNEL, MEMBER, f"in {minutes}m", "x", clock.now)
    await ledger.book.schedule_takeaways(GUILD, CHANNEL, 1, "09:00", None, None)


@pytest.mark.parametrize(
    ("when", "text", "message"),
    [("in 2h", "x" * 1990, "too long"), ("in 2h", "   ", "empty"), ("soon", "x", "in 90m"),
     ("2026-03-01 09:00", "x", "in the past")],
)  # fmt: skip
async def test_bad_input_is_refused_and_nothing_is_stored(
    migrated: Database, clock: FixedClock, when: str, text: str, message: str
) -> None:
    reminders, _, _ = reminders_of(migrated, clock)
    with pytest.raises(ValidationError, match=message):
        await reminders.create(GUILD, CHANNEL, MEMBER, when, text, clock.now)
    assert await reminders.pending(GUILD, MEMBER) == []


async def test_the_longest_reminder_that_fits_is_accepted(
    migrated: Database, clock: FixedClock
) -> None:
    reminders, _, _ = reminders_of(migrated, clock)
    text = "x" * (2000 - len(f"⏰ <@{MEMBER}>, you asked me to remind you:\n"))
    await reminders.create(GUILD, CHANNEL, MEMBER, "in 2h", text, clock.now)
    with pytest.raises(ValidationError):
        await reminders.create(GUILD, CHANNEL, MEMBER, "in 2h", text + "x", clock.now)


async def test_only_the_member_can_cancel_and_a_cancelled_reminder_never_fires(
    migrated: Database, clock: FixedClock
) -> None:
    reminders, ledger, poster = reminders_of(migrated, clock)
    made = await reminders.create(GUILD, CHANNEL, MEMBER, "in 1h", "x", clock.now)

    with pytest.raises(NotFound):
        await reminders.cancel(GUILD, MEMBER + 1, made.number)
    await reminders.cancel(GUILD, MEMBER, made.number)
    await ledger.run_due(at(4, 11))

    assert poster.posts == []


async def test_an_unknown_time_zone_is_refused(migrated: Database, clock: FixedClock) -> None:
    reminders, _, _ = reminders_of(migrated, clock)
    with pytest.raises(ValidationError, match="not a time zone"):
        await reminders.set_timezone(MEMBER, "Mars/Olympus", clock.now)
    assert await reminders.zone_of(GUILD, MEMBER) == "UTC"


async def test_remind_me_about_this_is_due_in_a_day_with_the_link(
    migrated: Database, clock: FixedClock
) -> None:
    reminders, _, _ = reminders_of(migrated, clock)
    link = "https://discord.com/channels/1/2/3"
    made = await reminders.remind_about(GUILD, CHANNEL, MEMBER, link, clock.now)
    assert made.due_at == clock.now + timedelta(days=1)
    assert link in made.text


async def test_a_relative_reminder_asked_again_within_minutes_is_the_same_reminder(
    migrated: Database, clock: FixedClock
) -> None:
    reminders, _, _ = reminders_of(migrated, clock)
    first = await reminders.create(GUILD, CHANNEL, MEMBER, "in 2h", "stretch", clock.now)
    clock.now += timedelta(seconds=40)  # "The application did not respond": asked again

    again = await reminders.create(GUILD, CHANNEL, MEMBER, "in 2h", "stretch", clock.now)

    assert again == first
    assert len(await reminders.pending(GUILD, MEMBER)) == 1


async def test_the_same_text_for_another_time_is_a_second_reminder(
    migrated: Database, clock: FixedClock
) -> None:
    reminders, _, _ = reminders_of(migrated, clock)
    await reminders.create(GUILD, CHANNEL, MEMBER, "in 2h", "stretch", clock.now)
    clock.now += timedelta(seconds=40)

    await reminders.create(GUILD, CHANNEL, MEMBER, "in 4h", "stretch", clock.now)

    assert len(await reminders.pending(GUILD, MEMBER)) == 2
