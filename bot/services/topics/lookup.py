"""Topic lookups: exact names, fuzzy suggestions, autocomplete, search, reload, de-duplication.

Everything answers from memory: the library is an immutable snapshot swapped whole on reload,
so a lookup never sees half-loaded content. Each lookup reads `self._snapshot` once and works
on that local: a reload may swap it between two statements (the web hub can run in another
thread), and mixing two snapshots in one answer would look names up in the wrong index.
"""

from __future__ import annotations

import asyncio
import bisect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.clock import Clock
from bot.errors import NotFound, StartupError
from bot.heap import collections_paused, set_aside_long_lived
from bot.knowledge.library import load_library, normalise_name
from bot.knowledge.model import Category, ContentProblem, Library, Topic
from bot.knowledge.pages import TopicPage, topic_pages
from bot.knowledge.search import Document, SnippetLine, TextIndex, snippet, snippet_lines
from bot.services.text_rules import clean_text, optional_line

NAME_MAX = 100
QUERY_MAX = 200
SUGGESTIONS = 5
AUTOCOMPLETE_CHOICES = 25
SUGGEST_CUTOFF = 60.0
SUGGEST_SPREAD = 12.0
AUTOCOMPLETE_CUTOFF = 70.0
MIN_FUZZY_CHARS = 3
REPOST_WINDOW = timedelta(seconds=30)
Scorer = Callable[..., float]
# WRatio forgives typos and partial names, token_sort_ratio swapped words.
NAME_SCORERS: tuple[Scorer, ...] = (fuzz.WRatio, fuzz.token_sort_ratio)
# Weights of title, aliases, summary and body in search ranking.
FIELD_WEIGHTS = (3.0, 3.0, 2.0, 1.0)


@dataclass(frozen=True)
class NoMatch:
    name: str
    suggestions: tuple[Topic, ...]


@dataclass(frozen=True)
class SearchResult:
    topic: Topic
    score: float
    snippet: str


@dataclass(frozen=True)
class ReloadOutcome:
    loaded: bool
    topics: int
    takeaways: int
    problems: tuple[ContentProblem, ...]


@dataclass(frozen=True)
class EarlierPost:
    jump_url: str


class _Snapshot:
    """A library with the lookup structures derived from it."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.titles = {slug: t.title for slug, t in library.topics.items()}
        self.by_name: dict[str, str] = {}
        for topic in library.topics.values():
            for name in (topic.slug, topic.title, *topic.aliases):
                self.by_name.setdefault(normalise_name(name), topic.slug)
        self.names = list(self.by_name)
        self.name_slugs = [self.by_name[n] for n in self.names]
        words = sorted(
            (name[i:], position, i == 0)
            for position, name in enumerate(self.names)
            for i in [0, *(k + 1 for k, ch in enumerate(name) if ch == " ")]
        )
        self.word_keys = [key for key, _, _ in words]
        # A match at the start of a name outranks one at a later word; shorter names first.
        self.word_scores = [
            (300.0 if whole else 200.0) - len(self.names[p]) / 100 for _, p, whole in words
        ]
        self.word_slugs = [self.name_slugs[p] for _, p, _ in words]
        self.snippet_lines: dict[str, list[SnippetLine]] = {}
        ordered = sorted(library.topics.values(), key=lambda t: t.title.lower())
        self.alphabetical = ordered
        self.index = TextIndex(
            [
                Document(t.slug, (t.title, " ".join(t.aliases), t.summary, t.body_text))
                for t in ordered
            ],
            FIELD_WEIGHTS,
        )


def _fuzzy(
    snapshot: _Snapshot,
    query: str,
    limit: int,
    cutoff: float,
    scorers: tuple[Scorer, ...] = NAME_SCORERS,
) -> list[tuple[int, float]]:
    """(name position, score) of the closest names, best first (rapidfuzz, native)."""
    best: dict[int, float] = {}
    for scorer in scorers:
        for _, score, position in process.extract(
            query, snapshot.names, scorer=scorer, limit=limit, score_cutoff=cutoff
        ):
            best[position] = max(score, best.get(position, 0.0))
    return sorted(best.items(), key=lambda item: -item[1])[:limit]


class TopicService:
    def __init__(self, content_dir: Path, clock: Clock) -> None:
        self._content_dir = content_dir
        self._clock = clock
        self._snapshot = _Snapshot(Library({}))
        self._posts: dict[tuple[int, str], tuple[float, str]] = {}
        # One reload at a time: two overlapping ones could finish out of order and leave the
        # older read of the folder in service.
        self._reloading = asyncio.Lock()
        # Set once the bot keeps long-lived objects out of collections (bot/heap.py).
        self.set_aside_after_reload = False

    def load(self) -> None:
        """First load at start-up: content with problems stops the bot.

        Synchronous on purpose: it runs before the bot connects (and in the web hub's and
        the tools' start-up), when there is no gateway to keep alive yet.
        """
        snapshot, problems = self._read()
        if snapshot is None:
            raise StartupError(
                f"content has {len(problems)} problem(s), first: {problems[0]}; "
                "run `python -m bot check`"
            )
        self._snapshot = snapshot

    async def reload(self) -> ReloadOutcome:
        """Swap in the content on disk, unless any file is invalid: then keep the old one.

        Reading, validating and indexing take seconds for thousands of topics, so they run in
        a worker thread; the event loop only swaps the finished snapshot in, in one assignment.
        """
        async with self._reloading:
            snapshot, problems = await asyncio.to_thread(self._read_for_reload)
            if snapshot is not None:
                self._snapshot = snapshot
            library = self._snapshot.library
        return ReloadOutcome(
            snapshot is not None, len(library.topics), len(library.takeaways), problems
        )

    def _read_for_reload(self) -> tuple[_Snapshot | None, tuple[ContentProblem, ...]]:
        if not self.set_aside_after_reload:
            return self._read()
        # No collection scans the library while it is built (a full one holds the
        # interpreter ~100 ms at 2,000 topics); once built it lives until the next reload.
        with collections_paused():
            snapshot, problems = self._read()
            if snapshot is not None:  # what a failed read built is garbage: let it go
                set_aside_long_lived()
        return snapshot, problems

    def _read(self) -> tuple[_Snapshot | None, tuple[ContentProblem, ...]]:
        """The content folder as a complete snapshot, or None and every problem found."""
        # The editorial rules (near-duplicates) are `python -m bot check`'s, not start-up's.
        result = load_library(self._content_dir, editorial=False)
        if not result.ok:
            return None, result.problems
        return _Snapshot(result.library), ()

    @property
    def library(self) -> Library:
        return self._snapshot.library

    def get(self, slug: str) -> Topic | None:
        return self._snapshot.library.topics.get(slug)

    def pages(self, topic: Topic) -> list[TopicPage]:
        return topic_pages(topic, self._snapshot.titles)

    def title_of(self, slug: str) -> str:
        return self._snapshot.titles.get(slug, slug)

    def lookup(self, raw_name: str) -> Topic | NoMatch:
        """The topic named exactly (slug, title or alias, any case), or suggestions."""
        name = clean_text(raw_name, what="topic name", limit=NAME_MAX)
        snapshot = self._snapshot
        slug = snapshot.by_name.get(normalise_name(name))
        if slug is not None:
            return snapshot.library.topics[slug]
        return NoMatch(name, tuple(self._suggest(snapshot, name, SUGGESTIONS)))

    def resolve_slug(self, raw_name: str) -> str:
        """The slug of the topic named exactly, or `NotFound` naming the closest ones."""
        found = self.lookup(raw_name)
        if isinstance(found, NoMatch):
            hint = ", ".join(f"`{t.slug}`" for t in found.suggestions[:3])
            raise NotFound("No topic named that." + (f" Did you mean {hint}?" if hint else ""))
        return found.slug

    def optional_slug(self, raw_name: str | None) -> str | None:
        """Like `resolve_slug`, for an optional option: None when left out or blank."""
        name = optional_line(raw_name)
        return None if name is None else self.resolve_slug(name)

    def suggest(self, name: str, limit: int = SUGGESTIONS) -> list[Topic]:
        """Closest topics to a misspelt name: typos, missing letters, swapped words."""
        return self._suggest(self._snapshot, name, limit)

    @staticmethod
    def _suggest(snapshot: _Snapshot, name: str, limit: int) -> list[Topic]:
        query = normalise_name(name)
        best: dict[str, float] = {}
        for position, score in _fuzzy(snapshot, query, limit * 6, SUGGEST_CUTOFF):
            slug = snapshot.name_slugs[position]
            best[slug] = max(score, best.get(slug, 0.0))
        # Only names nearly as close as the best: a clear winner brings no noise along.
        floor = max(best.values(), default=0.0) - SUGGEST_SPREAD
        ranked = sorted((s for s in best if best[s] >= floor), key=lambda s: (-best[s], s))
        return [snapshot.library.topics[slug] for slug in ranked[:limit]]

    def autocomplete(self, typed: str, limit: int = AUTOCOMPLETE_CHOICES) -> list[Topic]:
        """Topics for a partly typed name: prefixes first, then fuzzy matches."""
        query = normalise_name(typed[:NAME_MAX])
        snapshot = self._snapshot
        if not query:
            return snapshot.alphabetical[:limit]
        best: dict[str, float] = {}
        # Names whose start (or one of whose words' start) is the typed text: a contiguous
        # range of the sorted word index, found by bisection.
        start = bisect.bisect_left(snapshot.word_keys, query)
        stop = bisect.bisect_left(snapshot.word_keys, query + "\uffff", lo=start)
        # Best-scored first (sorted in native code), until `limit` distinct topics are found.
        for ref in sorted(range(start, stop), key=snapshot.word_scores.__getitem__, reverse=True):
            slug = snapshot.word_slugs[ref]
            best.setdefault(slug, snapshot.word_scores[ref])
            if len(best) == limit:
                break
        if len(best) < limit and len(query) >= MIN_FUZZY_CHARS:
            scorers = (fuzz.WRatio,)  # one native pass per keystroke
            for position, score in _fuzzy(snapshot, query, limit * 3, AUTOCOMPLETE_CUTOFF, scorers):
                best.setdefault(snapshot.name_slugs[position], score)
        ranked = sorted(best, key=lambda slug: (-best[slug], snapshot.titles[slug]))[:limit]
        return [snapshot.library.topics[slug] for slug in ranked]

    def by_category(self, category: Category | None = None) -> dict[Category, list[Topic]]:
        grouped: dict[Category, list[Topic]] = {}
        for topic in self._snapshot.alphabetical:
            if category is None or topic.category == category:
                grouped.setdefault(topic.category, []).append(topic)
        return {c: grouped[c] for c in Category if c in grouped}

    def search(self, raw_query: str, limit: int = 5) -> list[SearchResult]:
        query = clean_text(raw_query, what="search query", limit=QUERY_MAX)
        snapshot = self._snapshot
        results = []
        for hit in snapshot.index.query(query, limit):
            topic = snapshot.library.topics[hit.key]
            lines = snapshot.snippet_lines.get(topic.slug)
            if lines is None:
                lines = snippet_lines([topic.summary, topic.body_text])
                snapshot.snippet_lines[topic.slug] = lines
            text = snippet(lines, hit.terms)
            results.append(SearchResult(topic, hit.score, text))
        return results

    def earlier_post(self, channel_id: int, slug: str) -> EarlierPost | None:
        """A public post of this topic in this channel within the last 30 seconds."""
        now = self._clock().timestamp()
        found = self._posts.get((channel_id, slug))
        if found and now - found[0] < REPOST_WINDOW.total_seconds():
            return EarlierPost(found[1])
        return None

    def remember_post(self, channel_id: int, slug: str, jump_url: str) -> None:
        now = self._clock().timestamp()
        window = REPOST_WINDOW.total_seconds()
        self._posts = {k: v for k, v in self._posts.items() if now - v[0] < window}
        self._posts[(channel_id, slug)] = (now, jump_url)
