"""Sessions after they are scheduled: RSVP, the list, edits, cancelling, Discord's side."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import World
from tests.e2e.session_world import SessionWorld, end_of, furnish, posts, start_of


@pytest.fixture
async def sw(world: World) -> SessionWorld:
    return await furnish(world)


def title_of(sw: SessionWorld, message_id: int) -> str:
    [message] = [m for m in sw.base.channel.history() if m.id == message_id]
    return str(message.embeds[0].title)


def listing_field(reply: object) -> str:
    embed = reply.response.embeds[0]  # type: ignore[attr-defined]
    return "\n".join(f"{f.name}\n{f.value}" for f in embed.fields) or embed.description or ""


async def test_interested_members_are_counted_in_the_list(sw: SessionWorld) -> None:
    await sw.schedule()
    [event] = sw.events()
    await sw.base.alice.subscribe_event(event.id)
    await sw.base.bob.subscribe_event(event.id)
    await sw.base.bob.unsubscribe_event(event.id)

    listing = await sw.base.bob.slash(sw.base.channel, "session list")

    assert listing.ephemeral
    text = listing_field(listing)
    assert "#1 · Django ORM office hours" in text and "Interested: **1**" in text
    assert await sw.bot.services.session_presence.interested_ids(1) == [sw.base.alice.id]


async def test_interest_in_an_event_nexus_did_not_create_is_ignored(sw: SessionWorld) -> None:
    other = sw.base.guild.create_scheduled_event(
        "Game night", start_time="2026-01-03T20:00:00+00:00", channel=sw.room
    )
    await sw.base.alice.subscribe_event(other.id)

    listing = await sw.base.alice.slash(sw.base.channel, "session list")
    assert "None yet" in listing_field(listing)


async def test_cancel_cancels_the_discord_event_too(sw: SessionWorld) -> None:
    await sw.schedule()
    [event] = sw.events()

    reply = await sw.base.mentor.slash(sw.base.channel, "session cancel", id=1)

    assert reply.response.content.startswith("Session #1 (Django ORM office hours) is cancelled")
    assert sw.event(event.id).status == 4  # Discord's CANCELLED
    listing = await sw.base.alice.slash(sw.base.channel, "session list")
    assert "None yet" in listing_field(listing)
    again = await sw.base.mentor.slash(sw.base.channel, "session cancel", id=1)
    assert "is cancelled; it can't change now" in again.response.content


async def test_learners_cannot_cancel(sw: SessionWorld) -> None:
    await sw.schedule()
    reply = await sw.base.alice.slash(sw.base.channel, "session cancel", id=1)
    assert "mentor role" in reply.response.content
    assert sw.events()[0].status == 1


async def test_edit_moves_the_event_and_keeps_its_length(sw: SessionWorld) -> None:
    await sw.schedule(duration=45)

    reply = await sw.base.mentor.slash(
        sw.base.channel, "session edit", id=1, when="2026-01-03 09:30", title="ORM clinic"
    )

    assert reply.response.embeds[0].title == "Session #1 updated: ORM clinic"
    [event] = sw.events()
    assert event.name == "ORM clinic"
    assert start_of(event) == datetime(2026, 1, 3, 9, 30, tzinfo=UTC)
    assert end_of(event) == datetime(2026, 1, 3, 10, 15, tzinfo=UTC)


async def test_an_edit_discord_refuses_changes_nothing(sw: SessionWorld) -> None:
    await sw.schedule()
    sw.base.env.inject_error("PATCH", "/guilds/*/scheduled-events/*", status=403)

    reply = await sw.base.mentor.slash(sw.base.channel, "session edit", id=1, title="Renamed")

    assert "Manage Events" in reply.response.content and "nothing changed" in reply.response.content
    assert (await sw.bot.services.sessions.get(sw.base.guild.id, 1)).title == (
        "Django ORM office hours"
    )


async def test_an_edit_to_the_past_is_refused(sw: SessionWorld) -> None:
    await sw.schedule()
    reply = await sw.base.mentor.slash(
        sw.base.channel, "session edit", id=1, when="2025-06-01 10:00"
    )
    assert "in the past" in reply.response.content
    assert start_of(sw.events()[0]) == datetime(2026, 1, 2, 18, 0, tzinfo=UTC)


async def test_an_event_deleted_in_discord_marks_the_session_cancelled(sw: SessionWorld) -> None:
    await sw.schedule()
    [event] = sw.events()

    sw.base.env.backend.delete_scheduled_event(sw.base.guild.id, event.id)
    await sw.base.env.settle()

    info = await sw.bot.services.sessions.get(sw.base.guild.id, 1)
    assert info.status.value == "cancelled"


async def test_an_unknown_session_id_is_answered(sw: SessionWorld) -> None:
    reply = await sw.base.mentor.slash(sw.base.channel, "session cancel", id=9)
    assert reply.ephemeral and "There is no session #9" in reply.response.content


async def test_the_announcement_follows_an_edit_and_a_cancel(sw: SessionWorld) -> None:
    await sw.schedule()
    [post] = posts(sw.base)

    await sw.base.mentor.slash(sw.base.channel, "session edit", id=1, title="ORM clinic")
    assert title_of(sw, post.id) == "📅 ORM clinic"

    await sw.base.mentor.slash(sw.base.channel, "session cancel", id=1)
    assert title_of(sw, post.id) == "❌ Cancelled: ORM clinic"


async def test_a_stage_channel_makes_a_stage_event(sw: SessionWorld) -> None:
    stage = sw.base.guild.create_stage_channel("town-hall")
    await sw.schedule(channel=stage)
    [event] = sw.events()
    assert event.entity_type == 1 and event.channel_id == stage.id
