"""Catching up on what happened in Q&A threads while the bot was disconnected.

Discord replays nothing after a fresh session (READY): messages sent, edited or deleted in
the meantime never arrive as events. On ready, the cog reads the threads that changed since
Nexus last looked (their newest message is newer than what it holds or has read) and hands
their recent history here, which makes the archive match it; once everything that changed
was read, the guild's mark moves on, so the next READY starts from there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import QACatchUp, QAMessage, QAThread
from bot.db.upsert import upsert
from bot.services.qa.archive import IncomingMessage, MessageArchive


@dataclass(frozen=True)
class CatchUp:
    stored_or_edited: int
    deleted: int


@dataclass(frozen=True)
class OpenThread:
    """A tracked thread members may still write in, and how far Nexus has seen it: the
    newest of its stored messages, its question, and the guild's mark."""

    thread_id: int
    parent_channel_id: int
    seen_up_to: int

    def changed(self, last_message_id: int | None) -> bool:
        """Discord's newest message there is one Nexus has not seen."""
        return last_message_id is not None and last_message_id > self.seen_up_to


class QABackfill:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], archive: MessageArchive) -> None:
        self._sessions = sessions
        self._archive = archive

    async def mark(self, guild_id: int) -> int | None:
        """How far the guild was read after its last complete catch-up (a snowflake); else
        the last event Nexus stored there; None when it tracks no thread there."""
        async with self._sessions() as session:
            mark = await session.scalar(
                select(QACatchUp.caught_up_to).where(QACatchUp.guild_id == guild_id)
            )
            if mark is not None:
                return int(mark)
            newest = await session.execute(
                select(func.max(QAThread.thread_id), func.max(QAMessage.message_id))
                .select_from(QAThread)
                .outerjoin(QAMessage, QAMessage.thread_id == QAThread.thread_id)
                .where(QAThread.guild_id == guild_id)
            )
            thread_id, message_id = newest.one()
        known = [i for i in (thread_id, message_id) if i is not None]
        return max(known) if known else None

    async def record_mark(self, guild_id: int, caught_up_to: int, now: datetime) -> None:
        """Everything that changed in the guild before `caught_up_to` has been read."""
        async with self._sessions.begin() as session:
            await upsert(
                session,
                QACatchUp.__table__,  # type: ignore[arg-type]
                {"guild_id": guild_id, "caught_up_to": caught_up_to, "updated_at": now},
                keys=["guild_id"],
            )

    async def open_threads(self, guild_id: int, mark: int | None) -> dict[int, OpenThread]:
        """Tracked threads not closed with `/qa close`, by id: the ones members may still
        write in, each with how far Nexus has seen it (never before `mark`, the guild's)."""
        floor = mark or 0
        async with self._sessions() as session:
            rows = await session.execute(
                select(
                    QAThread.thread_id, QAThread.parent_channel_id,
                    QAThread.starter_message_id, func.max(QAMessage.message_id),
                )
                .outerjoin(QAMessage, QAMessage.thread_id == QAThread.thread_id)
                .where(QAThread.guild_id == guild_id, QAThread.closed_at.is_(None))
                .group_by(QAThread.thread_id, QAThread.parent_channel_id,
                          QAThread.starter_message_id)
            )  # fmt: skip
            return {
                thread_id: OpenThread(
                    thread_id, parent_id, max(thread_id, starter, newest or 0, floor)
                )
                for thread_id, parent_id, starter, newest in rows
            }

    async def forget(self, thread_id: int) -> None:
        """A tracked thread Discord no longer has (deleted while the bot was away)."""
        await self._archive.forget_threads(thread_id=thread_id)

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
