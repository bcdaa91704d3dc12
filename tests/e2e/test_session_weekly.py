"""`/session schedule repeat:weekly`: the README's weekly sessions, on the first one's day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.simulation import World
from tests.e2e.session_world import furnish

FRIDAY_EVENING = datetime(2026, 1, 2, 18, 0, tzinfo=UTC)


async def test_a_weekly_session_repeats_a_week_later_on_the_same_day(world: World) -> None:
    sw = await furnish(world)

    reply = await sw.schedule(when="2026-01-02 18:00", repeat="weekly")

    assert reply.response.embeds[0].title == "Session #1 scheduled: Django ORM office hours"
    shown = "\n".join(f.value or "" for f in reply.response.embeds[0].fields)
    assert "Repeats fri at 18:00 (UTC)" in shown
    report = await sw.run_due(FRIDAY_EVENING + timedelta(hours=1))
    assert report.repeated != []
    upcoming = await sw.bot.services.sessions.upcoming(world.guild.id)
    assert [s.starts_at for s in upcoming] == [FRIDAY_EVENING + timedelta(days=7)]
    assert [s.number for s in upcoming] == [2]
