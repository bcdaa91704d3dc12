"""Tab completion at the playground prompt: commands, options and their values, members,
channels, voice channels, message menus and form fields."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from discord import app_commands

from bot.playground.lines import VERBS
from bot.playground.verbs import message_menus

if TYPE_CHECKING:
    from bot.playground.session import PlaygroundSession


def candidates(session: PlaygroundSession, line: str) -> list[str]:
    """Every completion of `line` as typed so far (whole lines, so spaces are fine)."""
    if line.startswith("/"):
        return _slash_candidates(session, line[1:])
    verb, space, rest = line.partition(" ")
    if not space:
        return [f"{v} " for v in VERBS if v.startswith(verb)] + (["/"] if not verb else [])
    world = session.world
    if verb == "as":
        return [f"as {m}" for m in world.members if m.startswith(rest)]
    if verb == "go":
        world.refresh_channels()
        return [f"go {c}" for c in world.channels if c.startswith(rest.lstrip("#"))]
    if verb == "join":
        world.refresh_channels()
        return [f"join {c.name}" for c in world.voice_channels() if c.name.startswith(rest)]
    if verb == "menu":
        return [f'menu "{n}" on 1' for n in message_menus(session) if n.startswith(rest[1:])]
    if verb == "fill" and session.form is not None:
        done, _, current = line.rpartition(" ")
        return [
            f"{done} {f.custom_id}=" for f in session.form.fields if f.custom_id.startswith(current)
        ]
    return []


def _slash_candidates(session: PlaygroundSession, typed: str) -> list[str]:
    for name, command in session.commands.items():
        if typed.startswith(f"{name} "):
            done, _, current = typed.rpartition(" ")
            key, sep, value = current.partition(":")
            parameter = next((p for p in command.parameters if p.display_name == key), None)
            if sep and parameter is not None:
                values = _option_values(session, command, parameter, value)
                return [f"/{done} {key}:{v}" for v in values]
            options = [f"{p.display_name}:" for p in command.parameters]
            return [f"/{done} {o}" for o in options if o.startswith(current)]
    return [f"/{name} " for name in sorted(session.commands) if name.startswith(typed)]


def _option_values(
    session: PlaygroundSession,
    command: app_commands.Command[Any, Any, Any],
    parameter: app_commands.Parameter,
    typed: str,
) -> list[str]:
    if parameter.choices:
        choices = [str(c.value) for c in parameter.choices]
    elif parameter.autocomplete:
        choices = [str(c.value) for c in _autocomplete_offline(command, parameter, typed)]
    else:
        return []
    # Values with spaces are quoted, as the playground reads them.
    return [f'"{c}"' if " " in c else c for c in choices if c.lower().startswith(typed.lower())]


def _autocomplete_offline(
    command: app_commands.Command[Any, Any, Any], parameter: app_commands.Parameter, typed: str
) -> list[app_commands.Choice[Any]]:
    """The bot's own autocomplete answer, when it can give one without waiting.

    The prompt blocks the event loop while you type, so a callback that awaits (the
    database) cannot run here; one that answers from memory (topics, time zones) finishes
    on its first step, and its answer is what Discord would show."""
    # discord.py keeps the callback on the command's private parameter table.
    inner = getattr(command, "_params", {}).get(parameter.name)
    callback = getattr(inner, "autocomplete", None)
    if callback is None:
        return []
    try:
        if getattr(callback, "pass_command_binding", False):
            step = callback(command.binding, None, typed)
        else:
            step = callback(None, typed)
        return _run_if_immediate(step)
    except Exception:  # a callback that needs the interaction: no completion, no harm
        return []


def _run_if_immediate(step: Coroutine[Any, Any, Any]) -> list[app_commands.Choice[Any]]:
    try:
        step.send(None)
    except StopIteration as finished:
        return list(finished.value or [])
    step.close()  # it waits on something: leave it
    return []


def install_completion(session: PlaygroundSession) -> None:
    try:
        import readline
    except ImportError:  # not every platform ships readline; completion is a nicety
        return

    def complete(_text: str, state: int) -> str | None:
        line = readline.get_line_buffer()
        options = candidates(session, line)
        if state >= len(options):
            return None
        # readline replaces only the last word; hand it the tail after the last space.
        start = readline.get_begidx()
        return options[state][start:]

    readline.set_completer_delims(" ")
    readline.set_completer(complete)
    readline.parse_and_bind("tab: complete")
