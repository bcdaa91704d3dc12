"""The message archive of Q&A threads: every message stored as it is sent, edited, deleted.

Writes for one thread are applied in the order they arrive (an edit never lands before the
message it edits), and a write that fails for a passing reason is retried, not dropped.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import delete, exists, func, literal, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.dml import Insert

from bot.clock import Clock
from bot.db.models import Base, QADraft, QAMessage, QAThread
from bot.services.retry import RetryPolicy, with_retries

T = TypeVar("T")


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


def insert_if_absent(session: AsyncSession, model: type[Base], values: Mapping[str, Any]) -> Insert:
    """An INSERT that leaves an existing row with the same key as it is."""
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement: Insert = module.insert(model).values(**values).on_conflict_do_nothing()
    return statement


def insert_message(session: AsyncSession, message: IncomingMessage, *, guarded: bool) -> Insert:
    """Store `message` unless already stored; `guarded`: only if its thread is tracked.

    The guard is part of the one statement, so a message can't slip in beside a thread
    that is being deleted.
    """
    values = {f.name: getattr(message, f.name) for f in fields(message)}
    values["author_name"] = message.author_name[:100]
    if not guarded:
        return insert_if_absent(session, QAMessage, values)
    columns = QAMessage.__table__.c
    tracked = exists().where(QAThread.thread_id == message.thread_id)
    source = select(
        *(literal(value, columns[name].type).label(name) for name, value in values.items())
    ).where(tracked)
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement: Insert = (
        module.insert(QAMessage).from_select(list(values), source).on_conflict_do_nothing()
    )
    return statement


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
        self._retry = retry or RetryPolicy()
        # One lock per thread with pending writes; it goes away when nobody holds it.
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    @asynccontextmanager
    async def _in_order(self, thread_id: int) -> AsyncIterator[None]:
        lock = self._locks.get(thread_id)
        if lock is None:
            lock = self._locks[thread_id] = asyncio.Lock()
        async with lock:
            yield

    async def _write(self, thread_id: int, what: str, operation: Callable[[], Awaitable[T]]) -> T:
        async with self._in_order(thread_id):
            return await with_retries(operation, what=what, policy=self._retry)

    async def store(self, message: IncomingMessage) -> bool:
        """Store a new message; False when its thread is not a tracked Q&A thread."""
        return await self._write(
            message.thread_id, f"storing message {message.message_id}", lambda: self._store(message)
        )

    async def _store(self, message: IncomingMessage) -> bool:
        async with self._sessions.begin() as session:
            if message.message_id == message.thread_id:
                # A forum post's starter message is the question, kept on the thread's row.
                result: Any = await session.execute(
                    update(QAThread)
                    .where(
                        QAThread.thread_id == message.thread_id,
                        QAThread.asker_id == message.author_id,
                    )
                    .values(question=message.content)
                )
            else:
                result = await session.execute(insert_message(session, message, guarded=True))
        return bool(result.rowcount)

    async def edit(self, message: IncomingMessage) -> bool:
        """Apply an edit; a message missed earlier (the bot was offline) is stored now."""
        return await self._write(
            message.thread_id, f"editing message {message.message_id}", lambda: self._edit(message)
        )

    async def _edit(self, message: IncomingMessage) -> bool:
        if message.message_id == message.thread_id:
            return await self._store(message)
        async with self._sessions.begin() as session:
            changes: dict[str, Any] = {"content": message.content}
            if message.edited_at is not None:
                changes["edited_at"] = message.edited_at
            result: Any = await session.execute(
                update(QAMessage).where(QAMessage.message_id == message.message_id).values(changes)
            )
            if not result.rowcount:
                result = await session.execute(insert_message(session, message, guarded=True))
            await session.execute(
                update(QAThread)
                .where(
                    QAThread.thread_id == message.thread_id,
                    QAThread.answer_message_id == message.message_id,
                )
                .values(answer_text=message.content)
            )
        return bool(result.rowcount)

    async def delete(self, thread_id: int, message_ids: Sequence[int]) -> int:
        """Remove deleted messages; an accepted answer that is gone is no longer linked."""
        ids = list(message_ids)
        return await self._write(
            thread_id, f"deleting {len(ids)} message(s)", lambda: self._delete(ids)
        )

    async def _delete(self, ids: list[int]) -> int:
        async with self._sessions.begin() as session:
            result: Any = await session.execute(
                delete(QAMessage).where(QAMessage.message_id.in_(ids))
            )
            await session.execute(
                update(QAThread)
                .where(QAThread.answer_message_id.in_(ids))
                .values(answer_message_id=None, answer_author_id=None, answer_text=None)
            )
            # A deleted forum starter was the question: the thread stays, its text goes.
            await session.execute(
                update(QAThread).where(QAThread.thread_id.in_(ids)).values(question="")
            )
        return int(result.rowcount)

    async def forget_threads(
        self, *, thread_id: int | None = None, parent_id: int | None = None
    ) -> int:
        """Drop deleted threads (one, or all under a deleted channel) with their messages."""
        where = (
            QAThread.thread_id == thread_id
            if thread_id is not None
            else (QAThread.parent_channel_id == parent_id)
        )
        key = thread_id if thread_id is not None else parent_id or 0

        async def forget() -> int:
            async with self._sessions.begin() as session:
                ids = select(QAThread.thread_id).where(where).scalar_subquery()
                await session.execute(delete(QAMessage).where(QAMessage.thread_id.in_(ids)))
                result: Any = await session.execute(delete(QAThread).where(where))
            return int(result.rowcount)

        return await self._write(key, "forgetting deleted thread(s)", forget)

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

        async def forget() -> None:
            async with self._sessions.begin() as session:
                asked = select(QAThread.thread_id).where(QAThread.asker_id == user_id)
                await session.execute(
                    delete(QAMessage).where(
                        or_(QAMessage.author_id == user_id, QAMessage.thread_id.in_(asked))
                    )
                )
                await session.execute(
                    update(QAThread)
                    .where(QAThread.answer_author_id == user_id)
                    .values(answer_message_id=None, answer_author_id=None, answer_text=None)
                )
                await session.execute(delete(QAThread).where(QAThread.asker_id == user_id))
                await session.execute(delete(QADraft).where(QADraft.asker_id == user_id))

        await with_retries(forget, what=f"forgetting member {user_id}", policy=self._retry)
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


def _count(model: type[Base], condition: Any) -> Any:
    return select(func.count()).select_from(model).where(condition).scalar_subquery()
