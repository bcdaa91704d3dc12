"""The threshold algorithm returns exactly what scoring every document would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.knowledge.search import Document, TextIndex, snippet, snippet_lines, tokens

VOCABULARY = ["cache", "queue", "index", "lock", "token", "retry", "pool", "shard", "view"]
texts = st.lists(st.sampled_from(VOCABULARY), min_size=0, max_size=12).map(" ".join)
documents = st.lists(st.tuples(texts, texts), min_size=1, max_size=30)


def brute_force(index: TextIndex, query: str, limit: int) -> list[tuple[str, float]]:
    words = [w for w in dict.fromkeys(tokens(query)) if w in index._postings]
    scores: dict[int, float] = {}
    for word in words:
        for doc, contribution in index._postings[word].items():
            scores[doc] = scores.get(doc, 0.0) + contribution
    ranked = sorted(scores.items(), key=lambda item: (-item[1], index._keys[item[0]]))
    return [(index._keys[d], s) for d, s in ranked[:limit]]


@settings(max_examples=200, deadline=None)
@given(documents, st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=3), st.integers(1, 6))
def test_top_results_equal_a_full_scan(
    docs: list[tuple[str, str]], query_words: list[str], limit: int
) -> None:
    index = TextIndex(
        [Document(f"d{i:02d}", fields) for i, fields in enumerate(docs)], weights=(2.0, 1.0)
    )
    query = " ".join(query_words)
    expected = brute_force(index, query, limit)
    got = [(h.key, h.score) for h in index.query(query, limit)]
    assert got == expected


def test_a_misspelt_word_is_read_as_the_closest_indexed_word() -> None:
    index = TextIndex([Document("a", ("invalidation rules",)), Document("b", ("other",))], (1.0,))
    assert [h.key for h in index.query("invalidaton", 5)] == ["a"]


def test_the_snippet_is_the_line_with_most_query_words() -> None:
    lines = snippet_lines(["- first line about queues\n- a line on cache and ttl\n```\ncode\n```"])
    assert snippet(lines, ["cache", "ttl"]) == "a line on cache and ttl"
