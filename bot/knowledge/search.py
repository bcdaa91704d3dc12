"""In-memory ranked full-text search (BM25 over weighted fields) and fuzzy name matching."""

from __future__ import annotations

import contextlib
import heapq
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.knowledge.plain_text import clip_words, marked_lines, plain_line

TOKEN = re.compile(r"[a-z0-9]+(?:[_+][a-z0-9]+)*")
K1 = 1.2
B = 0.75
# Misspelt words remembered per index (their closest indexed words), at most this many.
CLOSEST_KEPT = 4096
# A misspelt word is read as each of the indexed words fewest edits away (a letter added,
# dropped, changed or two swapped), at most this many: "tll" may mean "ttl" or "tell".
READINGS_KEPT = 5
# ...and counts for this share of what the word itself would: a guess is worth less than a
# word as typed.
CORRECTED_WEIGHT = 0.5
STOPWORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "for", "from", "how",
        "i", "in", "is", "it", "my", "of", "on", "or", "the", "to", "use", "what", "when",
        "where", "which", "why", "with", "you", "your",
    }
)  # fmt: skip


# Words repeat across texts and searches: a snippet alone stems every word of its passage.
@lru_cache(maxsize=2**16)
def stem(word: str) -> str:
    """A deliberately light stemmer: plurals and a few verb endings."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    return [stem(t) for t in TOKEN.findall(text.lower()) if t not in STOPWORDS]


@dataclass(frozen=True)
class Document:
    key: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    key: str
    score: float
    terms: tuple[str, ...]


@dataclass(frozen=True)
class _Reading:
    """How one query word scores: as itself, or (misspelt) as its closest indexed words."""

    exact: bool
    words: tuple[str, ...]
    postings: dict[int, float]  # document -> contribution
    ranked: list[tuple[int, float]]  # the same, by falling contribution


def _edits_forgiven(word: str) -> int:
    """Typos forgiven in a word: none in one or two letters, one up to four, else two."""
    return 0 if len(word) < 3 else 1 if len(word) <= 4 else 2


def field_postings(
    counts: dict[str, dict[int, list[int]]], lengths: list[list[int]], weights: Sequence[float]
) -> tuple[dict[str, float], dict[str, dict[int, float]]]:
    """BM25F: each word's idf, and its contribution to each document holding it, from how
    often it is in each field (`counts[word][document][field]`) and the fields' lengths
    (`lengths[document][field]`). Shared by topic search and similar Q&A questions."""
    n = max(1, len(lengths))
    average = [max(1.0, sum(row[f] for row in lengths) / n) for f in range(len(weights))]
    idfs: dict[str, float] = {}
    postings: dict[str, dict[int, float]] = {}
    for word, per_doc in counts.items():
        idf = idfs[word] = math.log(1 + (n - len(per_doc) + 0.5) / (len(per_doc) + 0.5))
        scores = {}
        for index, field_counts in per_doc.items():
            weighted = sum(
                weight * count / (1 - B + B * lengths[index][f] / average[f])
                for f, (weight, count) in enumerate(zip(weights, field_counts, strict=True))
            )
            scores[index] = idf * weighted * (K1 + 1) / (weighted + K1)
        postings[word] = scores
    return idfs, postings


class TextIndex:
    """BM25F-style ranking: each field has a weight (a title match counts more than body).

    Each (word, document) contribution is computed once when the index is built, so a
    query is a few dictionary sums. A document holding any query word as typed ranks
    above every document that only holds corrections of misspelt ones.
    """

    def __init__(self, documents: Sequence[Document], weights: Sequence[float]) -> None:
        self._keys = [d.key for d in documents]
        by_key = sorted(range(len(self._keys)), key=self._keys.__getitem__)
        self._key_rank = {index: rank for rank, index in enumerate(by_key)}
        counts: dict[str, dict[int, list[int]]] = defaultdict(dict)
        lengths: list[list[int]] = []
        for index, document in enumerate(documents):
            field_lengths = []
            for field_no, text in enumerate(document.fields):
                words = tokens(text)
                field_lengths.append(len(words))
                for word in words:
                    counts[word].setdefault(index, [0] * len(weights))[field_no] += 1
            lengths.append(field_lengths)
        _, self._postings = field_postings(counts, lengths, weights)
        # Each word's documents by falling contribution, for the threshold algorithm.
        self._ranked = {
            word: sorted(postings.items(), key=lambda item: -item[1])
            for word, postings in self._postings.items()
        }
        self._vocabulary = list(self._postings)
        self._closest: dict[str, _Reading | None] = {}

    def _reading(self, word: str) -> _Reading | None:
        postings = self._postings.get(word)
        if postings is not None:
            return _Reading(True, (word,), postings, self._ranked[word])
        with contextlib.suppress(KeyError):  # another thread may clear it meanwhile
            return self._closest[word]
        # The answer depends on this index alone, so it is kept with it: people repeat
        # searches, and a pass over the 3,000 words of 2,000 topics takes a fraction of a ms.
        reading = self._corrected(word)
        if len(self._closest) >= CLOSEST_KEPT:
            self._closest.clear()
        self._closest[word] = reading
        return reading

    def _corrected(self, word: str) -> _Reading | None:
        """`word` read as the indexed words fewest edits away, each document scored by the
        best of them, at CORRECTED_WEIGHT; None when no indexed word is close enough."""
        forgiven = _edits_forgiven(word)
        if not forgiven:
            return None
        close = process.extract(
            word, self._vocabulary, scorer=OSA.distance, score_cutoff=forgiven, limit=None
        )
        if not close:
            return None
        fewest = min(edits for _, edits, _ in close)
        words = tuple(w for w, edits, _ in close if edits == fewest)[:READINGS_KEPT]
        postings: dict[int, float] = {}
        for reading in words:
            for index, contribution in self._postings[reading].items():
                weighted = contribution * CORRECTED_WEIGHT
                if weighted > postings.get(index, 0.0):
                    postings[index] = weighted
        ranked = sorted(postings.items(), key=lambda item: -item[1])
        return _Reading(False, words, postings, ranked)

    def query(self, text: str, limit: int) -> list[Hit]:
        """The `limit` best documents for `text`.

        Fagin's threshold algorithm: walk every word's ranked list in step, score each newly
        seen document fully, and stop once no unseen document can beat the current top
        `limit`. Common words then cost a few steps instead of a scan of all documents.
        A document's rank is (holds a word as typed, score), so the bound is too.
        """
        found = (self._reading(t) for t in dict.fromkeys(tokens(text)))
        readings = list({r.words: r for r in found if r is not None}.values())
        scored: set[int] = set()
        # Min-heap of (as typed, score, -key rank, document): on equal ranks the later key
        # leaves first.
        top: list[tuple[bool, float, int, int]] = []
        for depth in range(max((len(r.ranked) for r in readings), default=0)):
            threshold = 0.0
            exact_left = False  # an unseen document may still hold a word as typed
            for reading in readings:
                if depth >= len(reading.ranked):
                    continue
                index, contribution = reading.ranked[depth]
                threshold += contribution
                exact_left |= reading.exact
                if index not in scored:
                    scored.add(index)
                    typed = any(r.exact and index in r.postings for r in readings)
                    score = sum(r.postings.get(index, 0.0) for r in readings)
                    heapq.heappush(top, (typed, score, -self._key_rank[index], index))
                    if len(top) > limit:
                        heapq.heappop(top)
            if len(top) == limit and top[0][:2] > (exact_left, threshold):
                break
        ranked_hits = sorted(top, key=lambda item: (-item[0], -item[1], -item[2]))
        return [
            Hit(self._keys[i], score, self._terms(readings, i)) for _, score, _, i in ranked_hits
        ]

    def _terms(self, readings: list[_Reading], index: int) -> tuple[str, ...]:
        """The indexed words the query stands for in one document, for its snippet."""
        return tuple(
            word for r in readings for word in r.words if r.exact or index in self._postings[word]
        )


@dataclass(frozen=True)
class SnippetLine:
    text: str  # as written: made plain text only if it is the line shown
    words: frozenset[str]
    code: bool = False  # inside a fenced block: shown as it is


def snippet_lines(texts: Iterable[str]) -> list[SnippetLine]:
    """The lines of `texts` that can serve as a snippet, tokenised once (Markdown markers
    are no words, so the raw line's words are the plain line's)."""
    return [
        SnippetLine(line, words, code)
        for text in texts
        for line, code in marked_lines(text)
        if (words := frozenset(tokens(line)))
    ]


def snippet(lines: Sequence[SnippetLine], terms: Sequence[str], width: int = 200) -> str:
    """The line with the most query terms, as plain text (no dangling `**` once cut),
    clipped at words around the first match."""
    if not lines:
        return ""
    chosen = max(lines, key=lambda line: sum(1 for t in terms if t in line.words))
    best = plain_line(chosen.text, code=chosen.code)
    if len(best) <= width:
        return best
    lowered = best.lower()
    first = min((p for t in terms if (p := lowered.find(t[:4])) >= 0), default=0)
    start = max(0, min(first - width // 3, len(best) - width))
    return clip_words(best, width, start=start)
