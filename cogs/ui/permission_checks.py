"""Permission checks that `/help` and the command reference can read back.

discord.py's `has_permissions` hides what it checks inside a closure; this check keeps it
as data, so "(Manage Server)" is derived from the check itself and never hand-written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import discord
from discord import app_commands

T = TypeVar("T")


@dataclass(frozen=True)
class PermissionCheck:
    """Refuses members lacking `needed` in the channel (MissingPermissions, as discord.py's
    own check, so the tree's one handler names the permission)."""

    needed: tuple[str, ...]  # flag names, e.g. ("manage_guild",)

    def __call__(self, interaction: discord.Interaction[Any]) -> bool:
        granted = interaction.permissions
        missing = [name for name in self.needed if not getattr(granted, name)]
        if missing and not granted.administrator:
            raise app_commands.MissingPermissions(missing)
        return True


def needs_permissions(**permissions: bool) -> Callable[[T], T]:
    """`@needs_permissions(manage_guild=True)`: checked when run, and shown by `/help`."""
    needed = tuple(name for name, on in discord.Permissions(**permissions) if on)
    return app_commands.check(PermissionCheck(needed))


manage_server = needs_permissions(manage_guild=True)
