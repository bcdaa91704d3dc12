"""Catching up on what happened in Q&A threads while the bot was disconnected.

Discord replays nothing after a fresh session (READY): messages sent, edited or deleted in
the meantime never arrive as events. On ready, the cog reads each open tracked thread's
recent history and hands it here, which makes the archive match it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import QAMessage, QAThread
from bot.services.qa.archive import IncomingMessage, MessageArchive


@dataclass(frozen=True)
class CatchUp:
    stored_or_edited: int
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
        showed a moment ago, oldest to newest.

        Missing messages are stored and newer edits applied; a stored message missing from
        `seen` was deleted, but only where `seen` covers it: up to its newest message (live
        events may have stored later ones since), and from its oldest on unless `complete`.
        Live events keep arriving meanwhile, so nothing here overwrites a newer state.
        """
        if not seen and not complete:
            return CatchUp(0, 0)
        newest = max((m.message_id for m in seen), default=None)
        async with self._sessions() as session:
            query = select(QAMessage.message_id, QAMessage.edited_at).where(
                QAMessage.thread_id == thread_id
            )
            if newest is not None:
                query = query.where(QAMessage.message_id <= newest)
            if not complete:
                query = query.where(QAMessage.message_id >= min(m.message_id for m in seen))
            stored = {row[0]: row[1] for row in await session.execute(query)}
        changed = 0
        for message in seen:
            if message.message_id not in stored:
                changed += await self._archive.store(message)
            elif _newer(message.edited_at, stored[message.message_id]):
                changed += await self._archive.edit(message)
        gone = sorted(stored.keys() - {m.message_id for m in seen})
        deleted = await self._archive.delete(gone) if gone else 0
        return CatchUp(changed, deleted)


def _newer(edited: datetime | None, stored: datetime | None) -> bool:
    return edited is not None and (stored is None or edited > stored)
