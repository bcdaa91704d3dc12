"""`/qa close`, `/qa search`, `/qa stats`, `/qa forget-me`, and Q&A threads in `/search`."""

from __future__ import annotations

from typing import Any

from cogs.ui.limits import fits
from tests.conftest import World
from tests.e2e.qa_support import (
    ask,
    pinged,
    posted_thread,
    stored_contents,
    stored_thread,
    thread_state,
)
from tests.e2e.test_topics import button_labels


async def solved_thread(world: World, title: str, answer: str, question: str = "") -> Any:
    thread = posted_thread(world, await ask(world, world.alice, title, question))
    reply = await world.bob.send(thread, answer)
    await world.alice.context_menu(thread, "Mark as answer", reply)
    return thread


async def test_the_asker_closes_a_thread_with_a_reason(world: World) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Why?"))

    reply = await world.alice.slash(
        thread, "qa close", reason=f"Sorted out with {world.bob.mention}"
    )

    assert not reply.ephemeral
    assert reply.response.content.startswith(f"🔒 Closed by {world.alice.mention}: Sorted out")
    assert pinged(world, reply.response.message) == set()
    state = thread_state(world, thread)
    assert state.thread_metadata.archived and state.thread_metadata.locked
    stored = await stored_thread(world, thread)
    assert stored is not None and stored.closed_at is not None


async def test_a_reason_that_pings_everyone_is_refused(world: World) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Why?"))

    reply = await world.alice.slash(thread, "qa close", reason="done @everyone")

    assert reply.ephemeral and "@everyone" in reply.response.content
    assert not thread_state(world, thread).thread_metadata.archived
    stored = await stored_thread(world, thread)
    assert stored is not None and stored.closed_at is None


async def test_a_mentor_closes_without_a_reason(world: World) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Why?"))

    reply = await world.mentor.slash(thread, "qa close")

    assert reply.response.content == f"🔒 Closed by {world.mentor.mention}."
    assert thread_state(world, thread).thread_metadata.locked


async def test_someone_else_cannot_close_and_nothing_changes(world: World) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Why?"))

    reply = await world.bob.slash(thread, "qa close")

    assert reply.ephemeral and "Only the person who asked or a mentor" in reply.response.content
    assert not thread_state(world, thread).thread_metadata.archived
    assert len(thread.history()) == 1


async def test_close_outside_a_qa_thread_is_refused(world: World) -> None:
    reply = await world.alice.slash(world.channel, "qa close")

    assert reply.ephemeral and "only works inside a Q&A thread" in reply.response.content


async def test_search_finds_titles_questions_and_answers_best_first(world: World) -> None:
    await solved_thread(
        world, "Celery retries", "Use autoretry_for with a backoff", "It fails on network errors"
    )
    by_answer = await solved_thread(world, "Tasks fail randomly", "Add a celery backoff")
    posted_thread(world, await ask(world, world.bob, "Unrelated question", "nginx"))

    reply = await world.alice.slash(world.channel, "qa search", query="celery backoff")

    assert reply.ephemeral
    embed = reply.response.embeds[0]
    assert [f.name for f in embed.fields] == ["✅ Celery retries", "✅ Tasks fail randomly"]
    assert str(by_answer.id) in (embed.fields[1].value or "")
    assert "Jump to the answer" in (embed.fields[0].value or "")
    assert "**backoff**" in (embed.fields[0].value or "") or "backoff" in (
        embed.fields[0].value or ""
    )
    assert fits(embed)


async def test_search_solved_only_leaves_open_questions_out(world: World) -> None:
    await solved_thread(world, "Redis eviction policy", "allkeys-lru")
    posted_thread(world, await ask(world, world.bob, "Redis persistence", "AOF or RDB?"))

    everything = await world.alice.slash(world.channel, "qa search", query="redis")
    solved = await world.alice.slash(world.channel, "qa search", query="redis", solved_only=True)

    assert len(everything.response.embeds[0].fields) == 2
    assert [f.name for f in solved.response.embeds[0].fields] == ["✅ Redis eviction policy"]


async def test_search_pages_five_results_at_a_time(world: World) -> None:
    for n in range(7):
        asker = (world.alice, world.bob, world.mentor)[n % 3]  # five writes a member at most
        await ask(world, asker, f"Docker question {n}", "docker compose fails")

    reply = await world.bob.slash(world.channel, "qa search", query="docker")

    assert len(reply.response.embeds[0].fields) == 5
    assert button_labels(reply.response.message) == ["◀ Previous", "Next ▶"]
    await world.bob.click(reply.response, label="Next ▶")
    page_two = reply.response.embeds[0]
    assert len(page_two.fields) == 2 and page_two.footer.text.startswith("Page 2")


async def test_search_with_no_thread_holding_every_word_shows_the_closest(world: World) -> None:
    await solved_thread(world, "Celery retries with backoff", "autoretry_for and a backoff")
    await solved_thread(world, "Celery beat schedule", "crontab entries")
    posted_thread(world, await ask(world, world.bob, "Unrelated question", "nginx"))

    reply = await world.alice.slash(world.channel, "qa search", query="celery backoff kubernetes")

    embed = reply.response.embeds[0]
    assert reply.ephemeral and embed.description == "No thread has every word; closest:"
    assert [f.name for f in embed.fields] == [
        "✅ Celery retries with backoff",
        "✅ Celery beat schedule",
    ]
    assert "has 2 of your 3 words" in (embed.fields[0].value or "")
    assert "has 1 of your 3 words" in (embed.fields[1].value or "")
    assert button_labels(reply.response.message) == []
    assert fits(embed)


async def test_search_with_nothing_found_or_an_empty_query(world: World) -> None:
    nothing = await world.alice.slash(world.channel, "qa search", query="kubernetes")
    empty = await world.alice.slash(world.channel, "qa search", query="  ")

    assert nothing.response.embeds[0].description.startswith("Nothing matched")
    assert empty.ephemeral and "can't be empty" in empty.response.content


async def test_stats_show_the_last_30_days(world: World) -> None:
    await solved_thread(world, "Solved one", "answer")
    posted_thread(world, await ask(world, world.bob, "Open one"))

    reply = await world.mentor.slash(world.channel, "qa stats")

    embed = reply.response.embeds[0]
    values = {f.name: f.value for f in embed.fields}
    assert (values["Asked"], values["Solved"], values["Unanswered"]) == ("2", "1", "1")
    assert values["Median time to a first answer"] == "under a minute"
    assert values["Top helpers"] == f"1. {world.bob.mention}: 1 accepted answer, 1 reply"
    assert fits(embed)


async def test_forget_me_deletes_after_confirmation(world: World) -> None:
    thread = posted_thread(world, await ask(world, world.alice, "Alice's question"))
    other = posted_thread(world, await ask(world, world.mentor, "Mentor's question"))
    await world.bob.send(thread, "bob in alice's thread")
    await world.bob.send(other, "bob in mentor's thread")
    await world.mentor.send(other, "mentor's own reply")

    reply = await world.bob.slash(world.channel, "qa forget-me")

    assert reply.ephemeral and "2 message(s)" in reply.response.content
    assert await stored_contents(world, other) == ["bob in mentor's thread", "mentor's own reply"]

    await world.bob.click(reply.response, label="Delete my data")

    assert reply.response.content.startswith("Done: deleted 2 message(s)")
    assert await stored_contents(world, other) == ["mentor's own reply"]
    assert await stored_contents(world, thread) == []
    assert len(other.history()) == 3  # Discord itself is untouched


async def test_forget_me_with_nothing_stored(world: World) -> None:
    reply = await world.bob.slash(world.channel, "qa forget-me")

    assert reply.ephemeral and "stores nothing" in reply.response.content


async def test_topic_search_shows_matching_qa_threads_under_the_topics(world: World) -> None:
    thread = await solved_thread(world, "Redis TTL invalidation", "Use versioned keys")

    reply = await world.alice.slash(world.channel, "search", query="redis ttl invalidation")

    embed = reply.response.embeds[0]
    assert embed.fields[0].name == "Caching · Data"
    assert embed.fields[-1].name == "Q&A threads"
    assert str(thread.id) in (embed.fields[-1].value or "")
    assert fits(embed)
