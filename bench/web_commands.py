"""A slash command with and without page load, in one process and one run.

`/search` round trips through the simulated Discord while wrk asks the hub for a topic page
over 50 connections, with the hub served four ways (see `command_under_load`), and then
the same command's service calls on a plain event loop beside the paced hub, without the
simulated Discord. `python -m bench web` ends with this part; `python -m bench
web_commands` runs it alone.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import (
    AbstractAsyncContextManager,
    asynccontextmanager,
    contextmanager,
    nullcontext,
)
from dataclasses import replace
from pathlib import Path

import simcord

from bench.harness import (
    Timing,
    bench_bot,
    bench_settings,
    pause_wall_clock_jobs,
    report,
    temp_dir,
    timed,
)
from bot.app import NexusBot
from bot.config import Settings
from bot.db.engine import Database
from bot.heap import set_aside_long_lived
from bot.services.container import build_services
from bot.simulation import build_world
from bot.web.app import create_app
from bot.web.hub import Hub
from bot.web.pacing import shared_process_pacing
from bot.web.server import WebServer
from bot.web.standalone import BackgroundHub, utc_now

CONNECTIONS = 50
# The most that wrk runs under a block of calls; it is stopped (SIGINT) when the block ends.
UNDER_LOAD_SECONDS = 25
# The command's calls per block; idle and loaded blocks take turns.
BLOCK_CALLS = 250
SETTLE_SECONDS = 15.0
PLAIN_LOOP_CALLS = 4000
# How long wrk runs against the hub alone, to measure the process's busy share.
SHARE_SECONDS = 10


async def start_wrk(url: str, seconds: int) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        "wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip


async def run(calls: int = 1000) -> None:
    """`python -m bench web_commands`: only this part of `bench web`."""
    if shutil.which("wrk") is None:
        print("\nWeb hub: wrk not found (apt-get install wrk); the command part is skipped")
        return
    with temp_dir() as tmp:
        await command_under_load(bench_settings(Path(tmp), web_port=0), Path(tmp), calls)


async def command_under_load(settings: Settings, workdir: Path, calls: int) -> None:
    """`/search` round trips with the hub idle and under wrk load, in one bot process, for
    the ways of serving the hub: in a thread with its own loop, unpaced and paced as a hub
    sharing the bot's process is (`NEXUS_WEB_SHARED_RATE`, bot/web/pacing.py), which is
    how the playground runs it; on the bot's own loop, paced, as `python -m bot run` serves
    it; and, as the control, paced in a process of its own, so that wrk loads the machine
    alike while the bot's interpreter serves no page. The hub on the bot's loop is started
    from the benchmark's own task, outside the bot's, which simcord's settlement does not
    wait for; the control is started before the simulated Discord.

    The command's times drift over a run, with or without load (p50 2.8 to 4.2 ms idle
    over one run on 2026-12-06), and a p99 of a millisecond moves with every pause of the
    machine, so idle and loaded blocks take turns (`BLOCK_CALLS` calls each, the hub up
    throughout) and each side pools its blocks: drift and pauses fall on both sides alike.
    """
    control_db = f"sqlite+aiosqlite:///{workdir / 'control.db'}"
    bot = bench_bot(replace(settings, web_port=None))
    with _hub_in_own_process(control_db, settings.web_shared_rate) as control_url:
        rows, longest = await _measure_each_way(bot, settings, control_url, calls)
    report("Slash command with and without page load (same process, same run)", rows)
    blocks = max(1, calls // BLOCK_CALLS)
    print(f"(idle and loaded blocks of {BLOCK_CALLS} calls in turn, {blocks} of each)")
    print(f"longest call, idle / under wrk, ms: {', '.join(longest)}")
    await _service_beside_hub_without_simcord(settings, workdir)


async def _service_beside_hub_without_simcord(settings: Settings, workdir: Path) -> None:
    """What `/search` does in the bot's services, on a plain event loop that serves the
    paced hub too: no simulated Discord, whose bookkeeping of every loop callback and
    record of every message weigh on the measure above. A real Discord round trip adds
    tens of milliseconds that do not touch the loop. The guild searched has no Q&A threads:
    the database's part is its round trip through the driver's thread, with no rows.

    Blocks idle, under wrk against the control (the paced hub in a process of its own) and
    under wrk against the hub on this loop take turns. A p99 of a millisecond moves with
    every pause of the machine, so the share of calls slower than the idle p99 is printed
    too: 1% when the load changes nothing, more for each call that met a page."""
    db = Database(settings.database_url)
    services = build_services(settings, db, utc_now)
    services.topics.load()

    async def search(_: int) -> None:
        threads = asyncio.create_task(
            services.qa_search.related_threads(1, "redis ttl", channel_ids=frozenset({2}))
        )
        services.topics.search("redis ttl")
        await threads

    async def probe() -> dict[str, str]:
        return {"database": "ok"}

    pacing = shared_process_pacing(settings)
    server = WebServer(create_app(Hub(services, probe), pacing=pacing))
    control_db = f"sqlite+aiosqlite:///{workdir / 'plain-control.db'}"
    await server.start()
    set_aside_long_lived()  # as the bot does once it is ready (bot/heap.py)
    try:
        share, answered, pages = await _busy_share_under_wrk(server.url)
        with _hub_in_own_process(control_db, settings.web_shared_rate) as control_url:
            assert control_url is not None, "the control hub did not start"
            idle, (control, loaded), (control_served, served) = await _in_turns(
                [control_url, server.url], search, PLAIN_LOOP_CALLS
            )
    finally:
        await server.stop()
        await db.dispose()
    rate = settings.web_shared_rate
    base = Timing("/search's service calls, plain loop, hub idle", idle)
    measures = [
        Timing(f"the same, hub in own process at {rate}/s (control)", control),
        Timing(f"the same, hub on this loop at {rate}/s", loaded),
    ]
    report("Without the simulated Discord (same process, same loop)", [
        (base, None), *((measure, base) for measure in measures),
    ])  # fmt: skip
    print(
        f"the hub alone on this loop under wrk for {SHARE_SECONDS} s: the process busy"
        f" {share:.2%} of the time ({answered:,.0f} answers/s, {pages:,.0f} of them pages)"
    )
    over = ", ".join(f"{_share_over(m.samples_ms, base.p99):.1%}" for m in measures)
    print(f"calls slower than the idle p99 under wrk (control, on this loop): {over}")
    print(
        f"(wrk saw {control_served:,.0f} and {served:,.0f} answers/s, 503s included;"
        f" {PLAIN_LOOP_CALLS} calls each side)"
    )


async def _busy_share_under_wrk(url: str) -> tuple[float, float, float]:
    """The share of the time this process is busy (CPU) while wrk asks the hub on its loop
    for pages and nothing else runs: the share of the loop that a command can meet the hub
    on. wrk is a child process, whose CPU time does not count."""
    cpu, wall = time.process_time(), time.perf_counter()
    process = await start_wrk(f"{url}/topics/caching", SHARE_SECONDS)
    output = (await process.communicate())[0].decode()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return cpu / wall, _answers_per_second(output), _pages_per_second(output)


def _answers_per_second(wrk_output: str) -> float:
    rate = re.search(r"Requests/sec:\s+([\d.]+)", wrk_output)
    return float(rate.group(1)) if rate else 0.0


def _pages_per_second(wrk_output: str) -> float:
    """Answers that were pages (2xx or 3xx), a second."""
    total = re.search(r"(\d+) requests in ([\d.]+)s", wrk_output)
    refused = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", wrk_output)
    if total is None:
        return 0.0
    pages = int(total.group(1)) - (int(refused.group(1)) if refused else 0)
    return pages / float(total.group(2))


def _share_over(samples_ms: list[float], threshold_ms: float) -> float:
    return sum(1 for sample in samples_ms if sample > threshold_ms) / len(samples_ms)


async def _measure_each_way(
    bot: NexusBot, settings: Settings, control_url: str | None, calls: int
) -> tuple[list[tuple[Timing, Timing | None]], list[str]]:
    rate = settings.web_shared_rate
    rows: list[tuple[Timing, Timing | None]] = []
    longest: list[str] = []
    # An unpaced hub in a thread holds the interpreter for long stretches, and simcord's
    # default 5 s for the bot to settle cut six runs of eleven short on 2026-12-06; the
    # longest call of each measure is printed, so a stall shows. (The run's first command,
    # an untimed warm-up, waits out the whole timeout in simcord.run's virtual time.)
    async with simcord.run(bot, settle_timeout=SETTLE_SECONDS) as env:
        pause_wall_clock_jobs(bot)
        world = build_world(env)
        alice, channel = world.alice, world.channel

        def search(_: int) -> Awaitable[object]:
            return alice.slash(channel, "search", query="redis ttl")  # type: ignore[no-any-return]

        ways: list[tuple[str, AbstractAsyncContextManager[str | None]]] = [
            (f"in its own process, paced at {rate}/s (control)", nullcontext(control_url)),
            ("in a thread, unpaced", _hub_in_thread(replace(settings, web_shared_rate=0))),
            (f"in a thread, paced at {rate}/s", _hub_in_thread(settings)),
            (f"on the bot's loop, paced at {rate}/s", _hub_on_bot_loop(bot, settings)),
        ]
        for label, hub in ways:
            async with hub as url:
                if url is None:
                    continue
                try:
                    idle, (loaded,), (served,) = await _in_turns([url], search, calls)
                except TimeoutError as error:  # simcord's settle, above: say so, go on
                    print(f"hub {label}: not measured, the bot did not settle: {error}")
                    continue
            print(f"hub {label}: wrk saw {served:,.0f} answers/s (503s included) meanwhile")
            base = Timing(f"/search, hub {label}, idle", idle)
            rows += [(base, None), (Timing(f"/search, hub {label}, under wrk", loaded), base)]
            longest.append(f"{max(idle):.0f} / {max(loaded):.0f}")
    return rows, longest


@contextmanager
def _hub_in_own_process(database_url: str, rate: float) -> Iterator[str | None]:
    """The control: the same wrk load on the machine, no page in the bot's interpreter.

    A plain child process, started before the simulated Discord, so that none of its
    machinery runs through the simulated Discord's loop."""
    if shutil.which("wrk") is None or not rate:
        yield None
        return
    command = [sys.executable, "-m", "bench.paced_hub", database_url, str(rate)]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE) as process:
        assert process.stdout is not None
        try:
            yield process.stdout.readline().decode().strip() or None
        finally:
            process.kill()  # a graceful stop waits out the connections still held by the pacer


@asynccontextmanager
async def _hub_in_thread(settings: Settings) -> AsyncIterator[str | None]:
    hub = BackgroundHub(replace(settings, web_port=0))
    url = hub.start()
    try:
        yield url if shutil.which("wrk") else None
    finally:
        hub.stop()


@asynccontextmanager
async def _hub_on_bot_loop(bot: NexusBot, settings: Settings) -> AsyncIterator[str | None]:
    """The hub as `python -m bot run` serves it: the bot's own services and event loop."""
    if shutil.which("wrk") is None:
        yield None
        return

    async def probe() -> dict[str, str]:
        return {"database": "ok"}

    server = WebServer(create_app(Hub(bot.services, probe), pacing=shared_process_pacing(settings)))
    await server.start()
    try:
        yield server.url
    finally:
        await server.stop()


async def _in_turns(
    urls: list[str], command: Callable[[int], Awaitable[object]], calls: int
) -> tuple[list[float], list[list[float]], list[float]]:
    """The command's times idle and under wrk against each of `urls`, block by block in
    turn, and the mean answers/s that wrk saw from each over its loaded blocks."""
    idle: list[float] = []
    loaded: list[list[float]] = [[] for _ in urls]
    served: list[list[float]] = [[] for _ in urls]
    for _ in range(max(1, calls // BLOCK_CALLS)):
        idle += (await timed("idle", command, BLOCK_CALLS)).samples_ms
        for url, samples, rates in zip(urls, loaded, served, strict=True):
            process = await start_wrk(f"{url}/topics/caching", UNDER_LOAD_SECONDS)
            try:
                await asyncio.sleep(1)  # let the load start
                samples += (await timed("under load", command, BLOCK_CALLS)).samples_ms
                assert process.returncode is None, "wrk stopped before the command's calls did"
            finally:
                if process.returncode is None:
                    process.send_signal(signal.SIGINT)  # wrk stops, prints what it saw so far
                output = (await process.communicate())[0].decode()
            rates.append(_answers_per_second(output))
    return idle, loaded, [sum(rates) / len(rates) for rates in served]
