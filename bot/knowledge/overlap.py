"""Near-duplicate takeaways: two lessons that say the same thing in almost the same words.

Each takeaway becomes the set of its content words (title and body, lowercased, light-stemmed,
stop words dropped, the same tokens search uses). Two takeaways whose sets overlap by at least
`NEAR_DUPLICATE_JACCARD` (shared words / all words of the pair) are reported. Single words,
not word triples: duplicates in this corpus are rewordings, which share vocabulary far more
than they share phrases (see docs/content.md for the measurement behind the threshold).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from bot.knowledge.model import Takeaway
from bot.knowledge.search import tokens

# Measured on the shipped takeaways (December 2026): 11 of the 12 pairs judged duplicates scored
# 0.33 or more (the 12th was reworded throughout), the highest distinct pair 0.29. Lowering it
# flags related-but-different lessons.
NEAR_DUPLICATE_JACCARD = 0.32
# Below this many distinct words the score is noise (two one-line stubs share half their words);
# the shortest shipped takeaway has 21.
MIN_WORDS_COMPARED = 8


@dataclass(frozen=True)
class SimilarPair:
    first: Takeaway
    second: Takeaway
    score: float


def content_words(takeaway: Takeaway) -> frozenset[str]:
    return frozenset(tokens(f"{takeaway.title} {takeaway.body}"))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def similar_pairs(takeaways: Sequence[Takeaway], threshold: float) -> list[SimilarPair]:
    """Every pair scoring at least `threshold`, highest first; n² over a few hundred is cheap."""
    words = [content_words(t) for t in takeaways]
    measurable = [i for i, w in enumerate(words) if len(w) >= MIN_WORDS_COMPARED]
    pairs = [
        SimilarPair(takeaways[i], takeaways[j], score)
        for i, j in combinations(measurable, 2)
        if (score := jaccard(words[i], words[j])) >= threshold
    ]
    return sorted(pairs, key=lambda pair: -pair.score)


def near_duplicate_problems(
    takeaways: Sequence[Takeaway],
    add: Callable[[Path, int, str], None],
    line_of: Callable[[Path, str], int],
) -> None:
    """Report each near-duplicate in the second takeaway's file, naming the first's file:line."""
    for pair in similar_pairs(takeaways, NEAR_DUPLICATE_JACCARD):
        first, second = pair.first, pair.second
        add(
            second.source,
            line_of(second.source, f"## {second.id}:"),
            f"takeaway '{second.id}' nearly repeats '{first.id}' "
            f"({first.source}:{line_of(first.source, f'## {first.id}:')}; "
            f"{pair.score:.2f} word overlap, the limit is {NEAR_DUPLICATE_JACCARD}): "
            "keep one, or make them teach different things",
        )
