"""The SQL of Q&A full-text search on each backend: SQLite FTS5 and PostgreSQL tsvector.

A thread is one document (title, question, accepted answer: every word must be in it)
and each other reply is one more (every word in that reply). A thread's score adds up
where the words were found: title 1, question 0.5, answer 0.5, best other reply 0.25.
Each part grows by up to its own weight again with the backend's relevance (bm25 or
ts_rank, squashed into [0, 1)), so a title match beats a question match while better
matches of the same kind still rank higher. Raw relevance alone won't do: FTS5's bm25
collapses to ~0 in a small archive where a word is in half the threads. Ties (equal to
2 decimals) go solved first, then newest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

TITLE_WEIGHT, QUESTION_WEIGHT, ANSWER_WEIGHT, REPLY_WEIGHT = 1.0, 0.5, 0.5, 0.25
# Replies are ranked among their newest REPLY_CANDIDATES matches only: a very common word
# can match thousands, and ranking each and mapping it to its thread is most of a search's
# time. Both indexes can stop early when walking newest first (ids grow with time), and a
# reply weighs the least, so what this leaves out ranks below threads matched by their own
# text anyway. Titles, questions and answers are always searched in full.
REPLY_CANDIDATES = 500


@dataclass(frozen=True)
class ThreadFilter:
    """Which threads may appear: one guild, optionally solved ones, in channels one can see."""

    guild_id: int
    solved_only: bool = False
    channel_ids: frozenset[int] | None = None

    def sql(self) -> str:
        clauses = ["t.guild_id = :guild_id"]
        if self.solved_only:
            clauses.append("t.solved_at IS NOT NULL")
        if self.channel_ids is not None:
            clauses.append("t.parent_channel_id IN :channel_ids")
        return " AND ".join(clauses)


class FullText(Protocol):
    def params(self, words: list[str], *, every_word: bool) -> dict[str, Any]:
        """Bind values of the query: documents with every word, or with any of them."""

    def ranked_threads(self, where: ThreadFilter) -> str:
        """SQL: a page of threads, best first: scores by part, the best reply, and the
        thread's fields needed to show it."""

    def similar_threads(self, where: ThreadFilter) -> str:
        """SQL: thread_id, score over the thread documents only, best first."""


def _part(weight: float, relevance: str) -> str:
    """SQL: `weight` scaled by up to 2x with `relevance` (>= 0), or 0 when nothing matched."""
    scaled = f"{weight} * (1 + {relevance} / (1 + {relevance}))"
    return f"CASE WHEN {relevance} > 0 THEN {scaled} ELSE 0 END"


# Every thread found by its own text or by a reply, scored once. A best reply that is
# the accepted answer adds nothing: its words already count in the thread's answer part.
_RANKED_TAIL = """
candidates AS (
    SELECT thread_id FROM thread_hits UNION SELECT thread_id FROM reply_hits
),
scored AS (
    SELECT t.thread_id AS thread_id, t.solved_at AS solved_at, t.created_at AS created_at,
           COALESCE(th.title_score, 0) AS title_score,
           COALESCE(th.question_score, 0) AS question_score,
           COALESCE(th.answer_score, 0) AS answer_score,
           CASE WHEN rh.message_id = t.answer_message_id THEN 0
                ELSE COALESCE(rh.score, 0) END AS reply_score,
           rh.message_id AS message_id
    FROM candidates AS c
    JOIN qa_threads AS t ON t.thread_id = c.thread_id
    LEFT JOIN thread_hits AS th ON th.thread_id = c.thread_id
    LEFT JOIN reply_hits AS rh ON rh.thread_id = c.thread_id
    WHERE {where}
),
page AS (
    SELECT s.*, title_score + question_score + answer_score + reply_score AS score,
           {rounded} AS rounded
    FROM scored AS s
    ORDER BY rounded DESC, (solved_at IS NOT NULL) DESC, created_at DESC, thread_id DESC
    LIMIT :limit OFFSET :offset
)
SELECT p.thread_id, p.score, p.title_score, p.question_score, p.answer_score,
       p.reply_score, p.message_id, m.content AS reply_text,
       t.guild_id, t.title, t.question, t.answer_text, t.answer_message_id,
       t.solved_at IS NOT NULL AS solved, t.closed_at IS NOT NULL AS closed
FROM page AS p
JOIN qa_threads AS t ON t.thread_id = p.thread_id
LEFT JOIN qa_messages AS m ON m.message_id = p.message_id
ORDER BY p.rounded DESC, (p.solved_at IS NOT NULL) DESC, p.created_at DESC, p.thread_id DESC
"""


def _ranked_tail(where: ThreadFilter, rounded: str) -> str:
    total = "title_score + question_score + answer_score + reply_score"
    return _RANKED_TAIL.format(where=where.sql(), rounded=rounded.format(total))


class SqliteFullText:
    """FTS5. bm25() is negative, lower is better: negated here. Weighting one column 1
    and the others 0 measures that column alone, which tells where the words were."""

    # bm25() only works where FTS5 drives the scan, so matches are materialised before
    # any join rather than letting SQLite fold them into it.
    _THREAD_MATCHES = """thread_matches AS MATERIALIZED (
    SELECT rowid AS thread_id,
           -bm25(qa_thread_fts, 1.0, 0.0, 0.0) AS title_relevance,
           -bm25(qa_thread_fts, 0.0, 1.0, 0.0) AS question_relevance,
           -bm25(qa_thread_fts, 0.0, 0.0, 1.0) AS answer_relevance
    FROM qa_thread_fts WHERE qa_thread_fts MATCH :match
)"""
    # SQLite rounds its floats directly; a CAST to NUMERIC would cost a third of a search.
    _ROUNDED = "ROUND({}, 2)"
    _TITLE = _part(TITLE_WEIGHT, "title_relevance")
    _QUESTION = _part(QUESTION_WEIGHT, "question_relevance")
    _ANSWER = _part(ANSWER_WEIGHT, "answer_relevance")

    def params(self, words: list[str], *, every_word: bool) -> dict[str, Any]:
        quoted = [f'"{word}"' for word in words]
        return {"match": (" " if every_word else " OR ").join(quoted)}

    def ranked_threads(self, where: ThreadFilter) -> str:
        return f"""
WITH {self._THREAD_MATCHES},
thread_hits AS MATERIALIZED (
    SELECT thread_id, {self._TITLE} AS title_score, {self._QUESTION} AS question_score,
           {self._ANSWER} AS answer_score
    FROM thread_matches
),
message_matches AS MATERIALIZED (
    SELECT rowid AS message_id, -bm25(qa_message_fts) AS relevance
    FROM qa_message_fts WHERE qa_message_fts MATCH :match
    ORDER BY rowid DESC LIMIT {REPLY_CANDIDATES}
),
reply_hits AS MATERIALIZED (
    SELECT m.thread_id AS thread_id, m.message_id AS message_id,
           MAX({_part(REPLY_WEIGHT, "f.relevance")}) AS score
    FROM message_matches AS f JOIN qa_messages AS m ON m.message_id = f.message_id
    GROUP BY m.thread_id
),
{_ranked_tail(where, self._ROUNDED)}"""

    def similar_threads(self, where: ThreadFilter) -> str:
        return f"""
WITH {self._THREAD_MATCHES}
SELECT t.thread_id, {self._TITLE} + {self._QUESTION} + {self._ANSWER} AS score
FROM thread_matches AS f JOIN qa_threads AS t ON t.thread_id = f.thread_id
WHERE {where.sql()}
ORDER BY score DESC, t.thread_id DESC
LIMIT :limit"""


def _pg_relevance(weights: str, vector: str, normalisation: int) -> str:
    # ts_rank weights are listed D, C, B, A: replies, answer, question, title. Ranked
    # against the any-word query, each word counts wherever it is.
    return f"ts_rank('{{{weights}}}'::float4[], {vector}, q.ranking, {normalisation})"


# A thread's parts are ranked without length normalisation, or adding an answer would
# lower its title's rank; a reply's rank is divided by 1 + log(length) so that a long
# message can't win by bulk alone.
_THREAD, _REPLY = 0, 1


class PostgresFullText:
    _ROUNDED = "ROUND(CAST({} AS NUMERIC), 2)"  # round() of two decimals takes numeric
    _TITLE = _part(TITLE_WEIGHT, _pg_relevance("0, 0, 0, 1", "t.search_vector", _THREAD))
    _QUESTION = _part(QUESTION_WEIGHT, _pg_relevance("0, 0, 1, 0", "t.search_vector", _THREAD))
    _ANSWER = _part(ANSWER_WEIGHT, _pg_relevance("0, 1, 0, 0", "t.search_vector", _THREAD))
    _QUERIES = """q AS (
    SELECT to_tsquery('english', :match) AS query, to_tsquery('english', :ranking) AS ranking
)"""

    def params(self, words: list[str], *, every_word: bool) -> dict[str, Any]:
        return {"match": (" & " if every_word else " | ").join(words), "ranking": " | ".join(words)}

    def ranked_threads(self, where: ThreadFilter) -> str:
        reply = _part(REPLY_WEIGHT, _pg_relevance("1, 0, 0, 0", "m.search_vector", _REPLY))
        return f"""
WITH {self._QUERIES},
thread_hits AS (
    SELECT t.thread_id, {self._TITLE} AS title_score, {self._QUESTION} AS question_score,
           {self._ANSWER} AS answer_score
    FROM qa_threads AS t, q WHERE t.search_vector @@ q.query
),
message_matches AS (
    SELECT m.thread_id, m.message_id, m.search_vector
    FROM qa_messages AS m, q WHERE m.search_vector @@ q.query
    ORDER BY m.message_id DESC LIMIT {REPLY_CANDIDATES}
),
reply_hits AS (
    SELECT DISTINCT ON (m.thread_id) m.thread_id, m.message_id, {reply} AS score
    FROM message_matches AS m, q ORDER BY m.thread_id, score DESC
),
{_ranked_tail(where, self._ROUNDED)}"""

    def similar_threads(self, where: ThreadFilter) -> str:
        return f"""
WITH {self._QUERIES}
SELECT t.thread_id, {self._TITLE} + {self._QUESTION} + {self._ANSWER} AS score
FROM qa_threads AS t, q
WHERE t.search_vector @@ q.query AND {where.sql()}
ORDER BY score DESC, t.thread_id DESC
LIMIT :limit"""


def full_text_for(dialect: str) -> FullText:
    if dialect == "sqlite":
        return SqliteFullText()
    if dialect == "postgresql":
        return PostgresFullText()
    raise RuntimeError(f"Q&A search supports SQLite and PostgreSQL, not {dialect}")
