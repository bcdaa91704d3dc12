"""Study sessions as mentors and learners see them: the event, its post, changes, faults."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import World
from tests.e2e.session_world import SessionWorld, end_of, furnish, posts, start_of
from tests.e2e.test_topics import button_labels


@pytest.fixture
async def sw(world: World) -> SessionWorld:
    return await furnish(world)


async def test_schedule_creates_a_voice_event_and_announces_it(sw: SessionWorld) -> None:
    reply = await sw.schedule(duration=90)

    assert reply.ephemeral
    assert reply.response.embeds[0].title == "Session #1 scheduled: Django ORM office hours"
    [event] = sw.events()
    assert event.name == "Django ORM office hours"
    assert event.entity_type == 2 and event.channel_id == sw.room.id
    assert start_of(event) == datetime(2026, 1, 2, 18, 0, tzinfo=UTC)
    assert end_of(event) == datetime(2026, 1, 2, 19, 30, tzinfo=UTC)
    [post] = posts(sw.base)
    assert post.embeds[0].title == "📅 Django ORM office hours"
    assert str(event.id) in (post.embeds[0].url or "")
    assert button_labels(post) == ["Open the event"]


async def test_without_a_channel_the_event_is_external_at_the_location(sw: SessionWorld) -> None:
    await sw.schedule(location="https://meet.example.org/orm", timezone="Africa/Lagos")

    [event] = sw.events()
    assert event.entity_type == 3
    assert event.entity_metadata == {"location": "https://meet.example.org/orm"}
    assert start_of(event) == datetime(2026, 1, 2, 17, 0, tzinfo=UTC)  # 18:00 in Lagos
    assert end_of(event) == datetime(2026, 1, 2, 18, 0, tzinfo=UTC)


async def test_a_topic_adds_its_summary_two_takeaways_and_read_more(sw: SessionWorld) -> None:
    await sw.schedule(topic="caching")

    [post] = posts(sw.base)
    names = [f.name or "" for f in post.embeds[0].fields]
    assert "Prepare: Caching" in names
    assert len([n for n in names if n.startswith("💡 ")]) == 2
    assert button_labels(post) == ["Open the event", "Read more"]
    opened = await sw.base.bob.click(post, label="Read more")
    assert opened.ephemeral and opened.response.embeds[0].title == "Caching"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"when": "2025-12-31 10:00"}, "in the past"),
        ({"when": "tomorrow 6pm"}, "YYYY-MM-DD HH:MM"),
        ({"duration": 721}, "at most 12 hours"),
        ({"title": "x" * 101}, "101 characters"),
        ({"timezone": "Mars/Base"}, "IANA"),
        ({"repeat": "mon,funday"}, "not a day"),
        ({"topic": "cachng"}, "No topic named that"),
    ],
)
async def test_bad_input_is_refused_and_nothing_is_created(
    sw: SessionWorld, options: dict[str, object], message: str
) -> None:
    reply = await sw.schedule(**options)

    assert reply.ephemeral and message in reply.response.content
    assert sw.events() == [] and posts(sw.base) == []
    assert await sw.bot.services.sessions.upcoming(sw.base.guild.id) == []


async def test_a_text_channel_is_refused_as_the_session_channel(sw: SessionWorld) -> None:
    reply = await sw.schedule(channel=sw.base.channel)

    assert "not a voice or stage channel" in reply.response.content
    assert sw.events() == []


async def test_learners_cannot_schedule(sw: SessionWorld) -> None:
    reply = await sw.base.alice.slash(
        sw.base.channel, "session schedule", title="Mine", when="2026-01-02 18:00",
        location="here",
    )  # fmt: skip
    assert "mentor role or the **Manage Events**" in reply.response.content
    assert sw.events() == []


@pytest.mark.parametrize(
    ("status", "reason"), [(403, "Manage Events"), (500, "Discord had an error, 500")]
)
async def test_discord_refusing_the_event_stores_nothing_and_says_why(
    sw: SessionWorld, status: int, reason: str
) -> None:
    sw.base.env.inject_error("POST", "/guilds/*/scheduled-events", status=status)

    reply = await sw.schedule()

    assert reply.ephemeral
    assert reason in reply.response.content and "nothing was saved" in reply.response.content
    assert await sw.bot.services.sessions.upcoming(sw.base.guild.id) == []
    assert posts(sw.base) == []
