"""The nudge sweep at scale: one tick over 10,000 Q&A threads (100,000 messages), SQLite.

The scheduler runs the sweep every minute, so its steady-state cost matters: every open
thread of the last 45 days is read, and nudges due within the catch-up window registered.
"""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

from bench.harness import temp_dir
from bench.qa_seed import START, Archive, TextMaker, seed
from bot.db.engine import Database
from bot.services.guild_settings import GuildSettingsService
from bot.services.nudges.sweep import NudgeSweep

THREADS, MESSAGES = 10_000, 100_000


async def run(calls: int = 1000) -> None:
    ticks = max(20, calls // 20)
    with temp_dir() as folder:
        db = Database(f"sqlite+aiosqlite:///{Path(folder) / 'nudges.db'}")
        await db.upgrade()
        await seed(db.engine, Archive(1, 2, THREADS, MESSAGES), TextMaker())
        now = START + timedelta(days=10)
        sweep = NudgeSweep(
            db.sessions,
            GuildSettingsService(db.sessions, lambda: now),
            lambda slug: None,
            catchup=timedelta(minutes=60),
        )
        timings = []
        for _ in range(ticks):
            started = time.perf_counter()
            await sweep.register_due(now)
            timings.append((time.perf_counter() - started) * 1000)
        await db.dispose()
    timings.sort()
    p50, p99 = timings[len(timings) // 2], timings[min(len(timings) - 1, len(timings) * 99 // 100)]
    print(f"nudge sweep, {THREADS:,} open threads / {MESSAGES:,} messages (SQLite), "
          f"{ticks} ticks: p50 {p50:.1f} ms, p99 {p99:.1f} ms")  # fmt: skip
