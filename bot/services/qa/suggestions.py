"""The solved-question index of each server, kept in memory and rebuilt when it changes.

`/ask` ranks every solved thread of the server by BM25 (bot/services/qa/similar.py):
in memory that is a few dictionary sums, where the database could only rank with its
own full-text scores. Before each use, one small query tells whether the server's
solved threads changed (how many, the newest solve, the newest thread); an edit of a
solved thread's text is picked up within `STALE_AFTER` at the latest.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.models import QAThread
from bot.knowledge.model import Library
from bot.services.qa.similar import SolvedIndex, SolvedThread, Thesaurus

THREADS = cast(Table, QAThread.__table__)
STALE_AFTER = timedelta(minutes=5)
# Servers whose index is kept; the least recently built is dropped past this.
KEPT = 64


class SolvedIndexes:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        library: Callable[[], Library | None] = lambda: None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._library = library
        self._thesaurus: tuple[Library | None, Thesaurus] | None = None
        self._kept: dict[int, tuple[tuple[Any, ...], datetime, SolvedIndex]] = {}
        self._locks: dict[int, asyncio.Lock] = {}

    def thesaurus(self) -> Thesaurus:
        library = self._library()
        if self._thesaurus is None or self._thesaurus[0] is not library:
            # A reload of the content swaps the library whole: rebuild with it.
            self._thesaurus = (library, Thesaurus.of(library))
            self._kept.clear()
        return self._thesaurus[1]

    async def of(self, guild_id: int) -> SolvedIndex:
        thesaurus = self.thesaurus()
        async with self._sessions() as session:
            version = await _version(session, guild_id)
            kept = self._kept.get(guild_id)
            now = self._clock()
            if kept and kept[0] == version and now - kept[1] < STALE_AFTER:
                return kept[2]
        lock = self._locks.setdefault(guild_id, asyncio.Lock())
        async with lock:  # one rebuild at a time per server
            kept = self._kept.get(guild_id)
            if kept and kept[0] == version and now - kept[1] < STALE_AFTER:
                return kept[2]
            async with self._sessions() as session:
                rows = await session.execute(
                    select(
                        THREADS.c.thread_id,
                        THREADS.c.parent_channel_id,
                        THREADS.c.title,
                        THREADS.c.question,
                        THREADS.c.answer_text,
                        THREADS.c.topic_slug,
                    ).where(THREADS.c.guild_id == guild_id, THREADS.c.solved_at.is_not(None))
                )
                threads = [
                    SolvedThread(tid, channel, title, question or "", answer or "", slug)
                    for tid, channel, title, question, answer, slug in rows
                ]
            index = SolvedIndex(threads, thesaurus)
            if len(self._kept) >= KEPT and guild_id not in self._kept:
                oldest = min(self._kept, key=lambda g: self._kept[g][1])
                del self._kept[oldest]
            self._kept[guild_id] = (version, now, index)
            return index


async def _version(session: AsyncSession, guild_id: int) -> tuple[Any, ...]:
    row = (
        await session.execute(
            select(
                func.count(), func.max(THREADS.c.solved_at), func.max(THREADS.c.thread_id)
            ).where(THREADS.c.guild_id == guild_id, THREADS.c.solved_at.is_not(None))
        )
    ).one()
    return tuple(row)
