"""Helpers and nudges as members see them: /helpers, /nexus nudges, a ping in the thread."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import World
from tests.e2e import api_world
from tests.e2e.qa_support import ask, pinged, posted_thread, thread_state
from tests.e2e.test_command_permissions import open_command_to

DEFAULTS = ["after 2 hours", "after 1 day", "after 5 days", "after 7 days", "always"]


async def tick_after(world: World, after: timedelta) -> None:
    """Move simcord's clock and run the scheduler's one job, as the minute sweep does."""
    await world.env.advance_time(after.total_seconds())
    await world.bot.run_due_now()


async def test_an_unanswered_question_pings_only_the_helpers_of_its_category(
    world: World,
) -> None:
    await world.bob.slash(world.channel, "helpers join", category="data")
    await world.mentor.slash(world.channel, "helpers join", category="apis")
    reply = await ask(world, world.alice, "Redis keys never expire", "TTL seems ignored",
                      topic="caching")  # fmt: skip
    thread = posted_thread(world, reply)

    await tick_after(world, timedelta(hours=1, minutes=59))
    assert len(thread.history()) == 1
    await tick_after(world, timedelta(minutes=1))
    await tick_after(world, timedelta(minutes=5))

    nudges = [m for m in thread.history() if "no reply for" in m.content]
    assert len(nudges) == 1
    assert world.bob.mention in nudges[0].content
    assert pinged(world, nudges[0]) == {world.bob.id}


async def test_a_reply_from_another_member_prevents_the_nudge(world: World) -> None:
    await world.bob.slash(world.channel, "helpers join", category="data")
    reply = await ask(world, world.alice, "Redis keys never expire", topic="caching")
    thread = posted_thread(world, reply)
    await world.mentor.send(thread, "Check that you pass ex= to set()")

    await tick_after(world, timedelta(hours=3))

    assert not [m for m in thread.history() if "no reply for" in m.content]


async def test_helpers_join_list_and_leave(world: World) -> None:
    joined = await world.bob.slash(world.channel, "helpers join", category="apis")
    assert joined.ephemeral and "helper for **APIs" in joined.response.content

    listing = await world.bob.slash(world.channel, "helpers list")
    text = listing.response.embeds[0].description or ""
    assert listing.ephemeral and "✅ **APIs" in text and "1 helper(s)" in text

    left = await world.bob.slash(world.channel, "helpers leave")
    assert "no longer a helper for **APIs" in left.response.content
    again = await world.bob.slash(world.channel, "helpers leave", category="apis")
    assert again.ephemeral and "not signed up as a helper for APIs" in again.response.content


async def test_nexus_nudges_shows_and_changes_the_delays(world: World) -> None:
    shown = await world.mentor.slash(world.channel, "nexus nudges")
    assert shown.ephemeral and values(shown) == DEFAULTS

    changed = await world.mentor.slash(world.channel, "nexus nudges", unanswered_after=45)
    assert values(changed) == ["after 45 minutes", *DEFAULTS[1:]]
    off = await world.mentor.slash(
        world.channel, "nexus nudges", unanswered_after=0, mark_after=2880, stale_after=0
    )
    assert values(off) == ["off", "after 2 days", "off", "after 7 days", "always"]


def values(reply: Any) -> list[str]:
    return [f.value or "" for f in reply.response.embeds[0].fields]


async def test_the_asker_of_a_replied_question_is_asked_to_mark_the_answer(
    world: World,
) -> None:
    reply = await ask(world, world.alice, "Redis keys never expire", topic="caching")
    thread = posted_thread(world, reply)
    await world.bob.send(thread, "Pass ex=60 to set()")

    await tick_after(world, timedelta(hours=24, minutes=1))

    nudges = [m for m in thread.history() if "Mark as answer" in m.content]
    assert len(nudges) == 1
    assert pinged(world, nudges[0]) == {world.alice.id}


@pytest.mark.parametrize(
    ("option", "minutes", "answer"),
    [("unanswered_after", 5, "between 15 and 10,080 minutes"),
     ("unanswered_after", 20000, "between 15 and 10,080 minutes"),
     ("mark_after", 59, "between 60 and 20,160 minutes"),
     ("stale_after", 60, "between 1,440 and 43,200 minutes")],
)  # fmt: skip
async def test_nudge_delays_out_of_range_are_refused_and_nothing_changes(
    world: World, option: str, minutes: int, answer: str
) -> None:
    refused = await world.mentor.slash(world.channel, "nexus nudges", **{option: minutes})
    assert refused.ephemeral and answer in refused.response.content
    shown = await world.mentor.slash(world.channel, "nexus nudges")
    assert values(shown) == DEFAULTS


async def test_nexus_nudges_needs_manage_server(world: World) -> None:
    open_command_to(world, "nexus", world.alice)  # a server opened /nexus to her
    refused = await world.alice.slash(world.channel, "nexus nudges", unanswered_after=30)
    assert refused.ephemeral and "Manage Server" in refused.response.content


async def test_a_request_reaching_ready_mentions_its_requester(world: World) -> None:
    await api_world.ask(world)
    thread = api_world.request_thread(world)
    await world.bob.slash(world.channel, "api claim", id=1)
    await world.bob.slash(world.channel, "api status", id=1, status="in_progress")
    await world.bob.slash(world.channel, "api status", id=1, status="ready")

    await tick_after(world, timedelta(minutes=1))
    await tick_after(world, timedelta(minutes=1))

    nudges = [m for m in thread.history() if "is **ready for review**" in m.content]
    assert len(nudges) == 1
    assert pinged(world, nudges[0]) == {world.alice.id}


async def test_a_claim_quiet_for_five_days_nudges_its_claimer_once(world: World) -> None:
    await api_world.ask(world)
    thread = api_world.request_thread(world)
    await world.bob.slash(world.channel, "api claim", id=1)

    await tick_after(world, timedelta(days=4, hours=23))
    assert not [m for m in thread.history() if "has had no change" in m.content]
    await tick_after(world, timedelta(hours=1))
    await tick_after(world, timedelta(hours=1))

    nudges = [m for m in thread.history() if "has had no change for 5 days" in m.content]
    assert len(nudges) == 1
    assert pinged(world, nudges[0]) == {world.bob.id}


async def test_a_quiet_question_thread_is_archived_not_locked_with_a_note(world: World) -> None:
    reply = await ask(world, world.alice, "Redis keys never expire", topic="caching")
    thread = posted_thread(world, reply)
    await world.bob.send(thread, "Pass ex=60 to set()")

    await tick_after(world, timedelta(days=7, minutes=1))

    assert [m for m in thread.history() if "so Nexus archived it" in m.content]
    state = thread_state(world, thread)
    assert state.thread_metadata.archived and not state.thread_metadata.locked


async def test_a_claim_quiet_for_seven_days_is_released_and_its_card_shows_it(
    world: World,
) -> None:
    await api_world.ask(world)
    thread = api_world.request_thread(world)
    await world.bob.slash(world.channel, "api claim", id=1)
    assert not api_world.buttons(api_world.card(thread))["Claim"]

    await tick_after(world, timedelta(days=5, minutes=1))
    await tick_after(world, timedelta(days=2))

    released = [m for m in thread.history() if "is **open** again" in m.content]
    assert len(released) == 1 and pinged(world, released[0]) == set()
    assert api_world.buttons(api_world.card(thread))["Claim"]
    shown = await world.alice.slash(world.channel, "api show", id=1)
    assert "released by Nexus: no change for 7 days" in str(shown.response.embeds[0].to_dict())
