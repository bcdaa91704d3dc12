"""Every free-text option goes through `cogs/ui/text.py`: the house rule for text.

The walk reads each slash command's `str` options from the live command tree and fails,
naming the option, when one is read as Discord sent it instead of through `VisibleText`
(`Line`, `Block`, `block_up_to(...)`): such an option would let text that shows nothing
(zero-width spaces, joiners) reach a service, as `/remind me text`, `/session schedule
title` and `/api contract notes` did before the rule moved here.

The only exemption is an option with fixed `choices`: Discord accepts nothing else there,
so no member-typed text arrives.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import discord
from discord import app_commands

from bot.services.schedules.book import ANNOUNCEMENT_MAX
from cogs.ui.text import VisibleText
from tests.conftest import World


def _string_options(world: World) -> Iterator[tuple[str, Any]]:
    """Each `str` option as `/command option`, with discord.py's record of it (which holds
    the option's transformer: the public `Parameter` does not expose it)."""
    for command in world.bot.tree.walk_commands():
        if not isinstance(command, app_commands.Command):
            continue
        for option in command._params.values():
            if option.type is discord.AppCommandOptionType.string:
                yield f"/{command.qualified_name} {option.display_name}", option


def _has_fixed_choices(option: Any) -> bool:
    return bool(option.choices)


def test_every_free_text_option_uses_the_text_rule(world: World) -> None:
    offenders = [
        name
        for name, option in _string_options(world)
        if not _has_fixed_choices(option) and not isinstance(option._annotation, VisibleText)
    ]

    assert offenders == []


def test_the_walk_finds_the_options_it_judges(world: World) -> None:
    options = dict(_string_options(world))
    free_text = {name for name, option in options.items() if not _has_fixed_choices(option)}
    exempt = set(options) - free_text

    assert {
        "/remind me text",
        "/session schedule title",
        "/session schedule location",
        "/session edit title",
        "/session propose title",
        "/api contract notes",
        "/topic name",  # autocompleted, but a member can still type anything
        "/announce schedule message",
    } <= free_text
    assert {"/api request method", "/qa privacy setting"} <= exempt


def test_an_option_keeps_the_limits_discord_enforces(world: World) -> None:
    message = dict(_string_options(world))["/announce schedule message"]

    assert (message.min_value, message.max_value) == (1, ANNOUNCEMENT_MAX)
