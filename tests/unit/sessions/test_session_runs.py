"""Starting, repeating and reconciling sessions, and reminders in parts, on a real database
(SQLite and PostgreSQL) with a recording stand-in for Discord."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.services.schedules.delivery import PostFailed
from bot.services.sessions.model import EventRefused, EventStatus, SessionStatus
from tests.unit.sessions.builders import GUILD, NOW, ROOM, Sessions

START = datetime(2026, 3, 3, 18, 0, tzinfo=UTC)
END = START + timedelta(hours=1)


async def test_a_voice_session_is_started_once_with_who_is_already_there(world: Sessions) -> None:
    info = await world.schedule()
    world.discord.in_voice[ROOM] = [7, 8]

    assert await world.runs.start_due(START - timedelta(minutes=1)) == []
    assert await world.runs.start_due(START) == [info.id]
    assert await world.runs.start_due(START + timedelta(minutes=1)) == []

    assert world.discord.started == [info.event_id]
    report = await world.presence.attendance(info, END)
    assert report.user_ids == (7, 8)


async def test_a_start_discord_refuses_is_tried_again(world: Sessions) -> None:
    info = await world.schedule()
    world.discord.refuse = EventRefused("Discord had an error, 503")
    assert await world.runs.start_due(START) == []

    world.discord.refuse = None
    assert await world.runs.start_due(START + timedelta(minutes=1)) == [info.id]


async def test_an_external_session_is_left_to_discord(world: Sessions) -> None:
    await world.schedule(voice_channel_id=None, location="https://meet.example.org/x")
    assert await world.runs.start_due(START) == []
    assert world.discord.started == []


async def test_a_refused_repeat_is_owed_and_made_on_a_later_run(world: Sessions) -> None:
    info = await world.schedule(repeat="daily")
    world.discord.refusals.append(EventRefused("Discord had an error, 503"))

    assert await world.runs.finish(info.id, END) is None
    assert await world.runs.retry_repeats(END) == []  # not again within the same run
    made = await world.runs.retry_repeats(END + timedelta(minutes=1))

    assert len(made) == 1
    [upcoming] = await world.service.upcoming(GUILD)
    assert upcoming.id == made[0] and upcoming.starts_at == START + timedelta(days=1)
    assert world.discord.notices == []


async def test_a_repeat_refused_to_the_end_is_given_up_with_one_notice(world: Sessions) -> None:
    info = await world.schedule(repeat="daily")
    world.discord.refuse = EventRefused("I'm missing **Connect** in <#250>")

    await world.runs.finish(info.id, END)
    for minutes in (1, 2, 30, 61, 62, 120):
        await world.runs.retry_repeats(END + timedelta(minutes=minutes))

    [(session_id, text)] = world.discord.notices
    assert session_id == info.id and "**Connect**" in text and "Office hours" in text
    assert await world.service.upcoming(GUILD) == []


async def test_reconciling_cancels_gone_events_and_keeps_clicks_made_meanwhile(
    world: Sessions,
) -> None:
    gone = await world.schedule()
    kept = await world.schedule(when="2026-03-04 18:00")
    world.discord.statuses[gone.event_id] = EventStatus.GONE
    world.discord.interested[kept.event_id] = (1, 2)
    await world.presence.interested(kept.event_id, 3, NOW - timedelta(hours=1))  # taken back
    later = NOW + timedelta(seconds=1)
    await world.presence.interested(kept.event_id, 4, later)  # clicked during the reconcile

    report = await world.runs.reconcile([GUILD], NOW)

    assert report.cancelled == [gone.id] and report.checked == 2
    assert (await world.service.get(GUILD, gone.number)).status is SessionStatus.CANCELLED
    assert sorted(await world.presence.interested_ids(kept.id)) == [1, 2, 4]


async def test_a_reminder_to_120_members_is_three_parts_and_a_retry_sends_only_the_rest(
    world: Sessions,
) -> None:
    info = await world.schedule()
    for user_id in range(1, 121):
        await world.presence.interested(info.event_id, user_id, NOW)
    at = START - timedelta(hours=24)
    real = world.discord.post_reminder
    calls: list[int] = []

    async def second_refused(*args: Any) -> int:
        calls.append(1)
        if len(calls) == 2:
            raise PostFailed("Discord error 500")
        return await real(*args)

    world.discord.post_reminder = second_refused  # type: ignore[method-assign]

    await world.reminders.run_due(at)  # the second part is refused
    assert await world.reminders.outcomes(info.id) == {"24h": "failed"}
    await world.presence.interested(info.event_id, 999, at)  # too late for this reminder
    await world.reminders.run_due(at + timedelta(minutes=1))

    sizes = [len(user_ids) for _, _, user_ids in world.discord.reminders]
    assert sizes == [50, 50, 20] and len(calls) == 4
    pinged = [u for _, _, user_ids in world.discord.reminders for u in user_ids]
    assert sorted(pinged) == list(range(1, 121))
    assert await world.reminders.outcomes(info.id) == {"24h": "posted"}
