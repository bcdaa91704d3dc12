"""`/ask` as members use it: forum, text channel or no Q&A channel; similar questions first."""

from __future__ import annotations

import pytest

from cogs.ui.limits import fits
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
from tests.e2e.test_topics import button_labels


async def test_ask_in_a_forum_posts_a_tagged_post_holding_the_question(world: World) -> None:
    forum = await use_forum(world)

    reply = await ask(
        world,
        world.alice,
        "Why does my Redis cache go stale?",
        "I set a TTL of 60s.",
        topic="caching",
    )

    assert reply.ephemeral
    thread = posted_thread(world, reply)
    assert thread_state(world, thread).parent_id == forum.id
    assert thread.name == "Why does my Redis cache go stale?"
    assert tag_names(world, forum, thread) == ["unanswered", "Caching"]
    starter = thread.history()[0]
    assert world.alice.mention in starter.content
    assert pinged(world, starter) == set()
    assert starter.embeds[0].description == "I set a TTL of 60s."
    assert starter.embeds[0].author.name == "alice"
    assert fits(starter.embeds[0])
    stored = await stored_thread(world, thread)
    assert stored is not None
    assert (stored.asker_id, stored.topic_slug, stored.starter_message_id) == (
        world.alice.id,
        "caching",
        starter.id,
    )


async def test_ask_with_a_text_qa_channel_posts_a_message_and_a_thread_on_it(
    world: World,
) -> None:
    qa_channel = world.guild.create_text_channel("q-and-a")
    await use_qa_channel(world, qa_channel)

    reply = await ask(world, world.alice, "Celery tasks run twice", "Why?")

    thread = posted_thread(world, reply)
    starter = qa_channel.history()[0]
    assert starter.id == thread.id  # the thread hangs from the question message
    assert starter.embeds[0].title == "Celery tasks run twice"
    assert world.alice.mention in starter.content
    assert thread_state(world, thread).parent_id == qa_channel.id
    assert world.alice.id in thread_state(world, thread).thread_members


async def test_ask_without_a_qa_channel_opens_a_thread_in_this_channel(world: World) -> None:
    reply = await ask(world, world.bob, "Docker compose networking", "Containers can't connect")

    thread = posted_thread(world, reply)
    assert thread_state(world, thread).parent_id == world.channel.id
    first = thread.history()[0]
    assert first.embeds[0].description == "Containers can't connect"
    stored = await stored_thread(world, thread)
    assert stored is not None and stored.starter_message_id == first.id


async def test_an_existing_solved_question_is_suggested_before_posting(world: World) -> None:
    first = posted_thread(world, await ask(world, world.alice, "Redis cache timeout config"))
    answer = await world.bob.send(first, "Set CACHES['default']['TIMEOUT']")
    await world.alice.context_menu(first, "Mark as answer", answer)
    threads_before = len(world.channel.threads)

    reply = await ask(world, world.bob, "How to configure the Redis cache timeout?", "TTL")

    assert reply.ephemeral
    embed = reply.response.embeds[0]
    assert embed.title == "These solved questions look close to yours"
    assert "Redis cache timeout config" in (embed.fields[0].name or "")
    assert str(first.id) in (embed.fields[0].value or "")
    assert fits(embed)
    assert button_labels(reply.response.message) == ["Post my question anyway"]
    assert len(world.channel.threads) == threads_before

    posted = await world.bob.click(reply.response, label="Post my question anyway")

    assert "Your question is posted" in (reply.response.content or "")
    thread = posted_thread(world, reply)
    assert thread.name == "How to configure the Redis cache timeout?"
    assert len(world.channel.threads) == threads_before + 1
    del posted


async def test_after_posting_anyway_the_suggestion_turns_into_the_link(world: World) -> None:
    first = posted_thread(world, await ask(world, world.alice, "Redis cache timeout config"))
    answer = await world.bob.send(first, "Set the TIMEOUT")
    await world.alice.context_menu(first, "Mark as answer", answer)
    reply = await ask(world, world.bob, "Configure the Redis cache timeout")

    await world.bob.click(reply.response, label="Post my question anyway")

    assert button_labels(reply.response.message) == []
    assert reply.response.embeds == []
    assert posted_thread(world, reply).name == "Configure the Redis cache timeout"


@pytest.mark.parametrize(
    ("title", "question", "expected"),
    [
        ("   ", "q", "can't be empty"),
        ("t" * 91, "q", "91 characters"),
        ("Fine title", "   ", "can't be empty"),
        ("Fine title", "q" * 1801, "1801 characters"),
        ("@everyone look", "q", "@everyone"),
        ("Fine title", "cc @here", "@here"),
        ("Fine title", "ping <@&{role}>", "role"),
    ],
)
async def test_bad_questions_get_a_clear_answer_and_nothing_is_posted(
    world: World, title: str, question: str, expected: str
) -> None:
    question = question.replace("{role}", str(world.mentor_role.id))

    reply = await ask(world, world.alice, title, question)

    assert reply.ephemeral
    assert expected in reply.response.content
    assert world.channel.threads == []
    assert not reply.response.message.mentions and not reply.response.message.role_mentions


async def test_an_unknown_topic_is_refused(world: World) -> None:
    reply = await ask(world, world.alice, "A question", topic="basket weaving")

    assert "no topic named 'basket weaving'" in reply.response.content
    assert world.channel.threads == []


async def test_ask_inside_a_thread_without_a_qa_channel_is_refused(world: World) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "First question"))

    reply = await ask(world, world.bob, "Second question", channel=thread)

    assert reply.ephemeral and "text channel" in reply.response.content
    assert len(world.channel.threads) == 1


async def test_topic_autocomplete_offers_topics(world: World) -> None:
    choices = await world.alice.autocomplete(world.channel, "ask", "topic", "cach")
    assert choices[0] == {"name": "Caching", "value": "caching"}


async def test_asking_the_same_question_twice_links_to_the_first_thread(world: World) -> None:
    forum = await use_forum(world)
    first = await ask(world, world.alice, "Redis TTL ignored", "My keys never expire.")
    thread = posted_thread(world, first)
    await world.env.advance_time(30)

    again = await ask(world, world.alice, "redis ttl ignored", "My keys  never expire.")

    assert again.ephemeral
    said = again.followups[-1].content if again.followups else again.response.content
    assert said.startswith("You asked this a moment ago:")
    assert posted_thread(world, again).id == thread.id
    assert [t.id for t in forum.threads] == [thread.id]


async def test_the_same_question_after_its_thread_is_deleted_gets_a_new_thread(
    world: World,
) -> None:
    first = await ask(world, world.alice, "Redis TTL ignored", "My keys never expire.")
    thread = posted_thread(world, first)
    world.env.backend.delete_channel(thread.id)

    again = await ask(world, world.alice, "Redis TTL ignored", "My keys never expire.")

    assert posted_thread(world, again).id != thread.id
