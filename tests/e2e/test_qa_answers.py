"""`Mark as answer` as members use it: who may, what it shows, and moving the answer."""

from __future__ import annotations

from tests.conftest import World
from tests.e2e.qa_support import (
    ask,
    pinged,
    posted_thread,
    stored_thread,
    tag_names,
    thread_state,
    use_forum,
    use_qa_channel,
)


async def test_the_asker_marks_the_answer_in_a_forum_post(world: World) -> None:
    forum = await use_forum(world)
    thread = posted_thread(world, await ask(world, world.alice, "Why?", topic="caching"))
    answer = await world.bob.send(thread, "Because of the TTL")

    reply = await world.alice.context_menu(thread, "Mark as answer", answer)

    assert not reply.ephemeral
    notice = reply.response.content
    assert notice.startswith(f"✅ Answered by {world.bob.mention}")
    assert answer.jump_url in notice
    assert pinged(world, reply.response.message) == set()  # named, not pinged
    assert tag_names(world, forum, thread) == ["solved", "Caching"]
    stored = await stored_thread(world, thread)
    assert stored is not None and stored.answer_message_id == answer.id and stored.solved


async def test_a_solved_text_thread_gets_a_check_mark_in_its_name(world: World) -> None:
    await use_qa_channel(world, world.guild.create_text_channel("q-and-a"))
    thread = posted_thread(world, await ask(world, world.alice, "x" * 90))
    answer = await world.bob.send(thread, "Because")

    await world.alice.context_menu(thread, "Mark as answer", answer)

    name = thread_state(world, thread).name
    assert name.startswith("✅ ") and len(name) <= 100


async def test_a_mentor_may_mark_the_answer(world: World) -> None:
    await use_qa_channel(world, world.guild.create_text_channel("q-and-a"))
    thread = posted_thread(world, await ask(world, world.alice, "Why?"))
    answer = await world.bob.send(thread, "Because")

    reply = await world.mentor.context_menu(thread, "Mark as answer", answer)

    assert reply.response.content.startswith("✅ Answered by")


async def test_someone_else_may_not_mark_the_answer(world: World) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Why?"))
    answer = await world.bob.send(thread, "Because")

    reply = await world.bob.context_menu(thread, "Mark as answer", answer)

    assert reply.ephemeral
    assert "Only the person who asked or a mentor" in reply.response.content
    stored = await stored_thread(world, thread)
    assert stored is not None and not stored.solved
    assert not thread_state(world, thread).name.startswith("✅")


async def test_marking_outside_a_qa_thread_is_refused(world: World) -> None:
    message = await world.bob.send(world.channel, "just chatting")

    reply = await world.alice.context_menu(world.channel, "Mark as answer", message)

    assert reply.ephemeral and "only works inside a Q&A thread" in reply.response.content


async def test_the_question_itself_cannot_be_the_answer(world: World) -> None:
    await use_forum(world)
    thread = posted_thread(world, await ask(world, world.alice, "Why?"))

    reply = await world.alice.context_menu(thread, "Mark as answer", thread.history()[0])

    assert reply.ephemeral and "question itself" in reply.response.content


async def test_marking_another_reply_moves_the_answer(world: World) -> None:
    forum = await use_forum(world)
    thread = posted_thread(world, await ask(world, world.alice, "Why?"))
    first = await world.bob.send(thread, "Maybe this")
    await world.alice.context_menu(thread, "Mark as answer", first)
    better = await world.mentor.send(thread, "Actually, this")

    reply = await world.alice.context_menu(thread, "Mark as answer", better)

    assert reply.response.content.startswith(
        f"✅ Answer moved: now answered by {world.mentor.mention}"
    )
    stored = await stored_thread(world, thread)
    assert stored is not None and stored.answer_message_id == better.id
    assert tag_names(world, forum, thread) == ["solved"]


async def test_marking_the_same_answer_twice_says_so(world: World) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Why?"))
    answer = await world.bob.send(thread, "Because")
    await world.alice.context_menu(thread, "Mark as answer", answer)

    reply = await world.alice.context_menu(thread, "Mark as answer", answer)

    assert reply.ephemeral and "already the accepted answer" in reply.response.content
    assert thread_state(world, thread).name.count("✅") == 1
