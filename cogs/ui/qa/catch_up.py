"""Reading what changed in Q&A threads while Nexus was away, in a bounded number of calls.

One READY costs: one listing of the guild's active threads, a page of each Q&A channel's
archived threads (newest archived first, until they were archived before the mark), and
then a history page or a few for each thread whose newest message is one Nexus has not
seen. Threads nothing happened in are not read at all. The first `BURST` calls go at once;
after that the reading goes on in the background, one call every `PACE_SECONDS`, far from
Discord's global limit of 50 a second, so that commands are answered as usual. A 401 stops
everything, a 403 skips the other threads of that channel, and a few 403s stop the guild:
refusals count towards Discord's limit of 10,000 invalid requests per 10 minutes, after
which it blocks the bot's address.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

import discord

from bot.services.qa.backfill import OpenThread, QABackfill
from cogs.ui.qa.threads import incoming

log = logging.getLogger(__name__)
BURST = 200  # calls made at once after a READY
PACE_SECONDS = 0.2  # between the calls after those: 5 a second
PAGE = 100  # messages or threads per call, Discord's most
MAX_PAGES = 5  # of history per thread: older edits and deletes are not seen
MAX_REFUSED = 3  # 403s in one guild before its catch-up stops

Stored = Callable[[discord.Message], bool]
TrackPost = Callable[[discord.Thread], Awaitable[None]]
Sleep = Callable[[float], Awaitable[None]]
T = TypeVar("T")


class CallBudget:
    """REST calls of one READY's catch-up: `burst` at once, then one per `pace` seconds."""

    def __init__(
        self, burst: int | None = None, pace: float | None = None, sleep: Sleep = asyncio.sleep
    ) -> None:
        self.burst = BURST if burst is None else burst
        self.pace = PACE_SECONDS if pace is None else pace
        self._sleep = sleep
        self.used = 0
        self.burst_spent = asyncio.Event()

    async def spend(self) -> None:
        """Wait, if need be, until one more call may go."""
        if self.used >= self.burst:
            self.burst_spent.set()
            await self._sleep(self.pace)
        self.used += 1


class Unauthorized(Exception):
    """Discord answered 401: the token is no longer valid, and no call may follow."""


class GuildCatchUp:
    """One guild's catch-up after a READY."""

    def __init__(
        self,
        backfill: QABackfill,
        budget: CallBudget,
        stored: Stored,
        now: Callable[[], datetime],
    ) -> None:
        self._backfill, self._budget, self._stored, self._now = backfill, budget, stored, now
        self._refused: set[int] = set()  # parents that answered 403
        self._complete = True

    async def run(self, guild: discord.Guild, forum_id: int | None, track: TrackPost) -> None:
        started = discord.utils.time_snowflake(self._now())
        mark = await self._backfill.mark(guild.id)
        active = await self._call(guild.active_threads, None)
        if active is None:
            return
        tracked = await self._backfill.open_threads(guild.id, mark)
        for thread in active:  # posts members made in the Q&A forum since the mark
            is_new = mark is None or thread.id > mark
            if thread.parent_id == forum_id and is_new and thread.id not in tracked:
                await self._budget.spend()
                await track(thread)
        tracked = await self._backfill.open_threads(guild.id, mark)
        changed = {t.id: t for t in active if _changed(t, tracked)}
        since = discord.utils.snowflake_time(mark) if mark else None
        for parent_id in sorted({t.parent_channel_id for t in tracked.values()}):
            parent = guild.get_channel(parent_id)
            if isinstance(parent, discord.TextChannel | discord.ForumChannel):
                for thread in await self._archived(parent, tracked, since):
                    changed.setdefault(thread.id, thread)
        for thread in sorted(changed.values(), key=lambda t: t.last_message_id or 0, reverse=True):
            if len(self._refused) >= MAX_REFUSED:
                log.warning("Q&A catch-up of guild %s stopped: Discord refused it", guild.id)
                return
            if thread.parent_id not in self._refused:
                await self._read(thread, tracked[thread.id])
        # A channel closed to Nexus can't be caught up: it does not hold the mark back.
        if self._complete:
            await self._backfill.record_mark(guild.id, started, self._now())

    async def _call(self, request: Callable[[], Awaitable[T]], parent_id: int | None) -> T | None:
        """One REST call within the budget; None when Discord refused or failed it (a 404
        is raised: what is gone is the caller's business)."""
        await self._budget.spend()
        try:
            return await request()  # made only once the budget allows it
        except discord.Forbidden:
            self._refused.add(parent_id or 0)
        except discord.HTTPException as error:
            if error.status == 401:
                raise Unauthorized from error
            if isinstance(error, discord.NotFound):
                raise
            log.warning("Q&A catch-up: Discord error %s", error.status)
            self._complete = False
        except (discord.RateLimited, TimeoutError) as error:
            log.warning("Q&A catch-up: %s; the next READY tries again", error)
            self._complete = False
        return None

    async def _archived(
        self,
        parent: discord.TextChannel | discord.ForumChannel,
        tracked: dict[int, OpenThread],
        since: datetime | None,
    ) -> list[discord.Thread]:
        """Tracked threads that changed and were archived since the mark, newest archived
        first; a page holding none archived since then is the last one read."""

        async def pages() -> list[discord.Thread]:
            found: list[discord.Thread] = []
            in_page, recent = 0, False
            async for thread in parent.archived_threads(limit=None):
                recent = recent or since is None or thread.archive_timestamp >= since
                if _changed(thread, tracked):
                    found.append(thread)
                in_page += 1
                if in_page == PAGE:
                    if not recent:
                        break
                    in_page, recent = 0, False
                    await self._budget.spend()  # the next page is another call
            return found

        try:
            return await self._call(pages, parent.id) or []
        except discord.NotFound:
            return []

    async def _read(self, thread: discord.Thread, seen: OpenThread) -> None:
        """The thread's history back to what Nexus has seen, newest page first."""
        latest: list[discord.Message] = []
        before: discord.Message | None = None
        complete = False
        try:
            for _ in range(MAX_PAGES):
                page = await self._call(functools.partial(_page, thread, before), thread.parent_id)
                if page is None:
                    return
                latest.extend(page)
                complete = len(page) < PAGE
                if complete or page[-1].id <= seen.seen_up_to:
                    break
                before = page[-1]
        except discord.NotFound:  # deleted while the bot was away
            await self._backfill.forget(thread.id)
            return
        messages = [incoming(m) for m in reversed(latest) if self._stored(m)]
        await self._backfill.catch_up(thread.id, messages, complete=complete)


async def _page(thread: discord.Thread, before: discord.Message | None) -> list[discord.Message]:
    return [m async for m in thread.history(limit=PAGE, before=before)]


def _changed(thread: discord.Thread, tracked: dict[int, OpenThread]) -> bool:
    known = tracked.get(thread.id)
    return known is not None and known.changed(thread.last_message_id)
