"""Every message of a Q&A thread is stored as it is sent, edited and deleted (raw events),
forum posts members make are tracked, and deleting threads or channels keeps data consistent."""

from __future__ import annotations

from tests.conftest import World
from tests.e2e.qa_support import (
    ask,
    delete_channel,
    member_forum_post,
    posted_thread,
    stored_contents,
    stored_thread,
    use_forum,
)


async def test_replies_are_stored_with_author_name_and_reply_to(world: World) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Why is my query slow?"))

    first = await world.bob.send(thread, "Add an index")
    second = await world.alice.send(thread, "Which column?", reply_to=first)

    stored = await world.bot.services.qa_archive.messages(thread.id)
    assert [(m.author_id, m.author_name, m.content) for m in stored] == [
        (world.bob.id, "bob", "Add an index"),
        (world.alice.id, "alice", "Which column?"),
    ]
    assert stored[1].reply_to_id == first.id
    assert stored[1].created_at == second.created_at
    # The bot's own question message is the thread's row, not a stored reply.
    assert len(thread.history()) == 3


async def test_messages_outside_q_and_a_threads_are_not_stored(world: World) -> None:
    await world.alice.send(world.channel, "hello everyone")
    other = world.guild.create_text_channel("general")
    await world.bob.send(other, "hi")

    assert (await world.bot.services.records.count())["qa_messages"] == 0


async def test_an_edit_updates_the_stored_text_without_a_message_cache(world: World) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Question"))
    sent = await world.bob.send(thread, "use nginx")
    assert not world.bot.cached_messages  # Nexus keeps no message cache (bot/app.py)

    await world.bob.edit(sent, "use traefik")

    stored = await world.bot.services.qa_archive.messages(thread.id)
    assert [m.content for m in stored] == ["use traefik"]
    assert stored[0].edited_at is not None


async def test_a_deleted_message_is_deleted_from_the_database(world: World) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Question"))
    kept = await world.bob.send(thread, "kept")
    gone = await world.bob.send(thread, "oops, wrong thread")
    assert not world.bot.cached_messages  # Nexus keeps no message cache (bot/app.py)

    await world.bob.delete(gone)

    assert await stored_contents(world, thread) == [kept.content]


async def test_a_post_made_directly_in_the_qa_forum_is_tracked(world: World) -> None:
    forum = await use_forum(world)

    post = await member_forum_post(world, world.bob, forum, "Migrations conflict", "Two heads!")
    await world.alice.send(post, "Merge them with alembic merge")

    stored = await stored_thread(world, post)
    assert stored is not None
    assert (stored.asker_id, stored.title, stored.question) == (
        world.bob.id,
        "Migrations conflict",
        "Two heads!",
    )
    assert await stored_contents(world, post) == ["Merge them with alembic merge"]

    await world.bob.edit(post.history()[0], "Two alembic heads!")
    stored = await stored_thread(world, post)
    assert stored is not None and stored.question == "Two alembic heads!"


async def test_posts_in_other_forums_are_not_tracked(world: World) -> None:
    await use_forum(world)
    other = world.guild.create_forum_channel("showcase")

    post = await member_forum_post(world, world.bob, other, "My project", "Look!")

    assert await stored_thread(world, post) is None


async def test_deleting_a_thread_deletes_its_stored_data(world: World) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Question"))
    await world.bob.send(thread, "answer")
    kept = posted_thread(world, await ask(world, world.bob, "Another question"))

    await delete_channel(world, thread)

    assert await stored_thread(world, thread) is None
    assert await world.bot.services.qa_archive.messages(thread.id) == []
    assert await stored_thread(world, kept) is not None
    counts = await world.bot.services.records.count()
    assert (counts["qa_threads"], counts["qa_messages"]) == (1, 0)


async def test_deleting_the_qa_channel_deletes_its_threads(world: World) -> None:
    forum = await use_forum(world)
    thread = posted_thread(world, await ask(world, world.alice, "Question"))
    await world.bob.send(thread, "answer")

    await delete_channel(world, forum)

    counts = await world.bot.services.records.count()
    assert (counts["qa_threads"], counts["qa_messages"]) == (0, 0)


async def test_a_bulk_delete_removes_every_message_it_names(world: World) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Question"))
    spam = [await world.bob.send(thread, f"spam {n}") for n in range(3)]
    kept = await world.mentor.send(thread, "kept")

    world.env.backend.bulk_delete_messages(thread.id, [m.id for m in spam])  # a moderator's purge
    await world.env.settle()

    assert await stored_contents(world, thread) == [kept.content]
