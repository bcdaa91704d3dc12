"""Catching up on what happened in Q&A threads while the bot was disconnected.

Discord replays nothing after a fresh session (READY): messages sent, edited or deleted in
the meantime never arrive as events. On ready, the cog reads each open tracked thread's
recent history and hands it here, which makes the archive match it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import QAMessage, QAThread
from bot.services.qa.archive import IncomingMessage, MessageArchive


@dataclass(frozen=True)
class CatchUp:
    stored_or_updated: int
    deleted: int


class QABackfill:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], archive: MessageArchive) -> None:
        self._sessions = sessions
        self._archive = archive

    async def open_thread_ids(self, guild_id: int) -> list[int]:
        """Tracked threads not closed with `/qa close`: the ones members may still write in."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(QAThread.thread_id)
                .where(QAThread.guild_id == guild_id, QAThread.closed_at.is_(None))
                .order_by(QAThread.thread_id)
            )
            return list(rows)

    async def catch_up(
        self, thread_id: int, seen: Sequence[IncomingMessage], *, complete: bool
    ) -> CatchUp:
        """Make the thread's stored messages match `seen`, the members' messages Discord
        shows now, oldest to newest.

        New and edited messages are stored; a stored message missing from `seen` was
        deleted, but only where `seen` covers it: all of the thread when `complete`,
        else from the oldest message seen on.
        """
        for message in seen:
            await self._archive.edit(message)  # stores a missed message, updates an edited one
        oldest = min((m.message_id for m in seen), default=None)
        async with self._sessions() as session:
            query = select(QAMessage.message_id).where(QAMessage.thread_id == thread_id)
            if not complete:
                if oldest is None:
                    return CatchUp(len(seen), 0)
                query = query.where(QAMessage.message_id >= oldest)
            stored = set(await session.scalars(query))
        gone = sorted(stored - {m.message_id for m in seen})
        deleted = await self._archive.delete(gone) if gone else 0
        return CatchUp(len(seen), deleted)
