"""Text rules of Q&A: what a question may say, which words a search looks for, snippets."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

from bot.errors import ValidationError
from bot.knowledge.search import snippet, snippet_lines, tokens
from bot.services.text_rules import clean_text, optional_line, tidy_block

TITLE_MAX = 90
QUESTION_MAX = 1800
SEARCH_QUERY_MAX = 80
CLOSE_REASON_MAX = 300
SNIPPET_WIDTH = 180
# A search or similarity query keeps at most this many words: more only slows it down.
MAX_TERMS = 12

T = TypeVar("T")

MASS_MENTION = re.compile(r"@(?:everyone|here)\b|<@&\d+>")
# A run of letters and digits, with its dotted parts: PostgreSQL's parser reads
# `requests.get` or `0.0.0.0` as one token (one lexeme), and FTS5 matches it as a phrase.
WORD = re.compile(r"[^\W_]+(?:\.[^\W_]+)*")
# The ends of contractions ("can't", "it's"): no word of their own to look for.
CONTRACTION = re.compile(r"(?<=[^\W_])['’](?:t|s|d|m|ll|re|ve)\b")
# Words too common to narrow a search. PostgreSQL's english configuration drops these
# itself; SQLite's FTS5 does not, so both backends get the same words from here.
STOPWORDS = frozenset(
    """
    a about after again all also am an and any are as at be been before being but by can
    could did do does doing done for from get got had has have having he her here him his
    how i if in into is it its just me more most my no not now of off on once only or other
    our out over own same she should so some such than that the their them then there these
    they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours
    don doesn didn isn wasn aren weren won wouldn couldn shouldn haven hasn hadn
    """.split()
)


def clean_title(raw: str) -> str:
    return _no_mass_mentions(clean_text(raw, what="title", limit=TITLE_MAX), "title")


def clean_question(raw: str) -> str:
    """The question with its line breaks kept (code and steps need them), trimmed."""
    text = tidy_block(raw)
    if not text:
        raise ValidationError("Please write your question: it can't be empty.")
    if len(text) > QUESTION_MAX:
        raise ValidationError(
            f"Your question is {len(text)} characters long; keep it under {QUESTION_MAX}."
        )
    return _no_mass_mentions(text, "question")


def close_reason(raw: str | None) -> str | None:
    """Why a thread is closed (optional), checked like a question."""
    text = optional_line(raw)
    if text is None:
        return None
    return _no_mass_mentions(clean_text(text, what="reason", limit=CLOSE_REASON_MAX), "reason")


def _no_mass_mentions(text: str, what: str) -> str:
    if MASS_MENTION.search(text):
        raise ValidationError(
            f"Your {what} mentions @everyone, @here or a role. Please remove that mention: "
            "Nexus never pings a crowd."
        )
    return text


def search_words(text: str) -> list[str]:
    """The distinct meaningful words of `text`, in order, lower-cased and unstemmed.

    Each backend stems them its own way (FTS5's porter, PostgreSQL's english).
    """
    plain = CONTRACTION.sub("", text.lower())
    words = (w for w in WORD.findall(plain) if w not in STOPWORDS)
    return list(dict.fromkeys(words))[:MAX_TERMS]


def query_words(raw_query: str, limit: int = SEARCH_QUERY_MAX) -> tuple[str, list[str]]:
    """The cleaned query and its search words, or a `ValidationError` saying what's wrong."""
    query = clean_text(raw_query, what="search query", limit=limit)
    words = search_words(query)
    if not words:
        raise ValidationError(
            f"'{query}' has only very common words. Add a specific one, e.g. `redis` or `jwt`."
        )
    return query, words


def coverage(wanted: str, candidate: str) -> tuple[int, float]:
    """How many of `wanted`'s (stemmed) words `candidate` has, and what share of them."""
    wanted_terms = set(tokens(wanted)) - STOPWORDS
    if not wanted_terms:
        return 0, 0.0
    shared = len(wanted_terms & set(tokens(candidate)))
    return shared, shared / len(wanted_terms)


def excerpt(texts: list[str], query: str) -> str:
    """A short passage of `texts` around the words of `query`."""
    return snippet(snippet_lines([t for t in texts if t]), tokens(query), SNIPPET_WIDTH)


def best_passage(passages: Sequence[tuple[str, T]], query: str) -> tuple[str, T]:
    """A snippet of the passage holding most of the query's words (the first on a tie),
    with what it came from.

    A word counts when its stem is in the passage's lower-cased text: only the passage
    shown is split into words, for its snippet (splitting every passage of a page into
    words cost about 0.4 ms a search).
    """
    terms = set(tokens(query))

    def held(passage: tuple[str, T]) -> int:
        lowered = passage[0].lower()
        return sum(1 for term in terms if term in lowered)

    text, source = max(passages, key=held)
    return excerpt([text], query), source
