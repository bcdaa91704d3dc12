"""In-memory ranked full-text search (BM25 over weighted fields) and fuzzy name matching."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

TOKEN = re.compile(r"[a-z0-9]+(?:[_+][a-z0-9]+)*")
K1 = 1.2
B = 0.75
STOPWORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "for", "from", "how",
        "i", "in", "is", "it", "my", "of", "on", "or", "the", "to", "use", "what", "when",
        "where", "which", "why", "with", "you", "your",
    }
)  # fmt: skip


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
    """BM25F-style ranking: each field has a weight (a title match counts more than body)."""

    def __init__(self, documents: Sequence[Document], weights: Sequence[float]) -> None:
        self._keys = [d.key for d in documents]
        self._weights = tuple(weights)
        self._postings: dict[str, dict[int, list[int]]] = defaultdict(dict)
        lengths: list[list[int]] = []
        for index, document in enumerate(documents):
            field_lengths = []
            for field_no, text in enumerate(document.fields):
                words = tokens(text)
                field_lengths.append(len(words))
                for word in words:
                    counts = self._postings[word].setdefault(index, [0] * len(weights))
                    counts[field_no] += 1
            lengths.append(field_lengths)
        self._lengths = lengths
        n = max(1, len(documents))
        self._average = [max(1.0, sum(row[f] for row in lengths) / n) for f in range(len(weights))]
        self._idf = {
            word: math.log(1 + (n - len(docs) + 0.5) / (len(docs) + 0.5))
            for word, docs in self._postings.items()
        }
        self._vocabulary = list(self._postings)

    def _known(self, word: str) -> str | None:
        if word in self._postings:
            return word
        # A misspelt query word is read as the closest indexed word, if close enough.
        match = process.extractOne(word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=80)
        return match[0] if match else None

    def query(self, text: str, limit: int) -> list[Hit]:
        words = [w for w in dict.fromkeys(self._known(t) for t in tokens(text)) if w]
        scores: dict[int, float] = defaultdict(float)
        for word in words:
            idf = self._idf[word]
            for index, counts in self._postings[word].items():
                lengths = self._lengths[index]
                weighted = sum(
                    weight * count / (1 - B + B * lengths[f] / self._average[f])
                    for f, (weight, count) in enumerate(zip(self._weights, counts, strict=True))
                )
                scores[index] += idf * weighted * (K1 + 1) / (weighted + K1)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], self._keys[item[0]]))
        return [Hit(self._keys[i], s, tuple(words)) for i, s in ranked[:limit]]


def snippet(texts: Iterable[str], terms: Sequence[str], width: int = 200) -> str:
    """The line of `texts` with the most query terms, clipped around the first match."""
    best, best_hits = "", -1
    for text in texts:
        for line in text.split("\n"):
            clean = line.strip().lstrip("-*# ").strip()
            if not clean or clean.startswith("```"):
                continue
            line_terms = set(tokens(clean))
            hits = sum(1 for t in terms if t in line_terms)
            if hits > best_hits:
                best, best_hits = clean, hits
    if len(best) <= width:
        return best
    lowered = best.lower()
    first = min((p for t in terms if (p := lowered.find(t[:4])) >= 0), default=0)
    start = max(0, min(first - width // 3, len(best) - width))
    text = best[start : start + width - 2].strip()
    return ("…" if start else "") + text + "…"
