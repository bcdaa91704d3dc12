"""`/qa stats`: how the guild's questions fared over the last 30 days."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.models import QAMessage, QAThread

WINDOW = timedelta(days=30)
TOP_HELPERS = 5


@dataclass(frozen=True)
class Helper:
    user_id: int
    accepted_answers: int
    replies: int


@dataclass(frozen=True)
class QAStatistics:
    """Questions asked in the window, and how they were answered.

    `unanswered`: no reply yet from anyone but the asker, and not solved. The time to a
    first answer runs from the question to the first reply by someone else.
    """

    days: int
    asked: int
    solved: int
    unanswered: int
    median_first_answer: timedelta | None
    helpers: tuple[Helper, ...]


class QAStats:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def stats(self, guild_id: int) -> QAStatistics:
        since = self._clock() - WINDOW
        first_reply = (
            select(func.min(QAMessage.created_at))
            .where(
                QAMessage.thread_id == QAThread.thread_id, QAMessage.author_id != QAThread.asker_id
            )
            .correlate(QAThread)
            .scalar_subquery()
        )
        replies = (
            select(QAMessage.author_id, func.count())
            .join(QAThread, QAThread.thread_id == QAMessage.thread_id)
            .where(
                QAThread.guild_id == guild_id,
                QAThread.created_at >= since,
                QAMessage.author_id != QAThread.asker_id,
            )
            .group_by(QAMessage.author_id)
        )
        async with self._sessions() as session:
            threads = (
                await session.execute(
                    select(
                        QAThread.created_at,
                        QAThread.solved_at,
                        QAThread.asker_id,
                        QAThread.answer_author_id,
                        first_reply.label("first_reply_at"),
                    ).where(QAThread.guild_id == guild_id, QAThread.created_at >= since)
                )
            ).all()
            reply_counts = dict((await session.execute(replies)).all())
        waits = [
            row.first_reply_at - row.created_at for row in threads if row.first_reply_at is not None
        ]
        answers = Counter(
            row.answer_author_id
            for row in threads
            if row.answer_author_id is not None and row.answer_author_id != row.asker_id
        )
        helpers = sorted(
            {*answers, *reply_counts},
            key=lambda user: (-answers[user], -reply_counts.get(user, 0), user),
        )
        return QAStatistics(
            days=WINDOW.days,
            asked=len(threads),
            solved=sum(1 for row in threads if row.solved_at is not None),
            unanswered=sum(
                1 for row in threads if row.first_reply_at is None and row.solved_at is None
            ),
            median_first_answer=statistics.median(waits) if waits else None,
            helpers=tuple(
                Helper(user, answers[user], reply_counts.get(user, 0))
                for user in helpers[:TOP_HELPERS]
            ),
        )
