"""Waiting for a slow bot without ending the session.

simcord gives the bot a few seconds to settle after each thing a member does, and raises
`TimeoutError` past that. The playground's prompt blocks the event loop while you type, so
timers that fell due meanwhile (the scheduler's minute sweep, view time-outs) all fire with
the next line; simcord runs them by moving its clock on and settling, and a settle that
overruns is delivered to whatever the next line does. Nothing is lost: the work is still
tracked and finishes, so the playground says so and waits a little more.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, TypeVar

from rich.console import Console
from rich.text import Text

T = TypeVar("T")

# Rounds of one settle timeout each (5 s in simcord) before handing the prompt back.
PATIENCE_ROUNDS = 6
STILL_WORKING = "still working…"
GIVEN_UP = "The bot is still busy; type your next line and what it says will show up then."


async def patiently(env: Any, console: Console, action: Awaitable[T]) -> T | None:
    """The action's result, or None when the bot was slow to settle (it is waited for)."""
    try:
        return await action
    except TimeoutError:
        pass
    await settle_patiently(env, console)
    return None


async def settle_patiently(env: Any, console: Console) -> bool:
    """Wait for the bot to finish, saying so; False when it is still busy afterwards."""
    for _ in range(PATIENCE_ROUNDS):
        console.print(Text(STILL_WORKING, style="dim"))
        try:
            await env.settle()
        except TimeoutError:
            continue
        return True
    console.print(Text(GIVEN_UP, style="yellow"))
    return False
