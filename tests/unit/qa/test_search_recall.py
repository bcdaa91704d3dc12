"""Recall of `/qa search` against a brute-force reference: a thread is found exactly when
every query word is somewhere in it (title, question, accepted answer or any reply),
whichever messages hold which word. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from itertools import combinations

import pytest

from bot.db.engine import Database
from bot.services.qa.search import MAX_PAGE, QASearch
from tests.conftest import FixedClock
from tests.qa_builders import GUILD, QAWorld

# Distinct words that neither backend's stemmer folds together or drops.
VOCABULARY = (
    "redis celery docker nginx django kafka graphql jwt postgres webhook pytest uvicorn "
    "gunicorn rabbitmq swagger healthcheck"
).split()
THREADS = 120


@dataclass
class Thread:
    title: list[str]
    question: list[str]
    replies: list[list[str]] = field(default_factory=list)
    answer: list[str] | None = None

    def words(self) -> set[str]:
        parts = [self.title, self.question, *self.replies, self.answer or []]
        return {word for part in parts for word in part}


def _random_thread(rng: random.Random) -> Thread:
    def some(low: int, high: int) -> list[str]:
        return rng.sample(VOCABULARY, rng.randint(low, high))

    thread = Thread(some(1, 2), some(1, 3), [some(1, 3) for _ in range(rng.randint(0, 4))])
    if rng.random() < 0.3:
        thread.answer = some(1, 2)
    return thread


def _queries(rng: random.Random) -> list[list[str]]:
    pairs = [list(pair) for pair in combinations(VOCABULARY, 2)]
    return [[word] for word in VOCABULARY] + rng.sample(pairs, 30)


async def _all_pages(search: QASearch, query: str) -> list[int]:
    found: list[int] = []
    for page_number in range(1, MAX_PAGE + 1):
        page = await search.search(GUILD, query, page=page_number)
        found.extend(hit.thread_id for hit in page.hits)
        if not page.has_next:
            return found
    raise AssertionError("more pages than a search may show")


@pytest.mark.parametrize("seed", [1, 2])
async def test_search_finds_exactly_the_threads_holding_every_word(
    migrated: Database, clock: FixedClock, seed: int
) -> None:
    rng = random.Random(seed)
    qa = QAWorld(migrated, clock)
    stored: dict[int, Thread] = {}
    for _ in range(THREADS):
        thread = _random_thread(rng)
        info = await qa.thread(" ".join(thread.title), " ".join(thread.question))
        for reply in thread.replies:
            await qa.reply(info, " ".join(reply))
        if thread.answer is not None:
            await qa.solve(info, " ".join(thread.answer))
        stored[info.thread_id] = thread
    search = QASearch(migrated.sessions, clock)

    for words in _queries(rng):
        found = await _all_pages(search, " ".join(words))
        expected = {tid for tid, thread in stored.items() if set(words) <= thread.words()}
        assert len(found) == len(set(found)), f"{words}: a thread shown twice"
        missed, extra = expected - set(found), set(found) - expected
        assert not missed and not extra, f"{words}: missed {missed}, extra {extra}"
