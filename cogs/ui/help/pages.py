"""`/help` pages: an overview with "start here", the commands by feature, one command's details."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Self

import discord

from bot.errors import NotFound
from cogs.ui.components import PersistentButton
from cogs.ui.help.catalogue import (
    CommandInfo,
    by_feature,
    catalogue,
    close_names,
    find,
    permission_label,
    visible_to,
)
from cogs.ui.limits import FIELD_VALUE, FIELDS, clip, paginate_lines, safe_echo

HELP_COLOUR = discord.Colour.blurple()
PAGE_CHARS = 3000
MENU_HINT = "right-click a message, then Apps"
ABOUT = (
    "Nexus is the hub of #ProDevProjectNexus, where ALX ProDev backend and frontend learners "
    "meet: a reviewed knowledge base, scheduled takeaways, API requests that frontend "
    "learners ask for and backend learners build, and Q&A threads whose answers stay "
    "searchable."
)
# (command, why) in the order a newcomer needs them; commands that do not exist are left out.
LEARNER_START: tuple[tuple[str, str], ...] = (
    ("topics", "browse the knowledge base"),
    ("topic", "read one topic, e.g. caching"),
    ("search", "find topics and answered questions"),
    ("ask", "ask a question in its own thread"),
    ("api request", "ask backend learners for an endpoint"),
    ("api list", "find API work to claim"),
    ("remind me", "remind yourself of something later"),
    ("helpers join", "get pinged for questions you can answer"),
)
MENTOR_START: tuple[tuple[str, str], ...] = (
    ("nexus setup", "choose the channels and the mentor role"),
    ("takeaways schedule", "post daily lessons on a schedule"),
    ("announce schedule", "schedule an announcement"),
    ("api board", "every API request at a glance"),
    ("qa stats", "how questions are being answered"),
    ("nexus nudges", "when Nexus nudges stalled work"),
)


def _start_here(commands: list[CommandInfo], picks: tuple[tuple[str, str], ...]) -> str:
    known = {c.key for c in commands}
    return "\n".join(f"`/{name}` · {why}" for name, why in picks if name in known)


def _listing(commands: list[CommandInfo]) -> list[str]:
    """One line a command, under its feature's heading; a heading and its first command are
    one entry, so a page never ends on a heading whose commands are on the next."""
    entries: list[str] = []
    for feature, infos in by_feature(commands).items():
        lines = [f"`{c.invocation}` · {c.summary or MENU_HINT}" for c in infos]
        entries.append(f"\n**{feature}**\n{lines[0]}")
        entries.extend(lines[1:])
    return entries


def _left_out(hidden: Sequence[CommandInfo]) -> str:
    needed = tuple(dict.fromkeys(name for c in hidden for name in c.needs))
    return (
        f"{len(hidden)} more commands need {permission_label(needed)}, so they are not "
        "listed: they are for the server's mentors and admins."
    )


def help_pages(
    commands: list[CommandInfo], hidden: Sequence[CommandInfo] = ()
) -> list[discord.Embed]:
    """Page 1 the overview, then `commands` (what the member may run) grouped by feature,
    one line each; `hidden` (what they may not) is only counted."""
    overview = discord.Embed(title="Nexus help", description=ABOUT, colour=HELP_COLOUR)
    overview.add_field(name="Start here: learners", value=_start_here(commands, LEARNER_START))
    if not hidden:
        overview.add_field(name="Start here: mentors", value=_start_here(commands, MENTOR_START))
    more = "Next ▶ lists every command you can run. `/help command` explains one with its options."
    if hidden:
        more += "\n" + _left_out(hidden)
    overview.add_field(name="More", value=more, inline=False)
    listing = [
        discord.Embed(title="Nexus commands", description=text.strip(), colour=HELP_COLOUR)
        for text in paginate_lines(_listing(commands), PAGE_CHARS)
    ]
    pages = [overview, *listing]
    for number, page in enumerate(pages, start=1):
        page.set_footer(text=f"{len(commands)} commands · page {number}/{len(pages)}")
    return pages


def help_message(
    tree: discord.app_commands.CommandTree[Any], page: int, permissions: discord.Permissions
) -> tuple[discord.Embed, discord.ui.View]:
    """A page of `/help` for a member with `permissions` in the channel."""
    every = catalogue(tree)
    shown = visible_to(every, permissions)
    pages = help_pages(shown, [c for c in every if c not in shown])
    page = min(max(page, 1), len(pages))
    view = discord.ui.View(timeout=None)
    if len(pages) > 1:
        view.add_item(HelpPageButton(page - 1, "◀ Previous", page == 1))
        view.add_item(HelpPageButton(page + 1, "Next ▶", page == len(pages)))
    return pages[page - 1], view


def _option_line(info: CommandInfo, index: int) -> str:
    option = info.options[index]
    need = "required" if option.required else "optional"
    line = f"`{option.name}` ({option.kind}, {need})"
    if option.description:
        line += f": {option.description}"
    if option.choices:
        line += f"\nOne of: {', '.join(option.choices)}"
    elif option.autocomplete:
        line += " (suggestions as you type)"
    return line


def command_details(commands: list[CommandInfo], wanted: str) -> discord.Embed:
    """One command with its options, or a group's subcommands; NotFound names close ones."""
    found = find(commands, wanted)
    if not found:
        close = close_names(commands, wanted)
        hint = f" Did you mean {', '.join(f'`{n}`' for n in close)}?" if close else ""
        raise NotFound(f"No command named '{safe_echo(wanted, 60)}'.{hint} `/help` lists them all.")
    if len(found) > 1:  # a group: its subcommands, one line each
        embed = discord.Embed(title=f"/{safe_echo(wanted, 60)}", colour=HELP_COLOUR)
        embed.description = clip("\n".join(f"`{c.invocation}` · {c.summary}" for c in found), 4000)
        embed.set_footer(text=f"{found[0].feature} · /help <command> for its options")
        return embed
    info = found[0]
    embed = discord.Embed(title=info.invocation, colour=HELP_COLOUR)
    if info.menu is not None:
        embed.description = f"Right-click (or long-press) a {info.menu}, then Apps → {info.name}."
    else:
        embed.description = info.description
    for index in range(min(len(info.options), FIELDS - 1)):  # one left for "Who"
        name = "Options" if index == 0 else "\u200b"
        embed.add_field(name=name, value=clip(_option_line(info, index), FIELD_VALUE), inline=False)
    if info.menu is None and not info.options:
        embed.add_field(name="Options", value="none", inline=False)
    if info.needs:
        embed.add_field(name="Who", value=permission_label(info.needs), inline=False)
    embed.set_footer(text=info.feature)
    return embed


class HelpPageButton(PersistentButton, template=r"nexus:help:(?P<page>\d{1,3})"):
    def __init__(self, page: int, label: str, disabled: bool = False) -> None:
        super().__init__(f"nexus:help:{page}", label, disabled=disabled)
        self.page = page

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(int(match["page"]), label)

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        embed, view = help_message(interaction.client.tree, self.page, interaction.permissions)
        await interaction.response.edit_message(embed=embed, view=view)
