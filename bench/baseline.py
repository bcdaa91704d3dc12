"""Baseline: a no-op slash command, `/nexus status`, and start-up on an empty database."""

from __future__ import annotations

import time
from pathlib import Path

import simcord

from bench.harness import bench_bot, bench_settings, pause_wall_clock_jobs, report, temp_dir, timed
from bot.simulation import build_world


async def run(calls: int = 1000) -> None:
    with temp_dir() as tmp:
        start = time.perf_counter()
        bot = bench_bot(bench_settings(Path(tmp)))
        async with simcord.run(bot) as env:
            pause_wall_clock_jobs(bot)
            ready_ms = (time.perf_counter() - start) * 1000
            world = build_world(env)
            alice, mentor, channel = world.alice, world.mentor, world.channel
            noop = await timed("/noop (public)", lambda _: alice.slash(channel, "noop"), calls)
            noop_eph = await timed(
                "/noop-ephemeral", lambda _: alice.slash(channel, "noop-ephemeral"), calls
            )
            status = await timed(
                # `/nexus` is a Manage Server group: members don't see it.
                "/nexus status (ephemeral)",
                lambda _: mentor.slash(channel, "nexus status"),
                calls,
            )
    report(
        "Baseline (SQLite)",
        [(noop, None), (noop_eph, None), (status, noop_eph)],
    )
    print(f"create_bot() to READY on an empty database (migrations included): {ready_ms:.0f} ms")
