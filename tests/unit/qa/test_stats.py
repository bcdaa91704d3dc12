"""`/qa stats` figures: asked, solved, unanswered, median time to a first answer, helpers."""

from __future__ import annotations

from datetime import timedelta

from bot.db.engine import Database
from bot.services.qa.stats import Helper, QAStats
from tests.conftest import FixedClock
from tests.qa_builders import ASKER, GUILD, HELPER, MENTOR, QAWorld


async def test_stats_cover_the_last_30_days(migrated: Database, clock: FixedClock) -> None:
    qa = QAWorld(migrated, clock)
    old = await qa.thread("Old question")
    await qa.reply(old, "old reply", after=60)
    clock.now += timedelta(days=31)

    solved = await qa.thread("Solved")
    await qa.reply(solved, "me too", author=ASKER, after=10)  # the asker: not an answer
    await qa.solve(solved, "answer")  # 60 s after the question
    replied = await qa.thread("Replied")
    await qa.reply(replied, "a thought", author=MENTOR, after=180)
    await qa.reply(replied, "another", author=HELPER, after=300)
    await qa.thread("Nobody answered")
    await qa.thread("Other guild", guild=GUILD + 1)

    stats = await QAStats(migrated.sessions, clock).stats(GUILD)

    assert (stats.asked, stats.solved, stats.unanswered) == (3, 1, 1)
    assert stats.median_first_answer == timedelta(seconds=120)
    assert stats.helpers == (Helper(HELPER, 1, 2), Helper(MENTOR, 0, 1))


async def test_stats_of_a_quiet_guild(migrated: Database, clock: FixedClock) -> None:
    stats = await QAStats(migrated.sessions, clock).stats(GUILD)

    assert (stats.asked, stats.solved, stats.unanswered) == (0, 0, 0)
    assert stats.median_first_answer is None and stats.helpers == ()
