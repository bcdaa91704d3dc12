"""`/api request` as members use it: the thread, its card, the reply, and refusals."""

from __future__ import annotations

import pytest

from cogs.ui.limits import fits
from tests.conftest import World
from tests.e2e.api_world import (
    ask,
    buttons,
    card,
    field,
    pings_of,
    request_thread,
)


async def test_a_request_opens_a_thread_with_its_card_and_links_it(world: World) -> None:
    reply = await ask(world, path="//listings/{id}/", summary="One listing", details="By id.")

    thread = request_thread(world)
    assert thread.name == "API-1 · GET /listings/{id}"
    assert reply.ephemeral
    assert reply.response.content == f"Opened **API-1** · `GET /listings/{{id}}`: {thread.mention}"
    embed = card(thread).embeds[0]
    assert embed.title == "API-1 · GET /listings/{id}"
    assert embed.description == "**One listing**\n\nBy id."
    assert field(embed, "Status") == "🆕 open"
    assert field(embed, "Requester") == world.alice.mention
    assert field(embed, "Claimer") == "nobody yet"
    assert field(embed, "Method") == "`GET`"
    assert field(embed, "Path") == "`/listings/{id}`"
    assert field(embed, "Path parameters") == "`id`"
    assert fits(embed)
    assert buttons(card(thread)) == {
        "Claim": True,
        "Start": False,
        "Ready for review": False,
        "Done": False,
    }


async def test_the_card_pings_only_the_requester_who_joins_the_thread(world: World) -> None:
    await ask(world)

    thread = request_thread(world)
    assert card(thread).content.startswith(f"{world.alice.mention} asked for `GET /listings`")
    assert pings_of(world, thread) == [{"parse": [], "users": [world.alice.id]}]


async def test_threads_open_in_the_api_channel_when_one_is_set(world: World) -> None:
    api = world.guild.create_text_channel("api-requests")
    await world.mentor.slash(world.channel, "nexus setup", api_channel=api)

    reply = await ask(world)

    thread = request_thread(world, channel=api)
    assert thread.mention in reply.response.content
    assert world.channel.threads == []


async def test_a_request_made_inside_a_thread_opens_beside_it(world: World) -> None:
    await ask(world, path="/first")
    inside = request_thread(world)

    await ask(world, path="/second", channel=inside)

    assert request_thread(world, 2).name == "API-2 · GET /second"


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("listings", "A path starts with `/`: did you mean `/listings`?"),
        ("/a b", "A path can't contain spaces"),
        ("/x?y=1", "Leave the query string"),
        ("/" + "a" * 299, "That path is 300 characters long; keep it to 200."),
    ],
)
async def test_an_invalid_path_is_refused_and_nothing_is_created(
    world: World, path: str, says: str
) -> None:

    reply = await ask(world, path=path)

    assert reply.ephemeral
    assert reply.response.content.startswith(says)
    assert world.channel.threads == []
    listed = await world.alice.slash(world.channel, "api list")
    assert "No requests yet." in (listed.response.embeds[0].description or "")


async def test_a_too_long_summary_is_refused(world: World) -> None:
    reply = await ask(world, summary="s" * 101)

    assert reply.ephemeral
    assert "That summary is 101 characters long; keep it to 100" in reply.response.content
    assert world.channel.threads == []


async def test_a_second_open_request_for_an_endpoint_links_the_first(world: World) -> None:
    await ask(world, path="/listings/{id}")

    reply = await ask(world, world.bob, path="/listings/{listing_id}")

    first = request_thread(world)
    assert reply.ephemeral
    assert reply.response.content.startswith("API-1 already asks for `GET /listings/{id}` (open)")
    assert f"/channels/{world.guild.id}/{first.id}" in reply.response.content
    assert len(world.channel.threads) == 1


async def test_mentions_and_markdown_in_a_request_ping_nobody(world: World) -> None:
    await ask(
        world,
        summary="@everyone **look** <@&123> <@456>",
        details="@here please, <@789>",
    )

    message = card(request_thread(world))
    description = message.embeds[0].description or ""
    assert "@everyone" not in description.replace("@\u200beveryone", "")
    assert "@here" not in description.replace("@\u200bhere", "")
    assert "\\*\\*look\\*\\*" in description
    assert not message.mention_everyone
    assert not message.role_mentions
    assert pings_of(world, request_thread(world))[0]["users"] == [world.alice.id]


async def test_a_long_path_is_clipped_to_a_valid_thread_name(world: World) -> None:
    path = "/" + "/".join(["segment"] * 24)  # 192 characters

    await ask(world, path=path)

    thread = request_thread(world)
    assert len(thread.name or "") == 100
    assert fits(card(thread).embeds[0])


async def test_the_largest_request_still_fits_discords_limits(world: World) -> None:
    await ask(world, path="/" + "p" * 199, summary="s" * 100, details="d" * 1500)

    assert fits(card(request_thread(world)).embeds[0])
    shown = await world.alice.slash(world.channel, "api show", id=1)
    assert fits(shown.response.embeds[0])
