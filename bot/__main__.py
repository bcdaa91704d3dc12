"""Command line: `python -m bot [run|web|play|migrate|check|health|docs|notes export]`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bot.clock import system_clock
from bot.config import Settings
from bot.connection_failures import describe_connection_failure
from bot.errors import ConfigError, StartupError
from bot.logs import configure_logging, quiet_logging

if TYPE_CHECKING:
    from bot.services.guide.export import ExportOutcome

NO_TOKEN = "No DISCORD_TOKEN: starting the offline playground; see README to connect to Discord"


async def _run_bot(settings: Settings) -> None:
    from bot.app import create_bot

    assert settings.discord_token is not None
    bot = create_bot(settings)
    bot.sets_aside_heap = True
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    async with bot:
        runner = asyncio.create_task(bot.start(settings.discord_token.reveal()))
        stopper = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        stopper.cancel()
        if runner in done:
            runner.result()
        else:
            await bot.close()
            runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await runner


def cmd_play(settings: Settings, script: Path | None = None, keep: bool = False) -> int:
    quiet_logging()  # the conversation is the output (simcord's import already logs)
    from bot.playground.runner import run_playground
    from bot.playground.world import DEFAULT_DATABASE

    if script is not None and not script.is_file():
        raise StartupError(f"no playground script at {script}")
    database = DEFAULT_DATABASE
    database.parent.mkdir(parents=True, exist_ok=True)
    lines = script.read_text(encoding="utf-8").splitlines() if script is not None else None
    return asyncio.run(
        run_playground(script=lines, database=database, keep=keep, settings=settings)
    )


def cmd_run(settings: Settings) -> int:
    if settings.discord_token is None:
        print(NO_TOKEN, file=sys.stderr)
        return cmd_play(settings)
    try:
        asyncio.run(_run_bot(settings))
    except Exception as error:
        reason = describe_connection_failure(error)
        if reason is None:
            raise
        raise StartupError(reason) from None
    return 0


def cmd_web(settings: Settings) -> int:
    from bot.web.standalone import serve_hub

    try:
        asyncio.run(serve_hub(settings, set_aside_heap=True))
    except OSError as error:
        raise StartupError(f"NEXUS_WEB_PORT: cannot listen there ({error.strerror})") from None
    return 0


def cmd_migrate(settings: Settings) -> int:
    from bot.db.engine import Database

    async def migrate() -> None:
        db = Database(settings.database_url)
        try:
            await db.ping()
            await db.upgrade()
        finally:
            await db.dispose()

    asyncio.run(migrate())
    print(f"Database schema is up to date ({settings.database_backend}).")
    return 0


def cmd_check(settings: Settings, today: date | None = None) -> int:
    """Print content errors and warnings; fail (1) on errors only: warnings ask for a review."""
    from bot.knowledge.freshness import freshness_warnings
    from bot.knowledge.library import load_library

    if not settings.content_dir.is_dir():
        raise StartupError(f"CONTENT_DIR: folder '{settings.content_dir}' does not exist")
    result = load_library(settings.content_dir)
    warnings = freshness_warnings(result.library, today or system_clock().date())
    for problem in (*warnings, *result.problems):  # errors last, next to the verdict
        print(problem)
    library = result.library
    summary = f"{len(library.topics)} topics, {len(library.takeaways)} takeaways"
    if not result.ok:
        print(f"Content has {len(result.problems)} problem(s) ({summary} valid).", file=sys.stderr)
        return 1
    noted = f"; {len(warnings)} warning(s)" if warnings else ""
    print(f"Config OK ({settings.database_backend}); content OK: {summary}{noted}.")
    return 0


def cmd_health(settings: Settings) -> int:
    port = settings.http_port if settings.http_port is not None else settings.web_port
    if port is None:
        raise ConfigError(
            "NEXUS_HTTP_PORT / NEXUS_WEB_PORT: neither is set, so there is no /healthz to ask"
        )
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            print(response.read().decode())
            return 0
    except urllib.error.HTTPError as error:
        print(error.read().decode(), file=sys.stderr)
    except OSError as error:
        print(f"health endpoint unreachable: {error}", file=sys.stderr)
    return 1


def cmd_notes(
    settings: Settings, action: str | None, guild_id: int | None = None, out: Path | None = None
) -> int:
    """`notes export`: the approved community notes the web shows, as files to review."""
    from bot.db.engine import Database
    from bot.knowledge.library import load_library
    from bot.knowledge.notes import NOTES_FOLDER
    from bot.services.guide.export import export_notes
    from bot.web.user_text import in_words  # the web's renderer: the files are public too

    if action != "export":
        raise StartupError("notes: say what to do: `notes export [--guild ID] [--out FOLDER]`")
    if not settings.content_dir.is_dir():
        raise StartupError(f"CONTENT_DIR: folder '{settings.content_dir}' does not exist")
    topics = load_library(settings.content_dir, editorial=False).library.topics
    folder = out if out is not None else settings.content_dir / NOTES_FOLDER

    async def export() -> ExportOutcome:
        db = Database(settings.database_url)
        try:
            await db.ping()
            if await db.pending_migrations():
                raise StartupError("database schema is out of date: run `python -m bot migrate`")
            return await export_notes(
                db.sessions,
                folder,
                words=in_words,
                topic_exists=topics.__contains__,
                guild_id=guild_id,
            )
        finally:
            await db.dispose()

    outcome = asyncio.run(export())
    gone = f"; {outcome.topic_gone} left out (topic gone)" if outcome.topic_gone else ""
    print(
        f"Notes exported to {outcome.folder}: {outcome.written} written, "
        f"{outcome.unchanged} unchanged, {outcome.removed} removed{gone}."
    )
    return 0


def cmd_docs(settings: Settings) -> int:
    from bot.reference import write_reference  # starts the bot offline: only when asked

    return write_reference(settings)


COMMANDS: dict[str, Callable[[Settings], int]] = {
    "run": cmd_run,
    "web": cmd_web,
    "play": cmd_play,
    "migrate": cmd_migrate,
    "check": cmd_check,
    "health": cmd_health,
    "docs": cmd_docs,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nexus", description="The Nexus Discord bot")
    parser.add_argument("command", nargs="?", default="run", choices=sorted([*COMMANDS, "notes"]))
    parser.add_argument("action", nargs="?", help="notes: export")
    parser.add_argument("--script", type=Path, help="play: run this file of lines, then exit")
    parser.add_argument("--keep", action="store_true", help="play: keep the last playground data")
    parser.add_argument("--guild", type=int, help="notes export: only this server's notes")
    parser.add_argument("--out", type=Path, help="notes export: the folder (content/notes)")
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        settings.prepare_storage()
        configure_logging(settings)
        if args.command == "play":
            return cmd_play(settings, args.script, args.keep)
        if args.command == "notes":
            return cmd_notes(settings, args.action, args.guild, args.out)
        if args.action is not None:
            parser.error(f"{args.command} takes no '{args.action}'")
        return COMMANDS[args.command](settings)
    except (ConfigError, StartupError) as error:
        print(f"nexus: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
