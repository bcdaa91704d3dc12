"""`/ask`'s similar solved questions on a slice of bench/recall_set.py, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime

from bench.recall import CONTENT, measure, seed, solved_rows
from bench.recall_set import DISTRACTORS, NEW, SOLVED
from bot.db.engine import Database
from bot.knowledge.library import load_library
from bot.services.qa.search import QASearch


def _clock() -> datetime:
    return datetime(2026, 6, 1, tzinfo=UTC)


async def test_reworded_questions_find_their_thread_and_new_ones_get_no_close_match(
    migrated: Database,
) -> None:
    solved, new = SOLVED[:20], NEW[:15]
    await seed(migrated, solved_rows(solved, DISTRACTORS[:15]))
    library = load_library(CONTENT).library
    search = QASearch(migrated.sessions, _clock, lambda: library)

    found = await measure(search, solved, new)

    assert found.recall_3 >= 0.8
    assert found.false_close <= 0.2
