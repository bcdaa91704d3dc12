"""Reminders as members use them: /remind me|list|cancel|timezone and the message menu."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import World
from tests.e2e.qa_support import delete_channel, pinged


async def deliver(world: World, after: timedelta) -> None:
    """The scheduler's tick, `after` from now (simcord's clock does not drive APScheduler)."""
    await world.env.advance_time(after.total_seconds())
    await world.bot.services.takeaways.run_due(world.env.now())


async def test_a_reminder_is_set_quietly_and_delivered_here_pinging_only_its_member(
    world: World,
) -> None:
    reply = await world.alice.slash(
        world.channel, "remind me", when="in 90m", text=f"review {world.bob.mention} PR @everyone"
    )
    assert reply.ephemeral
    assert reply.response.embeds[0].title == "Reminder #1 set"
    assert world.channel.history() == []

    await deliver(world, timedelta(minutes=89))
    assert world.channel.history() == []
    await deliver(world, timedelta(minutes=1))

    posted = world.channel.last_message
    assert posted is not None and "you asked me to remind you" in posted.content
    assert world.bob.mention in posted.content  # shown...
    assert pinged(world, posted) == {world.alice.id}  # ...but only alice is notified


async def test_a_reminder_is_delivered_once_however_often_the_scheduler_ticks(
    world: World,
) -> None:
    await world.alice.slash(world.channel, "remind me", when="in 1h", text="once")
    await deliver(world, timedelta(hours=1))
    await deliver(world, timedelta(minutes=1))
    await world.bot.run_due_now()

    assert len([m for m in world.channel.history() if "once" in m.content]) == 1


async def test_a_reminder_whose_channel_is_gone_arrives_by_dm(world: World) -> None:
    target = world.guild.create_text_channel("study-group")
    await world.alice.slash(target, "remind me", when="in 2h", text="finish the ORM task")
    await delete_channel(world, target)

    await deliver(world, timedelta(hours=2))

    dms = world.alice.user.dm_channel.history()
    assert any("finish the ORM task" in m.content for m in dms)


async def test_remind_list_shows_only_my_pending_reminders_and_cancel_removes_one(
    world: World,
) -> None:
    await world.alice.slash(world.channel, "remind me", when="tomorrow 09:00", text="standup")
    await world.alice.slash(world.channel, "remind me", when="in 3h", text="deploy")
    await world.bob.slash(world.channel, "remind me", when="in 1h", text="bob's own")

    listing = await world.alice.slash(world.channel, "remind list")
    shown = listing.response.embeds[0].description or ""
    assert listing.ephemeral
    assert shown.index("deploy") < shown.index("standup") and "bob's own" not in shown

    refused = await world.bob.slash(world.channel, "remind cancel", id=2)  # bob has only #1
    assert refused.ephemeral and "no pending reminder #2" in refused.response.content
    cancelled = await world.alice.slash(world.channel, "remind cancel", id=1)
    assert cancelled.response.content.startswith("Reminder #1 cancelled")
    after = await world.alice.slash(world.channel, "remind list")
    assert "standup" not in (after.response.embeds[0].description or "")


async def test_my_time_zone_is_used_for_reminder_times(world: World) -> None:
    reply = await world.alice.slash(world.channel, "remind timezone", zone="Africa/Lagos")
    assert "Africa/Lagos" in reply.response.content

    made = await world.alice.slash(world.channel, "remind me", when="today 18:00", text="x")

    assert "Africa/Lagos" in (made.response.embeds[0].footer.text or "")
    due = world.env.now().replace(hour=17, minute=0, second=0, microsecond=0)
    assert f"<t:{int(due.timestamp())}:F>" in made.response.embeds[0].fields[0].value


async def test_the_servers_default_time_zone_is_set_with_nexus_setup(world: World) -> None:
    await world.mentor.slash(world.channel, "nexus setup", timezone="Asia/Tokyo")

    made = await world.alice.slash(world.channel, "remind me", when="in 2h", text="x")

    assert "Asia/Tokyo" in (made.response.embeds[0].footer.text or "")


@pytest.mark.parametrize(
    ("command", "options", "answer"),
    [
        ("remind me", {"when": "someday", "text": "x"}, "can't read 'someday'"),
        ("remind me", {"when": "2025-12-31 10:00", "text": "x"}, "in the past"),
        ("remind me", {"when": "in 1h", "text": "x" * 1999}, "too long"),
        ("remind timezone", {"zone": "Mars/Olympus"}, "not a time zone"),
        ("nexus setup", {"timezone": "Moon/Base"}, "not a time zone"),
    ],
)
async def test_bad_input_gets_a_clear_private_answer_and_nothing_is_stored(
    world: World, command: str, options: dict[str, str], answer: str
) -> None:
    actor = world.mentor if command.startswith("nexus") else world.alice
    reply = await actor.slash(world.channel, command, **options)

    assert reply.ephemeral and answer in reply.response.content
    listing = await world.alice.slash(world.channel, "remind list")
    assert listing.response.embeds[0].description == "No reminders waiting."


async def test_the_26th_pending_reminder_is_refused(world: World) -> None:
    for minutes in range(1, 26):
        await world.bot.services.reminders.create(
            world.guild.id, world.channel.id, world.alice.id, f"in {minutes}m", "x",
            world.env.now(),
        )  # fmt: skip

    reply = await world.alice.slash(world.channel, "remind me", when="in 2h", text="more")

    assert reply.ephemeral and "25 reminders waiting" in reply.response.content


async def test_remind_me_about_this_sets_a_reminder_a_day_later_with_a_link(
    world: World,
) -> None:
    message = await world.bob.send(world.channel, "Here is how to use select_related")

    reply = await world.alice.context_menu(world.channel, "Remind me about this", message)
    assert reply.ephemeral and reply.response.embeds[0].title == "Reminder #1 set"

    await deliver(world, timedelta(hours=23, minutes=59))
    assert world.channel.last_message.id == message.id
    await deliver(world, timedelta(minutes=1))
    posted = world.channel.last_message
    assert f"/{world.channel.id}/{message.id}" in posted.content
    assert pinged(world, posted) == {world.alice.id}


async def test_remind_me_retried_after_no_response_reminds_once(world: World) -> None:
    await world.alice.slash(world.channel, "remind me", when="in 2h", text="stand up")
    await world.env.advance_time(30)  # "The application did not respond", so asked again
    again = await world.alice.slash(world.channel, "remind me", when="in 2h", text="stand up")

    await deliver(world, timedelta(hours=2, minutes=1))

    assert again.response.embeds[0].title == "Reminder #1 set"
    assert len([m for m in world.channel.history() if "stand up" in m.content]) == 1
