"""Every command of the bot, read from the live command tree (so help is never out of date)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands

from cogs.ui.permission_checks import PermissionCheck

# Cogs named by the feature a member knows; a cog missing here is shown under its own name,
# so a new feature appears in /help even before anyone adds it to this table.
FEATURE_TITLES: dict[str, str] = {
    "Help": "Help",
    "Topics": "Knowledge base",
    "Takeaways": "Takeaways and announcements",
    "Announce": "Takeaways and announcements",
    "Api": "API alignment",
    "Ask": "Q&A threads",
    "QA": "Q&A threads",
    "Reminders": "Reminders",
    "Helpers": "Helpers and nudges",
    "Admin": "Server settings and health",
}
FEATURE_ORDER = list(dict.fromkeys(FEATURE_TITLES.values()))
# Discord's own names for the permissions Nexus asks for, as members see them in Server
# Settings; anything else falls back to its API name in words.
PERMISSION_NAMES = {
    "manage_guild": "Manage Server",
    "manage_events": "Manage Events",
    "manage_threads": "Manage Threads",
    "manage_messages": "Manage Messages",
    "manage_channels": "Manage Channels",
    "administrator": "Administrator",
}


@dataclass(frozen=True)
class OptionInfo:
    name: str
    kind: str  # string, integer, channel, ...
    required: bool
    description: str
    choices: tuple[str, ...]
    autocomplete: bool


@dataclass(frozen=True)
class CommandInfo:
    """One invocable command: a slash command (possibly a subcommand) or a context menu."""

    name: str  # qualified: "api claim", or a menu's name "Mark as answer"
    description: str
    feature: str
    menu: str | None  # "message" or "user" for context menus, None for slash commands
    options: tuple[OptionInfo, ...]
    # Permissions a member needs: the top-level command's default permissions (Discord
    # shows it only to members who have them) and what the command checks when run.
    needs: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """The description with who may use it, e.g. "Pause a schedule (Manage Server)"."""
        if not self.needs:
            return self.description
        return f"{self.description} ({permission_label(self.needs)})".lstrip()

    def allowed(self, permissions: discord.Permissions) -> bool:
        """Whether a member with `permissions` (in the channel) may run it."""
        return permissions.administrator or all(getattr(permissions, n) for n in self.needs)

    @property
    def invocation(self) -> str:
        if self.menu is not None:
            return f"{self.name} ({self.menu} menu)"
        return f"/{self.name}"

    @property
    def key(self) -> str:
        return normalise(self.name)


def permission_label(needs: tuple[str, ...] | discord.Permissions | None) -> str:
    """ "everyone", or the Discord names of the permissions `needs` holds."""
    if isinstance(needs, discord.Permissions):
        needs = tuple(name for name, granted in needs if granted)
    if not needs:
        return "everyone"
    return ", ".join(PERMISSION_NAMES.get(n, n.replace("_", " ").title()) for n in needs)


def visible_to(commands: list[CommandInfo], permissions: discord.Permissions) -> list[CommandInfo]:
    return [c for c in commands if c.allowed(permissions)]


def normalise(name: str) -> str:
    return " ".join(name.strip().lstrip("/").lower().split())


def _feature_of(owner: Any) -> str:
    if owner is None:
        return "Other"
    name = type(owner).__name__
    return FEATURE_TITLES.get(name, getattr(owner, "qualified_name", name))


def _options(command: app_commands.Command[Any, ..., Any]) -> tuple[OptionInfo, ...]:
    return tuple(
        OptionInfo(
            name=p.display_name,
            kind=p.type.name,
            required=p.required,
            description=p.description if p.description != "…" else "",
            choices=tuple(c.name for c in p.choices),
            autocomplete=p.autocomplete,
        )
        for p in command.parameters
    )


def _flags(permissions: discord.Permissions | None) -> tuple[str, ...]:
    return tuple(name for name, granted in permissions if granted) if permissions else ()


def _needs(hidden: tuple[str, ...], checks: list[Any]) -> tuple[str, ...]:
    checked = (name for c in checks if isinstance(c, PermissionCheck) for name in c.needed)
    return tuple(dict.fromkeys((*hidden, *checked)))


def _walk(command: Any, hidden: tuple[str, ...]) -> list[CommandInfo]:
    """`hidden`: the top-level command's default permissions (subcommands can't have any)."""
    if isinstance(command, app_commands.Group):
        return [info for child in command.commands for info in _walk(child, hidden)]
    if isinstance(command, app_commands.ContextMenu):
        owner = getattr(command.callback, "__self__", None)
        menu = "message" if command.type is discord.AppCommandType.message else "user"
        needs = _needs(hidden, command.checks)
        return [CommandInfo(command.name, "", _feature_of(owner), menu, (), needs)]
    assert isinstance(command, app_commands.Command)
    return [
        CommandInfo(
            command.qualified_name,
            command.description,
            _feature_of(command.binding),
            None,
            _options(command),
            _needs(hidden, command.checks),
        )
    ]


def catalogue(tree: app_commands.CommandTree[Any]) -> list[CommandInfo]:
    """Every global command of `tree`, slash commands first, in name order."""
    commands = [
        info
        for command in tree.get_commands()
        for info in _walk(command, _flags(command.default_permissions))
    ]
    return sorted(commands, key=lambda c: (c.menu is not None, c.key))


def by_feature(commands: list[CommandInfo]) -> dict[str, list[CommandInfo]]:
    """Commands grouped by feature, features in the order members meet them."""
    grouped: dict[str, list[CommandInfo]] = {}
    rank = {title: i for i, title in enumerate(FEATURE_ORDER)}
    for info in sorted(commands, key=lambda c: rank.get(c.feature, len(rank))):
        grouped.setdefault(info.feature, []).append(info)
    return grouped


def find(commands: list[CommandInfo], wanted: str) -> list[CommandInfo]:
    """The command named `wanted`, or every subcommand of a group named so; [] when none."""
    key = normalise(wanted)
    exact = [c for c in commands if c.key == key]
    return exact or [c for c in commands if c.menu is None and c.key.startswith(f"{key} ")]


def close_names(commands: list[CommandInfo], wanted: str) -> list[str]:
    names = {c.key: c.invocation for c in commands}
    return [names[k] for k in difflib.get_close_matches(normalise(wanted), names, n=3, cutoff=0.5)]


def matching(commands: list[CommandInfo], typed: str, limit: int) -> list[CommandInfo]:
    """Autocomplete: names starting with what was typed first, then names containing it."""
    key = normalise(typed)
    starts = [c for c in commands if c.key.startswith(key)]
    contains = [c for c in commands if key in c.key and c not in starts]
    return (starts + contains)[:limit]
