"""What Discord asks of a session's channel, of an edit to a started event, and of a long
list of sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.services.sessions.planning import plan_session
from cogs.ui.limits import fits
from tests.conftest import World
from tests.e2e.qa_support import thread_handle
from tests.e2e.session_world import SessionWorld, furnish, posts
from tests.e2e.test_discord_permissions import deny_the_bot
from tests.e2e.test_topics import button_labels


@pytest.fixture
async def sw(world: World) -> SessionWorld:
    return await furnish(world)


@pytest.mark.parametrize(
    ("kind", "denied", "named"),
    [
        ("stage", "mute_members", "Mute Members"),
        ("stage", "move_members", "Move Members"),
        ("voice", "connect", "Connect"),
    ],
)
async def test_a_channel_missing_an_event_permission_is_refused_naming_it(
    sw: SessionWorld, kind: str, denied: str, named: str
) -> None:
    guild = sw.base.guild
    channel = guild.create_stage_channel("town-hall") if kind == "stage" else sw.room
    await deny_the_bot(sw.base, channel, denied)

    reply = await sw.schedule(channel=channel)

    assert reply.ephemeral and named in reply.response.content
    assert "Manage Events" not in reply.response.content
    assert sw.events() == [] and posts(sw.base) == []


async def test_a_stage_channel_with_every_permission_gets_its_event(sw: SessionWorld) -> None:
    stage = sw.base.guild.create_stage_channel("town-hall")
    reply = await sw.schedule(channel=stage)
    assert reply.response.embeds[0].title == "Session #1 scheduled: Django ORM office hours"
    assert [e.entity_type for e in sw.events()] == [1]


async def test_renaming_an_external_session_that_started_keeps_its_start_time_out(
    sw: SessionWorld,
) -> None:
    await sw.schedule(location="https://meet.example.org/orm", when="2026-01-01 00:30")
    await sw.base.env.advance_time(40 * 60)
    [event] = sw.events()
    assert event.status == 2  # Discord started the external event by itself

    reply = await sw.base.mentor.slash(sw.base.channel, "session edit", id=1, title="ORM clinic")

    assert reply.response.embeds[0].title == "Session #1 updated: ORM clinic"
    assert sw.event(event.id).name == "ORM clinic"


async def test_a_long_list_of_sessions_is_paged_within_discords_embed_limits(
    sw: SessionWorld,
) -> None:
    service = sw.bot.services.sessions
    start = datetime(2026, 2, 1, 18, 0, tzinfo=UTC)
    for number in range(25):
        plan = plan_session(
            title=(f"{number:02d} " + "Query planning and indexes in PostgreSQL " * 3)[:100],
            when=f"{start + timedelta(days=number):%Y-%m-%d %H:%M}",
            now=sw.bot.clock(),
            timezone="UTC",
            location="https://meet.example.org/" + "x" * 70,
        )
        await service.schedule(sw.base.guild.id, sw.base.mentor.id, sw.base.channel.id, plan)

    reply = await sw.base.alice.slash(sw.base.channel, "session list")

    embed = reply.response.embeds[0]
    assert fits(embed) and (embed.footer.text or "").startswith("page 1/")
    assert button_labels(reply.response.message) == ["◀ Previous", "Next ▶"]
    pages = int((embed.footer.text or "").split("/")[1].split(" ")[0])
    listed = [f.name or "" for f in embed.fields]
    for page in range(2, pages + 1):
        await sw.base.alice.click(reply.response, label="Next ▶")
        embed = reply.response.embeds[0]
        assert fits(embed) and (embed.footer.text or "").startswith(f"page {page}/")
        listed.extend(f.name or "" for f in embed.fields)
    assert [int(name.split(" ")[0][1:]) for name in listed] == list(range(1, 26))


async def session_from_a_thread(world: World, *denied: str) -> tuple[Any, Any]:
    """A mentor schedules from a thread, no announcements channel set: it is posted there."""
    await world.mentor.slash(world.channel, "nexus setup", mentor_role=world.mentor_role)
    room = world.guild.create_voice_channel("study-room")
    parent = world.guild.create_text_channel("threads")
    thread = thread_handle(
        world, world.env.backend.create_thread(parent.id, "study", world.mentor.id).id
    )
    if denied:
        await deny_the_bot(world, parent, *denied)
    reply = await world.mentor.slash(
        thread, "session schedule", title="Thread session", when="2026-01-02 18:00", channel=room
    )
    return reply, thread


async def test_a_session_scheduled_in_a_thread_is_announced_there(world: World) -> None:
    reply, thread = await session_from_a_thread(world)

    assert reply.response.embeds[0].title == "Session #1 scheduled: Thread session"
    [announcement] = thread.history()
    assert announcement.embeds and "Thread session" in str(announcement.embeds[0].title)


async def test_a_thread_where_the_bot_cant_post_is_refused_naming_the_permission(
    world: World,
) -> None:
    reply, thread = await session_from_a_thread(world, "send_messages_in_threads")

    assert reply.ephemeral and "Send Messages In Threads" in reply.response.content
    assert thread.history() == []
    assert await world.bot.services.sessions.upcoming(world.guild.id) == []
