"""When Discord or the database fails: nothing half-made, the member is told, nothing lost."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from bot.services.retry import RetryPolicy
from bot.services.write_batches import WriteBatcher
from tests.conftest import World
from tests.e2e.qa_support import (
    ask,
    posted_thread,
    stored_contents,
    stored_thread,
    tag_names,
    thread_state,
    use_forum,
    use_qa_channel,
)
from tests.qa_builders import FlakySessions


def told(reply: Any) -> str:
    """What the member last read in answer to an interaction (a deferred answer included)."""
    messages = [m for m in (reply.response, *reply.followups) if m is not None]
    return messages[-1].content


async def qa_rows(world: World) -> tuple[int, int]:
    counts = await world.bot.services.records.count()
    return counts["qa_threads"], counts["qa_messages"]


@pytest.mark.parametrize(("status", "expected"), [(500, "error 500"), (403, "not allowed")])
async def test_a_refused_forum_post_leaves_nothing_and_the_asker_is_told(
    world: World, status: int, expected: str
) -> None:
    forum = await use_forum(world)
    world.env.inject_error("POST", f"/channels/{forum.id}/threads", status=status)

    reply = await ask(world, world.alice, "Why?")

    assert "Your question was not posted" in told(reply) and expected in told(reply)
    assert forum.threads == []
    assert await qa_rows(world) == (0, 0)


async def test_a_refused_thread_on_the_question_message_removes_the_message(
    world: World,
) -> None:
    qa_channel = world.guild.create_text_channel("q-and-a")
    await use_qa_channel(world, qa_channel)
    world.env.inject_error("POST", f"/channels/{qa_channel.id}/messages/*/threads", status=503)

    reply = await ask(world, world.alice, "Why?")

    assert "Your question was not posted" in told(reply)
    assert qa_channel.history() == []
    assert qa_channel.threads == []
    assert await qa_rows(world) == (0, 0)


async def test_a_refused_question_message_removes_the_new_thread(world: World) -> None:
    # Every try fails: the first, and the one sent again with the same nonce.
    world.env.inject_error("POST", "/channels/*/messages", status=500, times=None)

    reply = await ask(world, world.alice, "Why?")

    assert "Your question was not posted" in told(reply)
    assert world.channel.threads == []
    assert await qa_rows(world) == (0, 0)


@pytest.mark.allow_bot_errors
async def test_a_question_the_database_cannot_record_is_removed_from_discord(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def unreachable(*_: object) -> None:
        raise OperationalError("INSERT", {}, Exception("connection refused"))

    monkeypatch.setattr(world.bot.services.qa, "record_thread", unreachable)

    reply = await ask(world, world.alice, "Why?")

    assert told(reply).startswith("Something went wrong (ref ")
    assert world.channel.threads == []


async def test_a_forum_without_tag_rights_still_gets_the_question(world: World) -> None:
    forum = await use_forum(world)
    world.env.inject_error("PATCH", f"/channels/{forum.id}", status=403)

    thread = posted_thread(world, await ask(world, world.alice, "Why?", topic="docker"))

    assert tag_names(world, forum, thread) == []
    assert await stored_thread(world, thread) is not None


async def test_a_busy_database_is_retried_and_the_message_is_stored(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Why?"))
    flaky = FlakySessions(world.bot.db.sessions, failures=3)
    quick = RetryPolicy(attempts=5, first_delay=0.01)
    monkeypatch.setattr(world.bot.services.qa_archive, "_writes", WriteBatcher(flaky, quick))

    await world.bob.send(thread, "stored in the end")

    assert flaky.attempts == 4
    assert await stored_contents(world, thread) == ["stored in the end"]


async def test_close_that_discord_refuses_leaves_the_thread_open(world: World) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Why?"))
    world.env.inject_error("PATCH", f"/channels/{thread.id}", status=500)

    reply = await world.alice.slash(thread, "qa close", reason="done")

    assert "stays open" in told(reply)
    assert not thread_state(world, thread).thread_metadata.archived
    assert len(thread.history()) == 1  # the reason was taken back
    stored = await stored_thread(world, thread)
    assert stored is not None and stored.closed_at is None


async def test_an_answer_is_recorded_even_if_the_solved_tag_is_refused(world: World) -> None:
    forum = await use_forum(world)
    thread = posted_thread(world, await ask(world, world.alice, "Why?"))
    answer = await world.bob.send(thread, "Because")
    world.env.inject_error("PATCH", f"/channels/{thread.id}", status=500)

    reply = await world.alice.context_menu(thread, "Mark as answer", answer)

    assert reply.response.content.startswith("✅ Answered by")
    assert "couldn't mark the thread as solved" in told(reply)
    assert tag_names(world, forum, thread) == ["unanswered"]
    stored = await stored_thread(world, thread)
    assert stored is not None and stored.solved


async def test_post_anyway_can_be_retried_after_discord_refused(world: World) -> None:
    first = posted_thread(world, await ask(world, world.alice, "Redis cache timeout config"))
    answer = await world.bob.send(first, "Set the TIMEOUT")
    await world.alice.context_menu(first, "Mark as answer", answer)
    reply = await ask(world, world.bob, "Configure the Redis cache timeout")
    world.env.inject_error("POST", f"/channels/{world.channel.id}/threads", status=500)

    refused = await world.bob.click(reply.response, label="Post my question anyway")

    assert "Your question was not posted" in told(refused)
    assert len(world.channel.threads) == 1

    await world.bob.click(reply.response, label="Post my question anyway")

    assert posted_thread(world, reply).name == "Configure the Redis cache timeout"
