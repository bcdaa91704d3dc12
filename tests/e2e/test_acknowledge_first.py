"""Every command that writes answers Discord before it calls a service: the house rule.

The walk reads each writing command's callback (it has the `writes` check, or it counts a
write with `count_write`) from the live command tree, and fails when an awaited call on a
service (`self.reminders.create(...)`, or a service held in a local, `privacy.make_public(...)`)
comes before the interaction is acknowledged (`acknowledge(...)` or any
`interaction.response.*` call). Calls of plain functions (`require_host(interaction)`,
`schedule_session(...)`) are the function's own business and are not judged here, and so
are the few reads a command makes on purpose before it answers (`READS`: a modal must be the
first response; a refusal decided by a read stays private while the success is public).

Before the fix `/remind me` did `await self.reminders.create(...)` and then
`interaction.response.send_message(...)`: a slow database made Discord say "the application
did not respond" after the reminder was stored, and the member's retry made a second one.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable, Iterator
from typing import Any

import discord
from discord import app_commands

from cogs.ui.checks import writes
from tests.conftest import World

Callback = Callable[..., Any]

# Service methods that only read, allowed before the answer.
READS = frozenset({"get", "editable", "answerable", "closable"})


def _commands(world: World) -> Iterator[tuple[str, Callback, list[Callback]]]:
    tree = world.bot.tree
    for command in tree.walk_commands():
        if isinstance(command, app_commands.Command):
            yield command.qualified_name, command.callback, list(command.checks)
    for kind in (discord.AppCommandType.message, discord.AppCommandType.user):
        for menu in tree.get_commands(type=kind):
            if isinstance(menu, app_commands.ContextMenu):
                yield menu.name, menu.callback, list(menu.checks)


def _root(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _acknowledges(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id == "acknowledge"
    return ast.unparse(func).startswith("interaction.response.")


def _calls_a_service(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and _root(func) not in (None, "interaction")
        and func.attr not in READS
    )


def write_before_acknowledging(callback: Callback) -> str | None:
    """The first service call awaited before the interaction is acknowledged, if any."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(callback)))
    awaited = sorted(
        (node for node in ast.walk(tree) if isinstance(node, ast.Await)),
        key=lambda node: (node.lineno, node.col_offset),
    )
    for node in awaited:
        if not isinstance(node.value, ast.Call):
            continue
        if _acknowledges(node.value):
            return None
        if _calls_a_service(node.value):
            return ast.unparse(node.value.func)
    return None


def _writes(callback: Callback, checks: list[Callback]) -> bool:
    return writes in checks or "count_write(" in inspect.getsource(callback)


def test_no_writing_command_calls_a_service_before_acknowledging(world: World) -> None:
    offenders = {
        name: call
        for name, callback, checks in _commands(world)
        if _writes(callback, checks) and (call := write_before_acknowledging(callback))
    }

    assert offenders == {}


def test_the_walk_finds_the_writing_commands_it_judges(world: World) -> None:
    judged = {name for name, callback, checks in _commands(world) if _writes(callback, checks)}

    assert {"remind me", "helpers join", "qa privacy", "nexus nudges"} <= judged
    assert "Remind me about this" in judged
