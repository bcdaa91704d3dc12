"""Takeaways and announcements as members and mentors see them in Discord."""

from __future__ import annotations

from datetime import timedelta

import discord
import pytest

from bot.app import create_bot
from bot.config import Settings
from bot.services.schedules.book import Kind
from tests.conftest import World
from tests.e2e.discord_rules import lose_the_answer
from tests.e2e.test_command_permissions import open_command_to
from tests.e2e.test_topics import button_labels


def field(embed: discord.Embed, name: str) -> str:
    return next(f.value or "" for f in embed.fields if f.name == name)


async def schedule(world: World, **options: object) -> discord.Embed:
    options.setdefault("channel", world.channel)
    options.setdefault("time", "09:00")
    reply = await world.mentor.slash(world.channel, "takeaways schedule", **options)
    assert reply.ephemeral
    return reply.response.embeds[0]


async def test_takeaway_posts_a_public_lesson_with_read_more(world: World) -> None:
    reply = await world.alice.slash(world.channel, "takeaway")

    assert not reply.ephemeral
    embed = reply.response.embeds[0]
    assert embed.title is not None and embed.title.startswith("💡 ")
    assert embed.footer.text is not None and embed.footer.text.startswith("Takeaway · ")
    assert button_labels(reply.response.message) == ["Read more"]

    opened = await world.bob.click(reply.response.message, label="Read more")
    assert opened.ephemeral
    assert embed.footer.text.endswith(opened.response.embeds[0].title or "?")


async def test_takeaway_can_come_from_one_topic(world: World) -> None:
    reply = await world.alice.slash(world.channel, "takeaway", topic="caching")
    assert reply.response.embeds[0].footer.text == "Takeaway · Caching"


async def test_takeaway_from_an_unknown_topic_is_refused(world: World) -> None:
    reply = await world.alice.slash(world.channel, "takeaway", topic="cachng")
    assert reply.ephemeral
    assert "`caching`" in reply.response.content


async def test_schedule_replies_with_its_id_and_next_three_runs(world: World) -> None:
    embed = await schedule(world, days="mon,wed,fri", timezone="Africa/Lagos")

    assert embed.title == "Takeaway schedule #1 scheduled"
    assert field(embed, "When") == "mon,wed,fri at 09:00 (Africa/Lagos)"
    assert field(embed, "Next runs").count("<t:") == 3


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"time": "9am"}, "HH:MM"),
        ({"timezone": "Mars/Base"}, "IANA"),
        ({"days": "mon,funday"}, "not a day"),
    ],
)
async def test_bad_schedule_input_is_refused_and_nothing_stored(
    world: World, options: dict[str, object], message: str
) -> None:
    reply = await world.mentor.slash(
        world.channel, "takeaways schedule", channel=world.channel,
        **{"time": "09:00", **options},
    )  # fmt: skip
    assert reply.ephemeral and message in reply.response.content
    assert await world.bot.services.takeaways.book.of_guild(world.guild.id, Kind.TAKEAWAY) == []


async def test_a_channel_the_bot_cannot_post_in_is_refused(world: World) -> None:
    closed = world.guild.create_text_channel(
        "closed",
        overwrites={world.guild.default_role: discord.PermissionOverwrite(send_messages=False)},
    )
    reply = await world.mentor.slash(
        world.channel, "takeaways schedule", channel=closed, time="09:00"
    )
    assert "Send Messages" in reply.response.content


async def test_scheduling_needs_manage_server(world: World) -> None:
    open_command_to(world, "takeaways", world.alice)  # seen, but Manage Server is checked
    reply = await world.alice.slash(
        world.channel, "takeaways schedule", channel=world.channel, time="09:00"
    )
    assert "Manage Server" in reply.response.content


async def test_a_due_slot_is_posted_in_the_channel(world: World) -> None:
    await schedule(world, time="00:30")
    now = world.env.now()

    await world.bot.services.takeaways.run_due(now.replace(minute=30))

    posted = world.channel.last_message
    assert posted.author.id == world.bot.user.id  # type: ignore[union-attr]
    assert posted.embeds[0].title.startswith("💡 ")  # type: ignore[union-attr]
    assert not posted.mentions and not posted.mention_everyone

    listing = await world.mentor.slash(world.channel, "takeaways list")
    text = field(listing.response.embeds[0], "#1")
    assert "State: **active**" in text and "Last: posted" in text


async def test_preview_shows_what_the_schedule_posts_next(world: World) -> None:
    await schedule(world, time="00:30")
    preview = await world.mentor.slash(world.channel, "takeaways preview", id=1)

    await world.bot.services.takeaways.run_due(world.env.now().replace(minute=30))

    assert preview.ephemeral
    assert world.channel.last_message.embeds[0].title == preview.response.embeds[0].title


async def test_pause_resume_and_remove(world: World) -> None:
    await schedule(world, time="00:30")

    paused = await world.mentor.slash(world.channel, "takeaways pause", id=1)
    assert paused.response.content == "Schedule #1 paused."
    await world.bot.services.takeaways.run_due(world.env.now().replace(minute=30))
    assert world.channel.last_message is None or not world.channel.last_message.embeds

    await world.mentor.slash(world.channel, "takeaways resume", id=1)
    removed = await world.mentor.slash(world.channel, "takeaways remove", id=1)
    assert removed.response.content == "Schedule #1 removed."
    missing = await world.mentor.slash(world.channel, "takeaways pause", id=1)
    assert "no takeaway schedule #1" in missing.response.content


async def test_a_500_from_discord_is_recorded_then_retried(world: World) -> None:
    await schedule(world, time="00:30")
    slot = world.env.now().replace(minute=30)
    world.env.inject_error("POST", "/channels/*/messages", status=500)

    await world.bot.services.takeaways.run_due(slot)

    listing = await world.mentor.slash(world.channel, "takeaways list")
    assert "failed" in field(listing.response.embeds[0], "#1")
    assert "Discord error 500" in field(listing.response.embeds[0], "#1")

    await world.bot.services.takeaways.run_due(slot + timedelta(minutes=1))
    assert world.channel.last_message.embeds[0].title.startswith("💡 ")  # type: ignore[union-attr]


async def test_the_read_more_button_works_after_a_restart(world: World, settings: Settings) -> None:
    await schedule(world, time="00:30")
    await world.bot.services.takeaways.run_due(world.env.now().replace(minute=30))
    posted = world.channel.last_message

    await world.env.restart_bot(create_bot(settings))
    opened = await world.bob.click(posted, label="Read more")

    assert opened.ephemeral and opened.response.embeds


async def test_a_slot_missed_while_offline_goes_out_late_once_the_bot_is_back(
    world: World, settings: Settings
) -> None:
    await schedule(world, time="00:30")
    await world.env.advance_time(45 * 60)  # the bot "was offline" over the 00:30 slot

    await world.env.restart_bot(create_bot(settings))  # start-up catch-up runs when ready

    listing = await world.mentor.slash(world.channel, "takeaways list")
    assert "Last: posted late" in field(listing.response.embeds[0], "#1")
    assert len([m for m in world.channel.history() if m.embeds]) == 1


async def test_announcements_post_once_and_never_ping(world: World) -> None:
    reply = await world.mentor.slash(
        world.channel, "announce schedule", channel=world.channel,
        message="@everyone demo day moved to Friday", when="2026-01-01 01:00",
    )  # fmt: skip
    assert reply.response.embeds[0].title == "Announcement #1 scheduled"

    await world.bot.services.takeaways.run_due(world.env.now().replace(hour=1))
    await world.bot.services.takeaways.run_due(world.env.now().replace(hour=2))

    posts = [m for m in world.channel.history() if "demo day" in m.content]
    assert len(posts) == 1
    assert not posts[0].mention_everyone
    listing = await world.mentor.slash(world.channel, "announce list")
    assert "State: **done**" in field(listing.response.embeds[0], "#1")


async def test_an_announcement_in_the_past_is_refused(world: World) -> None:
    reply = await world.mentor.slash(
        world.channel, "announce schedule", channel=world.channel, message="Hi",
        when="2025-12-31 23:00",
    )  # fmt: skip
    assert "in the past" in reply.response.content


async def test_cancel_an_announcement(world: World) -> None:
    await world.mentor.slash(
        world.channel, "announce schedule", channel=world.channel, message="Hi",
        when="2026-01-02 10:00", repeat="weekdays",
    )  # fmt: skip
    reply = await world.mentor.slash(world.channel, "announce cancel", id=1)
    assert reply.response.content == "Announcement #1 cancelled."
    listing = await world.mentor.slash(world.channel, "announce list")
    assert "None yet" in (listing.response.embeds[0].description or "")


async def test_status_warns_about_a_failing_schedule(world: World) -> None:
    await schedule(world, time="00:30")
    world.env.inject_error("POST", "/channels/*/messages", status=500, times=None)
    slot = world.env.now().replace(minute=30)
    for minutes in (0, 1, 3, 12):
        await world.bot.services.takeaways.run_due(slot + timedelta(minutes=minutes))

    status = await world.mentor.slash(world.channel, "nexus status")

    assert "takeaway schedule #1 is failing" in field(status.response.embeds[0], "Needs attention")


async def test_a_post_discord_made_but_answered_with_a_500_is_not_posted_again(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    await schedule(world, time="00:30")
    slot = world.env.now().replace(minute=30)
    made = lose_the_answer(monkeypatch, "POST", f"/channels/{world.channel.id}/messages")

    await world.bot.services.takeaways.run_due(slot)
    for minutes in (1, 3, 10):
        await world.bot.services.takeaways.run_due(slot + timedelta(minutes=minutes))

    assert len(made) == 1
    takeaways = [m for m in world.channel.history() if m.embeds]
    assert len(takeaways) == 1
    listing = await world.mentor.slash(world.channel, "takeaways list")
    assert "Last: posted" in field(listing.response.embeds[0], "#1")


async def test_an_announcement_discord_made_but_answered_with_a_502_is_not_posted_again(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    when = (world.env.now() + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    await world.mentor.slash(
        world.channel, "announce schedule", channel=world.channel, message="Demo day", when=when
    )
    lose_the_answer(monkeypatch, "POST", f"/channels/{world.channel.id}/messages", status=502)

    slot = world.env.now() + timedelta(hours=1)
    for minutes in (0, 1, 3, 10):
        await world.bot.services.takeaways.run_due(slot + timedelta(minutes=minutes))

    posts = [m for m in world.channel.history() if m.content.startswith("📣 Demo day")]
    assert len(posts) == 1
    assert posts[0].content.rstrip("\u200b\u200c\u2063") == "📣 Demo day"


async def test_a_rate_limit_longer_than_30_seconds_raises_instead_of_waiting(
    settings: Settings,
) -> None:
    bot = create_bot(settings)  # simcord replaces the HTTP client: read the real one's
    try:
        assert bot.http.max_ratelimit_timeout == 30.0
    finally:
        await bot.db.dispose()
