"""Members propose sessions; a mentor hosts one with the Host it button and a form."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.app import create_bot
from bot.config import Settings
from tests.conftest import World
from tests.e2e.session_world import SessionWorld, furnish, posts, start_of
from tests.e2e.test_topics import button_labels


@pytest.fixture
async def sw(world: World) -> SessionWorld:
    return await furnish(world)


async def propose(sw: SessionWorld) -> object:
    reply = await sw.base.alice.slash(
        sw.base.channel, "session propose", title="Caching deep dive", topic="caching"
    )
    assert not reply.ephemeral
    return reply.response.message


async def test_a_proposal_is_a_public_post_with_host_it(sw: SessionWorld) -> None:
    post = await propose(sw)

    assert post.embeds[0].title == "Caching deep dive"  # type: ignore[attr-defined]
    assert button_labels(post) == ["Host it"]


async def test_a_mentor_hosts_a_proposal_through_the_form(sw: SessionWorld) -> None:
    post = await propose(sw)

    shown = await sw.base.mentor.click(post, label="Host it")
    done = await sw.base.mentor.submit_modal(
        shown, {"when": "2026-01-05 18:00", "minutes": "30", "where": "study-room"}
    )

    assert done.ephemeral
    assert done.response.embeds[0].title == "Session #1 scheduled: Caching deep dive"
    [event] = sw.events()
    assert event.channel_id == sw.room.id
    assert start_of(event) == datetime(2026, 1, 5, 18, 0, tzinfo=UTC)
    announced = [
        m for m in posts(sw.base) if m.embeds and m.embeds[0].title == "📅 Caching deep dive"
    ]
    assert announced and "Read more" in button_labels(announced[0])


async def test_the_form_takes_a_location_when_no_channel_has_that_name(sw: SessionWorld) -> None:
    post = await propose(sw)
    shown = await sw.base.mentor.click(post, label="Host it")
    await sw.base.mentor.submit_modal(
        shown, {"when": "2026-01-05 18:00", "where": "https://meet.example.org/cache"}
    )
    [event] = sw.events()
    assert event.entity_metadata == {"location": "https://meet.example.org/cache"}


async def test_bad_times_in_the_form_are_refused(sw: SessionWorld) -> None:
    post = await propose(sw)
    shown = await sw.base.mentor.click(post, label="Host it")
    done = await sw.base.mentor.submit_modal(shown, {"when": "soon", "where": "study-room"})
    assert done.ephemeral and "YYYY-MM-DD HH:MM" in done.response.content
    assert sw.events() == []


async def test_learners_cannot_host(sw: SessionWorld) -> None:
    post = await propose(sw)
    reply = await sw.base.bob.click(post, label="Host it")
    assert reply.ephemeral and "mentor role" in reply.response.content


async def test_host_it_still_works_after_a_restart(sw: SessionWorld, settings: Settings) -> None:
    post = await propose(sw)

    await sw.base.env.restart_bot(create_bot(settings))
    shown = await sw.base.mentor.click(post, label="Host it")
    done = await sw.base.mentor.submit_modal(
        shown, {"when": "2026-01-05 18:00", "where": "study-room"}
    )

    assert done.response.embeds[0].title == "Session #1 scheduled: Caching deep dive"
