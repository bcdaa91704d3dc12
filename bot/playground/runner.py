"""Runs a playground: interactively with a prompt, or a script of the same lines."""

from __future__ import annotations

import logging
import signal
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.text import Text
from simcord import Env

from bot.app import NexusBot
from bot.config import Settings
from bot.playground.completion import install_completion
from bot.playground.lines import PlaygroundError
from bot.playground.render import make_console
from bot.playground.session import PlaygroundSession
from bot.playground.world import furnish, make_bot, playground_hub_settings
from bot.web.child import HubChild

log = logging.getLogger(__name__)

# How long a person takes to type a line: a script's members write at this pace, so the
# write limit (meant for a person, not a file read at machine speed) lets the tour through.
SCRIPT_LINE_PACE = timedelta(seconds=8)


class ScriptPace:
    """The write limit's clock in a script: real time plus one typing pause per line."""

    def __init__(self) -> None:
        self.lines = 0

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.lines * SCRIPT_LINE_PACE


WELCOME = (
    "Nexus playground: the real bot in a simulated Discord server, ALX ProDev. "
    "You are alice in #prodevprojectnexus. Type help, or try /topic caching."
)

WEB_HINT = "Read the knowledge base and the server's solved questions in a browser: "


async def run_playground(
    *,
    script: list[str] | None,
    database: Path,
    keep: bool = False,
    settings: Settings | None = None,
) -> int:
    """Exit status: 0, or 1 when a script line failed or the bot raised an error."""
    console = make_console(script=script is not None)
    bot = make_bot(database, keep=keep, base=settings)
    env = Env(bot, check_errors=False)
    await env.start()
    try:
        with env.time_context():
            world = await furnish(env)
            session = PlaygroundSession(world, console)
            if script is not None:
                return await _run_script(session, script)
            console.print(Text(WELCOME, style="bold"))
            hub = HubChild(playground_hub_settings(database, settings))
            world.bot.hub = hub  # so that /nexus reload reaches it
            url = hub.start()
            if url is not None:
                serve_links_from(world.bot, url)
                console.print(Text(f"{WEB_HINT}{url}/", style="bold"))
                if world.example_thread_id is not None:
                    example = f"{url}/g/{world.guild.id}/qa/{world.example_thread_id}"
                    console.print(Text(f"The solved question: {example}", style="bold"))
            else:
                console.print(Text("The web hub did not start (see the log above)", style="red"))
            try:
                await _interact(session)
            finally:
                hub.stop()
            return 0
    finally:
        await env.shutdown()


def serve_links_from(bot: NexusBot, url: str) -> None:
    """Links and the API mock's address point at the playground's hub, unless an address
    was chosen (NEXUS_WEB_URL): the hub is the only web there is here."""
    if bot.settings.web_url is None:
        bot.settings = replace(bot.settings, web_url=url)


async def _run_script(session: PlaygroundSession, lines: Iterable[str]) -> int:
    pace = ScriptPace()
    session.world.bot.services.rate_limits.follow(pace)
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            if line.lstrip().startswith("##"):
                session.console.print(Text(line.lstrip("# "), style="bold underline"))
            continue
        pace.lines += 1
        session.console.print(Text(f"{session.prompt}{line.strip()}", style="bold"))
        try:
            await session.execute(line)
        except PlaygroundError as error:
            session.console.print(Text(f"line {number}: {error}", style="red"))
            return 1
        except EOFError:
            break
        except Exception as error:  # a script still ends with its line number, not a traceback
            log.debug("script line %d failed", number, exc_info=error)
            session.console.print(Text(f"line {number}: {_one_line(error)}", style="red"))
            return 1
        if session.bot_errors:
            session.console.print(Text(f"line {number}: the bot reported an error", style="red"))
            return 1
    return 0


async def _interact(session: PlaygroundSession) -> None:
    install_completion(session)
    # asyncio.run turns Ctrl-C into a task cancellation, which a blocking input() never
    # sees; restore the plain KeyboardInterrupt while we wait at the prompt.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        await _prompt_loop(session)
    finally:
        signal.signal(signal.SIGINT, previous)


async def _prompt_loop(session: PlaygroundSession) -> None:
    while True:
        try:
            # Blocking on purpose: the simulated bot is idle between lines, and readline
            # (history, tab completion) needs the main thread.
            line = input(session.prompt)  # noqa: ASYNC250
        except (EOFError, KeyboardInterrupt):
            session.console.print()
            return
        try:
            await session.execute(line)
        except PlaygroundError as error:
            session.console.print(Text(str(error), style="red"))
        except EOFError:
            return
        except Exception as error:
            # Whatever one line ran into, the session (its server, its history) goes on.
            log.debug("playground line failed", exc_info=error)
            session.console.print(Text(f"that line failed: {_one_line(error)}", style="red"))


def _one_line(error: Exception) -> str:
    first = (str(error).splitlines() or [""])[0]
    return f"{type(error).__name__}: {first}" if first else type(error).__name__
