"""The numbers members type are their server's own: a server's first schedule is #1, however
many other servers made schedules, announcements and sessions before it."""

from __future__ import annotations

import discord

from bot.simulation import World, build_world
from tests.e2e.session_world import furnish


def field_names(embed: discord.Embed) -> list[str]:
    return [f.name or "" for f in embed.fields]


async def takeaways_at(world: World, *times: str) -> None:
    for at in times:
        await world.mentor.slash(
            world.channel, "takeaways schedule", channel=world.channel, time=at
        )


async def announce(world: World, message: str) -> discord.Embed:
    reply = await world.mentor.slash(
        world.channel, "announce schedule", channel=world.channel, message=message,
        when="2026-01-02 10:00",
    )  # fmt: skip
    return reply.response.embeds[0]


async def test_a_servers_first_takeaway_schedule_and_announcement_are_number_one(
    world: World,
) -> None:
    elsewhere = build_world(world.env)
    await takeaways_at(elsewhere, "07:00", "08:00")
    await announce(elsewhere, "Their demo day")

    await takeaways_at(world, "09:00")
    made = await world.mentor.slash(
        world.channel, "takeaways schedule", channel=world.channel, time="10:00"
    )
    announced = await announce(world, "Our demo day")

    assert made.response.embeds[0].title == "Takeaway schedule #2 scheduled"
    assert announced.title == "Announcement #1 scheduled"
    listing = await world.mentor.slash(world.channel, "takeaways list")
    assert field_names(listing.response.embeds[0]) == ["#1", "#2"]
    preview = await world.mentor.slash(world.channel, "takeaways preview", id=2)
    assert preview.response.content == "Schedule #2 will post this next:"
    paused = await world.mentor.slash(world.channel, "takeaways pause", id=1)
    assert paused.response.content == "Schedule #1 paused."
    cancelled = await world.mentor.slash(world.channel, "announce cancel", id=1)
    assert cancelled.response.content == "Announcement #1 cancelled."

    # The other server's #1s are theirs, untouched by ours.
    theirs = await elsewhere.mentor.slash(elsewhere.channel, "takeaways list")
    assert "State: **active**" in (theirs.response.embeds[0].fields[0].value or "")
    their_news = await elsewhere.mentor.slash(elsewhere.channel, "announce list")
    assert field_names(their_news.response.embeds[0]) == ["#1"]


async def test_a_number_of_another_server_is_not_found_here(world: World) -> None:
    elsewhere = build_world(world.env)
    await takeaways_at(elsewhere, "07:00", "08:00", "09:00")
    await takeaways_at(world, "09:00")

    reply = await world.mentor.slash(world.channel, "takeaways remove", id=3)

    assert reply.ephemeral and "#3 in this server" in reply.response.content


async def test_a_members_first_reminder_is_number_one(world: World) -> None:
    await world.bob.slash(world.channel, "remind me", when="in 1h", text="bob's first")
    await world.bob.slash(world.channel, "remind me", when="in 2h", text="bob's second")

    made = await world.alice.slash(world.channel, "remind me", when="in 3h", text="alice's")

    assert made.response.embeds[0].title == "Reminder #1 set"
    cancelled = await world.alice.slash(world.channel, "remind cancel", id=1)
    assert cancelled.response.content.startswith("Reminder #1 cancelled: alice's")
    bobs = await world.bob.slash(world.channel, "remind list")
    shown = bobs.response.embeds[0].description or ""
    assert "**#1**" in shown and "**#2**" in shown and "bob's first" in shown


async def test_a_servers_first_session_is_number_one(world: World) -> None:
    elsewhere = await furnish(build_world(world.env))
    await elsewhere.schedule(title="Their office hours")
    await elsewhere.schedule(title="Their second")
    here = await furnish(world)

    made = await here.schedule()

    assert made.response.embeds[0].title == "Session #1 scheduled: Django ORM office hours"
    listing = await world.mentor.slash(world.channel, "session list")
    assert (listing.response.embeds[0].fields[0].name or "").startswith("#1 · ")
    cancelled = await world.mentor.slash(world.channel, "session cancel", id=1)
    assert cancelled.response.content.startswith("Session #1 (Django ORM office hours)")
    assert [e.name for e in elsewhere.events()] == ["Their office hours", "Their second"]
