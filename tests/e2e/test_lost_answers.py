"""Messages Discord made but answered with a 5xx (tests/strict/writes.py): each question
post and request card exists once, and the member is told it was posted."""

from __future__ import annotations

from typing import Any

import discord
import pytest

from tests.conftest import World
from tests.e2e import api_world
from tests.e2e.qa_support import ask, posted_thread, stored_thread, use_qa_channel
from tests.strict.writes import applied_anyway


def holding(text: str) -> Any:
    return lambda body: text in str(body)


async def test_a_question_post_in_the_q_and_a_channel_answered_500_is_posted_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    qa = world.guild.create_text_channel("questions")
    await use_qa_channel(world, qa)
    lost = applied_anyway(monkeypatch, f"/channels/{qa.id}/messages", when=holding("Why 500?"))

    thread = posted_thread(world, await ask(world, world.alice, "Why 500?"))

    assert len(lost.results) == 1
    questions = [m for m in qa.history() if m.type is discord.MessageType.default]
    assert [m.id for m in questions] == [thread.id]  # one question, its thread on it
    assert await stored_thread(world, thread) is not None


async def test_a_question_in_its_own_thread_answered_500_is_posted_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    lost = applied_anyway(monkeypatch, "/channels/*/messages", when=holding("Why 502?"), status=502)

    thread = posted_thread(world, await ask(world, world.alice, "Why 502?"))

    assert len(lost.results) == 1 and lost.paths == [f"/channels/{thread.id}/messages"]
    assert len(thread.history()) == 1
    assert await stored_thread(world, thread) is not None


async def test_a_request_card_answered_500_is_posted_once_and_the_request_kept(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    lost = applied_anyway(monkeypatch, "/channels/*/messages", when=holding("List listings"))

    reply = await api_world.ask(world)

    assert len(lost.results) == 1
    thread = api_world.request_thread(world)
    assert len(thread.history()) == 1 and api_world.card(thread).embeds
    assert "API-1" in api_world.answer(reply)
    assert (await world.bot.services.records.count())["api_requests"] == 1
