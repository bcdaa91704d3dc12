"""A thread Discord opened but answered with a 5xx is found and used, not opened twice."""

from __future__ import annotations

import pytest

from tests.conftest import World
from tests.e2e import api_world
from tests.e2e.discord_rules import lose_the_answer
from tests.e2e.qa_support import ask, posted_thread, stored_thread, use_forum


async def test_an_api_thread_opened_despite_a_502_gets_its_card_and_the_request_is_kept(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = lose_the_answer(monkeypatch, "POST", f"/channels/{world.channel.id}/threads", status=502)

    reply = await api_world.ask(world)

    assert len(made) == 1
    thread = api_world.request_thread(world)  # exactly one
    assert api_world.card(thread).embeds
    assert "API-1" in api_world.answer(reply)
    assert (await world.bot.services.records.count())["api_requests"] == 1


async def test_a_question_thread_opened_despite_a_500_is_used(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    lose_the_answer(monkeypatch, "POST", f"/channels/{world.channel.id}/threads")

    thread = posted_thread(world, await ask(world, world.alice, "Why?"))

    assert [t.id for t in world.channel.threads] == [thread.id]
    assert await stored_thread(world, thread) is not None


async def test_a_forum_post_made_despite_a_500_is_used(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    forum = await use_forum(world)
    lose_the_answer(monkeypatch, "POST", f"/channels/{forum.id}/threads")

    thread = posted_thread(world, await ask(world, world.alice, "Why?"))

    assert [t.id for t in forum.threads] == [thread.id]
    assert await stored_thread(world, thread) is not None
