"""Who sees which command: Discord hides management commands from members by default.

Discord applies `default_member_permissions` to a top-level command with all its
subcommands, so the management groups carry Manage Server as a whole; the runtime check
of each command stays (a server may open a group to a role in its Integrations settings).
"""

from __future__ import annotations

from typing import Any

import discord
import pytest
from simcord import SetupError

from tests.conftest import World

MANAGE_SERVER = str(discord.Permissions(manage_guild=True).value)
MANAGEMENT_GROUPS = {"nexus", "takeaways", "announce"}


def synced_commands(world: World) -> dict[str, dict[str, Any]]:
    put = [r for r in world.env.http_requests if r.method == "PUT" and r.path.endswith("/commands")]
    return {command["name"]: command for command in put[-1].json}


def open_command_to(world: World, name: str, member: Any) -> None:
    """What a server does in Integrations: let one member see a hidden command."""
    registered = world.env.backend.commands
    command_id = next(
        int(c["id"]) for scope in registered.values() for c in scope.values() if c["name"] == name
    )
    world.guild.set_command_permissions(command_id, {member: True})


def visible_names(world: World, member: Any) -> set[str]:
    commands = world.env.backend.visible_commands(user_id=member.id, channel_id=world.channel.id)
    return {command["name"] for command in commands}


async def test_the_synced_management_groups_require_manage_server(world: World) -> None:
    commands = synced_commands(world)

    for name in MANAGEMENT_GROUPS:
        assert str(commands[name]["default_member_permissions"]) == MANAGE_SERVER, name
    for name in set(commands) - MANAGEMENT_GROUPS:
        assert commands[name].get("default_member_permissions") is None, name


async def test_members_do_not_see_management_commands_and_managers_do(world: World) -> None:
    assert MANAGEMENT_GROUPS & visible_names(world, world.alice) == set()
    assert {"ask", "api", "topic", "search", "takeaway", "qa"} <= visible_names(world, world.alice)
    assert visible_names(world, world.mentor) >= MANAGEMENT_GROUPS

    with pytest.raises(SetupError, match="not visible to this user"):
        await world.alice.slash(world.channel, "nexus setup")
