"""The playground verbs beyond talking and clicking: the clock, events, voice, menus, the mock."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

import discord
from rich.text import Text

from bot.playground.lines import PlaygroundError, parse_duration, split
from bot.playground.patience import patiently

if TYPE_CHECKING:
    from bot.app import NexusBot
    from bot.playground.session import PlaygroundSession

MENU_EXAMPLE = 'menu "Remind me about this" on 1'


def message_menus(session: PlaygroundSession) -> list[str]:
    """The names of the bot's message context menus (right-click a message > Apps)."""
    tree = session.world.bot.tree
    return sorted(c.name for c in tree.get_commands(type=discord.AppCommandType.message))


def nth_latest(session: PlaygroundSession, position: int) -> Any:
    """The n-th latest message here that everyone sees (1: the latest)."""
    visible = [m for m in session.channel.history(viewer=session.actor) if not m.flags.ephemeral]
    if position > len(visible):
        raise PlaygroundError(f"there are only {len(visible)} messages here")
    return visible[-position]


async def do_menu(session: PlaygroundSession, argument: str) -> None:
    words = split(argument)
    names = message_menus(session)
    if not words:
        listed = ", ".join(f'"{n}"' for n in names)
        raise PlaygroundError(f"use which menu? {listed}; e.g. {MENU_EXAMPLE}")
    position = 1
    if len(words) >= 2 and words[-2].lower() == "on":
        if not words[-1].isdigit() or int(words[-1]) < 1:
            raise PlaygroundError(f"on which message? a number, 1 for the latest: {MENU_EXAMPLE}")
        position, words = int(words[-1]), words[:-2]
    wanted = " ".join(words).lower()
    name = next((n for n in names if n.lower().startswith(wanted)), None)
    if name is None:
        raise PlaygroundError(f"no message menu '{' '.join(words)}'; there is {', '.join(names)}")
    await session.interact(
        session.actor.context_menu(session.channel, name, nth_latest(session, position))
    )


async def do_join(session: PlaygroundSession, argument: str) -> None:
    session.world.refresh_channels()
    channel = session.world.channel_named(argument.strip())
    voice = session.world.voice_channels()
    if channel is None or channel.id not in {c.id for c in voice}:
        names = ", ".join(c.name for c in voice)
        raise PlaygroundError(f"no voice channel '{argument}'; there is {names}")
    await patiently(session.world.env, session.console, session.actor.join_voice(channel))
    session.console.print(Text(f"{session.actor_name} joined 🔊 {channel.name}.", style="dim"))
    session.show_new(everywhere=True)


async def do_leave(session: PlaygroundSession, argument: str) -> None:
    await patiently(session.world.env, session.console, session.actor.leave_voice())
    session.console.print(Text(f"{session.actor_name} left voice.", style="dim"))
    session.show_new(everywhere=True)


async def do_interested(session: PlaygroundSession, argument: str) -> None:
    wanted = argument.strip().lower()
    events = session.world.env.backend.get_guild(session.world.guild.id).scheduled_events
    event = next((e for e in events.values() if e.name.lower().startswith(wanted)), None)
    if event is None or not wanted:
        names = ", ".join(e.name for e in events.values()) or "none yet"
        raise PlaygroundError(f"no event named '{argument}'; events: {names}")
    await patiently(session.world.env, session.console, session.actor.subscribe_event(event.id))
    session.console.print(Text(f"{session.actor_name} is interested in {event.name}.", style="dim"))


async def do_time(session: PlaygroundSession, argument: str) -> None:
    step = parse_duration(argument)
    bot, env, console = session.world.bot, session.world.env, session.console
    target = bot.clock() + step
    # The scheduler reads the real clock, so the playground walks the simulated one from
    # slot to slot and runs what is due at each, as the scheduler would on time.
    while (slot := await _next_wake_up(bot)) and slot <= target:
        await patiently(env, console, env.advance_time((slot - bot.clock()).total_seconds()))
        await bot.run_due_now()
    await patiently(env, console, env.advance_time((target - bot.clock()).total_seconds()))
    await bot.run_due_now()
    now = bot.clock().strftime("%a %d %b %Y %H:%M UTC")
    console.print(Text(f"⏰ It is now {now}.", style="dim"))
    session.show_new(everywhere=True)


async def do_fetch(session: PlaygroundSession, argument: str) -> None:
    method, _, rest = argument.strip().partition(" ")
    path, _, body = rest.strip().partition(" ")
    if not method or not path.startswith("/"):
        raise PlaygroundError("fetch needs a method and a path, e.g. fetch GET /listings/1")
    mock = session.world.bot.services.api_mock
    answer = await mock.answer(
        session.world.guild.id, method.upper(), path, body.encode() if body else None
    )
    shown = "" if answer.json_body is None else json.dumps(answer.json_body, indent=2)
    session.console.print(Text(f"API mock: {method.upper()} {path} -> {answer.status}"))
    if shown:
        session.console.print(Text(shown))


async def _next_wake_up(bot: NexusBot) -> datetime | None:
    """The next instant something is due: a scheduled slot, a nudge or a session reminder."""
    now = bot.clock()
    due = [
        await bot.services.takeaways.next_slot_after(now),
        await bot.services.nudges.next_due_after(now),
        await bot.services.session_reminders.next_due_after(now),
    ]
    return min((d for d in due if d is not None), default=None)
