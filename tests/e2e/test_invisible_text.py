"""Text that shows nothing (zero-width spaces, joiners, BOM) is empty in every command."""

from __future__ import annotations

from bot.services.schedules.book import Kind
from tests.conftest import World
from tests.e2e.qa_support import ask, posted_thread, thread_state

INVISIBLE = "\u200b\u200c\u200d\ufeff\u2060"


async def test_ask_refuses_an_invisible_title_and_opens_no_thread(world: World) -> None:
    reply = await ask(world, world.alice, INVISIBLE, "How do I cache a queryset?")

    assert reply.ephemeral
    assert "Please give a title: it can't be empty." in reply.response.content
    assert world.channel.threads == []


async def test_ask_refuses_an_invisible_question(world: World) -> None:
    reply = await ask(world, world.alice, "Caching querysets", f" {INVISIBLE}\n{INVISIBLE} ")

    assert reply.ephemeral and "can't be empty" in reply.response.content
    assert world.channel.threads == []


async def test_an_api_request_with_an_invisible_summary_is_refused(world: World) -> None:
    reply = await world.alice.slash(
        world.channel, "api request", method="GET", path="/listings", summary=INVISIBLE
    )

    assert reply.ephemeral and "Please give a summary" in reply.response.content
    assert world.channel.threads == []


async def test_an_invisible_announcement_is_refused_and_nothing_stored(world: World) -> None:
    reply = await world.mentor.slash(
        world.channel, "announce schedule", channel=world.channel, message=INVISIBLE,
        when="2026-01-01 01:00",
    )  # fmt: skip

    assert reply.ephemeral and "can't be empty" in reply.response.content
    book = world.bot.services.takeaways.book
    assert await book.of_guild(world.guild.id, Kind.ANNOUNCEMENT) == []


async def test_an_invisible_close_reason_is_a_close_without_a_reason(world: World) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Celery retries"))

    reply = await world.alice.slash(thread, "qa close", reason=INVISIBLE)

    assert reply.response.content == f"🔒 Closed by {world.alice.mention}."
    assert thread_state(world, thread).thread_metadata.archived
