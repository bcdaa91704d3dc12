"""`/ask`'s similar solved questions: are reworded questions matched to their thread?

Seeds the 100 solved threads of bench/recall_set.py (60 asked again twice in other words,
40 nearby distractors) on SQLite and PostgreSQL (a fresh schema, dropped afterwards),
then asks `similar_solved` every rewording and the 40 questions no thread answers.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, insert

from bench.harness import temp_dir
from bench.qa import _postgres_schema
from bench.recall_set import DISTRACTORS, NEW, SOLVED
from bench.report import CONTEXT, GUARD, at_least, at_most, note, table
from bot.db.engine import Database
from bot.db.models import QAThread
from bot.knowledge.library import load_library
from bot.services.qa.search import QASearch

GUILD, CHANNEL = 1, 10
FIRST_ID = 10**15
CONTENT = Path(__file__).resolve().parent.parent / "content"
RECALL_GOAL, FALSE_GOAL = 0.80, 0.20
SUMMARY = (
    "`/ask`'s similar solved questions on a set written the way learners ask "
    "(bench/recall_set.py): 60 solved threads each asked again in two other wordings, among 40 "
    "nearby solved distractors, and 40 new questions no thread answers; SQLite and PostgreSQL."
)
THREADS = cast(Table, QAThread.__table__)


class Recall(NamedTuple):
    recall_1: float
    recall_3: float
    recall_3_close: float  # counting only suggestions not labelled weak
    false_close: float  # new questions shown a suggestion not labelled weak
    false_any: float  # ...shown any suggestion, weak ones included
    mean_ms: float


def solved_rows(
    solved: tuple[Any, ...] = SOLVED, distractors: tuple[Any, ...] = DISTRACTORS
) -> list[dict[str, object]]:
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    texts = [(s.title, s.question, s.answer) for s in solved] + list(distractors)
    return [
        {
            "thread_id": FIRST_ID + n, "guild_id": GUILD, "parent_channel_id": CHANNEL,
            "starter_message_id": FIRST_ID + n, "asker_id": 5, "asker_name": "learner",
            "title": title, "topic_slug": None, "created_at": start + timedelta(hours=n),
            "solved_at": start + timedelta(hours=n, minutes=30),
            "answer_message_id": 2 * FIRST_ID + n, "answer_author_id": 6,
            "question": question, "answer_text": answer,
        }
        for n, (title, question, answer) in enumerate(texts)
    ]  # fmt: skip


async def seed(db: Database, rows: list[dict[str, object]]) -> None:
    async with db.engine.begin() as conn:
        await conn.execute(insert(THREADS), rows)


async def measure(
    search: QASearch, solved: tuple[Any, ...] = SOLVED, new: tuple[Any, ...] = NEW
) -> Recall:
    first = second = third_close = 0
    asked = 0
    started = time.perf_counter()
    for n, case in enumerate(solved):
        for again in case.again:
            asked += 1
            hits = await search.similar_solved(GUILD, again.title, again.question)
            ids = [hit.thread_id for hit in hits]
            first += bool(ids) and ids[0] == FIRST_ID + n
            second += FIRST_ID + n in ids
            third_close += FIRST_ID + n in [hit.thread_id for hit in hits if not hit.weak]
    close = shown = 0
    for question in new:
        hits = await search.similar_solved(GUILD, question.title, question.question)
        shown += bool(hits)
        close += any(not hit.weak for hit in hits)
    elapsed_ms = (time.perf_counter() - started) * 1000 / max(1, asked + len(new))
    return Recall(
        first / asked, second / asked, third_close / asked,
        close / max(1, len(new)), shown / max(1, len(new)), elapsed_ms,
    )  # fmt: skip


def _clock() -> datetime:
    return datetime(2026, 6, 1, tzinfo=UTC)


async def _backend(label: str, url: str, connect_args: dict[str, Any]) -> None:
    db = Database(url, connect_args=connect_args)
    try:
        await db.upgrade()
        await seed(db, solved_rows())
        library = load_library(CONTENT).library
        search = QASearch(db.sessions, _clock, lambda: library)
        await search.similar_solved(GUILD, "warm up", "the index is built on first use")
        found = await measure(search)
        plain = await measure(QASearch(db.sessions, _clock))
    finally:
        await db.dispose()
    recall = at_least(RECALL_GOAL, f">= {RECALL_GOAL:.0%}")
    false = at_most(FALSE_GOAL, f"<= {FALSE_GOAL:.0%} (a weak match, labelled, is allowed)")
    rows = [
        ("recall@1: the original is the first suggestion", found.recall_1, CONTEXT, None),
        ("recall@3: the original among the suggestions", found.recall_3, recall, found.recall_3),
        ("recall@3 counting close suggestions only (not labelled weak)",
         found.recall_3_close, CONTEXT, None),
        ("new questions shown a close suggestion (false-suggestion rate)",
         found.false_close, false, found.false_close),
        ("new questions shown any suggestion, weak ones included", found.false_any, CONTEXT, None),
        ("recall@3 without the knowledge base's thesaurus", plain.recall_3, GUARD, None),
    ]  # fmt: skip
    table(
        f"/ask similar solved questions, {label}",
        ["measure", "figure", "goal", "verdict"],
        [[name, f"{value:.1%}", g.text, g.verdict(v)] for name, value, g, v in rows],
    )
    note(f"{label}: similar_solved took {found.mean_ms:.2f} ms a question on average (warm index).")


async def run(calls: int = 0) -> None:
    with temp_dir() as tmp:
        await _backend("SQLite", f"sqlite+aiosqlite:///{Path(tmp) / 'recall.db'}", {})
    async with _postgres_schema() as postgres:
        if postgres is None:
            note("PostgreSQL: not measured, the server is not reachable.")
        else:
            await _backend("PostgreSQL", postgres.url, postgres.connect_args)
