"""Which threads hold every query word on PostgreSQL, from `qa_thread_words` (migration
0012): the part of a search that grows with how common the words are."""

from __future__ import annotations


def matched_threads(word_count: int) -> str:
    """SQL: CTEs ending in `matched`: the threads holding every word, whether one is in
    their own text, and how many words their replies hold.

    Word by word: the threads holding its lexeme in their own text or in their replies,
    from `qa_thread_words` in thread order (an index-only scan, grouped as it streams),
    merged on thread_id. One aggregation over every word's rows hashed twice as many rows
    and took half of a search. A word of ours is a run of letters and digits, which
    PostgreSQL reads as one token: one lexeme, or none when the english configuration
    drops it as a stopword of its own, and then the word narrows nothing, as in one
    to_tsquery of all the words. Stemming may fold two words into one lexeme: its replies
    count once."""
    words = range(word_count)
    lexemes = ",\n       ".join(
        f"(tsvector_to_array(to_tsvector('english', :word{n})))[1] AS l{n}" for n in words
    )
    holders = ",\n".join(
        f"""w{n} AS (
    SELECT thread_id, bool_or(own) AS own, bool_or(NOT own) AS replies
    FROM qa_thread_words WHERE word = (SELECT l{n} FROM lexemes) GROUP BY thread_id
)"""
        for n in words
    )
    joined = " ".join(f"FULL JOIN w{n} USING (thread_id)" for n in words[1:])
    every_word = " AND ".join(f"(w{n}.thread_id IS NOT NULL OR l.l{n} IS NULL)" for n in words)
    own = " OR ".join(f"w{n}.own" for n in words)
    reply_words = " + ".join(
        f"CASE WHEN w{n}.replies{_unlike_earlier(n)} THEN 1 ELSE 0 END" for n in words
    )
    return f"""lexemes AS (SELECT {lexemes}),
{holders},
matched AS MATERIALIZED (
    SELECT thread_id, COALESCE({own}, false) AS own,
           CAST({reply_words} AS float8) AS reply_words
    FROM w0 {joined}, lexemes AS l
    WHERE {every_word}
)"""


def _unlike_earlier(n: int) -> str:
    """SQL: `AND` word n's lexeme is none of the earlier words' lexemes."""
    return "".join(f" AND l.l{n} IS DISTINCT FROM l.l{k}" for k in range(n))
