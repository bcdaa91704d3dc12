"""Which solved questions a new one is probably asking again, in other words.

A learner rarely repeats the words of the thread that answers them: "N+1 with a foreign
key in a template" is "my view makes hundreds of queries" answered by "use
select_related". So a solved thread is ranked by every word it shares with the new
title and question (BM25 over its title, question and accepted answer: the answer is
where the fix's own words are), with three kinds of help:

- the knowledge base as a thesaurus: a query naming a topic (its title, an alias, a
  code name from its pages) also looks for the topic's other names, at a lower weight;
- the same topics as a prior: a thread about a topic the question names ranks higher;
- typos: a word no solved thread holds is read as the indexed words one or two edits away.

A thread is shown when its score is a large enough share of what the query could score
(`confidence`); thresholds are calibrated on bench/recall_set.py, not tuned per phrasing.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.knowledge.model import Library
from bot.knowledge.search import K1, field_postings, stem
from bot.services.qa.text import STOPWORDS

# A dotted or underscored code name counts as itself and as its parts: "select_related"
# is also "select related", "asyncio.gather" also "asyncio" and "gather".
TERM = re.compile(r"[a-z0-9]+(?:[._+][a-z0-9]+)*")
CODE_SPAN = re.compile(r"`([^`\n]{2,40})`")
PARTS = re.compile(r"[._]")
# Words of a question that say it is one and nothing about what it asks.
QUESTION_WORDS = frozenset(
    "anyone help please issue problem trying try tried work working works way thing "
    "getting keep keeps still know want need using use used make makes like".split()
)
IGNORED = frozenset(stem(w) for w in STOPWORDS | QUESTION_WORDS) | STOPWORDS | QUESTION_WORDS

TITLE_FIELD, QUESTION_FIELD, ANSWER_FIELD = 2.0, 1.0, 1.0
# What each word of the new question counts for: its title says what it asks.
TITLE_TERM, QUESTION_TERM = 1.0, 0.5
# A thesaurus word adds at most this much per topic named, spread over the topic's names.
EXPANSION_BUDGET, EXPANSION_MAX = 1.2, 0.3
# A misspelt word counts as this share of itself, read as its closest indexed words.
CORRECTED = 0.6
READINGS = 3
# A thread on a topic the question names scores this much more.
TOPIC_PRIOR = 0.25
MAX_TOPICS = 3


def terms(text: str) -> list[str]:
    """The meaningful words of `text`, lightly stemmed; code names also as their parts."""
    found: list[str] = []
    for token in TERM.findall(text.lower()):
        token = token.strip(".")
        parts = PARTS.split(token)
        if len(parts) > 1:
            found.append(token)
        found.extend(stem(p) for p in parts if p and p not in IGNORED and stem(p) not in IGNORED)
    return found


@dataclass(frozen=True)
class TopicWords:
    slug: str
    triggers: tuple[frozenset[str], ...]  # phrases: all of a phrase's words name the topic
    names: frozenset[str]  # words of its title and aliases, looked for when it is named


class Thesaurus:
    """The knowledge base's names for each topic."""

    def __init__(self, topics: Sequence[TopicWords]) -> None:
        self.topics = tuple(topics)

    @classmethod
    def of(cls, library: Library | None) -> Thesaurus:
        if library is None:
            return cls(())
        found = []
        for topic in library.topics.values():
            names = [topic.title, topic.slug.replace("-", " "), *topic.aliases]
            code = [span for span in CODE_SPAN.findall(topic.body_text) if len(span.split()) == 1]
            phrases = {frozenset(terms(name)) for name in [*names, *code]} - {frozenset()}
            words = frozenset(w for name in names for w in terms(name))
            found.append(TopicWords(topic.slug, tuple(phrases), words))
        return cls(found)

    def named(self, words: Iterable[str]) -> list[TopicWords]:
        """The topics `words` name, most named first (by how many phrases they hold)."""
        held = set(words)
        counted = [(sum(1 for p in t.triggers if p <= held), t) for t in self.topics]
        named = sorted((c for c in counted if c[0]), key=lambda c: -c[0])
        return [topic for _, topic in named]


@dataclass
class SolvedThread:
    thread_id: int
    channel_id: int
    title: str
    question: str
    answer: str
    topic_slug: str | None
    topics: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Suggestion:
    thread: SolvedThread
    score: float
    confidence: float  # the score as a share of what the query could score


class SolvedIndex:
    """BM25F over the solved threads of one server, built once per change of them."""

    def __init__(self, threads: Sequence[SolvedThread], thesaurus: Thesaurus) -> None:
        self.threads = list(threads)
        self.thesaurus = thesaurus
        weights = (TITLE_FIELD, QUESTION_FIELD, ANSWER_FIELD)
        counts: dict[str, dict[int, list[int]]] = defaultdict(dict)
        lengths: list[list[int]] = []
        for index, thread in enumerate(self.threads):
            fields = [terms(thread.title), terms(thread.question), terms(thread.answer)]
            lengths.append([len(f) for f in fields])
            for number, words in enumerate(fields):
                for word in words:
                    counts[word].setdefault(index, [0, 0, 0])[number] += 1
            named = thesaurus.named(w for f in fields for w in f)[:MAX_TOPICS]
            thread.topics = frozenset(
                [t.slug for t in named] + ([thread.topic_slug] if thread.topic_slug else [])
            )
        n = max(1, len(self.threads))
        # A word no thread holds counts as one a single thread would hold: with the rarest
        # possible weight, a tiny archive would make every match look weak.
        self.unseen_idf = math.log(1 + (n - 0.5) / 1.5)
        self.idf, self.postings = field_postings(counts, lengths, weights)
        self._vocabulary = list(self.postings)
        self._corrections: dict[str, tuple[str, ...]] = {}

    def suggest(
        self, title: str, question: str, channel_ids: frozenset[int] | None, limit: int
    ) -> list[Suggestion]:
        query, possible = self.query_terms(title, question)
        if not query or possible <= 0:
            return []
        asked = set(self.thesaurus_topics(query))
        scores: dict[int, float] = defaultdict(float)
        for word, weight in query.items():
            for index, contribution in self.postings.get(word, {}).items():
                scores[index] += weight * contribution
        asked_words = [w for w in terms(f"{title} {question}") if w in self.postings]
        needed = min(2, len(set(terms(f"{title} {question}"))))
        found = []
        for index, score in scores.items():
            thread = self.threads[index]
            # One shared word is no likeness (in a small archive it would look strong).
            if sum(1 for w in set(asked_words) if index in self.postings[w]) < needed:
                continue
            if channel_ids is not None and thread.channel_id not in channel_ids:
                continue
            if asked & thread.topics:
                score *= 1 + TOPIC_PRIOR
            found.append(Suggestion(thread, score, score / possible))
        found.sort(key=lambda s: (-s.score, -s.thread.thread_id))
        return found[:limit]

    def query_terms(self, title: str, question: str) -> tuple[dict[str, float], float]:
        """Each word looked for with its weight, and what the query could score at best:
        every word of the title and question found in a title (an unknown word as rare
        as can be, so a question about something new scores a small share)."""
        weights: dict[str, float] = {}
        for words, weight in ((terms(title), TITLE_TERM), (terms(question), QUESTION_TERM)):
            for word in words:
                weights[word] = max(weights.get(word, 0.0), weight)
        possible = sum(
            weight * self.idf.get(word, self.unseen_idf) * (K1 + 1)
            for word, weight in weights.items()
        )
        query = dict(weights)
        for word, weight in weights.items():
            if word not in self.postings:
                for close in self._corrected(word):
                    query[close] = max(query.get(close, 0.0), weight * CORRECTED)
        for topic in self.thesaurus.named(query)[:MAX_TOPICS]:
            extra = topic.names - query.keys()
            each = min(EXPANSION_MAX, EXPANSION_BUDGET / max(1, len(extra)))
            for word in extra:
                query[word] = max(query.get(word, 0.0), each)
        return query, possible

    def thesaurus_topics(self, query: dict[str, float]) -> list[str]:
        return [t.slug for t in self.thesaurus.named(query)[:MAX_TOPICS]]

    def _corrected(self, word: str) -> tuple[str, ...]:
        """The indexed words fewest edits away from a word no solved thread holds."""
        if len(word) < 5 or not word.isalpha():
            return ()
        if word in self._corrections:
            return self._corrections[word]
        forgiven = 1 if len(word) <= 7 else 2
        close = process.extract(
            word, self._vocabulary, scorer=OSA.distance, score_cutoff=forgiven, limit=None
        )
        fewest = min((edits for _, edits, _ in close), default=0)
        readings = tuple(w for w, edits, _ in close if edits == fewest)[:READINGS]
        if len(self._corrections) > 4096:
            self._corrections.clear()
        self._corrections[word] = readings
        return readings
