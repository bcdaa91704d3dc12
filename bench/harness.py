"""Shared benchmark machinery: a bot in a simulated guild, timed slash-command round trips.

Every figure is the wall-clock round trip of one actor verb (interaction sent, bot code
run, reply recorded by the simulated Discord). simcord waits a settle tick after each
verb; we shorten it so the tick does not dominate, and report each command as a ratio
against a no-op command of the same visibility measured in the same run.
"""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import discord
from simcord.env import Env

from bench.report import Goal, ms, table, times
from bot.app import NexusBot, create_bot
from bot.config import RateLimit, Settings

ROOT = Path(__file__).resolve().parents[1]
SETTLE_TICK = 0.001


def shorten_settle_tick(seconds: float = SETTLE_TICK) -> None:
    """The benchmarks' only use of a private simcord API (checked against simcord 3.2.1).

    After each actor verb simcord settles the bot, waking every `idle` seconds (50 ms by
    default) while bot work is pending; that tick would dominate a command of a few ms.
    Its public API offers `idle` only on an explicit `Env.settle(idle=...)`: `Env` and
    `simcord.run` take `settle_timeout` but no tick, and the verbs (`slash`, `autocomplete`,
    ...) call the private `Env._settle_internal` with its default. So the default is
    changed here, once, before any Env exists."""
    defaults = Env._settle_internal.__kwdefaults__
    if defaults is None or "idle" not in defaults:
        raise RuntimeError("simcord's Env._settle_internal no longer takes `idle`: see here")
    defaults["idle"] = seconds


@dataclass(frozen=True)
class Timing:
    name: str
    samples_ms: list[float]

    @property
    def p50(self) -> float:
        return statistics.median(self.samples_ms)

    def percentile(self, q: int) -> float:
        return statistics.quantiles(self.samples_ms, n=100, method="inclusive")[q - 1]

    @property
    def p95(self) -> float:
        return self.percentile(95)

    @property
    def p99(self) -> float:
        return self.percentile(99)


def bench_settings(tmp: Path, database_url: str | None = None, **overrides: Any) -> Settings:
    return replace(
        Settings(
            database_url=database_url or f"sqlite+aiosqlite:///{tmp / 'bench.db'}",
            content_dir=ROOT / "content",
            log_level="WARNING",
            # Benchmarks send thousands of writes from one member on purpose.
            write_rate=RateLimit(10**9, 1),
        ),
        **overrides,
    )


def add_noop_commands(bot: NexusBot) -> None:
    """Baselines: commands that answer at once (public, ephemeral, autocomplete), and one
    that acknowledges first and then answers, as every writing command does."""

    @bot.tree.command(name="noop", description="Benchmark baseline (public)")
    async def noop(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("ok")

    @bot.tree.command(name="noop-ephemeral", description="Benchmark baseline (ephemeral)")
    async def noop_ephemeral(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("ok", ephemeral=True)

    @bot.tree.command(name="noop-deferred", description="Benchmark baseline (acknowledged)")
    async def noop_deferred(interaction: discord.Interaction) -> None:
        # What a writing command does around its work (cogs/ui/acknowledge.py).
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.edit_original_response(content="ok")

    @bot.tree.command(name="noop-complete", description="Benchmark baseline (autocomplete)")
    async def noop_complete(interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message("ok", ephemeral=True)

    @noop_complete.autocomplete("text")
    async def noop_choices(
        interaction: discord.Interaction, current: str
    ) -> list[discord.app_commands.Choice[str]]:
        return [discord.app_commands.Choice(name=current or "x", value=current or "x")]


def bench_bot(settings: Settings) -> NexusBot:
    bot = create_bot(settings)
    add_noop_commands(bot)
    # As `python -m bot run` does: long-lived objects set aside once started (bot/heap.py).
    bot.sets_aside_heap = True
    return bot


def pause_wall_clock_jobs(bot: NexusBot) -> None:
    """Hold the scheduler's minute job (nudge sweep, due posts) while commands are timed.

    It runs on the wall clock, so it would fire at a random point of a run; over a seeded
    archive, whose quiet threads all call for nudges at the simulated date, it takes
    seconds, and once outlasted simcord's settle timeout. `python -m bench nudges` times
    the sweep on its own; `python -m bench load` runs a scheduled post on purpose."""
    bot.scheduler.pause()


async def timed(
    name: str, action: Callable[[int], Awaitable[Any]], calls: int, warmup: int = 20
) -> Timing:
    for i in range(warmup):
        await action(i)
    samples = []
    for i in range(calls):
        start = time.perf_counter()
        await action(i)
        samples.append((time.perf_counter() - start) * 1000)
    return Timing(name, samples)


def timing_table(title: str, rows: list[tuple[Timing, Timing | None, Goal]]) -> None:
    """p50/p99 (ms) of each measure and its p99 as a multiple of its baseline's, beside its
    goal: judged on that ratio when the row has a baseline, else on the p99 in ms."""
    cells = []
    for timing, base, goal in rows:
        ratio = timing.p99 / base.p99 if base is not None else None
        cells.append([
            timing.name, str(len(timing.samples_ms)), ms(timing.p50), ms(timing.p99),
            times(ratio) if base is not None else "-", goal.text,
            goal.verdict(ratio if base is not None else timing.p99),
        ])  # fmt: skip
    table(title, ["measure", "n", "p50 ms", "p99 ms", "p99 x base", "goal", "verdict"], cells)


def temp_dir() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="nexus-bench-")


class CollectionPauses:
    """Python's garbage collections while the block runs: how many of each generation, and
    the longest (a full one holds the whole interpreter)."""

    def __init__(self) -> None:
        self.pauses: list[tuple[int, float]] = []
        self._started = 0.0

    def _observe(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append((info["generation"], (time.perf_counter() - self._started) * 1000))

    def __enter__(self) -> CollectionPauses:
        gc.callbacks.append(self._observe)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self._observe)

    @property
    def full(self) -> int:
        return sum(1 for generation, _ in self.pauses if generation == 2)

    @property
    def longest_ms(self) -> float:
        return max((pause for _, pause in self.pauses), default=0.0)

    def summary(self) -> str:
        return (
            f"{len(self.pauses)} garbage collections ({self.full} full), "
            f"longest {self.longest_ms:.0f} ms"
        )
