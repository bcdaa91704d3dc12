"""A session's life as Discord really runs it: a voice event starts only when Nexus (or a
host) starts it, a weekly series survives a refused next event, and a READY after time
away brings the sessions back in step with their events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.db.models import StudySession
from tests.conftest import World
from tests.e2e.session_world import SessionWorld, furnish, posts
from tests.e2e.test_reconnect import send_ready_again
from tests.strict.events import channel_emptied, start_as_host

# The world's clock starts at 2026-01-01 00:00 UTC; these sessions run 00:30 to 01:30.
START = datetime(2026, 1, 1, 0, 30, tzinfo=UTC)
END = START + timedelta(hours=1)


@pytest.fixture
async def sw(world: World) -> SessionWorld:
    return await furnish(world)


async def until(sw: SessionWorld, moment: datetime) -> None:
    await sw.base.env.advance_time((moment - sw.bot.clock()).total_seconds())


async def came(sw: SessionWorld, session_id: int = 1) -> tuple[int, ...]:
    info = await sw.bot.services.sessions.get(sw.base.guild.id, session_id)
    report = await sw.bot.services.session_presence.attendance(info, END + timedelta(hours=1))
    return tuple(report.user_ids)


async def test_nexus_starts_its_voice_event_at_the_start_time(sw: SessionWorld) -> None:
    await sw.schedule(when="2026-01-01 00:30")
    [event] = sw.events()
    await until(sw, START + timedelta(minutes=1))
    assert sw.event(event.id).status == 1  # Discord starts no voice event by itself

    report = await sw.run_due(sw.bot.clock())

    assert sw.event(event.id).status == 2 and report.started == [1]
    again = await sw.run_due(sw.bot.clock() + timedelta(minutes=1))
    assert again.started == []


async def test_a_host_who_starts_early_is_fine_and_attendance_counts_from_the_start(
    sw: SessionWorld,
) -> None:
    await sw.schedule(when="2026-01-01 00:30")
    [event] = sw.events()
    await until(sw, START - timedelta(minutes=10))
    start_as_host(sw.base.env, sw.base.guild.id, event.id)
    await sw.base.env.settle()
    await sw.base.bob.join_voice(sw.room)  # leaves before the session's own start
    await sw.base.alice.join_voice(sw.room)  # stays: she attends
    await sw.base.bob.leave_voice()

    await until(sw, START)
    report = await sw.run_due(sw.bot.clock())

    assert await came(sw) == (sw.base.alice.id,)
    assert sw.event(event.id).status == 2 and report.started == [1]


async def test_a_refused_next_event_is_tried_again_and_the_series_goes_on(
    sw: SessionWorld,
) -> None:
    await sw.schedule(when="2026-01-01 00:30", repeat="daily")
    sw.base.env.inject_error("POST", "/guilds/*/scheduled-events", status=503)

    first = await sw.run_due(END)
    second = await sw.run_due(END + timedelta(minutes=1))

    assert first.ended == [1] and first.repeated == []
    assert second.repeated == [2] and len(sw.events()) == 2
    upcoming = await sw.bot.services.sessions.upcoming(sw.base.guild.id)
    assert [s.starts_at for s in upcoming] == [START + timedelta(days=1)]


async def test_a_series_discord_keeps_refusing_is_given_up_with_one_notice(
    sw: SessionWorld,
) -> None:
    await sw.schedule(when="2026-01-01 00:30", repeat="daily")
    for number in range(99):  # with the session's own: Discord's limit of 100 events
        sw.base.guild.create_scheduled_event(
            f"Other {number}", start_time="2026-02-01T10:00:00+00:00", channel=sw.room
        )

    for minutes in (0, 1, 30, 61, 62):
        report = await sw.run_due(END + timedelta(minutes=minutes))
        assert report.repeated == []

    notices = [m.content for m in posts(sw.base) if m.content.startswith("⚠️")]
    assert len(notices) == 1
    assert "Maximum number of uncompleted guild scheduled events" in notices[0]
    assert "Django ORM office hours" in notices[0] and "/session schedule" in notices[0]
    async with sw.bot.db.sessions() as session:
        row = await session.scalar(select(StudySession).where(StudySession.id == 1))
    assert row is not None and row.repeat_state == "abandoned"


async def test_a_ready_after_time_away_cancels_a_deleted_event_and_rebuilds_interest(
    sw: SessionWorld,
) -> None:
    await sw.schedule()
    await sw.schedule(title="Kept", when="2026-01-03 18:00")
    gone, kept = sorted(sw.events(), key=lambda e: e.scheduled_start_time)
    await sw.base.alice.subscribe_event(gone.id)
    await sw.base.alice.subscribe_event(kept.id)
    # While Nexus was away: the first event deleted, Interested changed on the second.
    backend = sw.base.env.backend
    del backend.get_guild(sw.base.guild.id).scheduled_events[gone.id]
    kept.user_ids.discard(sw.base.alice.id)
    kept.user_ids.add(sw.base.bob.id)
    await sw.base.env.advance_time(600)

    send_ready_again(sw.base)
    await sw.base.env.settle()

    sessions = sw.bot.services.sessions
    assert (await sessions.get(sw.base.guild.id, 1)).status.value == "cancelled"
    assert await sw.bot.services.session_presence.interested_ids(2) == [sw.base.bob.id]
    await sw.run_due(datetime(2026, 1, 1, 18, 0, tzinfo=UTC))
    assert not [m for m in posts(sw.base) if m.content.startswith("⏰")]


async def test_a_ready_reads_every_page_of_interested_members(sw: SessionWorld) -> None:
    await sw.schedule()
    [event] = sw.events()
    crowd = [sw.base.guild.add_member(sw.base.env.create_user(f"m{i}")) for i in range(230)]
    event.user_ids.update(member.id for member in crowd)  # pressed while Nexus was away

    send_ready_again(sw.base)
    await sw.base.env.settle()

    interested = await sw.bot.services.session_presence.interested_ids(1)
    assert sorted(interested) == sorted(member.id for member in crowd)


async def test_an_event_discord_ends_when_its_channel_empties_still_counts_and_repeats(
    sw: SessionWorld,
) -> None:
    await sw.schedule(when="2026-01-01 00:30", repeat="daily")
    [event] = sw.events()
    await until(sw, START)
    await sw.run_due(sw.bot.clock())  # Nexus starts it
    await sw.base.alice.join_voice(sw.room)
    await until(sw, START + timedelta(minutes=5))
    await sw.base.alice.leave_voice()
    await until(sw, START + timedelta(minutes=10))

    channel_emptied(sw.base.env, sw.base.guild.id, event.id)
    await sw.base.env.settle()

    assert await came(sw) == (sw.base.alice.id,)
    upcoming = await sw.bot.services.sessions.upcoming(sw.base.guild.id)
    assert [s.starts_at for s in upcoming] == [START + timedelta(days=1)]
    report = await sw.run_due(END)  # the sweep at its end time finds nothing left to do
    assert report.ended == [] and report.repeated == []
