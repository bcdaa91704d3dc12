"""When Discord fails or a moderator deletes a thread: no dangling request, nothing lost."""

from __future__ import annotations

import discord
import pytest
from sqlalchemy.exc import OperationalError

from bot.config import Settings
from bot.services.api import store
from bot.services.api.drafts import RequestDraft
from bot.services.api.model import RequestForm
from bot.services.api.status import HttpMethod
from tests.conftest import World
from tests.e2e.api_world import answer, ask, card, field, request_thread, restart


async def listed(world: World) -> str:
    reply = await world.alice.slash(world.channel, "api list")
    return str(reply.response.embeds[0].description or "")


async def test_a_discord_outage_while_opening_the_thread_saves_nothing(world: World) -> None:
    world.env.inject_error("POST", "/channels/*/threads", status=503)

    reply = await ask(world)

    assert reply.ephemeral
    assert reply.response.content == (
        "Discord had a problem opening the thread (HTTP 503). Nothing was saved, so you can "
        "try again."
    )
    assert world.channel.threads == []
    assert "No requests yet." in await listed(world)

    retried = await ask(world)

    assert retried.response.content.startswith("Opened **API-1** · `GET /listings`")
    assert request_thread(world).name == "API-1 · GET /listings"


async def test_a_missing_thread_permission_saves_nothing_and_says_what_to_fix(
    world: World,
) -> None:
    world.env.inject_error("POST", "/channels/*/threads", status=403, code=50013)

    reply = await ask(world)

    assert reply.response.content == (
        f"I'm not allowed to open threads in {world.channel.mention} (Discord said 403): a "
        "server admin needs to give me **Create Public Threads** and **Send Messages in "
        "Threads** there. Nothing was saved, so you can try again."
    )
    assert world.channel.threads == []
    assert "No requests yet." in await listed(world)


async def test_a_card_that_cannot_be_posted_takes_its_thread_with_it(world: World) -> None:
    # Every try fails: the first, and the one sent again with the same nonce.
    world.env.inject_error("POST", "/channels/*/messages", status=500, times=None)

    reply = await ask(world)

    assert reply.response.content.startswith("Discord had a problem opening the thread (HTTP 500)")
    assert world.channel.threads == []
    assert "No requests yet." in await listed(world)


async def test_a_thread_deleted_by_a_moderator_leaves_the_request_intact(world: World) -> None:
    await ask(world)
    thread = request_thread(world)
    # simcord has no member verb for deleting a channel, so the moderator acts on the
    # simulated server directly; the bot receives the same THREAD_DELETE event.
    world.env.backend.delete_channel(thread.id)
    await world.env.settle()

    shown = await world.alice.slash(world.channel, "api show", id=1)
    claimed = await world.bob.slash(world.channel, "api claim", id=1)

    assert field(shown.response.embeds[0], "Thread") == (
        "The thread was deleted; the request itself is kept."
    )
    assert claimed.response.content == (
        "**API-1** is now **claimed**. Its thread was deleted, so nobody was told there."
    )
    after = await world.alice.slash(world.channel, "api show", id=1)
    assert field(after.response.embeds[0], "Claimer") == world.bob.mention


async def test_a_change_that_cannot_be_posted_is_still_made(world: World) -> None:
    await ask(world)
    thread = request_thread(world)
    world.env.inject_error("POST", f"/channels/{thread.id}/messages", status=500)

    reply = await world.bob.slash(world.channel, "api claim", id=1)

    assert reply.response.content == (
        "**API-1** is now **claimed**. I couldn't post in its thread, so let the others know "
        "yourself."
    )
    shown = await world.alice.slash(world.channel, "api show", id=1)
    assert field(shown.response.embeds[0], "Status") == "✋ claimed"


async def test_a_request_cut_short_by_a_stop_is_discarded_at_start_up(
    world: World, settings: Settings
) -> None:

    # What a stop between storing a request and opening its thread leaves behind.
    draft = RequestDraft.from_form(RequestForm(HttpMethod.GET, "/orphan", "Cut short"))
    async with world.bot.db.sessions.begin() as session:
        await store.insert_request(
            session, world.guild.id, world.alice.id, draft, discord.utils.utcnow()
        )
    assert "`API-1` **GET** `/orphan`" in await listed(world)

    await restart(world, settings)

    assert "No requests yet." in await listed(world)


async def test_a_deleted_api_channel_saves_nothing_and_says_so(world: World) -> None:
    api = world.guild.create_text_channel("api-requests")
    await world.mentor.slash(world.channel, "nexus setup", api_channel=api)
    world.env.backend.delete_channel(api.id)  # a moderator deletes it (see above)
    await world.env.settle()

    reply = await ask(world)

    assert reply.response.content == (
        "The API channel chosen with `/nexus setup` no longer exists: ask a server admin to "
        "pick another. Nothing was saved, so you can try again."
    )
    assert world.channel.threads == []
    assert "No requests yet." in await listed(world)


@pytest.mark.allow_bot_errors
async def test_an_orphaned_threads_claim_button_never_acts_on_another_request(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def database_gone(*_: object) -> None:
        raise OperationalError("UPDATE", {}, Exception("connection refused"))

    # Discord opens API-1's thread and posts its card, then storing the thread fails.
    with monkeypatch.context() as patch:
        patch.setattr(store, "set_thread", database_gone)
        failed = await ask(world, path="/orphan")
    assert "Something went wrong" in answer(failed)
    orphan = request_thread(world, 1)

    created = await ask(world, path="/listings")
    clicked = await world.bob.click(card(orphan), label="Claim")

    assert created.response.content.startswith("Opened **API-2**")
    assert answer(clicked).startswith("There's no API-1 in this server.")
    shown = await world.alice.slash(world.channel, "api show", id=2)
    assert field(shown.response.embeds[0], "Status").endswith("open")
