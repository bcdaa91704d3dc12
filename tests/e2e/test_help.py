"""/help as members use it: generated from the command tree, paged, one command's details."""

from __future__ import annotations

from typing import Any

import discord

from cogs.ui.help.catalogue import catalogue
from cogs.ui.help.pages import LEARNER_START, MENTOR_START
from cogs.ui.limits import fits
from tests.conftest import World
from tests.e2e.test_topics import button_labels


async def every_help_page(world: World, member: Any = None) -> list[discord.Embed]:
    member = member or world.alice
    reply = await member.slash(world.channel, "help")
    pages = [reply.response.embeds[0]]
    message = reply.response.message
    while "Next ▶" in button_labels(message) and not _next_disabled(message):
        clicked = await member.click(message, label="Next ▶")
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
    assert "Start here: learners" in names and "Start here: mentors" not in names
    mentors = await world.mentor.slash(world.channel, "help")
    names = [f.name for f in mentors.response.embeds[0].fields]
    assert "Start here: learners" in names and "Start here: mentors" in names


async def test_every_registered_command_appears_in_a_managers_help(world: World) -> None:
    pages = await every_help_page(world, world.mentor)

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


async def test_a_learner_sees_only_the_commands_they_can_run(world: World) -> None:
    pages = await every_help_page(world, world.alice)

    listed = "\n".join(p.description or "" for p in pages[1:])
    registered = catalogue(world.bot.tree)
    managed = [c for c in registered if "manage_guild" in c.needs]
    assert {"nexus setup", "nexus web disable", "takeaways schedule", "announce cancel"} <= {
        c.name for c in managed
    }
    assert [c.invocation for c in managed if f"`{c.invocation}`" in listed] == []
    assert "Manage Server" not in listed
    assert "`/ask`" in listed and "`/search`" in listed and "`/takeaway`" in listed
    more = next(f.value or "" for f in pages[0].fields if f.name == "More")
    assert f"{len(managed)} more commands need Manage Server" in more
    assert pages[0].footer.text.startswith(f"{len(registered) - len(managed)} commands")


async def test_a_managers_help_tags_every_management_command_from_its_checks(
    world: World,
) -> None:
    pages = await every_help_page(world, world.mentor)

    lines = "\n".join(p.description or "" for p in pages[1:]).splitlines()
    disable = next(line for line in lines if line.startswith("`/nexus web disable`"))
    assert disable == "`/nexus web disable` · Take this server off the web hub (Manage Server)"
    for info in catalogue(world.bot.tree):
        line = next(line for line in lines if line.startswith(f"`{info.invocation}`"))
        assert line.endswith("(Manage Server)") == ("manage_guild" in info.needs), line
        assert "Manage Server" not in info.description  # derived, never hand-written


async def test_help_pages_never_end_on_a_heading(world: World) -> None:
    for page in (await every_help_page(world, world.mentor))[1:]:
        lines = (page.description or "").splitlines()
        assert not lines[-1].startswith("**"), lines[-1]


async def test_no_command_checks_permissions_that_help_cannot_read(world: World) -> None:
    # discord.py's has_permissions keeps what it checks in a closure: /help would miss it.
    hidden = [
        info.name
        for info in catalogue(world.bot.tree)
        for command in [world.bot.tree.get_command(info.name.split()[0])]
        if command is not None
        for check in _checks_of(command, info.name)
        if "has_permissions" in getattr(check, "__qualname__", "")
    ]
    assert hidden == []


def _checks_of(command: Any, name: str) -> list[Any]:
    for part in name.split()[1:]:
        command = command.get_command(part)
    return list(getattr(command, "checks", []))


async def test_help_for_a_management_command_says_who_may_use_it(world: World) -> None:
    reply = await world.alice.slash(world.channel, "help", command="nexus web disable")

    embed = reply.response.embeds[0]
    assert embed.title == "/nexus web disable"
    assert next(f.value for f in embed.fields if f.name == "Who") == "Manage Server"


async def test_help_suggests_only_commands_the_member_can_run(world: World) -> None:
    learner = await world.alice.autocomplete(world.channel, "help", "command", "nexus")
    manager = await world.mentor.autocomplete(world.channel, "help", "command", "nexus")

    assert learner == []
    assert "nexus web disable" in [c["value"] for c in manager]
