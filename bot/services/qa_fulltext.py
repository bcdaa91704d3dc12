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
        """SQL: thread_id, score, title_/question_/answer_/reply_score, message_id."""

    def similar_threads(self, where: ThreadFilter) -> str:
        """SQL: thread_id, score over the thread documents only, best first."""


def _part(weight: float, relevance: str) -> str:
    """SQL: `weight` scaled by up to 2x with `relevance` (>= 0), or 0 when nothing matched."""
    scaled = f"{weight} * (1 + {relevance} / (1 + {relevance}))"
    return f"CASE WHEN {relevance} > 0 THEN {scaled} ELSE 0 END"


# Not the accepted answer: that one already counts as part of its thread's document.
_OTHER_REPLY = "(t.answer_message_id IS NULL OR m.message_id <> t.answer_message_id)"

_RANKED_TAIL = """
hits AS (
    SELECT thread_id, title_score, question_score, answer_score,
           0.0 AS reply_score, NULL AS message_id
    FROM thread_hits
    UNION ALL
    SELECT thread_id, 0.0, 0.0, 0.0, score, message_id FROM reply_hits
),
ranked AS (
    SELECT h.thread_id AS thread_id,
           SUM(h.title_score) + SUM(h.question_score) + SUM(h.answer_score)
           + SUM(h.reply_score) AS score,
           SUM(h.title_score) AS title_score,
           SUM(h.question_score) AS question_score,
           SUM(h.answer_score) AS answer_score,
           SUM(h.reply_score) AS reply_score,
           MAX(h.message_id) AS message_id
    FROM hits AS h JOIN qa_threads AS t ON t.thread_id = h.thread_id
    WHERE {where}
    GROUP BY h.thread_id
)
SELECT r.thread_id, r.score, r.title_score, r.question_score, r.answer_score,
       r.reply_score, r.message_id
FROM ranked AS r JOIN qa_threads AS t ON t.thread_id = r.thread_id
ORDER BY ROUND(CAST(r.score AS NUMERIC), 2) DESC, (t.solved_at IS NOT NULL) DESC,
         t.created_at DESC, t.thread_id DESC
LIMIT :limit OFFSET :offset
"""


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
    _TITLE = _part(TITLE_WEIGHT, "title_relevance")
    _QUESTION = _part(QUESTION_WEIGHT, "question_relevance")
    _ANSWER = _part(ANSWER_WEIGHT, "answer_relevance")

    def params(self, words: list[str], *, every_word: bool) -> dict[str, Any]:
        quoted = [f'"{word}"' for word in words]
        return {"match": (" " if every_word else " OR ").join(quoted)}

    def ranked_threads(self, where: ThreadFilter) -> str:
        return f"""
WITH {self._THREAD_MATCHES},
thread_hits AS (
    SELECT thread_id, {self._TITLE} AS title_score, {self._QUESTION} AS question_score,
           {self._ANSWER} AS answer_score
    FROM thread_matches
),
message_matches AS MATERIALIZED (
    SELECT rowid AS message_id, -bm25(qa_message_fts) AS relevance
    FROM qa_message_fts WHERE qa_message_fts MATCH :match
),
reply_hits AS (
    SELECT m.thread_id AS thread_id, m.message_id AS message_id,
           MAX({_part(REPLY_WEIGHT, "f.relevance")}) AS score
    FROM message_matches AS f
    JOIN qa_messages AS m ON m.message_id = f.message_id
    JOIN qa_threads AS t ON t.thread_id = m.thread_id
    WHERE {where.sql()} AND {_OTHER_REPLY}
    GROUP BY m.thread_id
),
{_RANKED_TAIL.format(where=where.sql())}"""

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
reply_hits AS (
    SELECT DISTINCT ON (m.thread_id) m.thread_id, m.message_id, {reply} AS score
    FROM qa_messages AS m JOIN qa_threads AS t ON t.thread_id = m.thread_id, q
    WHERE m.search_vector @@ q.query AND {where.sql()} AND {_OTHER_REPLY}
    ORDER BY m.thread_id, score DESC
),
{_RANKED_TAIL.format(where=where.sql())}"""

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
