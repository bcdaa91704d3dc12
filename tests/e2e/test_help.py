"""/help as members use it: generated from the command tree, paged, one command's details."""

from __future__ import annotations

import discord

from cogs.ui.help.catalogue import catalogue
from cogs.ui.help.pages import LEARNER_START, MENTOR_START
from cogs.ui.limits import fits
from tests.conftest import World
from tests.e2e.test_topics import button_labels


async def every_help_page(world: World) -> list[discord.Embed]:
    reply = await world.alice.slash(world.channel, "help")
    pages = [reply.response.embeds[0]]
    message = reply.response.message
    while "Next ▶" in button_labels(message) and not _next_disabled(message):
        clicked = await world.alice.click(message, label="Next ▶")
        message = clicked.response.message if clicked.response else message
        pages.append(message.embeds[0])
    return pages


def _next_disabled(message: discord.Message) -> bool:
    return any(
        child.label == "Next ▶" and child.disabled
        for row in message.components
        for child in getattr(row, "children", [])
        if isinstance(child, discord.Button)
    )


async def test_help_is_ephemeral_and_opens_with_what_nexus_does(world: World) -> None:
    reply = await world.alice.slash(world.channel, "help")

    assert reply.ephemeral
    overview = reply.response.embeds[0]
    assert overview.title == "Nexus help"
    assert "knowledge base" in (overview.description or "")
    names = [f.name for f in overview.fields]
    assert "Start here: learners" in names and "Start here: mentors" in names


async def test_every_registered_command_appears_in_help(world: World) -> None:
    pages = await every_help_page(world)

    listed = "\n".join(p.description or "" for p in pages[1:])
    registered = catalogue(world.bot.tree)
    assert len(registered) > 30
    missing = [c.invocation for c in registered if f"`{c.invocation}`" not in listed]
    assert missing == []
    assert all(fits(page) for page in pages)
    assert "**Q&A threads**" in listed and "**API alignment**" in listed


async def test_every_start_here_command_exists(world: World) -> None:
    known = {c.key for c in catalogue(world.bot.tree)}
    picks = [name for name, _why in (*LEARNER_START, *MENTOR_START)]
    assert [name for name in picks if name not in known] == []


async def test_help_for_one_command_lists_its_options(world: World) -> None:
    reply = await world.alice.slash(world.channel, "help", command="api request")

    embed = reply.response.embeds[0]
    assert reply.ephemeral and embed.title == "/api request"
    options = "\n".join(f.value or "" for f in embed.fields)
    assert "`method` (string, required)" in options
    assert "One of: GET, POST" in options
    assert "`details` (string, optional)" in options


async def test_help_for_a_group_lists_its_subcommands(world: World) -> None:
    reply = await world.alice.slash(world.channel, "help", command="/takeaways")

    text = reply.response.embeds[0].description or ""
    assert "`/takeaways schedule`" in text and "`/takeaways list`" in text


async def test_help_for_a_context_menu_says_how_to_open_it(world: World) -> None:
    reply = await world.alice.slash(world.channel, "help", command="Mark as answer")

    assert "Apps → Mark as answer" in (reply.response.embeds[0].description or "")


async def test_help_for_an_unknown_command_suggests_close_ones(world: World) -> None:
    reply = await world.alice.slash(world.channel, "help", command="api clam")

    assert reply.ephemeral
    assert "No command named 'api clam'" in reply.response.content
    assert "`/api claim`" in reply.response.content


async def test_help_autocompletes_command_names(world: World) -> None:
    choices = await world.alice.autocomplete(world.channel, "help", "command", "api cl")

    assert [c["value"] for c in choices] == ["api claim"]
    every = await world.alice.autocomplete(world.channel, "help", "command", "")
    assert len(every) == 25
    assert all(len(c["name"]) <= 100 for c in every)
