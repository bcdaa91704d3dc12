"""Solved questions as the web hub may show them.

A question is published only while all of these hold: its guild ran `/nexus web enable`,
its channel is one @everyone can read (as the bot last saw it), and it has an accepted
answer. Every read goes to the database, so a deletion or `/qa forget-me` is gone from the
next page served. Authors are named only when they chose `/qa privacy public`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from bot.clock import Clock
from bot.db.models import MemberPrivacy, QAMessage, QAThread, WebChannel, WebGuild
from bot.knowledge.plain_text import clip_words, markdown_to_plain
from bot.services.qa.search import QASearch, ThreadHit

MENTION = re.compile(r"<@!?(\d{1,20})>")
RECENT = 10
PER_PAGE = 30
MAX_MESSAGES = 500
# Solved questions of each published guild that a web search lists.
SEARCH_PER_GUILD = 5
EXCERPT_WIDTH = 200
BIGINT_MAX = 2**63 - 1


@dataclass(frozen=True)
class QuestionSummary:
    thread_id: int
    guild_id: int
    title: str
    excerpt: str
    solved_at: datetime
    last_change: datetime
    topic_slug: str | None = None


@dataclass(frozen=True)
class ShownMessage:
    message_id: int
    author_id: int
    content: str
    created_at: datetime
    edited_at: datetime | None


@dataclass(frozen=True)
class PublishedThread:
    thread_id: int
    guild_id: int
    guild_name: str
    title: str
    topic_slug: str | None
    asker_id: int
    question: str
    created_at: datetime
    solved_at: datetime
    answer: ShownMessage | None
    replies: tuple[ShownMessage, ...]  # oldest first, the answer left out
    # Names of the members (authors and those mentioned) who chose to be named.
    public_names: dict[int, str]
    last_change: datetime


def _published() -> Any:
    """The condition that makes a stored thread public."""
    return and_(
        QAThread.answer_message_id.is_not(None),
        QAThread.solved_at.is_not(None),
        # Correlated to the thread only, so a query may also join web_guilds for its name.
        exists().where(WebGuild.guild_id == QAThread.guild_id).correlate(QAThread),
        exists()
        .where(
            WebChannel.channel_id == QAThread.parent_channel_id,
            WebChannel.guild_id == QAThread.guild_id,
            WebChannel.public.is_(True),
        )
        .correlate(QAThread),
    )


def _summary(row: QAThread, last_change: datetime | None = None) -> QuestionSummary:
    assert row.solved_at is not None
    # Plain text cut at a word; Discord's tokens stay whole, for the web to put into words.
    excerpt = clip_words(markdown_to_plain(row.question or row.title), EXCERPT_WIDTH)
    changed = max(row.solved_at, last_change or row.solved_at)
    return QuestionSummary(
        row.thread_id, row.guild_id, row.title, excerpt, row.solved_at, changed, row.topic_slug
    )


def mentioned_ids(texts: Iterable[str]) -> set[int]:
    """The members mentioned in `texts` (ids a database BIGINT can hold: others are no one)."""
    found = {int(found) for text in texts for found in MENTION.findall(text)}
    return {user_id for user_id in found if 0 < user_id <= BIGINT_MAX}


class PublishedQuestions:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], clock: Clock, search: QASearch
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._search = search

    async def recent(self, limit: int = RECENT) -> list[QuestionSummary]:
        """The newest solved questions of every published guild."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(QAThread)
                .where(_published())
                .order_by(QAThread.solved_at.desc())
                .limit(limit)
            )
            return [_summary(row) for row in rows]

    async def of_guild(self, guild_id: int, page: int = 1) -> tuple[list[QuestionSummary], bool]:
        """A page of a guild's published questions, newest first, and whether more follow."""
        async with self._sessions() as session:
            rows = (
                await session.scalars(
                    select(QAThread)
                    .where(QAThread.guild_id == guild_id, _published())
                    .order_by(QAThread.solved_at.desc(), QAThread.thread_id.desc())
                    .limit(PER_PAGE + 1)
                    .offset((page - 1) * PER_PAGE)
                )
            ).all()
        return [_summary(row) for row in rows[:PER_PAGE]], len(rows) > PER_PAGE

    async def all_for_sitemap(self) -> list[tuple[int, int, datetime]]:
        """(guild, thread, last change) of every published question."""
        newest = (
            select(
                QAMessage.thread_id,
                func.max(func.coalesce(QAMessage.edited_at, QAMessage.created_at)).label("at"),
            )
            .group_by(QAMessage.thread_id)
            .subquery()
        )
        async with self._sessions() as session:
            rows = await session.execute(
                select(QAThread.guild_id, QAThread.thread_id, QAThread.solved_at, newest.c.at)
                .outerjoin(newest, newest.c.thread_id == QAThread.thread_id)
                .where(_published())
                .order_by(QAThread.guild_id, QAThread.thread_id)
            )
            return [(g, t, max(s, at) if at else s) for g, t, s, at in rows]

    async def question(self, guild_id: int, thread_id: int) -> PublishedThread | None:
        """One published question with its thread; None when it is not (or no longer) public.

        Two plain SELECTs in one session (a third only when a message mentions someone),
        each bringing the names of those who chose to be named: the hub's busiest page.
        """
        asker_name = aliased(MemberPrivacy)
        author_name = aliased(MemberPrivacy)
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(
                        QAThread.title,
                        QAThread.topic_slug,
                        QAThread.asker_id,
                        QAThread.question,
                        QAThread.created_at,
                        QAThread.solved_at,
                        QAThread.answer_message_id,
                        WebGuild.guild_name,
                        asker_name.display_name,
                    )
                    .join(WebGuild, WebGuild.guild_id == QAThread.guild_id)
                    .outerjoin(
                        asker_name,
                        and_(
                            asker_name.guild_id == QAThread.guild_id,
                            asker_name.user_id == QAThread.asker_id,
                        ),
                    )
                    .where(
                        QAThread.thread_id == thread_id,
                        QAThread.guild_id == guild_id,
                        _published(),
                    )
                )
            ).one_or_none()
            if row is None:
                return None
            names: dict[int, str] = {}
            if row.display_name is not None:
                names[row.asker_id] = row.display_name
            messages: list[ShownMessage] = []
            for found in await session.execute(
                select(
                    QAMessage.message_id,
                    QAMessage.author_id,
                    QAMessage.content,
                    QAMessage.created_at,
                    QAMessage.edited_at,
                    author_name.display_name,
                )
                .outerjoin(
                    author_name,
                    and_(
                        author_name.guild_id == guild_id, author_name.user_id == QAMessage.author_id
                    ),
                )
                .where(QAMessage.thread_id == thread_id)
                .order_by(QAMessage.created_at, QAMessage.message_id)
                .limit(MAX_MESSAGES)
            ):
                message = ShownMessage(*found[:5])
                messages.append(message)
                if found.display_name is not None:
                    names[message.author_id] = found.display_name
            answer = next((m for m in messages if m.message_id == row.answer_message_id), None)
            replies = tuple(m for m in messages if m is not answer)
            authors = {row.asker_id, *(m.author_id for m in messages)}
            mentioned = mentioned_ids([row.title, row.question, *(m.content for m in messages)])
            mentioned -= authors
            if mentioned:
                names |= await _public_names(session, guild_id, mentioned)
        changes = [row.created_at, row.solved_at]
        changes += [m.edited_at or m.created_at for m in messages]
        return PublishedThread(
            thread_id=thread_id,
            guild_id=guild_id,
            guild_name=row.guild_name,
            title=row.title,
            topic_slug=row.topic_slug,
            asker_id=row.asker_id,
            question=row.question,
            created_at=row.created_at,
            solved_at=row.solved_at,
            answer=answer,
            replies=replies,
            public_names=names,
            last_change=max(changes),
        )

    async def search(self, raw_query: str) -> list[ThreadHit]:
        """Published solved questions matching a search, best first, using `/search`'s code."""
        hits: list[ThreadHit] = []
        for guild_id, channels in (await self._public_channels_by_guild()).items():
            found = await self._search.related_threads(
                guild_id, raw_query, channel_ids=channels, limit=SEARCH_PER_GUILD * 2
            )
            solved = [hit for hit in found if hit.solved]
            published = await self._published_ids([hit.thread_id for hit in solved])
            hits += [hit for hit in solved if hit.thread_id in published][:SEARCH_PER_GUILD]
        return sorted(hits, key=lambda hit: -hit.score)

    async def is_published(self, guild_id: int, thread_id: int) -> bool:
        async with self._sessions() as session:
            found = await session.scalar(
                select(QAThread.thread_id).where(
                    QAThread.thread_id == thread_id, QAThread.guild_id == guild_id, _published()
                )
            )
        return found is not None

    async def _public_channels_by_guild(self) -> dict[int, frozenset[int]]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(WebChannel.guild_id, WebChannel.channel_id)
                .join(WebGuild, WebGuild.guild_id == WebChannel.guild_id)
                .where(WebChannel.public.is_(True))
            )
            found: dict[int, set[int]] = {}
            for guild_id, channel_id in rows:
                found.setdefault(guild_id, set()).add(channel_id)
        return {guild_id: frozenset(ids) for guild_id, ids in found.items()}

    async def public_channel_ids(self, guild_id: int) -> frozenset[int]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(WebChannel.channel_id).where(
                    WebChannel.guild_id == guild_id, WebChannel.public.is_(True)
                )
            )
            return frozenset(rows)

    async def _published_ids(self, thread_ids: list[int]) -> set[int]:
        if not thread_ids:
            return set()
        async with self._sessions() as session:
            rows = await session.scalars(
                select(QAThread.thread_id).where(QAThread.thread_id.in_(thread_ids), _published())
            )
            return set(rows)


async def _public_names(session: AsyncSession, guild_id: int, user_ids: set[int]) -> dict[int, str]:
    rows = await session.execute(
        select(MemberPrivacy.user_id, MemberPrivacy.display_name).where(
            MemberPrivacy.guild_id == guild_id, MemberPrivacy.user_id.in_(sorted(user_ids))
        )
    )
    return {int(user_id): name for user_id, name in rows}
