"""Q&A threads: asking (drafts, recording the thread), marking the answer, closing.

Messages inside threads are stored by `qa_archive`, searched by `qa_search`, and counted
by `qa_stats`; this module holds the rules about the threads themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.models import QAThread
from bot.errors import Conflict, Forbidden, NotFound, ValidationError
from bot.knowledge.model import Topic
from bot.services.publishing.versions import bump_published, bump_published_threads
from bot.services.qa.archive import IncomingMessage, insert_if_absent, insert_message
from bot.services.qa.drafts import QuestionDraft, QuestionDrafts
from bot.services.qa.text import clean_question, clean_title
from bot.services.text_rules import optional_line
from bot.services.topics.lookup import NoMatch, TopicService

NOT_A_QA_THREAD = "That only works inside a Q&A thread (one started with `/ask`)."
ALREADY_THE_ANSWER = "That reply is already the accepted answer."
ALREADY_CLOSED = "This thread is already closed."
# The same member asking the same question again this soon pressed Enter twice, or retried
# a slow reply: they get a link to the thread already made rather than a second one.
REPEAT_WINDOW = timedelta(minutes=1)


@dataclass(frozen=True)
class NewThread:
    thread_id: int
    guild_id: int
    parent_channel_id: int
    starter_message_id: int
    asker_id: int
    asker_name: str
    title: str
    question: str
    topic_slug: str | None = None


@dataclass(frozen=True)
class QAThreadInfo:
    thread_id: int
    guild_id: int
    parent_channel_id: int
    starter_message_id: int
    asker_id: int
    title: str
    question: str
    topic_slug: str | None
    created_at: datetime
    solved_at: datetime | None
    answer_message_id: int | None
    answer_author_id: int | None
    closed_at: datetime | None

    @property
    def solved(self) -> bool:
        return self.solved_at is not None

    @classmethod
    def from_row(cls, row: QAThread) -> QAThreadInfo:
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class MarkedAnswer:
    thread: QAThreadInfo
    previous_answer_id: int | None

    @property
    def moved(self) -> bool:
        return self.previous_answer_id is not None


def resolve_topic(topics: TopicService, raw: str | None) -> Topic | None:
    """The topic a question is about: a slug from autocomplete or a typed name."""
    name = optional_line(raw)
    if name is None:
        return None
    found = topics.get(name) or topics.lookup(name)
    if isinstance(found, NoMatch):
        raise ValidationError(
            f"There is no topic named '{found.name}'. Pick one from the list, or leave it out."
        )
    return found


def question_draft(title: str, question: str, topic: Topic | None = None) -> QuestionDraft:
    """A question checked against the rules (lengths, no crowd pings), or a `ValidationError`."""
    return QuestionDraft(
        clean_title(title), clean_question(question), topic.slug if topic else None
    )


class QAService(QuestionDrafts):
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    # --------------------------------------------------------------- threads

    async def repeated_question(
        self, guild_id: int, asker_id: int, draft: QuestionDraft
    ) -> QAThreadInfo | None:
        """The asker's open thread with this same title and question (letter case, spacing
        and closing punctuation aside) made within REPEAT_WINDOW, newest first; else None.

        Threads deleted on Discord are forgotten (`forget_threads`), so one found exists
        unless the deletion was missed; the cog confirms it with Discord.
        """
        wanted = _same_question_key(draft.title, draft.question)
        async with self._sessions() as session:
            rows = await session.scalars(
                select(QAThread)
                .where(
                    QAThread.guild_id == guild_id,
                    QAThread.asker_id == asker_id,
                    QAThread.created_at >= self._clock() - REPEAT_WINDOW,
                    QAThread.closed_at.is_(None),
                )
                .order_by(QAThread.created_at.desc())
            )
            for row in rows:
                if _same_question_key(row.title, row.question) == wanted:
                    return QAThreadInfo.from_row(row)
        return None

    async def record_thread(self, new: NewThread) -> QAThreadInfo:
        """Start tracking a thread that Nexus posted for `/ask`."""
        async with self._sessions.begin() as session:
            row = QAThread(**_thread_values(new, self._clock()))
            session.add(row)
            await bump_published(session, new.guild_id)
        return QAThreadInfo.from_row(row)

    async def track_forum_post(self, new: NewThread) -> bool:
        """Start tracking a post a member made in the Q&A forum; False if already tracked."""
        async with self._sessions.begin() as session:
            # An event replayed after a reconnect finds the thread tracked and changes nothing.
            result = await session.execute(
                insert_if_absent(session, QAThread, _thread_values(new, self._clock()))
            )
            await bump_published(session, new.guild_id)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def thread(self, thread_id: int) -> QAThreadInfo | None:
        async with self._sessions() as session:
            row = await session.get(QAThread, thread_id)
        return QAThreadInfo.from_row(row) if row else None

    async def require_thread(self, thread_id: int) -> QAThreadInfo:
        found = await self.thread(thread_id)
        if found is None:
            raise NotFound(NOT_A_QA_THREAD)
        return found

    async def answerable(
        self,
        thread_id: int,
        answer: IncomingMessage,
        *,
        author_is_bot: bool,
        by_user_id: int,
        by_mentor: bool,
    ) -> QAThreadInfo:
        """The thread, if `answer` may be marked as its answer by this member (reads only).

        Cogs call it before acknowledging, so a refusal is the member's private answer.
        """
        thread = await self.require_thread(thread_id)
        _require_asker_or_mentor(thread, by_user_id, by_mentor, "mark the answer")
        if answer.message_id in (thread.thread_id, thread.starter_message_id):
            raise ValidationError("That's the question itself: mark the reply that answers it.")
        if author_is_bot:
            raise ValidationError("Mark a member's reply as the answer, not a bot's message.")
        if thread.answer_message_id == answer.message_id:
            raise Conflict(ALREADY_THE_ANSWER)
        return thread

    async def mark_answer(
        self,
        thread_id: int,
        answer: IncomingMessage,
        *,
        author_is_bot: bool,
        by_user_id: int,
        by_mentor: bool,
    ) -> MarkedAnswer:
        """Record `answer` as the accepted answer (moving it from an earlier one)."""
        thread = await self.answerable(
            thread_id, answer, author_is_bot=author_is_bot, by_user_id=by_user_id,
            by_mentor=by_mentor,
        )  # fmt: skip
        async with self._sessions.begin() as session:
            # The answer may predate tracking or have been missed: make sure it is stored.
            await insert_message(session, answer, guarded=False)
            result = await session.execute(
                update(QAThread)
                .where(
                    QAThread.thread_id == thread_id,
                    QAThread.answer_message_id.is_distinct_from(answer.message_id),
                )
                .values(
                    answer_message_id=answer.message_id,
                    answer_author_id=answer.author_id,
                    answer_text=answer.content,
                    solved_at=func.coalesce(QAThread.solved_at, self._clock()),
                )
                .returning(QAThread)
            )
            row = result.scalar_one_or_none()
            if row is None:
                raise Conflict(ALREADY_THE_ANSWER)
            await bump_published(session, row.guild_id)  # solved: on the web now
            return MarkedAnswer(QAThreadInfo.from_row(row), thread.answer_message_id)

    async def closable(self, thread_id: int, *, by_user_id: int, by_mentor: bool) -> QAThreadInfo:
        """The thread, if this member may close it and it is open (reads only)."""
        thread = await self.require_thread(thread_id)
        _require_asker_or_mentor(thread, by_user_id, by_mentor, "close it")
        if thread.closed_at is not None:
            raise Conflict(ALREADY_CLOSED)
        return thread

    async def close(self, thread_id: int, *, by_user_id: int, by_mentor: bool) -> QAThreadInfo:
        await self.closable(thread_id, by_user_id=by_user_id, by_mentor=by_mentor)
        async with self._sessions.begin() as session:
            result = await session.execute(
                update(QAThread)
                .where(QAThread.thread_id == thread_id, QAThread.closed_at.is_(None))
                .values(closed_at=self._clock())
                .returning(QAThread)
            )
            row = result.scalar_one_or_none()
            if row is None:
                raise Conflict(ALREADY_CLOSED)
            await bump_published(session, row.guild_id)
            return QAThreadInfo.from_row(row)

    async def reopen(self, thread_id: int) -> None:
        """Undo `close` when Discord refused to archive the thread."""
        async with self._sessions.begin() as session:
            await session.execute(
                update(QAThread).where(QAThread.thread_id == thread_id).values(closed_at=None)
            )
            await bump_published_threads(session, [thread_id])


def _same_question_key(title: str, question: str) -> tuple[str, str]:
    return _loosely(title), _loosely(question)


def _loosely(text: str) -> str:
    """`text` as a repeat is compared: letter case, spacing and closing punctuation aside."""
    return " ".join(text.casefold().split()).rstrip(" .?!")


def _require_asker_or_mentor(
    thread: QAThreadInfo, user_id: int, is_mentor: bool, action: str
) -> None:
    if user_id != thread.asker_id and not is_mentor:
        raise Forbidden(f"Only the person who asked or a mentor can {action}.")


def _thread_values(new: NewThread, now: datetime) -> dict[str, object]:
    values = {f.name: getattr(new, f.name) for f in fields(new)}
    return {
        **values,
        "asker_name": new.asker_name[:100],
        "title": new.title[:100],
        "created_at": now,
    }
