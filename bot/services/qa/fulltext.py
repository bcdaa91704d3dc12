"""The SQL of Q&A full-text search on each backend: SQLite FTS5 and PostgreSQL tsvector.

A thread matches when every word is somewhere in it: title, question, accepted answer or
any reply, whichever messages hold which word. SQLite keeps one FTS5 document per thread
with its replies (migration 0011); PostgreSQL keeps a vector per thread and a table of
which threads hold each word in their replies (migration 0012), and matches word by word:
the threads holding a word by their own text or by a reply, intersected over the words.

A thread's score adds up where the words were found: title 1, question 0.5, answer 0.5,
replies 0.25. Each part grows by up to its own weight again with the backend's relevance
(bm25 or ts_rank, squashed into [0, 1); on PostgreSQL, replies by the number of query
words they hold), so a title match beats a question match while
better matches of the same kind still rank higher. Raw relevance alone won't do: FTS5's
bm25 collapses to ~0 in a small archive where a word is in half the threads. Ties (equal
to 2 decimals) go solved first, then newest. Which reply a hit shows is chosen in the same
statement, among the replies of the page's threads only (`_RANKED_TAIL`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from bot.services.qa.pg_matching import matched_threads

TITLE_WEIGHT, QUESTION_WEIGHT, ANSWER_WEIGHT, REPLY_WEIGHT = 1.0, 0.5, 0.5, 0.25


@dataclass(frozen=True)
class ThreadFilter:
    """Which threads may appear: one guild, optionally solved ones, in channels one can see."""

    guild_id: int
    solved_only: bool = False
    channel_ids: frozenset[int] | None = None

    def sql(self) -> str:
        """SQL with `:guild_id` and `IN :channel_ids` (an expanding parameter)."""
        return self._sql("t.guild_id = :guild_id", "t.parent_channel_id IN :channel_ids")

    def sql_of_args(self) -> str:
        """SQL reading the values from the `args` CTE of `PostgresFullText`."""
        return self._sql(
            "t.guild_id = (SELECT guild_id FROM args)",
            "t.parent_channel_id = ANY(CAST((SELECT channel_ids FROM args) AS bigint[]))",
        )

    def _sql(self, guild: str, channels: str) -> str:
        clauses = [guild]
        if self.solved_only:
            clauses.append("t.solved_at IS NOT NULL")
        if self.channel_ids is not None:
            clauses.append(channels)
        return " AND ".join(clauses)


class RankedRow(NamedTuple):
    """A row of `ranked_threads`, whose columns are these, in this order."""

    thread_id: int
    score: float
    title_score: float
    question_score: float
    answer_score: float
    reply_score: float
    guild_id: int
    title: str
    question: str | None
    answer_text: str | None
    answer_message_id: int | None
    solved: bool  # 0 or 1 on SQLite
    closed: bool  # 0 or 1 on SQLite
    reply_message_id: int | None  # the reply to show, for a thread with words in replies
    reply_text: str | None


class FullText(Protocol):
    # The parameters that hold one value per list item (`IN :name`), not one array.
    expanding: tuple[str, ...]

    def params(self, words: list[str], *, every_word: bool) -> dict[str, Any]:
        """Bind values of the query: threads with every word, or (for `similar_threads`,
        which looks at the thread's own text only) with any of them."""

    def ranked_threads(self, where: ThreadFilter, word_count: int) -> str:
        """SQL: a page of threads, best first: scores by part, whether a word is in the
        thread's own text (those rank first), and the thread's fields needed to show it."""

    def similar_threads(self, where: ThreadFilter) -> str:
        """SQL: thread_id, score over titles, questions and answers, best first."""


def _part(weight: float, relevance: str) -> str:
    """SQL: `weight` scaled by up to 2x with `relevance` (>= 0), or 0 when nothing matched."""
    scaled = f"{weight} * (1 + {relevance} / (1 + {relevance}))"
    return f"CASE WHEN {relevance} > 0 THEN {scaled} ELSE 0 END"


# The page is cut from the scored threads, then joined again for the texts to show:
# only the page's rows read their long columns. Which reply a thread found by its replies
# shows is chosen in the same statement, among the page's replies only: the reply holding
# most of the query's words (the newest on a tie). A word counts there by its stem's first
# letters (`:reply_word0`... from `bot.services.qa.search`), so that "caching" finds
# "cache"; that only picks a passage, the search itself is exact.
_RANKED_TAIL = """
page AS MATERIALIZED (
    SELECT s.*, title_score + question_score + answer_score + reply_score AS score,
           {rounded} AS rounded
    FROM scored AS s
    ORDER BY own DESC, rounded DESC, (solved_at IS NOT NULL) DESC, created_at DESC,
             thread_id DESC
    LIMIT {limit} OFFSET {offset}
),
best_replies AS (
    SELECT thread_id, message_id, content FROM (
        SELECT m.thread_id, m.message_id, m.content, row_number() OVER (
            PARTITION BY m.thread_id ORDER BY {holds} DESC, m.created_at DESC) AS n
        FROM qa_messages AS m
        WHERE m.thread_id IN (SELECT thread_id FROM page WHERE reply_score > 0)
    ) AS ranked WHERE n = 1
)
SELECT p.thread_id, p.score, p.title_score, p.question_score, p.answer_score,
       p.reply_score, t.guild_id, t.title, t.question, t.answer_text, t.answer_message_id,
       t.solved_at IS NOT NULL AS solved, t.closed_at IS NOT NULL AS closed,
       b.message_id AS reply_message_id, b.content AS reply_text
FROM page AS p
JOIN qa_threads AS t ON t.thread_id = p.thread_id
LEFT JOIN best_replies AS b ON b.thread_id = p.thread_id
ORDER BY p.own DESC, p.rounded DESC, (p.solved_at IS NOT NULL) DESC, p.created_at DESC,
         p.thread_id DESC
"""


def _ranked_tail(
    rounded: str, word_count: int, limit: str = ":limit", offset: str = ":offset"
) -> str:
    holds = " + ".join(
        f"CASE WHEN lower(m.content) LIKE :reply_word{n} THEN 1 ELSE 0 END"
        for n in range(word_count)
    )
    return _RANKED_TAIL.format(
        rounded=rounded.format("title_score + question_score + answer_score + reply_score"),
        holds=holds,
        limit=limit,
        offset=offset,
    )


class SqliteFullText:
    """FTS5. bm25() is negative, lower is better: negated here. Weighting one column 1
    and the others 0 measures that column alone, which tells where the words were."""

    expanding: tuple[str, ...] = ("channel_ids",)

    # bm25() only works where FTS5 drives the scan, so matches are materialised before
    # any join rather than letting SQLite fold them into it.
    _THREAD_MATCHES = """{name} AS MATERIALIZED (
    SELECT rowid AS thread_id,
           -bm25(qa_thread_fts, 1.0, 0.0, 0.0, 0.0) AS title_relevance,
           -bm25(qa_thread_fts, 0.0, 1.0, 0.0, 0.0) AS question_relevance,
           -bm25(qa_thread_fts, 0.0, 0.0, 1.0, 0.0) AS answer_relevance{replies}
    FROM qa_thread_fts WHERE qa_thread_fts MATCH {match}{narrowed}
)"""
    _REPLIES = ",\n           -bm25(qa_thread_fts, 0.0, 0.0, 0.0, 1.0) AS replies_relevance"
    # Which threads hold a word in their own text: a second, separate match, because the
    # phrases of the first decide bm25. The unary + keeps FTS5 from looking up each rowid.
    _OWN = "+rowid IN (SELECT rowid FROM qa_thread_fts WHERE qa_thread_fts MATCH :own_match)"
    # SQLite rounds its floats directly; a CAST to NUMERIC would cost a third of a search.
    _ROUNDED = "ROUND({}, 2)"
    _TITLE = _part(TITLE_WEIGHT, "f.title_relevance")
    _QUESTION = _part(QUESTION_WEIGHT, "f.question_relevance")
    _ANSWER = _part(ANSWER_WEIGHT, "f.answer_relevance")
    _REPLY = _part(REPLY_WEIGHT, "f.replies_relevance")
    _OWN_TEXT = "{title question answer_text} : "

    def params(self, words: list[str], *, every_word: bool) -> dict[str, Any]:
        quoted = [f'"{word}"' for word in words]
        in_own_text = self._OWN_TEXT + "(" + " OR ".join(quoted) + ")"
        if not every_word:
            return {"match": in_own_text}
        return {"match": " AND ".join(quoted), "own_match": in_own_text}

    def ranked_threads(self, where: ThreadFilter, word_count: int) -> str:
        # Threads holding a word in their own text rank first and are scored first. In the
        # benchmark's archive the commonest word is in 2,247 threads but in the own text of
        # 519: the others are scored only when those can't fill the page. When they can,
        # the second scan looks for an empty phrase, which matches nothing at once: a
        # constant condition beside the MATCH still let FTS5 start the scan (0.7 ms).
        own = self._THREAD_MATCHES.format(
            name="own_matches",
            match=":match",
            replies=self._REPLIES,
            narrowed=f"\n      AND {self._OWN}",
        )
        others = self._THREAD_MATCHES.format(
            name="other_matches",
            match="""CASE WHEN (SELECT count(*) FROM own_scored) < :limit + :offset
        THEN :match ELSE '""' END""",
            replies=self._REPLIES,
            narrowed=f"\n      AND NOT {self._OWN}",
        )
        return f"""
WITH {own},
own_scored AS MATERIALIZED ({self._scored("own_matches", True, where)}),
{others},
scored AS (
    SELECT * FROM own_scored
    UNION ALL
    {self._scored("other_matches", False, where)}
),
{_ranked_tail(self._ROUNDED, word_count)}"""

    def _scored(self, matches: str, own: bool, where: ThreadFilter) -> str:
        return f"""
    SELECT t.thread_id AS thread_id, t.solved_at AS solved_at, t.created_at AS created_at,
           {self._TITLE} AS title_score, {self._QUESTION} AS question_score,
           {self._ANSWER} AS answer_score, {self._REPLY} AS reply_score, {int(own)} AS own
    FROM {matches} AS f JOIN qa_threads AS t ON t.thread_id = f.thread_id
    WHERE {where.sql()}"""

    def similar_threads(self, where: ThreadFilter) -> str:
        return f"""
WITH {self._THREAD_MATCHES.format(name="thread_matches", match=":match", replies="", narrowed="")}
SELECT t.thread_id, {self._TITLE} + {self._QUESTION} + {self._ANSWER} AS score
FROM thread_matches AS f JOIN qa_threads AS t ON t.thread_id = f.thread_id
WHERE {where.sql()}
ORDER BY score DESC, t.thread_id DESC
LIMIT :limit"""


def _pg_relevance(weights: str, vector: str) -> str:
    # ts_rank weights are listed D, C, B, A: replies, answer, question, title. Ranked
    # against the any-word query, each word counts wherever it is; without length
    # normalisation, or adding an answer would lower its title's rank.
    return f"ts_rank('{{{weights}}}'::float4[], {vector}, q.ranking, 0)"


class PostgresFullText:
    """tsvector. A thread's own text is ranked with ts_rank; its replies count by how many
    of the query words they hold, from `qa_thread_words` (migration 0012): ranking each
    message that holds a common word meant reading thousands of them."""

    expanding: tuple[str, ...] = ()  # channel_ids is one bigint[] value

    # Scores equal to 2 decimals tie: hundredths rounded half up, as ROUND(x, 2) does for
    # scores (never negative), but in float8: ROUND takes numeric, and converting a
    # common word's 500 scores to numeric took 1 ms of a 7 ms search. Only a sort key.
    _ROUNDED = "floor(({}) * 100 + 0.5)"
    # Each part's relevance once per thread (a part's score names it three times).
    _RELEVANCE = f"""LATERAL (
        SELECT {_pg_relevance("0, 0, 0, 1", "t.search_vector")} AS title,
               {_pg_relevance("0, 0, 1, 0", "t.search_vector")} AS question,
               {_pg_relevance("0, 1, 0, 0", "t.search_vector")} AS answer
    ) AS r"""
    _TITLE = _part(TITLE_WEIGHT, "r.title")
    _QUESTION = _part(QUESTION_WEIGHT, "r.question")
    _ANSWER = _part(ANSWER_WEIGHT, "r.answer")
    _REPLY = _part(REPLY_WEIGHT, "m.reply_words")
    _PAGE = ("(SELECT lim FROM args)", "(SELECT skip FROM args)")

    def params(self, words: list[str], *, every_word: bool) -> dict[str, Any]:
        ranking = " | ".join(words)
        if every_word:
            return {"ranking": ranking, **{f"word{n}": word for n, word in enumerate(words)}}
        return {"match": ranking, "ranking": ranking}

    @staticmethod
    def _args(where: ThreadFilter, *, paged: bool = True) -> str:
        """SQL: the `args` CTE, which every value but the words goes through.

        Read from a CTE, no value is known when the statement is planned, so every plan
        PostgreSQL makes of it is the same and it keeps one (asyncpg prepares the statement
        once per connection). With values it could see, it planned each search anew: 1 ms
        of planning for a plan no better. The words are in CTEs already (`q`, `lexemes`)."""
        channels = (
            "" if where.channel_ids is None else ", CAST(:channel_ids AS bigint[]) AS channel_ids"
        )
        skip = ", CAST(:offset AS integer) AS skip" if paged else ""
        return f"""args AS MATERIALIZED (
    SELECT CAST(:guild_id AS bigint) AS guild_id{channels}, CAST(:limit AS integer) AS lim{skip}
)"""

    def ranked_threads(self, where: ThreadFilter, word_count: int) -> str:
        # Threads with a word in their own text rank first and have their parts ranked;
        # the others are read only when those can't fill the page (a condition tested once).
        # The ranking query is parsed once: in a plan PostgreSQL reuses for any words (as a
        # prepared statement's may be), an inlined to_tsquery ran for every ts_rank of every
        # thread, 2 ms for a common word.
        return f"""
WITH {self._args(where)},
q AS MATERIALIZED (SELECT to_tsquery('english', :ranking) AS ranking),
{matched_threads(word_count)},
own_scored AS MATERIALIZED (
    SELECT t.thread_id, t.solved_at, t.created_at, {self._TITLE} AS title_score,
           {self._QUESTION} AS question_score, {self._ANSWER} AS answer_score,
           {self._REPLY} AS reply_score, true AS own
    FROM matched AS m JOIN qa_threads AS t ON t.thread_id = m.thread_id, q, {self._RELEVANCE}
    WHERE m.own AND {where.sql_of_args()}
),
scored AS (
    SELECT * FROM own_scored
    UNION ALL
    SELECT t.thread_id, t.solved_at, t.created_at, 0, 0, 0, {self._REPLY}, false
    FROM matched AS m JOIN qa_threads AS t ON t.thread_id = m.thread_id
    WHERE NOT m.own AND {where.sql_of_args()}
      AND (SELECT count(*) FROM own_scored) < (SELECT lim + skip FROM args)
),
{_ranked_tail(self._ROUNDED, word_count, *self._PAGE)}"""

    def similar_threads(self, where: ThreadFilter) -> str:
        return f"""
WITH {self._args(where, paged=False)},
q AS (
    SELECT to_tsquery('english', :match) AS query, to_tsquery('english', :ranking) AS ranking
)
SELECT t.thread_id, {self._TITLE} + {self._QUESTION} + {self._ANSWER} AS score
FROM qa_threads AS t, q, {self._RELEVANCE}
WHERE t.search_vector @@ q.query AND {where.sql_of_args()}
ORDER BY score DESC, t.thread_id DESC
LIMIT (SELECT lim FROM args)"""


def full_text_for(dialect: str) -> FullText:
    if dialect == "sqlite":
        return SqliteFullText()
    if dialect == "postgresql":
        return PostgresFullText()
    raise RuntimeError(f"Q&A search supports SQLite and PostgreSQL, not {dialect}")
