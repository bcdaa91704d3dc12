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


def test_a_word_as_typed_outranks_a_correction_even_a_rarer_one() -> None:
    # "redis" is in three documents of four, so it weighs little, and "tell" a lot: still,
    # every document holding "redis" as typed ranks above the one holding only "tell".
    index = TextIndex(
        [
            Document("caching", ("Redis", "keys expire")),
            Document("checker", ("Tell the checker", "redis mentioned once")),
            Document("other", ("Queues", "redis again")),
            Document("tell", ("Tell", "tell tell")),
        ],
        weights=(3.0, 1.0),
    )
    keys = [h.key for h in index.query("redis tll", 4)]
    assert keys.index("caching") < keys.index("tell")
    assert keys[-1] == "tell"  # the only one without "redis" as typed


def test_a_misspelt_word_is_read_as_every_closest_word_at_a_discount() -> None:
    index = TextIndex(
        [Document("ttl", ("ttl expiry",)), Document("tell", ("tell me",))], weights=(1.0,)
    )
    hits = {h.key: h for h in index.query("tll", 5)}
    assert set(hits) == {"ttl", "tell"}  # one edit from both
    assert hits["ttl"].terms == ("ttl",) and hits["tell"].terms == ("tell",)
    exact = index.query("ttl", 1)[0]
    assert hits["ttl"].score < exact.score
    assert [h.key for h in index.query("cahce", 5)] == []  # nothing near
    swapped = TextIndex([Document("cache", ("cache",))], weights=(1.0,))
    assert [h.key for h in swapped.query("cahce", 5)] == ["cache"]  # two letters swapped


@settings(max_examples=200, deadline=None)
@given(
    documents,
    st.lists(st.sampled_from([*VOCABULARY, "cahce", "tokn", "lokc"]), min_size=1, max_size=3),
    st.integers(1, 6),
)
def test_top_results_with_typos_equal_a_full_scan(
    docs: list[tuple[str, str]], query_words: list[str], limit: int
) -> None:
    index = TextIndex(
        [Document(f"d{i:02d}", fields) for i, fields in enumerate(docs)], weights=(2.0, 1.0)
    )
    query = " ".join(query_words)
    readings = [r for w in dict.fromkeys(tokens(query)) if (r := index._reading(w))]
    readings = list({r.words: r for r in readings}.values())
    ranks = []
    for doc in {d for r in readings for d in r.postings}:
        typed = any(r.exact and doc in r.postings for r in readings)
        score = sum(r.postings.get(doc, 0.0) for r in readings)
        ranks.append((not typed, -score, index._keys[doc]))
    expected = [(key, -negative) for _, negative, key in sorted(ranks)[:limit]]
    assert [(h.key, h.score) for h in index.query(query, limit)] == expected
