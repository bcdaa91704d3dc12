"""What the guide refuses, changing nothing: bad input, a second pending suggestion from one
message, members deciding, two mentors racing on one card; and a topic a reload removed."""

from __future__ import annotations

import asyncio
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import Settings
from bot.errors import Conflict
from tests.conftest import World, make_settings
from tests.e2e.guide_support import accepted_answer, suggest_from, told

GONE = "django-templates"


async def pending_count(world: World) -> int:
    return (await world.bot.services.guide.pending(world.guild.id)).total


async def test_invisible_text_is_refused(world: World) -> None:
    reply = await world.alice.slash(
        world.channel, "guide suggest", topic="caching", title="\u200b\u2800", note="x"
    )
    assert reply.ephemeral and "`title` can't be empty" in reply.response.content
    thread, answer = await accepted_answer(world)
    done = await suggest_from(world, world.alice, thread, answer, note=" \u200b ")
    assert done.ephemeral and "give a note" in done.response.content
    assert await pending_count(world) == 0


async def test_an_unknown_topic_is_refused_with_did_you_mean(world: World) -> None:
    reply = await world.alice.slash(
        world.channel, "guide suggest", topic="cachng", title="TTL", note="Set one"
    )
    assert reply.ephemeral
    assert "No topic named 'cachng'" in reply.response.content
    assert "Did you mean `Caching" in reply.response.content
    assert await pending_count(world) == 0


async def test_over_long_fields_are_refused(world: World) -> None:
    long_note = await world.alice.slash(
        world.channel, "guide suggest", topic="caching", title="TTL", note="word " * 400
    )
    long_title = await world.alice.slash(
        world.channel, "guide suggest", topic="caching", title="t" * 120, note="Set one"
    )
    assert long_note.ephemeral and "keep it under 1500" in long_note.response.content
    assert long_title.ephemeral and "keep it under 100" in long_title.response.content
    assert await pending_count(world) == 0


async def test_a_second_pending_suggestion_from_one_message_links_the_first(
    world: World,
) -> None:
    thread, answer = await accepted_answer(world)
    await suggest_from(world, world.alice, thread, answer)

    again = await suggest_from(world, world.bob, thread, answer, title="Another take")

    assert again.ephemeral and "already suggested" in again.response.content
    assert "suggestion #1" in again.response.content and answer.jump_url in again.response.content
    assert await pending_count(world) == 1


async def test_a_member_pressing_approve_is_refused(world: World) -> None:
    thread, answer = await accepted_answer(world)
    await suggest_from(world, world.alice, thread, answer)
    former = world.guild.add_member(world.env.create_user("former"), roles=[world.mentor_role])
    queue = await former.slash(world.channel, "guide queue")
    # No longer a mentor, with the card still open.
    world.env.backend.remove_member_role(world.guild.id, former.id, world.mentor_role.id)
    await world.env.settle()

    pressed = await former.click(queue.response, label="Approve")
    asked = await world.bob.slash(world.channel, "guide queue")

    assert pressed.ephemeral and "needs the mentor role" in pressed.response.content
    assert asked.ephemeral and "needs the mentor role" in asked.response.content
    assert await pending_count(world) == 1


async def test_two_mentors_racing_decide_once(world: World) -> None:
    guide = world.bot.services.guide
    made = await guide.suggest(
        world.guild.id, world.alice.id, topic="caching", title="T", text="N", channel_id=None
    )
    second = world.guild.add_member(world.env.create_user("mentor2"), roles=[world.mentor_role])

    outcomes = await asyncio.gather(
        guide.approve(world.guild.id, made.id, world.mentor.id),
        guide.reject(world.guild.id, made.id, second.id, "Not needed"),
        return_exceptions=True,
    )

    assert sum(isinstance(o, Conflict) for o in outcomes) == 1
    note = await guide.note(world.guild.id, made.id)
    assert note.decided_by in {world.mentor.id, second.id}


async def test_a_stale_card_is_told_who_decided(world: World) -> None:
    thread, answer = await accepted_answer(world)
    await suggest_from(world, world.alice, thread, answer)
    second = world.guild.add_member(world.env.create_user("mentor2"), roles=[world.mentor_role])
    mine = await world.mentor.slash(world.channel, "guide queue")
    theirs = await second.slash(world.channel, "guide queue")

    await world.mentor.click(mine.response, label="Approve")
    stale = await second.click(theirs.response, label="Approve")
    form = await second.click(theirs.response, label="Reject")
    late = await second.submit_modal(form, {"reason": "too late"})

    assert stale.ephemeral and f"already approved by {world.mentor.mention}" in (
        stale.response.content
    )
    assert "already approved" in late.response.content
    assert len(told(world, thread, world.alice)) == 1


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    base = make_settings(tmp_path)
    folder = tmp_path / "content"
    shutil.copytree(base.content_dir, folder)
    return replace(base, content_dir=folder)


async def test_a_suggestion_whose_topic_was_removed_is_kept_as_topic_gone(
    world: World, settings: Settings
) -> None:
    await world.alice.slash(
        world.channel, "guide suggest", topic=GONE, title="Blocks", note="Use {% block %}"
    )
    for kind in ("topics", "takeaways"):
        (settings.content_dir / kind / f"{GONE}.md").unlink()
    assert (await world.bot.reload_content()).loaded

    queue = await world.mentor.slash(world.channel, "guide queue")

    card = queue.response.embeds[0]
    assert "topic gone" in card.fields[0].value
    assert await pending_count(world) == 1
