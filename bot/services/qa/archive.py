"""The message archive of Q&A threads: every message stored as it is sent, edited, deleted.

Writes are applied in the order they arrive (an edit never lands before the message it
edits), batched under load, and retried when they fail for a passing reason, never dropped.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, exists, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.dml import Insert

from bot.clock import Clock
from bot.db.models import Base, MemberPrivacy, QADraft, QAMessage, QAThread
from bot.services.publishing.versions import bump_all_published, bump_published_threads
from bot.services.retry import RetryPolicy
from bot.services.write_batches import WriteBatcher


@dataclass(frozen=True)
class IncomingMessage:
    """A message as Discord shows it now."""

    message_id: int
    thread_id: int
    author_id: int
    author_name: str
    content: str
    created_at: datetime
    reply_to_id: int | None = None
    edited_at: datetime | None = None


@dataclass(frozen=True)
class ForgetReport:
    """What was (or would be) deleted for one member."""

    messages: int
    questions: int
    drafts: int

    @property
    def nothing(self) -> bool:
        return not (self.messages or self.questions or self.drafts)


def insert_if_absent(
    session: AsyncSession, model: type[Base], values: Mapping[str, Any] | None = None
) -> Insert:
    """An INSERT that leaves an existing row with the same key as it is (`values`: one row;
    without, the rows are given when it is executed)."""
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    insert = module.insert(model)
    statement: Insert = (
        insert if values is None else insert.values(**values)
    ).on_conflict_do_nothing()
    return statement


def message_values(message: IncomingMessage) -> dict[str, Any]:
    values = {f.name: getattr(message, f.name) for f in fields(message)}
    return {**values, "author_name": message.author_name[:100]}


@functools.cache
def _guarded_insert(dialect: str) -> Insert:
    """INSERT of one message only if its thread is tracked and the message isn't stored.

    The guard is part of the one statement, so a message can't slip in beside a thread
    that is being deleted. Built once per dialect: messages are the hot path.
    """
    table = QAMessage.__table__
    names = [f.name for f in fields(IncomingMessage)]
    source = select(*(bindparam(name, type_=table.c[name].type) for name in names)).where(
        exists().where(QAThread.thread_id == bindparam("thread_id"))
    )
    module = postgresql if dialect == "postgresql" else sqlite
    statement: Insert = module.insert(table).from_select(names, source).on_conflict_do_nothing()
    return statement


async def insert_message(session: AsyncSession, message: IncomingMessage, *, guarded: bool) -> int:
    """Store `message` unless already stored (`guarded`: only into a tracked thread).

    Returns how many rows were inserted (0 or 1).
    """
    if not guarded:
        result: Any = await session.execute(
            insert_if_absent(session, QAMessage, message_values(message))
        )
    else:
        statement = _guarded_insert(session.get_bind().dialect.name)
        result = await session.execute(statement, message_values(message))
    return int(result.rowcount)


class MessageArchive:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        *,
        retry: RetryPolicy | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        # Every write goes through one ordered queue: an edit never lands before the
        # message it edits, and a burst of messages shares a few transactions.
        self._writes = WriteBatcher(sessions, retry or RetryPolicy())

    async def store(self, message: IncomingMessage) -> bool:
        """Store a new message; False when its thread is not a tracked Q&A thread."""
        # Replies arriving together share one INSERT: a statement per message was most
        # of the cost of a burst that isn't the full-text index.
        together = None if message.message_id == message.thread_id else _store_replies
        return bool(
            await self._writes.write(
                f"message {message.message_id}",
                lambda session: _store(session, message),
                together=together,
                item=message,
            )
        )

    async def edit(self, message: IncomingMessage) -> bool:
        """Apply an edit; a message missed earlier (the bot was offline) is stored now."""
        return bool(
            await self._writes.write(
                f"edit of message {message.message_id}", lambda session: _edit(session, message)
            )
        )

    async def delete(self, message_ids: Sequence[int]) -> int:
        """Remove deleted messages; an accepted answer that is gone is no longer linked."""
        ids = list(message_ids)
        return int(
            await self._writes.write(
                f"deletion of {len(ids)} message(s)", lambda session: _delete(session, ids)
            )
        )

    async def forget_threads(
        self, *, thread_id: int | None = None, parent_id: int | None = None
    ) -> int:
        """Drop deleted threads (one, or all under a deleted channel) with their messages."""
        where = (
            QAThread.thread_id == thread_id
            if thread_id is not None
            else QAThread.parent_channel_id == parent_id
        )

        async def forget(session: AsyncSession) -> int:
            await bump_published_threads(
                session, await session.scalars(select(QAThread.thread_id).where(where))
            )
            # The messages go by the foreign key's cascade, after their thread: deleted
            # first, each would rebuild the thread's search copy of its replies.
            result: Any = await session.execute(delete(QAThread).where(where))
            return int(result.rowcount)

        return int(await self._writes.write("deleted thread(s)", forget))

    async def user_data(self, user_id: int) -> ForgetReport:
        """How much is stored from one member (shown before they confirm forget-me)."""
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(
                        _count(QAMessage, QAMessage.author_id == user_id),
                        _count(QAThread, QAThread.asker_id == user_id),
                        _count(QADraft, QADraft.asker_id == user_id),
                    )
                )
            ).one()
        return ForgetReport(int(row[0]), int(row[1]), int(row[2]))

    async def forget_user(self, user_id: int) -> ForgetReport:
        """Delete everything stored from one member: messages, questions (with the replies
        under them, which make no sense without the question), drafts, answer links."""
        report = await self.user_data(user_id)

        async def forget(session: AsyncSession) -> None:
            # Their questions first: the replies under them go by the foreign key's
            # cascade without rebuilding each thread's search copy reply by reply.
            await session.execute(delete(QAThread).where(QAThread.asker_id == user_id))
            await session.execute(delete(QAMessage).where(QAMessage.author_id == user_id))
            await session.execute(
                update(QAThread)
                .where(QAThread.answer_author_id == user_id)
                .values(answer_message_id=None, answer_author_id=None, answer_text=None)
            )
            await session.execute(delete(QADraft).where(QADraft.asker_id == user_id))
            # The web names no one who asked to be forgotten.
            await session.execute(delete(MemberPrivacy).where(MemberPrivacy.user_id == user_id))
            await bump_all_published(session)  # their words may be on any guild's pages

        await self._writes.write(f"forgetting member {user_id}", forget)
        return report

    async def messages(self, thread_id: int) -> list[IncomingMessage]:
        """The stored messages of a thread, oldest first."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(QAMessage)
                .where(QAMessage.thread_id == thread_id)
                .order_by(QAMessage.created_at, QAMessage.message_id)
            )
            return [
                IncomingMessage(**{f.name: getattr(row, f.name) for f in fields(IncomingMessage)})
                for row in rows
            ]


async def _store(session: AsyncSession, message: IncomingMessage) -> bool:
    result: Any
    if message.message_id == message.thread_id:
        # A forum post's starter message is the question, kept on the thread's row.
        result = await session.execute(
            update(QAThread)
            .where(QAThread.thread_id == message.thread_id, QAThread.asker_id == message.author_id)
            .values(question=message.content)
        )
        if result.rowcount:
            await bump_published_threads(session, [message.thread_id])
        return bool(result.rowcount)
    stored = bool(await insert_message(session, message, guarded=True))
    if stored:
        await bump_published_threads(session, [message.thread_id])
    return stored


async def _store_replies(session: AsyncSession, messages: list[IncomingMessage]) -> list[bool]:
    """Store replies in one INSERT; each outcome as `_store` gives it for its message.

    Only messages of tracked threads are inserted. A thread deleted meanwhile by another
    transaction fails the INSERT on its foreign key, and the batch is then retried one
    message at a time, each with the guarded INSERT."""
    thread_ids = {m.thread_id for m in messages}
    tracked = set(
        await session.scalars(select(QAThread.thread_id).where(QAThread.thread_id.in_(thread_ids)))
    )
    rows = [message_values(m) for m in messages if m.thread_id in tracked]
    inserted: set[int] = set()
    if rows:
        statement = insert_if_absent(session, QAMessage).returning(QAMessage.message_id)
        inserted = set(await session.scalars(statement, rows))
        await bump_published_threads(session, tracked)
    outcomes = []
    for message in messages:
        outcomes.append(message.message_id in inserted)
        inserted.discard(message.message_id)  # the same message twice is stored once
    return outcomes


async def _edit(session: AsyncSession, message: IncomingMessage) -> bool:
    if message.message_id == message.thread_id:
        return await _store(session, message)
    changes: dict[str, Any] = {"content": message.content}
    if message.edited_at is not None:
        changes["edited_at"] = message.edited_at
    result: Any = await session.execute(
        update(QAMessage).where(QAMessage.message_id == message.message_id).values(changes)
    )
    changed = bool(result.rowcount) or bool(await insert_message(session, message, guarded=True))
    # The accepted answer's text is searched with its thread: keep the copy in step.
    await session.execute(
        update(QAThread)
        .where(
            QAThread.thread_id == message.thread_id,
            QAThread.answer_message_id == message.message_id,
        )
        .values(answer_text=message.content)
    )
    await bump_published_threads(session, [message.thread_id])
    return changed


async def _delete(session: AsyncSession, ids: list[int]) -> int:
    # The guilds are found before the messages go; a starter's id is its thread's.
    threads = await session.scalars(
        select(QAMessage.thread_id).where(QAMessage.message_id.in_(ids))
    )
    await bump_published_threads(session, {*threads, *ids})
    result: Any = await session.execute(delete(QAMessage).where(QAMessage.message_id.in_(ids)))
    await session.execute(
        update(QAThread)
        .where(QAThread.answer_message_id.in_(ids))
        .values(answer_message_id=None, answer_author_id=None, answer_text=None)
    )
    # A deleted forum starter was the question: the thread stays, its text goes.
    await session.execute(update(QAThread).where(QAThread.thread_id.in_(ids)).values(question=""))
    return int(result.rowcount)


def _count(model: type[Base], condition: Any) -> Any:
    return select(func.count()).select_from(model).where(condition).scalar_subquery()
