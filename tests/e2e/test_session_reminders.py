"""Reminders before a session, ending it, and its repeat across a DST change."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import World
from tests.e2e.session_world import SessionWorld, furnish, posts, start_of

START = datetime(2026, 1, 2, 18, 0, tzinfo=UTC)


@pytest.fixture
async def sw(world: World) -> SessionWorld:
    return await furnish(world)


def reminders(sw: SessionWorld) -> list[object]:
    return [m for m in posts(sw.base) if m.content.startswith("⏰")]


async def outcomes(sw: SessionWorld, session_id: int = 1) -> dict[str, str]:
    return await sw.bot.services.session_reminders.outcomes(session_id)


async def test_reminders_ping_exactly_the_interested_members_once(sw: SessionWorld) -> None:
    await sw.schedule()
    [event] = sw.events()
    await sw.base.alice.subscribe_event(event.id)

    await sw.run_due(datetime(2026, 1, 1, 18, 0, tzinfo=UTC))
    await sw.run_due(datetime(2026, 1, 1, 18, 1, tzinfo=UTC))  # a second run finds the ledger

    [day_before] = reminders(sw)
    assert "<t:1767376800:R>" in day_before.content  # type: ignore[attr-defined]
    stored = sw.base.env.backend.get_message(sw.base.channel.id, day_before.id)  # type: ignore[attr-defined]
    assert stored.allowed_mentions.users == frozenset({sw.base.alice.id})
    assert not stored.allowed_mentions.everyone and stored.allowed_mentions.roles == frozenset()
    assert [u.id for u in day_before.mentions] == [sw.base.alice.id]  # type: ignore[attr-defined]

    await sw.base.bob.subscribe_event(event.id)
    await sw.run_due(datetime(2026, 1, 2, 17, 45, tzinfo=UTC))

    soon = reminders(sw)[-1]
    assert len(reminders(sw)) == 2 and "Django ORM office hours" in soon.content  # type: ignore[attr-defined]
    assert {u.id for u in soon.mentions} == {sw.base.alice.id, sw.base.bob.id}  # type: ignore[attr-defined]
    assert await outcomes(sw) == {"24h": "posted", "15m": "posted"}


async def test_a_reminder_with_nobody_interested_pings_nobody(sw: SessionWorld) -> None:
    await sw.schedule()
    await sw.run_due(datetime(2026, 1, 1, 18, 0, tzinfo=UTC))

    [reminder] = reminders(sw)
    assert reminder.mentions == []  # type: ignore[attr-defined]


async def test_a_reminder_missed_while_offline_is_skipped_or_sent_late(sw: SessionWorld) -> None:
    await sw.schedule()

    await sw.run_due(datetime(2026, 1, 2, 17, 50, tzinfo=UTC))

    assert await outcomes(sw) == {"24h": "skipped", "15m": "late"}
    assert len(reminders(sw)) == 1


async def test_a_refused_reminder_is_recorded_as_failed(sw: SessionWorld) -> None:
    await sw.schedule()
    sw.base.env.inject_error("POST", "/channels/*/messages", status=403)

    await sw.run_due(datetime(2026, 1, 1, 18, 0, tzinfo=UTC))

    assert await outcomes(sw) == {"24h": "failed"}
    assert reminders(sw) == []


async def test_a_cancelled_session_sends_no_reminders(sw: SessionWorld) -> None:
    await sw.schedule()
    await sw.base.mentor.slash(sw.base.channel, "session cancel", id=1)

    await sw.run_due(datetime(2026, 1, 2, 17, 45, tzinfo=UTC))

    assert reminders(sw) == []


async def test_a_moved_session_is_reminded_again_for_its_new_time(sw: SessionWorld) -> None:
    await sw.schedule()
    await sw.run_due(datetime(2026, 1, 1, 18, 0, tzinfo=UTC))
    await sw.base.mentor.slash(sw.base.channel, "session edit", id=1, when="2026-01-03 18:00")

    await sw.run_due(datetime(2026, 1, 2, 18, 0, tzinfo=UTC))

    assert len(reminders(sw)) == 2


async def test_a_session_that_is_over_is_ended(sw: SessionWorld) -> None:
    await sw.schedule()

    report = await sw.run_due(datetime(2026, 1, 2, 19, 0, tzinfo=UTC))

    assert report.ended == [1] and report.repeated == []
    assert (await sw.bot.services.sessions.get(sw.base.guild.id, 1)).status.value == "ended"


async def test_a_repeating_session_keeps_its_local_time_across_dst(sw: SessionWorld) -> None:
    # New York springs forward on Sunday 8 March 2026: 18:00 is 23:00 UTC before, 22:00 after.
    await sw.schedule(when="2026-03-07 18:00", timezone="America/New_York", repeat="daily")

    report = await sw.run_due(datetime(2026, 3, 7, 23, 0, tzinfo=UTC))
    assert report.repeated == []
    report = await sw.run_due(datetime(2026, 3, 8, 0, 0, tzinfo=UTC))

    assert report.ended == [1] and report.repeated == [2]
    first, second = sorted(sw.events(), key=start_of)
    assert start_of(first) == datetime(2026, 3, 7, 23, 0, tzinfo=UTC)
    assert start_of(second) == datetime(2026, 3, 8, 22, 0, tzinfo=UTC)
    assert second.name == "Django ORM office hours" and second.channel_id == sw.room.id
    assert len([m for m in posts(sw.base) if m.embeds]) == 2  # the next one is announced too

    again = await sw.run_due(datetime(2026, 3, 8, 0, 1, tzinfo=UTC))
    assert again.repeated == [] and len(sw.events()) == 2
