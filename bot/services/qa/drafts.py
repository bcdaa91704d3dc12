"""Questions held back while their asker reads similar solved ones (forgotten after a day)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.models import QADraft
from bot.errors import NotFound
from bot.services.stored_ids import can_exist

DRAFT_LIFETIME = timedelta(days=1)


@dataclass(frozen=True)
class QuestionDraft:
    title: str
    question: str
    topic_slug: str | None = None


@dataclass(frozen=True)
class Draft:
    draft_id: int
    guild_id: int
    channel_id: int
    asker_id: int
    title: str
    question: str
    topic_slug: str | None

    @property
    def question_draft(self) -> QuestionDraft:
        return QuestionDraft(self.title, self.question, self.topic_slug)


class QuestionDrafts:
    """The drafts part of the Q&A service (`QAService` inherits it)."""

    _sessions: async_sessionmaker[AsyncSession]
    _clock: Clock

    async def save_draft(
        self, guild_id: int, channel_id: int, asker_id: int, draft: QuestionDraft
    ) -> Draft:
        """Hold a question back while its asker reads similar ones; forgotten after a day."""
        now = self._clock()
        async with self._sessions.begin() as session:
            await session.execute(delete(QADraft).where(QADraft.created_at < now - DRAFT_LIFETIME))
            row = QADraft(
                guild_id=guild_id,
                channel_id=channel_id,
                asker_id=asker_id,
                title=draft.title,
                question=draft.question,
                topic_slug=draft.topic_slug,
                created_at=now,
            )
            session.add(row)
            await session.flush()
            return _draft(row)

    async def claim_draft(self, draft_id: int, asker_id: int) -> Draft:
        """Take a draft out to post it; a second click finds nothing to post twice."""
        if not can_exist(draft_id):
            raise NotFound("That question was already posted or has expired. Ask it again.")
        async with self._sessions.begin() as session:
            result = await session.execute(
                delete(QADraft)
                .where(
                    QADraft.draft_id == draft_id,
                    QADraft.asker_id == asker_id,
                    QADraft.created_at >= self._clock() - DRAFT_LIFETIME,
                )
                .returning(QADraft)
            )
            row = result.scalar_one_or_none()
            if row is None:
                raise NotFound("That question was already posted or has expired. Ask it again.")
            return _draft(row)

    async def restore_draft(self, draft: Draft) -> None:
        """Put back a claimed draft whose posting failed, so the button can be tried again."""
        async with self._sessions.begin() as session:
            session.add(
                QADraft(
                    draft_id=draft.draft_id,
                    guild_id=draft.guild_id,
                    channel_id=draft.channel_id,
                    asker_id=draft.asker_id,
                    title=draft.title,
                    question=draft.question,
                    topic_slug=draft.topic_slug,
                    created_at=self._clock(),
                )
            )


def _draft(row: QADraft) -> Draft:
    return Draft(
        row.draft_id,
        row.guild_id,
        row.channel_id,
        row.asker_id,
        row.title,
        row.question,
        row.topic_slug,
    )
