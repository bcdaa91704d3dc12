"""Reminders where Discord does not let Nexus post, or loses its answer: never lost, never
twice, and the member is told how it comes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import World
from tests.e2e.qa_support import thread_handle
from tests.e2e.test_discord_permissions import deny_the_bot
from tests.e2e.test_reminders import deliver
from tests.strict.writes import applied_anyway


def dms(world: World, text: str) -> list[str]:
    channel = world.alice.user.dm_channel
    return [m.content for m in channel.history() if text in m.content] if channel else []


@pytest.mark.parametrize("missing", ["send_messages", "view_channel"])
async def test_a_reminder_set_where_nexus_cannot_post_says_so_and_comes_by_dm(
    world: World, missing: str
) -> None:
    closed = world.guild.create_text_channel("read-only")
    await deny_the_bot(world, closed, missing)

    reply = await world.alice.slash(closed, "remind me", when="in 1h", text="ship the ORM task")
    fields = {f.name: f.value for f in reply.response.embeds[0].fields}
    assert "come by DM" in fields.get("By DM", "")
    assert missing.replace("_", " ").title() in fields["By DM"]

    await deliver(world, timedelta(hours=1))

    [sent] = dms(world, "ship the ORM task")
    assert f"<#{closed.id}> is closed to me" in sent


async def test_a_reminder_whose_channel_is_closed_to_nexus_later_comes_by_dm(
    world: World,
) -> None:
    target = world.guild.create_text_channel("study-group")
    reply = await world.alice.slash(target, "remind me", when="in 2h", text="review the PR")
    assert "By DM" not in {f.name for f in reply.response.embeds[0].fields}
    await deny_the_bot(world, target, "send_messages")

    await deliver(world, timedelta(hours=2))

    assert len(dms(world, "review the PR")) == 1
    assert world.channel.history() == [] and target.history() == []


async def test_a_reminder_set_in_a_thread_needs_send_messages_in_threads_there(
    world: World,
) -> None:
    parent = world.guild.create_text_channel("threads")
    raw = world.env.backend.create_thread(parent.id, "study", world.alice.id)
    thread = thread_handle(world, raw.id)
    await deny_the_bot(world, parent, "send_messages_in_threads")

    reply = await world.alice.slash(thread, "remind me", when="in 1h", text="in the thread")

    fields = {f.name: f.value for f in reply.response.embeds[0].fields}
    assert "Send Messages In Threads" in fields.get("By DM", "")


async def test_a_reminder_dm_whose_answer_was_lost_arrives_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed = world.guild.create_text_channel("read-only")
    await deny_the_bot(world, closed, "send_messages")
    await world.alice.slash(closed, "remind me", when="in 1h", text="only once")
    lost = applied_anyway(
        monkeypatch, "/channels/*/messages", when=lambda body: "only once" in str(body)
    )

    await deliver(world, timedelta(hours=1))
    await deliver(world, timedelta(minutes=10))  # any retry of the slot is due by now

    assert len(lost.results) == 1
    assert len(dms(world, "only once")) == 1
