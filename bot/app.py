"""NexusBot and `create_bot()`: wires config, database, services, scheduler and cogs."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import pkgutil
from datetime import UTC, datetime

import discord
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from discord.ext import commands

import cogs
from bot.clock import Clock
from bot.config import Settings
from bot.db.engine import Database
from bot.errors import StartupError
from bot.heap import set_aside_long_lived
from bot.services.container import Services, build_services
from bot.services.schedules.planner import SchedulePlanner
from bot.services.topics.lookup import ReloadOutcome
from bot.tree import NexusTree
from bot.web.app import HEALTH_ONLY, create_app
from bot.web.child import HubChild
from bot.web.hub import Hub
from bot.web.server import WebServer

log = logging.getLogger(__name__)
MAX_RATE_LIMIT_WAIT_SECONDS = 30.0


def extension_names() -> list[str]:
    """Every module of `cogs/` that is an extension (sub-packages such as `ui` are not)."""
    return sorted(
        f"{cogs.__name__}.{module.name}"
        for module in pkgutil.iter_modules(cogs.__path__)
        if not module.ispkg and not module.name.startswith("_")
    )


def default_intents() -> discord.Intents:
    intents = discord.Intents.default()
    # Q&A threads are stored as they happen, which needs message text (a privileged intent).
    intents.message_content = True
    return intents


# How long stopping waits for a scheduled run under way.
SHUTDOWN_GRACE_SECONDS = 10


class NexusBot(commands.Bot):
    def __init__(self, settings: Settings, *, clock: Clock = discord.utils.utcnow) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=default_intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=NexusTree,
            help_command=None,
            # A 429 asking to wait longer than this raises instead of silently holding the
            # channel (and the scheduled run behind it) for minutes.
            max_ratelimit_timeout=MAX_RATE_LIMIT_WAIT_SECONDS,
            # Every message event Nexus handles is a raw one (cogs/qa_events.py), so a cache
            # of the last 1,000 messages would only hold memory and lengthen full garbage
            # collections (bot/heap.py).
            max_messages=None,
        )
        self.settings = settings
        self.clock = clock
        self.db = Database(settings.database_url)
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        self.started_at: datetime | None = None
        # /healthz in this process (NEXUS_HTTP_PORT); the hub in a child (NEXUS_WEB_PORT).
        self.web: WebServer | None = None
        self.hub: HubChild | None = None
        self._services: Services | None = None
        self._run_lock = asyncio.Lock()
        self._catch_up: asyncio.Task[None] | None = None
        self._channel_locks: dict[int, asyncio.Lock] = {}
        # `python -m bot run` (and the load benchmark) keep full garbage collections off
        # the loop (bot/heap.py); tests don't, as they start and drop a bot each.
        self.sets_aside_heap = False

    def channel_lock(self, channel_id: int) -> asyncio.Lock:
        """One lock per channel, for edits that replace a whole list (a forum's tags)."""
        return self._channel_locks.setdefault(channel_id, asyncio.Lock())

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("services are built in setup_hook; the bot has not started")
        return self._services

    async def setup_hook(self) -> None:
        if not self.settings.content_dir.is_dir():
            raise StartupError(f"CONTENT_DIR: folder '{self.settings.content_dir}' does not exist")
        await self.db.ping()
        if self.settings.auto_migrate:
            await self.db.upgrade()
        elif await self.db.pending_migrations():
            raise StartupError(
                "database schema is out of date: run `python -m bot migrate` "
                "or set NEXUS_AUTO_MIGRATE=true"
            )
        self._services = build_services(self.settings, self.db, self.clock)
        self._services.topics.load()
        for name in extension_names():
            await self.load_extension(name)
        self.scheduler.start()
        await self._plan_schedules()
        await self.sync_commands()
        await self._start_web()
        self.started_at = self.clock()
        # Slots missed while the bot was offline go out (or are recorded) once it is ready.
        self._catch_up = asyncio.create_task(self._catch_up_when_ready())
        log.info("Nexus is set up: %d extensions", len(self.extensions))

    async def _start_web(self) -> None:
        settings = self.settings
        if settings.http_port is not None:
            hub = Hub(self.services, self.health_state, settings.web_url)
            self.web = WebServer(create_app(hub, HEALTH_ONLY), port=settings.http_port)
            await self.web.start()
        if settings.web_port is not None:
            # Pages are served by a process of their own and never wait on (or hold up) a
            # command; the bot only starts it, restarts it if it dies, and stops it.
            self.hub = HubChild(settings)
            url = await asyncio.to_thread(self.hub.start)
            if url is None:
                log.error("the web hub did not start; it is retried in the background")

    async def reload_content(self) -> ReloadOutcome:
        """`/nexus reload`: the bot's content, then every hub's (a child at once, others
        when they next read the content version)."""
        outcome = await self.services.topics.reload()
        if outcome.loaded:
            await self.services.content_versions.record_reload()
            if self.hub is not None:
                self.hub.reload()
        return outcome

    async def _plan_schedules(self) -> None:
        book = self.services.takeaways.book
        planner = SchedulePlanner(self.scheduler, self.run_due_now)

        async def rebuild() -> None:
            planner.rebuild(await book.all_running())

        book.on_change = rebuild
        await rebuild()
        planner.start_sweep()

    async def run_due_now(self) -> None:
        """The scheduler's one job: post every due slot. Never lets an error kill the job."""
        async with self._run_lock:
            try:
                now = self.clock()
                await self.services.nudges.register_due(now)
                await self.services.takeaways.run_due(now)
            except Exception:
                log.exception("scheduled run failed; the next tick will try again")
            try:
                await self.services.session_reminders.run_due(self.clock())
            except Exception:
                log.exception("session reminders failed; the next tick will try again")

    async def _catch_up_when_ready(self) -> None:
        await self.wait_until_ready()
        await self.run_due_now()
        if self.sets_aside_heap:
            # Started, caches filled, caught up: what exists now lives as long as the bot.
            set_aside_long_lived()
            self.services.topics.set_aside_after_reload = True

    def command_tree_hash(self, guild: discord.abc.Snowflake | None) -> str:
        payload = [command.to_dict(self.tree) for command in self.tree.get_commands(guild=guild)]
        encoded = json.dumps(payload, sort_keys=True, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()

    async def sync_commands(self) -> bool:
        """Sync the tree only when it changed since the last sync: Discord rate-limits syncs."""
        guild_id = self.settings.dev_guild_id
        guild = discord.Object(id=guild_id) if guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        scope = f"guild:{guild_id}" if guild_id else "global"
        tree_hash = self.command_tree_hash(guild)
        # Known after login (setup_hook runs after it); commands belong to the application.
        application_id = self.application_id or 0
        ledger = self.services.command_sync
        if not self.settings.force_command_sync and not await ledger.needs_sync(
            application_id, scope, tree_hash
        ):
            log.info("application commands unchanged since the last sync (%s)", scope)
            return False
        await self.tree.sync(guild=guild)
        await ledger.record_sync(application_id, scope, tree_hash)
        log.info("synced application commands (%s)", scope)
        return True

    async def health_state(self) -> dict[str, str]:
        gateway = "ready" if self.is_ready() and not self.is_closed() else "connecting"
        database = "ok" if await self.db.is_healthy() else "unreachable"
        return {"gateway": gateway, "database": database}

    @property
    def uptime_seconds(self) -> float:
        return 0.0 if self.started_at is None else (self.clock() - self.started_at).total_seconds()

    async def stop_scheduled_work(self) -> None:
        """Stop the scheduler, and let a run already under way finish (for a while at most)
        before anything closes the database under it: APScheduler's shutdown does not wait
        for coroutine jobs, and a run cut off mid-query left its connection never closed."""
        if self._catch_up is not None:
            self._catch_up.cancel()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(SHUTDOWN_GRACE_SECONDS), self._run_lock:
                pass

    async def close(self) -> None:
        await self.stop_scheduled_work()
        if self.web is not None:
            await self.web.stop()
        if self.hub is not None:
            await asyncio.to_thread(self.hub.stop)
        await super().close()
        await self.db.dispose()


def create_bot(settings: Settings | None = None, *, clock: Clock | None = None) -> NexusBot:
    """Build the bot (from the environment when `settings` is None) without connecting."""
    settings = settings or Settings.from_env()
    settings.prepare_storage()
    return NexusBot(settings) if clock is None else NexusBot(settings, clock=clock)
