"""Baseline: a no-op slash command, `/nexus status`, and start-up on an empty database."""

from __future__ import annotations

import time
from pathlib import Path

import simcord

from bench.harness import (
    bench_bot,
    bench_settings,
    pause_wall_clock_jobs,
    temp_dir,
    timed,
    timing_table,
)
from bench.report import GUARD, REFERENCE, ratio_guard, table
from bot.simulation import build_world

SUMMARY = (
    "The floor every other suite is measured against: the wall-clock round trip of a no-op "
    "slash command through the simulated Discord (public and ephemeral), `/nexus status` "
    "(a few database reads) as a multiple of the ephemeral no-op's p99, and the time from "
    "`create_bot()` to READY on an empty SQLite database, migrations included."
)


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
    timing_table(
        "Baseline (SQLite)",
        [
            (noop, None, REFERENCE),
            (noop_eph, None, REFERENCE),
            (status, noop_eph, ratio_guard(noop_eph.name)),
        ],
    )
    table(
        "Start-up",
        ["measure", "ms", "goal", "verdict"],
        [
            [
                "create_bot() to READY, empty database (migrations included)",
                f"{ready_ms:,.0f}",
                GUARD.text,
                GUARD.verdict(ready_ms),
            ]
        ],
    )
