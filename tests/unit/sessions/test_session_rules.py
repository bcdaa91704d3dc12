"""The session service's rules on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from bot.db.engine import Database
from bot.errors import Conflict, NotFound
from bot.services.schedules.delivery import PostFailed
from bot.services.sessions.model import EventRefused, SessionStatus
from bot.services.sessions.service import DiscordRefused
from tests.conftest import FixedClock
from tests.unit.sessions.builders import GUILD, NOW, ROOM, Sessions

START = datetime(2026, 3, 3, 18, 0, tzinfo=UTC)


async def test_a_refused_event_leaves_nothing_stored(world: Sessions) -> None:
    world.discord.refuse = EventRefused("missing Manage Events")

    with pytest.raises(DiscordRefused, match=r"missing Manage Events.*nothing was saved"):
        await world.schedule()

    assert await world.service.upcoming(GUILD) == []
    assert world.discord.announcements == []


async def test_a_failed_announcement_keeps_the_session_and_its_event(world: Sessions) -> None:
    world.discord.post_failures.append(PostFailed("Discord error 500"))

    info = await world.schedule()

    assert info.message_id is None
    assert [s.id for s in await world.service.upcoming(GUILD)] == [info.id]


async def test_a_topic_brings_its_summary_and_two_takeaways(world: Sessions) -> None:
    await world.schedule(topic="Caching")

    [(_, preparation)] = world.discord.announcements
    assert preparation is not None and preparation.topic == "caching"
    assert preparation.summary and len(preparation.takeaways) == 2


async def test_an_unknown_topic_is_refused_before_discord_is_asked(world: Sessions) -> None:
    with pytest.raises(NotFound, match="No topic named that"):
        await world.schedule(topic="cachng")
    assert world.discord.events == {}


async def test_upcoming_lists_scheduled_sessions_soonest_first_with_interest(
    world: Sessions,
) -> None:
    later = await world.schedule(when="2026-03-05 18:00")
    sooner = await world.schedule(when="2026-03-04 18:00")
    await world.presence.interested(later.event_id, 1, NOW)
    await world.presence.interested(later.event_id, 2, NOW)
    await world.presence.interested(later.event_id, 2, NOW)  # Discord may repeat an event

    listed = await world.service.upcoming(GUILD)

    assert [(s.id, s.interested) for s in listed] == [(sooner.id, 0), (later.id, 2)]


async def test_only_a_scheduled_session_can_be_cancelled(world: Sessions) -> None:
    info = await world.schedule()
    await world.service.cancel(GUILD, info.number)

    with pytest.raises(Conflict, match="is cancelled"):
        await world.service.cancel(GUILD, info.number)
    assert world.discord.cancelled == [info.event_id]


async def test_a_cancel_discord_refuses_keeps_the_session(world: Sessions) -> None:
    info = await world.schedule()
    world.discord.refuse = EventRefused("Discord had an error, 503")

    with pytest.raises(DiscordRefused, match="the session stays"):
        await world.service.cancel(GUILD, info.number)
    assert (await world.service.get(GUILD, info.number)).status is SessionStatus.SCHEDULED


async def test_sessions_of_another_guild_are_not_found(world: Sessions) -> None:
    info = await world.schedule()
    with pytest.raises(NotFound):
        await world.service.get(GUILD + 1, info.number)


async def test_ending_a_repeating_session_twice_at_once_creates_one_next(
    world: Sessions,
) -> None:
    info = await world.schedule(repeat="daily")

    created = await asyncio.gather(
        world.runs.finish(info.id, START + timedelta(hours=1)),
        world.runs.finish(info.id, START + timedelta(hours=1)),
    )

    made = [c for c in created if c is not None]
    assert len(made) == 1 and made[0].starts_at == START + timedelta(days=1)
    assert len(world.discord.events) == 2


async def test_a_repeat_missed_for_days_starts_after_now_not_in_the_past(world: Sessions) -> None:
    info = await world.schedule(repeat="daily")
    now = START + timedelta(days=3, hours=2)

    made = await world.runs.finish(info.id, now)

    assert made is not None and made.starts_at == START + timedelta(days=4)


async def test_attendance_counts_only_the_sessions_channel_while_it_runs(world: Sessions) -> None:
    info = await world.schedule()
    await world.presence.seen_in_voice(GUILD, ROOM, [1], START - timedelta(minutes=1))
    await world.presence.seen_in_voice(GUILD, ROOM, [2, 3], START + timedelta(minutes=5))
    await world.presence.seen_in_voice(GUILD, ROOM + 1, [4], START + timedelta(minutes=5))
    await world.presence.seen_in_voice(GUILD, ROOM, [2], START + timedelta(minutes=9))
    await world.presence.seen_in_voice(GUILD, ROOM, [5], START + timedelta(hours=1))

    report = await world.presence.attendance(info, START + timedelta(hours=2))

    assert report.user_ids == (2, 3)


async def test_forgetting_a_member_removes_their_interest_and_attendance(world: Sessions) -> None:
    info = await world.schedule()
    await world.presence.interested(info.event_id, 1, NOW)
    await world.presence.interested(info.event_id, 2, NOW)
    await world.presence.seen_in_voice(GUILD, ROOM, [1], START)

    assert await world.presence.records_of(1) == 2
    assert await world.presence.forget_user(1) == 2
    assert await world.presence.records_of(1) == 0
    assert await world.presence.interested_ids(info.id) == [2]


async def test_each_reminder_is_sent_once_even_from_two_processes(
    migrated: Database, clock: FixedClock
) -> None:
    first = Sessions(migrated, clock)
    second = Sessions(migrated, clock)
    second.discord = first.discord
    second.service.discord = first.discord
    await first.schedule()
    at = START - timedelta(hours=24)

    await asyncio.gather(first.reminders.run_due(at), second.reminders.run_due(at))
    await first.reminders.run_due(at + timedelta(minutes=1))

    assert [(lead) for _, lead, _ in first.discord.reminders] == ["24h"]


async def test_a_refused_reminder_is_retried_at_most_three_times(world: Sessions) -> None:
    info = await world.schedule()
    world.discord.post_failures.extend(PostFailed("Discord error 500") for _ in range(5))
    at = START - timedelta(minutes=15)

    for minute in range(5):
        await world.reminders.run_due(at + timedelta(minutes=minute))

    assert await world.reminders.outcomes(info.id) == {"24h": "skipped", "15m": "failed"}
    assert len(world.discord.post_failures) == 2  # three attempts used, no more
    world.discord.post_failures.clear()
    await world.reminders.run_due(at + timedelta(minutes=6))
    assert world.discord.reminders == []


async def test_a_retry_that_succeeds_is_recorded_late(world: Sessions) -> None:
    info = await world.schedule()
    world.discord.post_failures.append(PostFailed("Discord error 500"))
    at = START - timedelta(minutes=15)

    await world.reminders.run_due(at)
    await world.reminders.run_due(at + timedelta(minutes=5))

    assert await world.reminders.outcomes(info.id) == {"24h": "skipped", "15m": "late"}
    assert [lead for _, lead, _ in world.discord.reminders] == ["15m"]


class Crash(Exception):
    """The process dies while sending."""


async def test_a_reminder_claimed_by_a_process_that_died_is_not_sent_again(
    world: Sessions,
) -> None:
    info = await world.schedule()
    at = START - timedelta(hours=24)
    world.discord.post_failures.append(Crash())
    with pytest.raises(Crash):
        await world.reminders.run_due(at)

    await world.reminders.run_due(at + timedelta(minutes=11))
    await world.reminders.run_due(at + timedelta(minutes=12))

    assert await world.reminders.outcomes(info.id) == {"24h": "interrupted"}
    assert world.discord.reminders == []


async def test_the_playground_walks_to_reminders_and_ends(world: Sessions) -> None:
    await world.schedule()
    reminders = world.reminders
    assert await reminders.next_due_after(NOW) == START - timedelta(hours=24)
    assert await reminders.next_due_after(START - timedelta(hours=24)) == START - timedelta(
        minutes=15
    )
    assert await reminders.next_due_after(START) == START + timedelta(hours=1)


async def test_an_event_whose_row_cannot_be_stored_is_taken_back_from_discord(
    world: Sessions,
) -> None:
    first = await world.schedule()
    # The next event gets an id already stored: the unique constraint refuses the row.
    world.discord._ids = iter([first.event_id])  # type: ignore[assignment]

    with pytest.raises(IntegrityError):
        await world.schedule(when="2026-03-04 18:00")

    assert world.discord.cancelled == [first.event_id]
    assert [s.id for s in await world.service.upcoming(GUILD)] == [first.id]


async def test_a_session_scheduled_two_hours_ahead_gets_only_the_15_minute_reminder(
    world: Sessions, clock: FixedClock
) -> None:
    info = await world.schedule(when="2026-03-02 11:00")

    await world.reminders.run_due(datetime(2026, 3, 2, 9, 1, tzinfo=UTC))
    await world.reminders.run_due(datetime(2026, 3, 2, 10, 45, tzinfo=UTC))

    assert await world.reminders.outcomes(info.id) == {"24h": "skipped", "15m": "posted"}
    assert [lead for _, lead, _ in world.discord.reminders] == ["15m"]
