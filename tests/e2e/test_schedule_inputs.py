"""Schedules given inputs at the edges: the longest announcement, far dates, huge ids."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from simcord import InteractionResult
from simcord.backend.errors import OptionError

from bot.db.models import Schedule
from bot.errors import ValidationError
from bot.services.schedules.book import ANNOUNCEMENT_MAX, Kind
from tests.conftest import World
from tests.e2e.test_takeaways import field


async def announce(
    world: World, message: str, when: str = "2026-01-01 01:00", **options: str
) -> InteractionResult:
    return await world.mentor.slash(
        world.channel, "announce schedule", channel=world.channel, message=message, when=when,
        **options,
    )  # fmt: skip


async def stored_announcements(world: World) -> int:
    book = world.bot.services.takeaways.book
    return len(await book.of_guild(world.guild.id, Kind.ANNOUNCEMENT))


async def test_the_longest_announcement_allowed_is_posted_whole(world: World) -> None:
    text = "x" * (ANNOUNCEMENT_MAX - 4) + " end"
    reply = await announce(world, text)
    assert reply.response.embeds[0].title == "Announcement #1 scheduled"

    await world.bot.services.takeaways.run_due(world.env.now().replace(hour=1))

    posts = [m for m in world.channel.history() if m.content.startswith("📣 ")]
    assert len(posts) == 1 and posts[0].content.startswith(f"📣 {text}")
    # Only the invisible slot marker follows the whole text.
    assert posts[0].content.removeprefix(f"📣 {text}").strip("\u200b\u200c\u2063") == ""
    assert len(posts[0].content) <= 2000


async def test_an_announcement_that_would_not_fit_one_message_is_refused(world: World) -> None:
    too_long = "x" * (ANNOUNCEMENT_MAX + 1)
    with pytest.raises(OptionError, match=f"at most {ANNOUNCEMENT_MAX} characters"):
        await announce(world, too_long)  # Discord's client enforces the option's max_length
    with pytest.raises(ValidationError, match=f"the limit is {ANNOUNCEMENT_MAX}"):
        await world.bot.services.takeaways.book.schedule_announcement(
            world.guild.id, world.channel.id, world.mentor.id, too_long, "2026-01-01 01:00",
            None, None,
        )  # fmt: skip
    assert await stored_announcements(world) == 0


@pytest.mark.parametrize(
    ("when", "options"),
    [
        ("9999-12-31 23:59", {"timezone": "America/Los_Angeles"}),
        ("0001-01-01 00:00", {"timezone": "Asia/Tokyo"}),
        ("9999-12-30 10:00", {"repeat": "daily"}),
        ("0001-01-01 00:00", {"repeat": "daily", "timezone": "Asia/Tokyo"}),
        ("2031-01-02 00:00", {}),
    ],
)
async def test_a_time_outside_the_next_five_years_is_refused_and_nothing_stored(
    world: World, when: str, options: dict[str, str]
) -> None:
    reply = await announce(world, "Demo day", when=when, **options)

    assert reply.ephemeral
    assert "within the next 5 years" in reply.response.content or "in the past" in (
        reply.response.content
    )
    assert await stored_announcements(world) == 0


async def test_a_time_five_years_ahead_is_accepted(world: World) -> None:
    reply = await announce(world, "Demo day", when="2030-12-31 00:00", repeat="daily")
    assert reply.response.embeds[0].title == "Announcement #1 scheduled"


async def test_a_stored_schedule_with_no_further_slot_never_breaks_the_list(
    world: World,
) -> None:
    # As stored before dates were bounded: daily at 00:30 from noon on the calendar's last day.
    async with world.bot.db.sessions.begin() as session:
        session.add(
            Schedule(
                guild_id=world.guild.id, number=1, kind="announcement",
                channel_id=world.channel.id, time_of_day="00:30", days="daily", timezone="UTC",
                run_at=datetime(9999, 12, 31, 12, tzinfo=UTC), message="Far away",
                paused=False, consecutive_failures=0, created_by=world.mentor.id,
                created_at=world.env.now(),
            )
        )  # fmt: skip
    book = world.bot.services.takeaways.book
    assert book.on_change is not None
    await book.on_change()  # the scheduler plans it with the others

    listing = await world.mentor.slash(world.channel, "announce list")
    await world.bot.services.takeaways.run_due(world.env.now())

    assert "Next: no further slot" in field(listing.response.embeds[0], "#1")
    assert await world.bot.services.takeaways.next_slot_after(world.env.now()) is None


async def test_an_announcement_takes_the_times_remind_me_takes(world: World) -> None:
    tomorrow = world.env.now() + timedelta(days=1)
    reply = await announce(world, "Standup", when="tomorrow 12:00")

    assert reply.response.embeds[0].title == "Announcement #1 scheduled"
    [info] = await world.bot.services.takeaways.book.of_guild(world.guild.id, Kind.ANNOUNCEMENT)
    assert info.run_at == tomorrow.replace(hour=12, minute=0, second=0, microsecond=0)
    refused = await announce(world, "Standup", when="someday")
    remind = await world.alice.slash(world.channel, "remind me", when="someday", text="x")
    assert refused.response.content == remind.response.content
