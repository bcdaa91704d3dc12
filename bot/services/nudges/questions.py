"""Q&A questions that have stalled, read for the nudge sweep."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import QAMessage, QAThread

LOOK_BACK = timedelta(days=45)  # longer than the longest delay plus the catch-up window


@dataclass(frozen=True)
class OpenQuestion:
    thread_id: int
    guild_id: int
    asker_id: int
    topic_slug: str | None
    asked_at: datetime
    last_activity: datetime  # the latest message, or the question itself
    others_replied: bool
    solved: bool


async def open_questions(session: AsyncSession, now: datetime) -> list[OpenQuestion]:
    """Questions not closed, asked within LOOK_BACK, with their activity."""
    others = (
        select(QAMessage.message_id)
        .where(QAMessage.thread_id == QAThread.thread_id)
        .where(QAMessage.author_id != QAThread.asker_id)
        .exists()
    )
    last = (
        select(func.max(QAMessage.created_at))
        .where(QAMessage.thread_id == QAThread.thread_id)
        .scalar_subquery()
    )
    rows = (
        await session.execute(
            select(QAThread.thread_id, QAThread.guild_id, QAThread.asker_id,
                   QAThread.topic_slug, QAThread.created_at, last, others,
                   QAThread.solved_at.is_not(None))
            .where(QAThread.closed_at.is_(None), QAThread.created_at > now - LOOK_BACK)
        )
    ).all()  # fmt: skip
    found = []
    for thread_id, guild_id, asker_id, slug, asked_at, latest, replied, solved in rows:
        last_activity = max(asked_at, latest or asked_at)
        found.append(
            OpenQuestion(
                thread_id, guild_id, asker_id, slug, asked_at, last_activity, replied, solved
            )
        )
    return found
