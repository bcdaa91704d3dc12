"""Arranging guide scenes: an accepted answer, a suggestion from it, the mentor's queue."""

from __future__ import annotations

from typing import Any

from tests.conftest import World
from tests.e2e.qa_support import ask, posted_thread, use_qa_channel

ANSWER = (
    "Set a TTL on every cache key: `cache.set(key, value, timeout=300)`. Without one the "
    "key lives until Redis evicts it, so stale data is served for ever."
)


async def accepted_answer(world: World) -> tuple[Any, Any]:
    """Alice asks in a Q&A thread, bob answers, alice marks his reply: (thread, answer)."""
    await use_qa_channel(world, world.guild.create_text_channel("q-and-a"))
    thread = posted_thread(world, await ask(world, world.alice, "Why is my cache stale?"))
    answer = await world.bob.send(thread, ANSWER)
    await world.alice.context_menu(thread, "Mark as answer", answer)
    return thread, answer


async def suggest_from(world: World, member: Any, channel: Any, message: Any, **fields: str) -> Any:
    """The member uses the message menu and submits its form."""
    shown = await member.context_menu(channel, "Suggest for the guide", message)
    values = {"topic": "caching", "title": "Always set a TTL", "note": ANSWER} | fields
    return await member.submit_modal(shown, values)


def bot_posts(world: World, channel: Any) -> list[Any]:
    me = world.bot.user
    assert me is not None
    return [m for m in channel.history() if m.author.id == me.id]


def told(world: World, channel: Any, member: Any) -> list[Any]:
    """The outcome messages the bot posted in `channel` for `member`."""
    return [m for m in bot_posts(world, channel) if "suggestion for the guide" in m.content]
