"""PostgreSQL's `qa_thread_words` (migration 0012) stays exactly what the threads and
messages hold, whatever changes them: compared with a recompute from their vectors."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from sqlalchemy import text

from bot.db.engine import Database
from tests.conftest import FixedClock
from tests.qa_builders import MENTOR, QAWorld

RECOMPUTED = """
SELECT DISTINCT lexeme, thread_id, true FROM qa_threads, unnest(search_vector) AS w (lexeme)
UNION
SELECT DISTINCT lexeme, thread_id, false FROM qa_messages, unnest(search_vector) AS w (lexeme)
"""


async def _kept_and_recomputed(db: Database) -> tuple[set[tuple[object, ...]], ...]:
    async with db.engine.connect() as conn:
        kept = await conn.execute(text("SELECT word, thread_id, own FROM qa_thread_words"))
        recomputed = await conn.execute(text(RECOMPUTED))
        return {tuple(row) for row in kept}, {tuple(row) for row in recomputed}


async def test_the_words_follow_every_change_of_threads_and_messages(
    migrated: Database, clock: FixedClock
) -> None:
    if migrated.backend != "postgresql":
        pytest.skip("the word table is PostgreSQL's; SQLite keeps replies in FTS5")
    qa = QAWorld(migrated, clock)
    redis = await qa.thread("Redis restarts", "my redis container restarts")
    celery = await qa.thread("Celery beat", "beat runs twice", asker=MENTOR)
    first = await qa.reply(redis, "look at the logs")
    burst = [qa.message(redis, f"add a healthcheck {n}", after=100 + n) for n in range(3)]
    await asyncio.gather(*(qa.archive.store(m) for m in burst), qa.archive.store(first))
    answer = await qa.solve(celery, "pin the scheduler to one worker")
    kept, recomputed = await _kept_and_recomputed(migrated)
    assert kept == recomputed and ("healthcheck", redis.thread_id, False) in kept

    await qa.archive.edit(replace(answer, content="use a lock in redis"))
    await qa.archive.edit(replace(burst[0], content="restart policy"))
    await qa.archive.delete([burst[1].message_id, first.message_id])
    kept, recomputed = await _kept_and_recomputed(migrated)
    assert kept == recomputed and ("lock", celery.thread_id, True) in kept  # the answer

    await qa.archive.forget_threads(thread_id=redis.thread_id)
    await qa.archive.forget_user(MENTOR)
    kept, recomputed = await _kept_and_recomputed(migrated)
    assert kept == recomputed == set()
