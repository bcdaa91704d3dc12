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

from rapidfuzz import fuzz, process

LIST_MARKER = re.compile(r"^\s*(?:[-*+]\s+|#+\s+|\d+\.\s+)")
TOKEN = re.compile(r"[a-z0-9]+(?:[_+][a-z0-9]+)*")
K1 = 1.2
B = 0.75
# Misspelt words remembered per index (their closest indexed word), at most this many.
CLOSEST_KEPT = 4096
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


class TextIndex:
    """BM25F-style ranking: each field has a weight (a title match counts more than body).

    Each (word, document) contribution is computed once when the index is built, so a
    query is a few dictionary sums.
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
        n = max(1, len(documents))
        average = [max(1.0, sum(row[f] for row in lengths) / n) for f in range(len(weights))]
        self._postings: dict[str, dict[int, float]] = {}
        for word, per_doc in counts.items():
            idf = math.log(1 + (n - len(per_doc) + 0.5) / (len(per_doc) + 0.5))
            postings = {}
            for index, field_counts in per_doc.items():
                weighted = sum(
                    weight * count / (1 - B + B * lengths[index][f] / average[f])
                    for f, (weight, count) in enumerate(zip(weights, field_counts, strict=True))
                )
                postings[index] = idf * weighted * (K1 + 1) / (weighted + K1)
            self._postings[word] = postings
        # Each word's documents by falling contribution, for the threshold algorithm.
        self._ranked = {
            word: sorted(postings.items(), key=lambda item: -item[1])
            for word, postings in self._postings.items()
        }
        self._vocabulary = list(self._postings)
        self._closest: dict[str, str | None] = {}

    def _known(self, word: str) -> str | None:
        if word in self._postings:
            return word
        with contextlib.suppress(KeyError):  # another thread may clear it meanwhile
            return self._closest[word]
        # A misspelt query word is read as the closest indexed word, if close enough. The
        # answer depends on this index alone, so it is kept with it: a fuzzy pass over the
        # 3,000 words of 2,000 topics takes 0.15 ms a word, and people repeat searches.
        match = process.extractOne(word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=80)
        closest = match[0] if match else None
        if len(self._closest) >= CLOSEST_KEPT:
            self._closest.clear()
        self._closest[word] = closest
        return closest

    def query(self, text: str, limit: int) -> list[Hit]:
        """The `limit` best documents for `text`.

        Fagin's threshold algorithm: walk every word's ranked list in step, score each newly
        seen document fully, and stop once no unseen document can beat the current top
        `limit`. Common words then cost a few steps instead of a scan of all documents.
        """
        words = [w for w in dict.fromkeys(self._known(t) for t in tokens(text)) if w]
        lists = [self._ranked[w] for w in words]
        postings = [self._postings[w] for w in words]
        scored: dict[int, float] = {}
        # Min-heap of (score, -key rank, document): on equal scores the later key leaves first.
        top: list[tuple[float, int, int]] = []
        for depth in range(max((len(ranked) for ranked in lists), default=0)):
            threshold = 0.0
            for ranked in lists:
                if depth >= len(ranked):
                    continue
                index, contribution = ranked[depth]
                threshold += contribution
                if index not in scored:
                    score = sum(p.get(index, 0.0) for p in postings)
                    scored[index] = score
                    heapq.heappush(top, (score, -self._key_rank[index], index))
                    if len(top) > limit:
                        heapq.heappop(top)
            if len(top) == limit and top[0][0] > threshold:
                break
        ranked_hits = sorted(top, key=lambda item: (-item[0], -item[1]))
        return [Hit(self._keys[i], score, tuple(words)) for score, _, i in ranked_hits]


@dataclass(frozen=True)
class SnippetLine:
    text: str
    words: frozenset[str]


def snippet_lines(texts: Iterable[str]) -> list[SnippetLine]:
    """The lines of `texts` that can serve as a snippet, tokenised once."""
    lines = []
    for text in texts:
        for line in text.split("\n"):
            clean = LIST_MARKER.sub("", line).strip()
            if clean and not clean.startswith("```"):
                lines.append(SnippetLine(clean, frozenset(tokens(clean))))
    return lines


def snippet(lines: Sequence[SnippetLine], terms: Sequence[str], width: int = 200) -> str:
    """The line with the most query terms, clipped around the first match."""
    if not lines:
        return ""
    best = max(lines, key=lambda line: sum(1 for t in terms if t in line.words)).text
    if len(best) <= width:
        return best
    lowered = best.lower()
    first = min((p for t in terms if (p := lowered.find(t[:4])) >= 0), default=0)
    start = max(0, min(first - width // 3, len(best) - width))
    text = best[start : start + width - 2].strip()
    return ("…" if start else "") + text + "…"
