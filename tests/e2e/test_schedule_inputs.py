"""Schedules given inputs at the edges: the longest announcement, far dates, huge ids."""

from __future__ import annotations

import pytest
from simcord import InteractionResult
from simcord.backend.errors import OptionError

from bot.errors import ValidationError
from bot.services.schedules.book import ANNOUNCEMENT_MAX, Kind
from tests.conftest import World


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
    assert [m.content for m in posts] == [f"📣 {text}"]
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
