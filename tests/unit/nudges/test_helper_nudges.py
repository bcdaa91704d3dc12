"""Helper sign-ups and the unanswered-question nudge, through the schedule ledger."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from itertools import count

import pytest

from bot.db.engine import Database
from bot.errors import NotFound, ValidationError
from bot.knowledge.model import Category
from bot.services.guild_settings import GuildSettingsService, SettingsChange
from bot.services.nudges.delays import MARK_AFTER, UNANSWERED_AFTER, check_delay
from bot.services.nudges.helpers import HelperRoster
from bot.services.nudges.sweep import NudgeSweep, Release
from bot.services.qa.archive import IncomingMessage, MessageArchive
from bot.services.qa.questions import NewThread, QAService
from bot.services.schedules.delivery import TakeawayService
from tests.conftest import FixedClock
from tests.unit.schedules.builders import LIBRARY, RecordingPoster, at, make_service

GUILD = 100
ASKER = 1
_ids = count(50_000)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(at(4, 10))


class NudgeWorld:
    def __init__(self, db: Database, clock: FixedClock, release: Release | None = None) -> None:
        self.clock = clock
        self.settings = GuildSettingsService(db.sessions, clock)
        self.roster = HelperRoster(db.sessions)
        self.sweep = NudgeSweep(
            db.sessions, self.settings,
            lambda slug: t.category if (t := LIBRARY.topics.get(slug)) else None,
            catchup=timedelta(minutes=60), release=release,
        )  # fmt: skip
        self.ledger, self.poster = make_service(db, clock)
        self.qa = QAService(db.sessions, clock)
        self.archive = MessageArchive(db.sessions, clock)

    async def question(self, topic: str | None = "caching", asker: int = ASKER) -> int:
        thread_id = next(_ids)
        await self.qa.record_thread(
            NewThread(thread_id, GUILD, 9, thread_id, asker, "asker", "Why?", "Why?", topic)
        )
        return thread_id

    async def reply(self, thread_id: int, author: int, moment: datetime) -> None:
        await self.archive.store(
            IncomingMessage(next(_ids), thread_id, author, f"u{author}", "try this", moment)
        )

    async def tick(self, moment: datetime, ledger: TakeawayService | None = None) -> None:
        await self.sweep.register_due(moment)
        await (ledger or self.ledger).run_due(moment)


async def helpers(world: NudgeWorld, *ids: int, category: str = "data") -> None:
    for offset, user in enumerate(ids):
        await world.roster.join(GUILD, user, category, at(4, 9, offset))


def pinged(poster: RecordingPoster) -> list[str]:
    return [what.split("]")[0] + "]" for _, what in poster.posts]


async def test_an_unanswered_question_pings_its_categorys_helpers_once_after_two_hours(
    migrated: Database, clock: FixedClock
) -> None:
    world = NudgeWorld(migrated, clock)
    await helpers(world, 21, 22, ASKER)
    thread = await world.question("caching")  # a Data topic

    await world.tick(at(4, 11, 59))
    assert world.poster.posts == []
    await world.tick(at(4, 12))
    await world.tick(at(4, 12, 1))
    await world.tick(at(4, 14))

    assert len(world.poster.posts) == 1
    channel, text = world.poster.posts[0]
    assert channel == thread
    assert text.startswith("[21, 22] ")  # never the asker
    assert "**Data** question has had no reply for 2 hours" in text


async def test_a_reply_from_someone_else_means_no_nudge(
    migrated: Database, clock: FixedClock
) -> None:
    world = NudgeWorld(migrated, clock)
    await helpers(world, 21)
    thread = await world.question()
    await world.reply(thread, ASKER, at(4, 10, 5))  # the asker adding detail does not count
    other = await world.question()
    await world.reply(other, 21, at(4, 10, 5))

    await world.tick(at(4, 12))

    assert [channel for channel, _ in world.poster.posts] == [thread]


async def test_at_most_five_helpers_least_recently_nudged_first(
    migrated: Database, clock: FixedClock
) -> None:
    world = NudgeWorld(migrated, clock)
    await helpers(world, *range(21, 28))  # seven helpers
    await world.question()
    await world.tick(at(4, 12))
    clock.now = at(4, 13)
    await world.question()
    await world.tick(at(4, 15))

    assert pinged(world.poster) == ["[21, 22, 23, 24, 25]", "[21, 22, 23, 26, 27]"]


async def test_questions_without_a_topic_or_without_helpers_are_left_alone(
    migrated: Database, clock: FixedClock
) -> None:
    world = NudgeWorld(migrated, clock)
    await helpers(world, 21, category="apis")
    await world.question(None)
    await world.question("caching")  # Data: nobody signed up

    await world.tick(at(4, 12))

    assert world.poster.posts == []


async def test_two_processes_on_one_database_send_each_nudge_once(
    migrated: Database, clock: FixedClock
) -> None:
    second_db = Database(migrated.url, connect_args=migrated.connect_args)
    try:
        one, two = NudgeWorld(migrated, clock), NudgeWorld(second_db, clock)
        await helpers(one, 21, 22)
        for _ in range(3):
            await one.question()
        for minute in range(3):
            moment = at(4, 12, minute)
            await asyncio.gather(one.tick(moment), two.tick(moment))
    finally:
        await second_db.dispose()

    assert len(one.poster.posts) + len(two.poster.posts) == 3


async def test_a_server_can_change_the_delay_or_turn_the_nudge_off(
    migrated: Database, clock: FixedClock
) -> None:
    world = NudgeWorld(migrated, clock)
    await helpers(world, 21)
    await world.settings.update(GUILD, SettingsChange(unanswered_after=30))
    await world.question()
    await world.tick(at(4, 10, 30))
    assert len(world.poster.posts) == 1

    await world.settings.update(GUILD, SettingsChange(unanswered_after=0))
    await world.question()
    await world.tick(at(4, 14))
    assert len(world.poster.posts) == 1


async def test_a_nudge_missed_beyond_the_catch_up_window_is_not_sent(
    migrated: Database, clock: FixedClock
) -> None:
    world = NudgeWorld(migrated, clock)
    await helpers(world, 21)
    await world.question()

    await world.tick(at(4, 13, 1))  # due 12:00; the bot was offline until 13:01

    assert world.poster.posts == []


@pytest.mark.parametrize("minutes", [-5, 1, 14, 10081])
def test_delays_out_of_range_are_refused(minutes: int) -> None:
    with pytest.raises(ValidationError, match="between 15 and 10,080"):
        check_delay(UNANSWERED_AFTER, minutes)


async def test_joining_leaving_and_the_roster(migrated: Database, clock: FixedClock) -> None:
    world = NudgeWorld(migrated, clock)
    assert await world.roster.join(GUILD, 21, "data", clock.now) is Category.DATA
    await world.roster.join(GUILD, 21, "data", clock.now)  # twice changes nothing
    await world.roster.join(GUILD, 21, "apis", clock.now)
    await world.roster.join(GUILD, 22, "apis", clock.now)

    roster = await world.roster.roster(GUILD, 21)
    assert roster.mine == (Category.APIS, Category.DATA)
    assert roster.counts == {Category.APIS: 2, Category.DATA: 1}
    assert await world.roster.leave(GUILD, 21, None) == (Category.APIS, Category.DATA)
    with pytest.raises(NotFound):
        await world.roster.leave(GUILD, 21, "data")
    with pytest.raises(ValidationError, match="not a category"):
        await world.roster.join(GUILD, 21, "cooking", clock.now)


async def test_a_replied_question_quiet_for_a_day_asks_its_asker_to_mark_the_answer(
    migrated: Database, clock: FixedClock
) -> None:
    world = NudgeWorld(migrated, clock)
    thread = await world.question()
    await world.reply(thread, 21, at(4, 11))
    await world.reply(thread, ASKER, at(4, 12))  # the last activity: the clock starts here

    await world.tick(at(5, 11, 59))
    assert world.poster.posts == []
    await world.tick(at(5, 12))
    await world.tick(at(5, 13))

    assert len(world.poster.posts) == 1
    channel, text = world.poster.posts[0]
    assert channel == thread and text.startswith(f"[{ASKER}] ")
    assert "quiet for 1 day" in text and "Mark as answer" in text


async def test_a_solved_question_gets_no_mark_nudge(migrated: Database, clock: FixedClock) -> None:
    world = NudgeWorld(migrated, clock)
    thread = await world.question()
    message = IncomingMessage(next(_ids), thread, 21, "u21", "use ex=", at(4, 11))
    await world.archive.store(message)
    await world.qa.mark_answer(
        thread, message, author_is_bot=False, by_user_id=ASKER, by_mentor=False
    )

    await world.tick(at(5, 11))

    assert world.poster.posts == []


@pytest.mark.parametrize("minutes", [30, 20161])
def test_mark_delays_out_of_range_are_refused(minutes: int) -> None:
    with pytest.raises(ValidationError, match="mark_after must be between 60 and 20,160"):
        check_delay(MARK_AFTER, minutes)


async def test_a_thread_quiet_for_seven_days_is_archived_once_with_a_note(
    migrated: Database, clock: FixedClock
) -> None:
    world = NudgeWorld(migrated, clock)
    await world.settings.update(GUILD, SettingsChange(mark_after=0))
    thread = await world.question()
    await world.reply(thread, 21, at(5, 10))

    await world.tick(at(12, 9, 59))
    assert world.poster.posts == []
    await world.tick(at(12, 10))
    await world.tick(at(12, 11))

    assert world.poster.posts == [
        (thread, "[] 📦 This thread has been quiet for 7 days, so Nexus archived it. "
                 "Post in it to open it again. (archived)")
    ]  # fmt: skip


async def test_a_reopened_thread_that_goes_quiet_again_is_archived_again(
    migrated: Database, clock: FixedClock
) -> None:
    world = NudgeWorld(migrated, clock)
    await world.settings.update(GUILD, SettingsChange(mark_after=0, unanswered_after=0))
    thread = await world.question()
    await world.tick(at(11, 10))
    await world.reply(thread, 21, at(11, 12))  # someone posts: Discord reopens it

    await world.tick(at(18, 12))

    assert len([p for p in world.poster.posts if p[1].endswith("(archived)")]) == 2
