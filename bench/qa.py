"""Q&A at scale: 100,000 stored messages in 10,000 threads, on SQLite and PostgreSQL.

Measures, per backend: `/qa search` as a service call (p95, goal < 20 ms), end to end
through the simulated Discord against the ephemeral no-op baseline of the same run (p99,
under the commands' regression guard of 3x, reported, not a goal), message ingest through
the archive service one message per transaction (goal >= 1,000/s on SQLite), and the
database size per 1,000 stored messages.
PostgreSQL runs in a fresh schema (dropped afterwards) at NEXUS_TEST_POSTGRES_URL, or
postgresql+asyncpg://postgres@127.0.0.1:5432/test; it is skipped if unreachable.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import simcord
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.harness import (
    CollectionPauses,
    Timing,
    bench_bot,
    bench_settings,
    pause_wall_clock_jobs,
    temp_dir,
    timed,
)
from bench.qa_seed import Archive, TextMaker, new_messages, seed
from bench.report import (
    CONTEXT,
    GUARD,
    REFERENCE,
    Goal,
    at_least,
    below,
    ms,
    note,
    ratio_guard,
    table,
)
from bot.db.engine import Database
from bot.services.qa.archive import MessageArchive
from bot.simulation import build_world

THREADS, MESSAGES = 10_000, 100_000
ONE_BY_ONE, BURST = 2_000, 10_000
DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
SUMMARY = (
    "Q&A at scale: 100,000 stored messages in 10,000 threads, seeded in bulk, on SQLite and "
    "PostgreSQL (a fresh schema at NEXUS_TEST_POSTGRES_URL, dropped afterwards). `/qa search` "
    "as a service call and end to end through the simulated Discord (as a multiple of the "
    "ephemeral no-op's p99 in the same run); message ingest through the archive service, "
    "one transaction per message, both as a burst (as gateway events arrive) and one after "
    "another; and the database's size per 1,000 stored messages."
)
SERVICE_P95_GOAL_MS, INGEST_GOAL = 20.0, 1_000.0


@dataclass(frozen=True)
class Store:
    label: str
    url: str
    connect_args: dict[str, Any]
    size_bytes: Callable[[Database], Awaitable[int]]


async def run(calls: int = 1000) -> None:
    with temp_dir() as tmp:
        path = Path(tmp) / "qa-bench.db"
        sqlite = Store(
            "SQLite", f"sqlite+aiosqlite:///{path}", {}, lambda db: _sqlite_size(db, path)
        )
        await _bench(sqlite, Path(tmp), calls)
        async with _postgres_schema() as postgres:
            if postgres is None:
                note("Q&A on PostgreSQL: not measured, the server is not reachable.")
            else:
                await _bench(postgres, Path(tmp), calls)


async def _bench(store: Store, tmp: Path, calls: int) -> None:
    bot = bench_bot(bench_settings(tmp, database_url=store.url))
    # The bot's own database object, so PostgreSQL can use the benchmark's schema.
    bot.db = Database(store.url, connect_args=store.connect_args)
    async with simcord.run(bot) as env:
        pause_wall_clock_jobs(bot)
        world = build_world(env)
        alice, channel = world.alice, world.channel
        archive = Archive(world.guild.id, channel.id, THREADS, MESSAGES)
        maker = TextMaker()

        started = time.perf_counter()
        await seed(bot.db.engine, archive, maker)
        seeded_s = time.perf_counter() - started
        await after_bulk_load(bot.db)
        size = await store.size_bytes(bot.db)

        queries = [maker.query() for _ in range(calls)]
        search = bot.services.qa_search
        visible = frozenset({channel.id})
        found: list[int] = []

        async def service_call(i: int) -> None:
            page = await search.search(archive.guild_id, queries[i % calls], channel_ids=visible)
            found.append(len(page.hits))

        service = await timed("qa_search.search (service call)", service_call, calls)
        noop = await timed(
            "/noop-ephemeral", lambda _: alice.slash(channel, "noop-ephemeral"), calls
        )
        with CollectionPauses() as pauses:
            end_to_end = await timed(
                "/qa search (ephemeral)",
                lambda i: alice.slash(channel, "qa search", query=queries[i % calls]),
                calls,
            )

        one_by_one, burst = await _ingest(bot.services.qa_archive, archive, maker)

    searches = f"Q&A, {store.label}: {MESSAGES:,} messages in {THREADS:,} threads"
    _search_table(searches, service, noop, end_to_end)
    with_hits = sum(1 for n in found[-calls:] if n) / max(1, len(found[-calls:]))
    ingest_goal: Goal = (
        at_least(INGEST_GOAL, f">= {INGEST_GOAL:,.0f} messages/s")
        if bot.db.backend == "sqlite"
        else Goal("regression guard (the goal is SQLite's)")
    )
    per_thousand = size / (MESSAGES / 1000) / 2**10
    rows: list[tuple[str, str, Goal, float | None]] = [
        ("ingest, a burst arriving together as gateway events do, messages/s",
         f"{burst:,.0f}", ingest_goal, burst),
        ("ingest, each message waiting for the one before, messages/s",
         f"{one_by_one:,.0f}", GUARD, None),
        ("database size after seeding, MiB", f"{size / 2**20:.1f}", GUARD, None),
        ("per 1,000 messages (threads, indexes, full-text index), KiB",
         f"{per_thousand:,.0f}", GUARD, None),
        ("seeding by bulk INSERTs, s", f"{seeded_s:.1f}", CONTEXT, None),
        ("queries that found something", f"{with_hits:.0%}", CONTEXT, None),
        ("garbage collections during the end-to-end calls (full)",
         f"{len(pauses.pauses)} ({pauses.full})", CONTEXT, None),
        ("longest collection meanwhile, ms", f"{pauses.longest_ms:.0f}", CONTEXT, None),
    ]  # fmt: skip
    table(
        f"Q&A, {store.label}: ingest and storage",
        ["measure", "figure", "goal", "verdict"],
        [[name, figure, goal.text, goal.verdict(value)] for name, figure, goal, value in rows],
    )


def _search_table(title: str, service: Timing, noop: Timing, end_to_end: Timing) -> None:
    ratio = end_to_end.p99 / noop.p99
    service_goal = below(SERVICE_P95_GOAL_MS, f"p95 < {SERVICE_P95_GOAL_MS:g} ms")
    end_goal = ratio_guard(noop.name)
    rows = [
        (service, "-", service_goal, service.p95),
        (noop, "-", REFERENCE, None),
        (end_to_end, f"{ratio:.2f}x", end_goal, ratio),
    ]
    table(
        title,
        ["measure", "n", "p50 ms", "p95 ms", "p99 ms", "p99 x base", "goal", "verdict"],
        [
            [t.name, str(len(t.samples_ms)), ms(t.p50), ms(t.p95), ms(t.p99), x, g.text,
             g.verdict(value)]
            for t, x, g, value in rows
        ],
    )  # fmt: skip


async def _ingest(
    archive: MessageArchive, seeded: Archive, maker: TextMaker
) -> tuple[float, float]:
    """Messages per second stored through the service: one awaited after another, then a
    burst submitted at once, the way discord.py runs each message event as its own task."""
    incoming = new_messages(seeded, maker, ONE_BY_ONE + BURST)
    started = time.perf_counter()
    for message in incoming[:ONE_BY_ONE]:
        await archive.store(message)
    one_by_one = ONE_BY_ONE / (time.perf_counter() - started)
    started = time.perf_counter()
    stored = await asyncio.gather(*(archive.store(m) for m in incoming[ONE_BY_ONE:]))
    burst = BURST / (time.perf_counter() - started)
    assert all(stored), "every message of the burst is stored"
    return one_by_one, burst


async def after_bulk_load(db: Database) -> None:
    """On PostgreSQL, what autovacuum does after a bulk load: statistics for the planner,
    and the visibility map that lets index-only scans skip the heap."""
    if db.backend != "postgresql":
        return
    async with db.engine.connect() as conn:
        autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.execute(text("VACUUM ANALYZE"))


def _file_sizes(*paths: Path) -> int:
    return sum(path.stat().st_size for path in paths if path.exists())


async def _sqlite_size(db: Database, path: Path) -> int:
    async with db.engine.connect() as conn:
        await conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    return _file_sizes(path, path.with_name(path.name + "-wal"))


@asynccontextmanager
async def _postgres_schema() -> AsyncIterator[Store | None]:
    url = os.environ.get("NEXUS_TEST_POSTGRES_URL") or DEFAULT_POSTGRES
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(url)
    try:
        async with admin.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception:
        await admin.dispose()
        yield None
        return

    async def size(db: Database) -> int:
        async with db.engine.connect() as conn:
            return int(
                (
                    await conn.execute(
                        text(
                            "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) "
                            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                            "WHERE n.nspname = :schema AND c.relkind = 'r'"
                        ),
                        {"schema": schema},
                    )
                ).scalar_one()
            )

    try:
        yield Store("PostgreSQL", url, {"server_settings": {"search_path": schema}}, size)
    finally:
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()
