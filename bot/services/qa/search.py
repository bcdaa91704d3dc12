"""Searching the Q&A archive: `/qa search`, Q&A threads in `/search`, and the closest
solved questions shown before a new one is posted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple, cast

from sqlalchemy import BindParameter, Row, Table, TextClause, bindparam, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.models import QAThread
from bot.errors import ValidationError
from bot.knowledge.search import stem
from bot.services.qa.fulltext import FullText, RankedRow, ThreadFilter, full_text_for
from bot.services.qa.text import (
    SEARCH_QUERY_MAX,
    best_passage,
    coverage,
    excerpt,
    query_words,
    search_words,
)

PER_PAGE = 5
MAX_PAGE = 200
SIMILAR_SHOWN = 3
SIMILAR_CANDIDATES = 10
# A solved question is "close" when it has this share of the new title's words...
SIMILAR_COVERAGE = 0.6
# ...and at least this many of them (fewer only when the title is that short).
SIMILAR_MIN_SHARED = 2
THREADS = cast(Table, QAThread.__table__)


@dataclass(frozen=True)
class ThreadHit:
    """One thread found, with where to jump to and a passage that shows why."""

    thread_id: int
    guild_id: int
    title: str
    solved: bool
    closed: bool
    snippet: str
    # The matching message to jump to; None when the title or question matched best.
    message_id: int | None
    score: float


@dataclass(frozen=True)
class SearchPage:
    query: str
    page: int
    solved_only: bool
    hits: tuple[ThreadHit, ...]
    has_next: bool


class QASearch:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def search(
        self,
        guild_id: int,
        raw_query: str,
        *,
        solved_only: bool = False,
        page: int = 1,
        channel_ids: frozenset[int] | None = None,
        per_page: int = PER_PAGE,
        query_max: int = SEARCH_QUERY_MAX,
    ) -> SearchPage:
        """A page of threads matching every word of the query, best first.

        `channel_ids` limits results to threads under channels the searcher can see.
        """
        query, words = query_words(raw_query, query_max)
        if not 1 <= page <= MAX_PAGE:
            raise ValidationError(f"Pages go from 1 to {MAX_PAGE}.")
        where = ThreadFilter(guild_id, solved_only, channel_ids)
        # One more than a page tells whether there is a next one.
        hits = await self._ranked(where, words, query, per_page, (page - 1) * per_page, peek=True)
        return SearchPage(query, page, solved_only, hits[:per_page], len(hits) > per_page)

    async def related_threads(
        self, guild_id: int, raw_query: str, *, channel_ids: frozenset[int] | None, limit: int = 3
    ) -> tuple[ThreadHit, ...]:
        """Threads for another search (e.g. `/search`): nothing rather than an error."""
        words = search_words(raw_query)
        if not words:
            return ()
        return await self._ranked(
            ThreadFilter(guild_id, False, channel_ids), words, raw_query, limit, 0
        )

    async def similar_solved(
        self,
        guild_id: int,
        title: str,
        question: str,
        *,
        channel_ids: frozenset[int] | None = None,
        limit: int = SIMILAR_SHOWN,
    ) -> tuple[ThreadHit, ...]:
        """Solved questions that closely match a new one (by title and question)."""
        words = search_words(f"{title} {question}")
        if not words or channel_ids == frozenset():
            return ()
        where = ThreadFilter(guild_id, True, channel_ids)
        async with self._sessions() as session:
            full_text = full_text_for(session.get_bind().dialect.name)
            params = {
                **full_text.params(words, every_word=False),
                "limit": SIMILAR_CANDIDATES,
                **_params(where),
            }
            statement = _statement(full_text, full_text.similar_threads(where), params)
            rows = [_Similar(*values) for values in await session.execute(statement, params)]
            threads = await _threads(session, [row.thread_id for row in rows])
        close: list[ThreadHit] = []
        for row in rows:
            thread = threads[row.thread_id]
            shared, share = coverage(title, f"{thread.title} {thread.question}")
            needed = min(SIMILAR_MIN_SHARED, len(search_words(title)))
            if share >= SIMILAR_COVERAGE and shared >= needed:
                snippet = excerpt([thread.question or thread.title], title)
                close.append(_hit(thread, snippet, None, float(row.score)))
        return tuple(close[:limit])

    async def _ranked(
        self,
        where: ThreadFilter,
        words: list[str],
        query: str,
        shown: int,
        offset: int,
        *,
        peek: bool = False,
    ) -> tuple[ThreadHit, ...]:
        limit = shown + peek
        if where.channel_ids == frozenset():
            return ()
        async with self._sessions() as session:
            full_text = full_text_for(session.get_bind().dialect.name)
            params = {
                **full_text.params(words, every_word=True),
                **{f"reply_word{n}": f"%{_word_start(word)}%" for n, word in enumerate(words)},
                "limit": limit,
                "offset": offset,
                **_params(where),
            }
            sql = full_text.ranked_threads(where, len(words))
            statement = _statement(full_text, sql, params)
            rows = [RankedRow(*values) for values in await session.execute(statement, params)]
        hits = []
        for row in rows:
            snippet, jump_to = best_passage(_passages(row), query)
            hits.append(
                ThreadHit(
                    row.thread_id,
                    row.guild_id,
                    row.title,
                    bool(row.solved),
                    bool(row.closed),
                    snippet,
                    jump_to,
                    float(row.score),
                )
            )
        return tuple(hits)


def _passages(row: RankedRow) -> list[tuple[str, int | None]]:
    """Where the words may be, best part first: the text and the message to jump to."""
    found: list[tuple[float, str, int | None]] = [
        (row.title_score + row.question_score, row.question or row.title, None)
    ]
    if row.answer_score and row.answer_message_id is not None:
        found.append((row.answer_score, row.answer_text or "", row.answer_message_id))
    if row.reply_message_id is not None:
        found.append((row.reply_score, row.reply_text or "", row.reply_message_id))
    found.sort(key=lambda part: -float(part[0] or 0))
    return [(passage, jump_to) for _, passage, jump_to in found]


class _Similar(NamedTuple):
    thread_id: int
    score: float


def _word_start(word: str) -> str:
    """What a reply's text must contain to count as holding `word` when choosing which
    reply a hit shows (`_RANKED_TAIL` in `fulltext`)."""
    stemmed = stem(word).lower()
    return stemmed[: max(4, len(stemmed) - 1)]


def _statement(full_text: FullText, sql: str, params: dict[str, Any]) -> TextClause:
    """`sql` as a statement whose list parameters each bind one value per item. Its columns
    are read by position (`RankedRow`, `_Similar`) and need no conversion: numbers, text
    and 0/1 or booleans."""
    lists: list[BindParameter[Any]] = [
        bindparam(name, expanding=True) for name in full_text.expanding if name in params
    ]
    return text(sql).bindparams(*lists)


def _params(where: ThreadFilter) -> dict[str, Any]:
    params: dict[str, Any] = {"guild_id": where.guild_id}
    if where.channel_ids is not None:
        params["channel_ids"] = sorted(where.channel_ids)
    return params


async def _threads(session: AsyncSession, ids: list[int]) -> dict[int, Row[Any]]:
    rows = await session.execute(select(THREADS).where(THREADS.c.thread_id.in_(ids)))
    return {row.thread_id: row for row in rows}


def _hit(thread: Row[Any], snippet: str, message_id: int | None, score: float) -> ThreadHit:
    return ThreadHit(
        thread.thread_id,
        thread.guild_id,
        thread.title,
        thread.solved_at is not None,
        thread.closed_at is not None,
        snippet,
        message_id,
        score,
    )
