"""How cost grows with the archive: 10,000, 100,000 and 1,000,000 stored messages.

Per backend and size, a fresh database at the bot's schema (`alembic upgrade`) is seeded
fast (bench/archive_seed.py), then: `/qa search` in the database (`QASearch.search`, p95)
for common and rare words; ingest through the archive service (`MessageArchive.store`),
one message awaited after another and a batch submitted at once; the bot's start to READY
in the simulated Discord and its resident memory then, in a process of its own
(bench/archive_ready.py); and the database's size on disk. PostgreSQL runs in scratch
databases at the server of NEXUS_TEST_POSTGRES_URL, dropped afterwards.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bench.archive_seed import PER_THREAD, after_bulk_load, seed, size_on_disk
from bench.harness import ROOT, Timing, temp_dir
from bench.qa_seed import Archive, TextMaker, new_messages
from bench.report import Goal, at_least, below, note, table
from bot.db.engine import Database
from bot.services.qa.archive import MessageArchive
from bot.services.qa.search import QASearch

SIZES = (10_000, 100_000, 1_000_000)
# 1,000,000 messages take minutes to seed (PostgreSQL about 8): by hand, on both backends,
# with NEXUS_BENCH_ARCHIVE_1M=1; `make bench` runs the two smaller sizes.
MEASURED_SIZES = SIZES if os.environ.get("NEXUS_BENCH_ARCHIVE_1M") else SIZES[:2]
# What the run by hand measured (this machine, 2 shared cores, other work running).
BY_HAND = (
    "1,000,000 messages are left out of `make bench` (seeding took 71-87 s on SQLite and "
    "496 s on PostgreSQL); run by hand with NEXUS_BENCH_ARCHIVE_1M=1. That run measured, on "
    "PostgreSQL: search p95 79.2 ms for a common word (goal < 25 ms: MISSED) and 7.0 ms for "
    "a rare one (met), ingest 100 msg/s one by one (goal >= 2,000: MISSED) and 1,152 batched, "
    "start to READY 4,098 ms (goal < 3 s: MISSED), RSS at READY 195 MiB (met), 2,759 MiB on "
    "disk; on SQLite: start to READY 3,747 ms (MISSED), RSS 454 MiB (MISSED, SQLite's mmap "
    "included), search and ingest not recorded (that run's READY child failed first)."
)
GUILD, CHANNEL = 1, 2
SEARCHES, ONE_BY_ONE, BATCHED = 300, 1_000, 5_000
COMMON, RARE = 10, 20_000  # the 10 most frequent content words; those ranked 20,000 or more
DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
SUMMARY = (
    "How cost grows with the archive: 10,000, 100,000 and 1,000,000 stored messages (ten a "
    "thread) on SQLite and PostgreSQL, each seeded fast into a fresh database at the bot's "
    "schema, full-text tables included. `/qa search` as `QASearch.search` in the database "
    "(p95 of 300 searches) for a common word (one of the 10 most frequent content words, each "
    "in about 1% of messages) and a rare one (ranked 20,000 or more of 30,000, each in about "
    "one message in 10,000); ingest through `MessageArchive.store`, 1,000 messages one after "
    "another and 5,000 submitted at once (the service batches them); the bot's start to READY "
    "in the simulated Discord and its RSS then, in a process of its own; the database's size "
    "on disk. Goals (issue 33) at 1,000,000 messages."
)
GOALS = {
    "search_common": below(25, "p95 < 25 ms"),
    "search_rare": below(25, "p95 < 25 ms"),
    "one_by_one": at_least(2_000, ">= 2,000 msg/s"),
    "batched": Goal("reported (no target stated)"),
    "ready_ms": below(3_000, "< 3 s"),
    "rss_mib": below(300, "< 300 MB"),
    "rss_anon_mib": Goal("context: RSS without mapped file pages"),
    "size_mib": Goal("reported (no target stated)"),
    "seeded_s": Goal("context: seeding time (no target)"),
}
LABELS = {
    "search_common": "/qa search p95, a common word, ms",
    "search_rare": "/qa search p95, a rare word, ms",
    "one_by_one": "ingest one by one, messages/s",
    "batched": "ingest batched (5,000 at once), messages/s",
    "ready_ms": "bot start to READY, ms",
    "rss_mib": "bot RSS at READY, MiB",
    "rss_anon_mib": "of which anonymous (heap, not SQLite's mmap), MiB",
    "size_mib": "database on disk, MiB",
    "seeded_s": "seeding (bulk insert, full-text index), s",
}
DIGITS = {
    "search_common": 1,
    "search_rare": 1,
    "rss_mib": 0,
    "rss_anon_mib": 0,
    "size_mib": 0,
    "seeded_s": 1,
}


@dataclass(frozen=True)
class Store:
    label: str
    url: str
    path: Path | None  # the SQLite file


async def run(calls: int = 1000) -> None:
    searches = min(calls, SEARCHES)
    figures: dict[tuple[str, int], dict[str, float]] = {}
    for size in MEASURED_SIZES:
        with temp_dir() as tmp:
            path = Path(tmp) / "archive.db"
            store = Store("SQLite", f"sqlite+aiosqlite:///{path}", path)
            figures["SQLite", size] = await measure(store, size, searches)
    postgres = os.environ.get("NEXUS_TEST_POSTGRES_URL") or DEFAULT_POSTGRES
    for size in MEASURED_SIZES:
        try:
            async with scratch_database(postgres) as url:
                figures["PostgreSQL", size] = await measure(
                    Store("PostgreSQL", url, None), size, searches
                )
        except OSError as error:
            note(f"Archive on PostgreSQL: not measured, {postgres} unreachable ({error}).")
            break
    report(figures)
    if SIZES[-1] not in MEASURED_SIZES:
        note(BY_HAND)


@asynccontextmanager
async def scratch_database(url: str) -> AsyncIterator[str]:
    """A database of its own on the same server, dropped afterwards whatever happens."""
    name = f"bench_archive_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def measure(store: Store, size: int, searches: int) -> dict[str, float]:
    archive = Archive(GUILD, CHANNEL, size // PER_THREAD, size)
    maker = TextMaker()
    db = Database(store.url)
    try:
        await db.upgrade()
        started = time.perf_counter()
        await seed(db, archive, maker)
        await after_bulk_load(db)
        seeded_s = time.perf_counter() - started
        print(f"{store.label} {size:,}: seeded in {seeded_s:.1f} s", flush=True)
        search = QASearch(db.sessions, lambda: datetime.now(UTC))
        await finds_seeded_text(db, search, maker)
        common = await search_p95(search, maker.content_words[:COMMON], searches)
        rare = await search_p95(search, maker.content_words[RARE:], searches)
        one_by_one, batched = await ingest(
            MessageArchive(db.sessions, lambda: datetime.now(UTC)), archive, maker
        )
        size_mib = await size_on_disk(db, store.path) / 2**20
    finally:
        await db.dispose()
    started_bot = await bot_at_ready(store.url)
    return {
        "search_common": common, "search_rare": rare, "one_by_one": one_by_one,
        "batched": batched, "size_mib": size_mib, "seeded_s": seeded_s, **started_bot,
    }  # fmt: skip


async def finds_seeded_text(db: Database, search: QASearch, maker: TextMaker) -> None:
    """The seeded full-text index answers: a message's two rarest words find its thread."""
    rank = {word: n for n, word in enumerate(maker.content_words)}
    async with db.engine.connect() as conn:
        thread_id, content = (
            await conn.execute(
                text("SELECT thread_id, content FROM qa_messages ORDER BY message_id DESC LIMIT 1")
            )
        ).one()
    words = sorted({w for w in content.split() if w in rank}, key=rank.__getitem__)[-2:]
    page = await search.search(
        GUILD, " ".join(words), channel_ids=frozenset({CHANNEL}), per_page=25
    )
    assert any(hit.thread_id == thread_id for hit in page.hits), f"{words} miss their thread"


async def search_p95(search: QASearch, words: list[str], calls: int) -> float:
    rng = random.Random(5)
    visible = frozenset({CHANNEL})
    for word in words[:10]:  # warm: the first search of a connection pays for its setup
        await search.search(GUILD, word, channel_ids=visible)
    samples = []
    for _ in range(calls):
        query = rng.choice(words)
        started = time.perf_counter()
        await search.search(GUILD, query, channel_ids=visible)
        samples.append((time.perf_counter() - started) * 1000)
    return Timing("search", samples).p95


async def ingest(archive: MessageArchive, seeded: Archive, maker: TextMaker) -> tuple[float, float]:
    """Messages per second stored by the service: awaited one by one, then submitted at once
    (as gateway events arrive: the service batches what comes in together)."""
    incoming = new_messages(seeded, maker, ONE_BY_ONE + BATCHED)
    started = time.perf_counter()
    for message in incoming[:ONE_BY_ONE]:
        assert await archive.store(message)
    one_by_one = ONE_BY_ONE / (time.perf_counter() - started)
    started = time.perf_counter()
    stored = await asyncio.gather(*(archive.store(m) for m in incoming[ONE_BY_ONE:]))
    batched = BATCHED / (time.perf_counter() - started)
    assert all(stored), "every message of the batch is stored"
    return one_by_one, batched


async def bot_at_ready(url: str) -> dict[str, float]:
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bench.archive_ready", url],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"the bot did not start on the archive: {last}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def report(figures: dict[tuple[str, int], dict[str, float]]) -> None:
    columns = [(backend, size) for backend in ("SQLite", "PostgreSQL") for size in SIZES]
    headings = [f"{backend} {size:,}" for backend, size in columns]
    rows = []
    for key, label in LABELS.items():
        cells = []
        for column in columns:
            value = figures.get(column, {}).get(key)
            digits = DIGITS.get(key, 0)
            cells.append("not run" if value is None else f"{value:,.{digits}f}")
        goal = GOALS[key]
        verdicts = [
            f"{backend}: {goal.verdict(figures.get((backend, SIZES[-1]), {}).get(key))}"
            for backend in ("SQLite", "PostgreSQL")
        ]
        judged = goal.check is not None
        rows.append([label, *cells, f"{goal.text} (at 1,000,000)" if judged else goal.text,
                     "; ".join(verdicts) if judged else "-"])  # fmt: skip
    table(
        "Archive growth: stored messages per column",
        ["measure", *headings, "goal", "verdict"],
        rows,
    )
