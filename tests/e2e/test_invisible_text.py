"""Text that shows nothing (zero-width spaces, joiners, BOM) is empty in every command.

A free-text option's value is read through `cogs/ui/text.py`, before the command runs: one
that shows nothing is refused, naming the option, and nothing is stored, posted or made in
Discord. `test_text_options.py` holds every command to it; these are the member's side.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.services.schedules.book import Kind
from tests.conftest import World
from tests.e2e.api_world import ask as ask_api
from tests.e2e.api_world import request_thread
from tests.e2e.qa_support import ask, posted_thread, thread_state
from tests.e2e.session_world import SessionWorld, furnish, posts

INVISIBLE = "\u200b\u200c\u200d\ufeff\u2060"
SHOWS_NOTHING = "can't be empty: what you typed shows nothing"


def refused(reply: Any, option: str) -> bool:
    """Answered only to the member, naming the option that shows nothing."""
    return bool(reply.ephemeral) and f"`{option}` {SHOWS_NOTHING}" in reply.response.content


@pytest.fixture
async def sw(world: World) -> SessionWorld:
    return await furnish(world)


async def test_ask_refuses_an_invisible_title_and_opens_no_thread(world: World) -> None:
    reply = await ask(world, world.alice, INVISIBLE, "How do I cache a queryset?")

    assert refused(reply, "title")
    assert world.channel.threads == []


async def test_ask_refuses_an_invisible_question(world: World) -> None:
    reply = await ask(world, world.alice, "Caching querysets", f" {INVISIBLE}\n{INVISIBLE} ")

    assert refused(reply, "question")
    assert world.channel.threads == []


async def test_an_api_request_with_an_invisible_summary_is_refused(world: World) -> None:
    reply = await world.alice.slash(
        world.channel, "api request", method="GET", path="/listings", summary=INVISIBLE
    )

    assert refused(reply, "summary")
    assert world.channel.threads == []


async def test_an_invisible_announcement_is_refused_and_nothing_stored(world: World) -> None:
    reply = await world.mentor.slash(
        world.channel, "announce schedule", channel=world.channel, message=INVISIBLE,
        when="2026-01-01 01:00",
    )  # fmt: skip

    assert refused(reply, "message")
    book = world.bot.services.takeaways.book
    assert await book.of_guild(world.guild.id, Kind.ANNOUNCEMENT) == []


async def test_an_invisible_close_reason_is_refused_and_the_thread_stays_open(
    world: World,
) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Celery retries"))

    reply = await world.alice.slash(thread, "qa close", reason=INVISIBLE)

    assert refused(reply, "reason")
    assert not thread_state(world, thread).thread_metadata.archived


async def test_an_invisible_reminder_is_refused_and_nothing_stored(world: World) -> None:
    reply = await world.alice.slash(world.channel, "remind me", when="in 1h", text=INVISIBLE)

    assert refused(reply, "text")
    assert await world.bot.services.reminders.pending(world.guild.id, world.alice.id) == []


async def test_a_session_with_an_invisible_title_makes_no_event(sw: SessionWorld) -> None:
    reply = await sw.schedule(title=INVISIBLE)

    assert refused(reply, "title")
    assert sw.events() == []
    assert await sw.bot.services.sessions.upcoming(sw.base.guild.id) == []


async def test_a_session_at_an_invisible_location_makes_no_event(sw: SessionWorld) -> None:
    reply = await sw.schedule(location=INVISIBLE)

    assert refused(reply, "location")
    assert sw.events() == []
    assert await sw.bot.services.sessions.upcoming(sw.base.guild.id) == []


async def test_an_edit_to_an_invisible_title_renames_nothing(sw: SessionWorld) -> None:
    await sw.schedule(title="Django ORM office hours")

    reply = await sw.base.mentor.slash(sw.base.channel, "session edit", id=1, title=INVISIBLE)

    assert refused(reply, "title")
    assert [event.name for event in sw.events()] == ["Django ORM office hours"]
    info = await sw.bot.services.sessions.get(sw.base.guild.id, 1)
    assert info.title == "Django ORM office hours"


async def test_an_invisible_proposal_posts_nothing(sw: SessionWorld) -> None:
    before = posts(sw.base)

    reply = await sw.base.alice.slash(sw.base.channel, "session propose", title=INVISIBLE)

    assert refused(reply, "title")
    assert posts(sw.base) == before


async def test_a_contract_with_invisible_notes_saves_and_posts_nothing(world: World) -> None:
    await ask_api(world, path="/listings", method="POST", summary="Create a listing")
    thread = request_thread(world)
    before = len(thread.history())

    reply = await world.alice.slash(world.channel, "api contract", id=1, notes=INVISIBLE)

    assert refused(reply, "notes")
    assert len(thread.history()) == before
    _, contract = await world.bot.services.api_contracts.current(world.guild.id, 1)
    assert contract is None


async def test_visible_text_keeps_its_words_and_loses_its_invisible_edges(world: World) -> None:
    await world.alice.slash(
        world.channel, "remind me", when="in 1h", text=f"{INVISIBLE} stretch your legs {INVISIBLE}"
    )

    [reminder] = await world.bot.services.reminders.pending(world.guild.id, world.alice.id)
    assert reminder.text == "stretch your legs"
