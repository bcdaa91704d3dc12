"""Reading requests: `/api show`, `/api list`, `/api board` and `/api export`."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
import simcord
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from bot.app import NexusBot, create_bot
from bot.config import RateLimit, Settings
from cogs.ui.limits import fits
from tests.conftest import World
from tests.e2e.api_world import ask, field, request_thread


@pytest.fixture
def simcord_bot(settings: Settings) -> NexusBot:
    # These tests arrange many requests by one member; the write limit has its own test.
    return create_bot(replace(settings, write_rate=RateLimit(1000, 1)))


async def test_show_has_the_card_the_thread_and_the_history(world: World) -> None:
    await ask(world, summary="List listings")
    await world.bob.slash(world.channel, "api claim", id=1)

    reply = await world.mentor.slash(world.channel, "api show", id=1)

    assert reply.ephemeral
    embed = reply.response.embeds[0]
    assert embed.title == "API-1 · GET /listings"
    assert field(embed, "Thread") == request_thread(world).mention
    history = field(embed, "History").splitlines()
    assert history[0].endswith(f"{world.alice.mention} requested it")
    assert history[1].endswith(f"{world.bob.mention} open → claimed")
    assert fits(embed)


async def test_list_pages_newest_first_with_counts_per_status(world: World) -> None:
    for i in range(12):
        await ask(world, path=f"/things/{i}", summary=f"Thing {i}")
    await world.bob.slash(world.channel, "api claim", id=3)

    reply = await world.alice.slash(world.channel, "api list")

    embed = reply.response.embeds[0]
    lines = (embed.description or "").splitlines()
    assert lines[0] == "open **11** · claimed **1**"
    assert lines[2].startswith("`API-12` **GET** `/things/11` · 🆕 open · Thing 11 · <#")
    assert len(lines) == 12  # the counts, a blank line, ten requests
    assert embed.footer.text == "12 matching · page 1/2 · newest first"

    await world.alice.click(reply.response, label="Next ▶")

    page_two = reply.response.embeds[0]
    assert page_two.footer.text == "12 matching · page 2/2 · newest first"
    assert [line.split("`")[1] for line in (page_two.description or "").splitlines()[2:]] == [
        "API-2",
        "API-1",
    ]


async def test_list_filters_by_status_method_and_mine(world: World) -> None:
    await ask(world, path="/a")
    await ask(world, world.bob, path="/b", method="POST")
    await ask(world, path="/c", method="POST")
    await world.bob.slash(world.channel, "api claim", id=3)

    mine = await world.bob.slash(world.channel, "api list", mine=True)
    posts = await world.alice.slash(world.channel, "api list", method="POST", status="open")

    assert mine.response.embeds[0].title == "API requests: yours"
    assert mine.response.embeds[0].footer.text.startswith("2 matching")
    assert posts.response.embeds[0].title == "API requests: open, POST"
    rows = (posts.response.embeds[0].description or "").splitlines()[2:]
    assert [row.split("`")[1] for row in rows] == ["API-2"]


async def test_an_empty_list_says_how_to_start(world: World) -> None:
    reply = await world.alice.slash(world.channel, "api list", status="done")

    description = reply.response.embeds[0].description or ""
    assert "Nothing matches. Ask for one with `/api request`." in description


async def test_the_board_groups_requests_by_status(world: World) -> None:
    for i in range(7):
        await ask(world, path=f"/r/{i}", summary="s" * 100)
    await world.bob.slash(world.channel, "api claim", id=2)

    reply = await world.alice.slash(world.channel, "api board")

    embed = reply.response.embeds[0]
    assert reply.ephemeral
    assert [f.name for f in embed.fields] == [
        "🆕 Open · 6",
        "✋ Claimed · 1",
        "🔨 In progress · 0",
        "👀 Ready for review · 0",
        "✅ Done · 0",
        "⛔ Blocked · 0",
        "🚫 Rejected · 0",
    ]
    open_rows = field(embed, "🆕 Open · 6").splitlines()
    assert open_rows[0].startswith("`API-7` **GET** `/r/6`")
    assert open_rows[-1] == "… and 1 more: `/api list status:open`"
    assert field(embed, "🔨 In progress · 0") == "—"
    assert embed.footer.text == "7 requests · newest first in each status"
    assert fits(embed)


async def test_export_attaches_a_valid_openapi_document(world: World) -> None:
    await ask(world, path="/listings/{id}", summary="One listing", details="By id")
    await ask(world, path="/listings", method="POST", summary="Create a listing")
    await ask(world, path="/spam", summary="Spam")
    await world.alice.slash(world.channel, "api status", id=3, status="rejected", note="oops")

    reply = await world.bob.slash(world.channel, "api export")

    assert reply.ephemeral
    assert reply.response.content.startswith(
        "`openapi.json`: OpenAPI 3.1 with 2 operation(s), rejected ones left out."
    )
    attachment = reply.response.attachments[0]
    assert attachment.filename == "openapi.json"
    document = json.loads(await attachment.read())
    validate(document, cls=OpenAPIV31SpecValidator)
    assert document["info"]["title"] == "ALX ProDev API requests"
    operation = document["paths"]["/listings/{id}"]["get"]
    assert (operation["summary"], operation["description"]) == ("One listing", "By id")
    assert operation["x-nexus-id"] == "API-1"
    assert operation["x-nexus-status"] == "open"
    thread = request_thread(world)
    assert (
        operation["x-nexus-thread"] == f"https://discord.com/channels/{world.guild.id}/{thread.id}"
    )
    assert "/spam" not in document["paths"]


async def test_export_of_one_status(world: World) -> None:
    await ask(world, path="/a")
    await ask(world, path="/b")
    await world.bob.slash(world.channel, "api claim", id=2)

    reply = await world.bob.slash(world.channel, "api export", status="claimed")

    assert "1 operation(s), requests that are claimed" in reply.response.content
    document = json.loads(await reply.response.attachments[0].read())
    assert list(document["paths"]) == ["/b"]


async def test_rejected_is_not_an_export_choice(world: World) -> None:
    with pytest.raises(simcord.OptionError):
        await world.alice.slash(world.channel, "api export", status="rejected")
