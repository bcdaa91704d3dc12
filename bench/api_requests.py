"""`/api request` and `/api list` with 10,000 requests in the guild, on SQLite and PostgreSQL.

Each is reported as a ratio against the ephemeral no-op (both replies are ephemeral), timed
in turn with it in the same run. Each keeps the commands' one regression guard (p99 at most
3x that no-op, reported, not a goal: issue 33).
The 10,000 requests are seeded in bulk through SQL, not through Discord.
"""

from __future__ import annotations

import itertools
import os
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import discord
import simcord
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.harness import (
    Timing,
    bench_bot,
    bench_settings,
    pause_wall_clock_jobs,
    temp_dir,
    timing_table,
)
from bench.report import CONTEXT, REFERENCE, Goal, note, ratio_guard
from bot.app import NexusBot
from bot.db.engine import Database
from bot.db.models.api_requests import ApiRequestRow, ApiRequestTally, tally_column
from bot.services.api.status import ApiStatus, HttpMethod
from bot.simulation import build_world

SEEDED = 10_000
DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
# Beside the ephemeral no-op, under the commands' one guard (bench/report.py).
GUARDED = {"/api request", "/api list"}
SUMMARY = (
    "`/api request` (a writing command: it acknowledges, numbers and stores the request, "
    "opens its thread and posts its card) and `/api list` with 10,000 requests already in "
    "the guild (seeded in bulk through SQL), on SQLite and PostgreSQL. Each is timed call by "
    "call in turn with the ephemeral no-op, so a slow spell of the shared machine weighs on "
    "both, and reported as a multiple of that no-op's p99; `/api request` also beside a no-op "
    "that defers and edits as a writing command does, for context."
)
# A mix like a busy cohort's: most requests still open or being built.
_STATUS_MIX = [
    ApiStatus.OPEN,
    ApiStatus.OPEN,
    ApiStatus.OPEN,
    ApiStatus.CLAIMED,
    ApiStatus.IN_PROGRESS,
    ApiStatus.IN_PROGRESS,
    ApiStatus.READY,
    ApiStatus.DONE,
    ApiStatus.DONE,
    ApiStatus.BLOCKED,
    ApiStatus.REJECTED,
]
_METHODS = list(HttpMethod)


async def seed(db: Database, guild_id: int, requester_ids: list[int], count: int) -> None:
    """`count` requests in one guild, with their tally, inserted in bulk."""
    now = discord.utils.utcnow()
    rows: list[dict[str, Any]] = []
    for number in range(1, count + 1):
        status = _STATUS_MIX[number % len(_STATUS_MIX)]
        has_claimer = status not in (ApiStatus.OPEN, ApiStatus.REJECTED)
        path = f"/seeded/{number}/{{id}}"
        rows.append(
            {
                "id": number,
                "guild_id": guild_id,
                "number": number,
                "method": _METHODS[number % len(_METHODS)],
                "path": path,
                "path_shape": f"/seeded/{number}/{{}}",
                "summary": f"Seeded request {number}",
                "details": "Seeded for the benchmark.",
                "requester_id": requester_ids[number % len(requester_ids)],
                "claimer_id": requester_ids[(number + 1) % len(requester_ids)]
                if has_claimer
                else None,
                "status": status,
                "blocked_from": ApiStatus.IN_PROGRESS if status is ApiStatus.BLOCKED else None,
                "revision": 0,
                "thread_id": 10**17 + number,
                "card_message_id": 2 * 10**17 + number,
                "created_at": now,
                "updated_at": now,
            }
        )
    async with db.sessions.begin() as session:
        await session.execute(insert(ApiRequestRow), rows)
        tally: dict[str, Any] = dict.fromkeys(map(tally_column, ApiStatus), 0)
        for row in rows:
            tally[tally_column(row["status"])] += 1
        await session.execute(
            insert(ApiRequestTally), [{"guild_id": guild_id, "last_number": count, **tally}]
        )
    if db.backend == "postgresql":
        # Explicit ids were inserted: move the sequence past them, and refresh statistics.
        async with db.engine.begin() as conn:
            await conn.execute(
                text("SELECT setval(pg_get_serial_sequence('api_requests', 'id'), :n)"),
                {"n": count},
            )
            await conn.execute(text("ANALYZE"))


async def measure(bot: NexusBot, calls: int) -> list[tuple[Timing, Timing | None]]:
    async with simcord.run(bot) as env:
        pause_wall_clock_jobs(bot)
        world = build_world(env)
        alice, channel = world.alice, world.channel
        others = [world.bob.id, world.mentor.id, *range(10**15, 10**15 + 47)]
        await seed(bot.db, world.guild.id, [alice.id, *others], SEEDED)
        noop = lambda: alice.slash(channel, "noop-ephemeral")  # noqa: E731
        listing, base_for_list = await alongside_baseline(
            "/api list", lambda: alice.slash(channel, "api list"), noop, calls
        )
        paths = (f"/bench/{n}" for n in itertools.count())
        requesting, base_for_request = await alongside_baseline(
            "/api request",
            lambda: alice.slash(
                channel, "api request", method="GET", path=next(paths), summary="Bench"
            ),
            noop,
            calls,
        )
        # Since issue 11 a writing command defers first and edits its answer in: two calls
        # to Discord where the no-op makes one. The same command beside a no-op that does so.
        acknowledged, base_acknowledged = await alongside_baseline(
            "/api request (vs. deferred no-op)",
            lambda: alice.slash(
                channel, "api request", method="GET", path=next(paths), summary="Bench"
            ),
            lambda: alice.slash(channel, "noop-deferred"),
            calls,
            baseline_name="/noop-deferred",
        )
    return [
        (base_for_list, None),
        (listing, base_for_list),
        (base_for_request, None),
        (requesting, base_for_request),
        (base_acknowledged, None),
        (acknowledged, base_acknowledged),
    ]


async def alongside_baseline(
    name: str,
    action: Callable[[], Awaitable[Any]],
    baseline: Callable[[], Awaitable[Any]],
    calls: int,
    warmup: int = 20,
    baseline_name: str = "/noop-ephemeral",
) -> tuple[Timing, Timing]:
    """`action` and the baseline timed call by call in turn: a slow spell on a shared machine
    then weighs on both alike, as a baseline measured minutes earlier would not."""
    for _ in range(warmup):
        await baseline()
        await action()
    measured: list[float] = []
    base: list[float] = []
    for _ in range(calls):
        start = time.perf_counter()
        await baseline()
        middle = time.perf_counter()
        await action()
        end = time.perf_counter()
        base.append((middle - start) * 1000)
        measured.append((end - middle) * 1000)
    return Timing(name, measured), Timing(f"{baseline_name} (alongside {name})", base)


def with_goals(
    rows: list[tuple[Timing, Timing | None]],
) -> list[tuple[Timing, Timing | None, Goal]]:
    judged: list[tuple[Timing, Timing | None, Goal]] = []
    for timing, base in rows:
        if base is None:
            goal = REFERENCE
        elif timing.name not in GUARDED:
            goal = CONTEXT  # the same command beside a no-op that also defers
        else:
            goal = ratio_guard("the no-op beside it")
        judged.append((timing, base, goal))
    return judged


async def on_sqlite(calls: int) -> None:
    with temp_dir() as tmp:
        rows = await measure(bench_bot(bench_settings(Path(tmp))), calls)
    timing_table(f"API requests, {SEEDED:,} seeded (SQLite)", with_goals(rows))


@asynccontextmanager
async def fresh_schema(url: str) -> AsyncIterator[str]:
    """A throwaway PostgreSQL schema, dropped afterwards whatever happens."""
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(url)
    try:
        async with admin.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield schema
    finally:
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        await admin.dispose()


async def on_postgresql(calls: int) -> None:
    url = os.environ.get("NEXUS_TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL
    try:
        with temp_dir() as tmp:
            async with fresh_schema(url) as schema:
                bot = bench_bot(bench_settings(Path(tmp), database_url=url))
                # The bot's own engine, bound to the throwaway schema instead of `public`.
                await bot.db.dispose()
                bot.db = Database(url, connect_args={"server_settings": {"search_path": schema}})
                rows = await measure(bot, calls)
    except OSError as error:
        note(f"API requests on PostgreSQL: not measured, {url} unreachable ({error}).")
        return
    timing_table(f"API requests, {SEEDED:,} seeded (PostgreSQL)", with_goals(rows))


async def run(calls: int = 1000) -> None:
    await on_sqlite(calls)
    await on_postgresql(calls)
