"""Who came to a voice session, shown after it; forget-me removes it with the RSVPs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import World
from tests.e2e.session_world import SessionWorld, furnish


@pytest.fixture
async def sw(world: World) -> SessionWorld:
    sw = await furnish(world)
    # Now is 2026-01-01 00:00 UTC: the session runs 00:30 to 01:30.
    await sw.schedule(when="2026-01-01 00:30")
    return sw


async def attendance(sw: SessionWorld) -> object:
    return await sw.base.mentor.slash(sw.base.channel, "session attendance", id=1)


async def test_members_in_the_channel_during_the_session_are_recorded(sw: SessionWorld) -> None:
    other_room = sw.base.guild.create_voice_channel("lounge")
    await sw.base.bob.join_voice(sw.room)  # before the start: too early to count
    await sw.base.bob.leave_voice()
    await sw.base.env.advance_time(40 * 60)
    await sw.base.alice.join_voice(sw.room)
    await sw.base.mentor.join_voice(other_room)
    await sw.base.env.advance_time(60 * 60)
    await sw.base.bob.join_voice(sw.room)  # after the end: too late

    reply = await attendance(sw)

    assert reply.ephemeral  # type: ignore[attr-defined]
    description = reply.response.embeds[0].description or ""  # type: ignore[attr-defined]
    assert description == f"**1** came: {sw.base.alice.mention}"


async def test_members_already_there_when_it_starts_count(sw: SessionWorld) -> None:
    await sw.base.bob.join_voice(sw.room)
    await sw.base.env.advance_time(30 * 60)

    # Discord does not start a voice event by itself: Nexus does, and looks who is there.
    report = await sw.run_due(sw.bot.clock())
    await sw.base.env.advance_time(70 * 60)

    reply = await attendance(sw)
    assert sw.base.bob.mention in (reply.response.embeds[0].description or "")  # type: ignore[attr-defined]
    assert sw.events()[0].status == 2 and report.started == [1]


async def test_attendance_is_shown_only_after_the_session(sw: SessionWorld) -> None:
    reply = await attendance(sw)
    assert "attendance is shown after it" in reply.response.content  # type: ignore[attr-defined]


async def test_an_external_session_has_no_attendance(world: World) -> None:
    sw = await furnish(world)
    await sw.schedule(location="https://meet.example.org/x", when="2026-01-01 00:30")
    reply = await sw.base.mentor.slash(sw.base.channel, "session attendance", id=1)
    assert "only recorded for voice and stage sessions" in reply.response.content


async def test_forget_me_deletes_interest_and_attendance(sw: SessionWorld) -> None:
    [event] = sw.events()
    await sw.base.alice.subscribe_event(event.id)
    await sw.base.env.advance_time(40 * 60)
    await sw.base.alice.join_voice(sw.room)

    prompt = await sw.base.alice.slash(sw.base.channel, "qa forget-me")
    assert "2 study-session record(s)" in prompt.response.content
    await sw.base.alice.click(prompt.response, label="Delete my data")

    assert "2 study-session record(s)" in prompt.response.content
    presence = sw.bot.services.session_presence
    assert await presence.records_of(sw.base.alice.id) == 0
    assert await presence.interested_ids(1) == []
    now = datetime(2026, 1, 1, 2, 0, tzinfo=UTC)
    info = await sw.bot.services.sessions.get(sw.base.guild.id, 1)
    assert (await presence.attendance(info, now)).user_ids == ()
