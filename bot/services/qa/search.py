"""Searching the Q&A archive: `/qa search`, Q&A threads in `/search`, and the closest
solved questions shown before a new one is posted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import BindParameter, Table, TextClause, bindparam, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.models import QAThread
from bot.errors import ValidationError
from bot.knowledge.model import Library
from bot.knowledge.search import stem
from bot.services.qa.fulltext import FullText, RankedRow, ThreadFilter, full_text_for
from bot.services.qa.similar import Suggestion
from bot.services.qa.suggestions import SolvedIndexes
from bot.services.qa.text import (
    SEARCH_QUERY_MAX,
    best_passage,
    excerpt,
    query_words,
    search_words,
)

PER_PAGE = 5
MAX_PAGE = 200
SIMILAR_SHOWN = 3
# `closest`: how many threads each word of the query brings to be ranked.
CLOSEST_PER_WORD = 20
# A solved question is shown as close when its score is this share of what the new
# question could score (bot/services/qa/similar.py), and as a weak match, labelled so,
# from this lower share; calibrated on bench/recall_set.py.
SIMILAR_CLOSE = 0.33
SIMILAR_WEAK = 0.17
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
    # A suggestion of `/ask` only somewhat like the new question (shown as such).
    weak: bool = False


@dataclass(frozen=True)
class SearchPage:
    query: str
    page: int
    solved_only: bool
    hits: tuple[ThreadHit, ...]
    has_next: bool
    # Set when no thread held every word and `hits` are the closest instead: how many of
    # the query's `words` each hit holds, in the order of `hits`.
    shared: tuple[int, ...] = ()
    words: int = 0

    @property
    def closest(self) -> bool:
        return bool(self.shared)


class QASearch:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        library: Callable[[], Library | None] = lambda: None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._solved = SolvedIndexes(sessions, clock, library)

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

    async def closest(
        self,
        guild_id: int,
        raw_query: str,
        *,
        solved_only: bool = False,
        channel_ids: frozenset[int] | None = None,
        per_page: int = PER_PAGE,
    ) -> SearchPage:
        """For a query no thread holds every word of: the threads holding most of its words,
        best first (more words shared, then the better match). One search per word, each
        narrow by itself: a query has at most MAX_TERMS words."""
        query, words = query_words(raw_query)
        if len(words) < 2:  # one word: the search itself found nothing closer
            return SearchPage(query, 1, solved_only, (), False)
        where = ThreadFilter(guild_id, solved_only, channel_ids)
        found: dict[int, tuple[int, float, ThreadHit]] = {}
        for word in words:
            for hit in await self._ranked(where, [word], query, CLOSEST_PER_WORD, 0):
                count, score, first = found.get(hit.thread_id, (0, 0.0, hit))
                found[hit.thread_id] = (count + 1, score + hit.score, first)
        ranked = sorted(found.values(), key=lambda f: (-f[0], -f[1], -f[2].thread_id))
        best = ranked[:per_page]
        return SearchPage(
            query,
            1,
            solved_only,
            tuple(hit for _, _, hit in best),
            False,
            shared=tuple(count for count, _, _ in best),
            words=len(words),
        )

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
        """Solved questions that probably answer a new one, best first: close ones, then
        (marked `weak`) some less alike, none when nothing is alike enough."""
        if channel_ids == frozenset() or not search_words(f"{title} {question}"):
            return ()
        index = await self._solved.of(guild_id)
        found = index.suggest(title, question, channel_ids, limit)
        query = f"{title} {question}"
        return tuple(_suggested(guild_id, s, query) for s in found if s.confidence >= SIMILAR_WEAK)

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


def _word_start(word: str) -> str:
    """What a reply's text must contain to count as holding `word` when choosing which
    reply a hit shows (`_RANKED_TAIL` in `fulltext`)."""
    stemmed = stem(word).lower()
    return stemmed[: max(4, len(stemmed) - 1)]


def _statement(full_text: FullText, sql: str, params: dict[str, Any]) -> TextClause:
    """`sql` as a statement whose list parameters each bind one value per item. Its columns
    are read by position (`RankedRow`) and need no conversion: numbers, text
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


def _suggested(guild_id: int, suggestion: Suggestion, query: str) -> ThreadHit:
    thread = suggestion.thread
    snippet = excerpt([thread.question or thread.title], query)
    weak = suggestion.confidence < SIMILAR_CLOSE
    return ThreadHit(
        thread.thread_id, guild_id, thread.title, True, False, snippet, None,
        suggestion.score, weak,
    )  # fmt: skip
