"""The SQL of Q&A full-text search on each backend: SQLite FTS5 and PostgreSQL tsvector.

A thread's score adds up where the words were found: in its title (1), its question
(0.5), and its best matching message (0.5 for the accepted answer, 0.25 for another
reply). Each part grows by up to its own weight again with the backend's relevance
(bm25 or ts_rank, squashed into [0, 1)), so a title match always beats a question match
while better matches of the same kind still rank higher. Neither backend's raw relevance
is used alone: FTS5's bm25 collapses to ~0 in a small archive where a word is in half
the threads. Ties (equal to 2 decimals) go solved first, then newest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

TITLE_WEIGHT, QUESTION_WEIGHT, ANSWER_WEIGHT, REPLY_WEIGHT = 1.0, 0.5, 0.5, 0.25


def _part(weight: float | str, relevance: str) -> str:
    """SQL: `weight` scaled by up to 2x with `relevance` (>= 0), or 0 when nothing matched."""
    return (
        f"CASE WHEN {relevance} > 0 "
        f"THEN {weight} * (1 + {relevance} / (1 + {relevance})) ELSE 0 END"
    )


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
    def match_all(self, words: list[str]) -> str:
        """The backend's query for documents holding every word."""

    def match_any(self, words: list[str]) -> str:
        """The backend's query for documents holding any of the words."""

    def ranked_threads(self, where: ThreadFilter) -> str:
        """SQL: thread_id, score, thread_score, message_id, message_score, best first."""

    def similar_threads(self, where: ThreadFilter) -> str:
        """SQL: thread_id, score over titles and questions only, best first."""


_RANKED_TAIL = """
hits AS (
    SELECT thread_id, score AS thread_score, NULL AS message_id, 0.0 AS message_score
    FROM thread_hits
    UNION ALL
    SELECT thread_id, 0.0, message_id, score FROM message_hits
),
ranked AS (
    SELECT h.thread_id AS thread_id,
           SUM(h.thread_score) + SUM(h.message_score) AS score,
           SUM(h.thread_score) AS thread_score,
           MAX(h.message_id) AS message_id,
           SUM(h.message_score) AS message_score
    FROM hits AS h JOIN qa_threads AS t ON t.thread_id = h.thread_id
    WHERE {where}
    GROUP BY h.thread_id
)
SELECT r.thread_id, r.score, r.thread_score, r.message_id, r.message_score
FROM ranked AS r JOIN qa_threads AS t ON t.thread_id = r.thread_id
ORDER BY ROUND(CAST(r.score AS NUMERIC), 2) DESC, (t.solved_at IS NOT NULL) DESC,
         t.created_at DESC, t.thread_id DESC
LIMIT :limit OFFSET :offset
"""


class SqliteFullText:
    """FTS5. bm25() is negative, lower is better: negated here. With a column's weight at
    0 it measures the other column alone, which tells where the words were found."""

    def match_all(self, words: list[str]) -> str:
        return " ".join(f'"{w}"' for w in words)

    def match_any(self, words: list[str]) -> str:
        return " OR ".join(f'"{w}"' for w in words)

    # bm25() only works where FTS5 drives the scan, so matches are materialised before
    # any join rather than letting SQLite fold them into it.
    _THREAD_MATCHES = """thread_matches AS MATERIALIZED (
    SELECT rowid AS thread_id,
           -bm25(qa_thread_fts, 1.0, 0.0) AS title_relevance,
           -bm25(qa_thread_fts, 0.0, 1.0) AS question_relevance
    FROM qa_thread_fts WHERE qa_thread_fts MATCH :match
)"""
    _THREAD_SCORE = (
        f"{_part(TITLE_WEIGHT, 'title_relevance')} + {_part(QUESTION_WEIGHT, 'question_relevance')}"
    )

    def ranked_threads(self, where: ThreadFilter) -> str:
        message_weight = (
            f"CASE WHEN m.message_id = t.answer_message_id THEN {ANSWER_WEIGHT} "
            f"ELSE {REPLY_WEIGHT} END"
        )
        return f"""
WITH {self._THREAD_MATCHES},
thread_hits AS (SELECT thread_id, {self._THREAD_SCORE} AS score FROM thread_matches),
message_matches AS MATERIALIZED (
    SELECT rowid AS message_id, -bm25(qa_message_fts) AS relevance
    FROM qa_message_fts WHERE qa_message_fts MATCH :match
),
message_hits AS (
    SELECT m.thread_id AS thread_id, m.message_id AS message_id,
           MAX({_part(message_weight, "f.relevance")}) AS score
    FROM message_matches AS f
    JOIN qa_messages AS m ON m.message_id = f.message_id
    JOIN qa_threads AS t ON t.thread_id = m.thread_id
    WHERE {where.sql()}
    GROUP BY m.thread_id
),
{_RANKED_TAIL.format(where=where.sql())}"""

    def similar_threads(self, where: ThreadFilter) -> str:
        return f"""
WITH {self._THREAD_MATCHES}
SELECT t.thread_id, {self._THREAD_SCORE} AS score
FROM thread_matches AS f JOIN qa_threads AS t ON t.thread_id = f.thread_id
WHERE {where.sql()}
ORDER BY score DESC, t.thread_id DESC
LIMIT :limit"""


def _pg_relevance(weights: str, vector: str) -> str:
    # ts_rank weights are listed D, C, B, A: messages are C, questions B, titles A.
    # Normalisation 1 divides by 1 + log(length), so a long text can't win by bulk alone.
    return f"ts_rank('{{{weights}}}'::float4[], {vector}, q.query, 1)"


class PostgresFullText:
    _THREAD_SCORE = (
        f"{_part(TITLE_WEIGHT, _pg_relevance('0, 0, 0, 1', 't.search_vector'))} + "
        f"{_part(QUESTION_WEIGHT, _pg_relevance('0, 0, 1, 0', 't.search_vector'))}"
    )

    def match_all(self, words: list[str]) -> str:
        return " & ".join(words)

    def match_any(self, words: list[str]) -> str:
        return " | ".join(words)

    def ranked_threads(self, where: ThreadFilter) -> str:
        message_weight = (
            f"CASE WHEN m.message_id = t.answer_message_id THEN {ANSWER_WEIGHT} "
            f"ELSE {REPLY_WEIGHT} END"
        )
        message_score = _part(message_weight, _pg_relevance("0, 1, 0, 0", "m.search_vector"))
        return f"""
WITH q AS (SELECT to_tsquery('english', :match) AS query),
thread_hits AS (
    SELECT t.thread_id, {self._THREAD_SCORE} AS score
    FROM qa_threads AS t, q WHERE t.search_vector @@ q.query
),
message_hits AS (
    SELECT DISTINCT ON (m.thread_id) m.thread_id, m.message_id, {message_score} AS score
    FROM qa_messages AS m JOIN qa_threads AS t ON t.thread_id = m.thread_id, q
    WHERE m.search_vector @@ q.query AND {where.sql()}
    ORDER BY m.thread_id, score DESC
),
{_RANKED_TAIL.format(where=where.sql())}"""

    def similar_threads(self, where: ThreadFilter) -> str:
        return f"""
WITH q AS (SELECT to_tsquery('english', :match) AS query)
SELECT t.thread_id, {self._THREAD_SCORE} AS score
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
