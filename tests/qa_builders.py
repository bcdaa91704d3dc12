"""Builders of Q&A data for service tests: threads and messages with sensible defaults."""

from __future__ import annotations

from datetime import timedelta
from itertools import count
from typing import Any

from sqlalchemy.exc import OperationalError

from bot.db.engine import Database
from bot.services.qa.archive import IncomingMessage, MessageArchive
from bot.services.qa.questions import NewThread, QAService, QAThreadInfo
from tests.conftest import FixedClock

GUILD = 1000
CHANNEL = 2000
ASKER = 11
HELPER = 22
MENTOR = 33
_ids = count(10_000)


class QAWorld:
    """The Q&A services on one database, with helpers to arrange threads and replies."""

    def __init__(self, db: Database, clock: FixedClock) -> None:
        self.db = db
        self.clock = clock
        self.qa = QAService(db.sessions, clock)
        self.archive = MessageArchive(db.sessions, clock)

    async def thread(
        self,
        title: str,
        question: str = "",
        *,
        asker: int = ASKER,
        guild: int = GUILD,
        channel: int = CHANNEL,
    ) -> QAThreadInfo:
        thread_id = next(_ids)
        return await self.qa.record_thread(
            NewThread(
                thread_id=thread_id,
                guild_id=guild,
                parent_channel_id=channel,
                starter_message_id=thread_id,
                asker_id=asker,
                asker_name=f"user{asker}",
                title=title,
                question=question or title,
            )
        )

    def message(
        self, thread: QAThreadInfo | int, content: str, *, author: int = HELPER, after: float = 60
    ) -> IncomingMessage:
        thread_id = thread if isinstance(thread, int) else thread.thread_id
        return IncomingMessage(
            message_id=next(_ids),
            thread_id=thread_id,
            author_id=author,
            author_name=f"user{author}",
            content=content,
            created_at=self.clock.now + timedelta(seconds=after),
        )

    async def reply(
        self, thread: QAThreadInfo, content: str, *, author: int = HELPER, after: float = 60
    ) -> IncomingMessage:
        message = self.message(thread, content, author=author, after=after)
        assert await self.archive.store(message)
        return message

    async def solve(
        self, thread: QAThreadInfo, content: str, *, author: int = HELPER
    ) -> IncomingMessage:
        answer = await self.reply(thread, content, author=author)
        await self.qa.mark_answer(
            thread.thread_id,
            answer,
            author_is_bot=False,
            by_user_id=thread.asker_id,
            by_mentor=False,
        )
        return answer


class FlakySessions:
    """A session factory whose first `failures` transactions fail like a locked SQLite file."""

    def __init__(self, sessions: Any, failures: int) -> None:
        self._sessions = sessions
        self.failures = failures
        self.attempts = 0

    def __call__(self) -> Any:
        return self._sessions()

    def begin(self) -> Any:
        self.attempts += 1
        if self.attempts <= self.failures:
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        return self._sessions.begin()
