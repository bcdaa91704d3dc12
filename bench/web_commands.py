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
    await _service_beside_hub_without_simcord(settings)


async def _service_beside_hub_without_simcord(settings: Settings) -> None:
    """What `/search` does in the bot's services, on a plain event loop that serves the
    paced hub too: no simulated Discord, whose bookkeeping of every loop callback and
    record of every message weigh on the measure above. A real Discord round trip adds
    tens of milliseconds that do not touch the loop. The guild searched has no Q&A threads:
    the database's part is its round trip through the driver's thread, with no rows."""
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
    await server.start()
    try:
        idle, loaded, served = await _in_turns(server.url, search, PLAIN_LOOP_CALLS)
    finally:
        await server.stop()
        await db.dispose()
    base = Timing("/search's service calls, plain loop, hub idle", idle)
    label = f"the same, hub paced at {settings.web_shared_rate}/s under wrk"
    report("Without the simulated Discord (same process, same loop)", [
        (base, None), (Timing(label, loaded), base),
    ])  # fmt: skip
    print(f"(wrk saw {served:,.0f} pages/s; {PLAIN_LOOP_CALLS} calls each side)")


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
                idle, loaded, served = await _in_turns(url, search, calls)
            print(f"hub {label}: wrk saw {served:,.0f} pages/s while the command ran")
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
    url: str, command: Callable[[int], Awaitable[object]], calls: int
) -> tuple[list[float], list[float], float]:
    """The command's times idle and under wrk, block by block in turn, and the mean
    pages/s that wrk saw over its loaded blocks."""
    idle: list[float] = []
    loaded: list[float] = []
    served: list[float] = []
    for _ in range(max(1, calls // BLOCK_CALLS)):
        idle += (await timed("idle", command, BLOCK_CALLS)).samples_ms
        process = await start_wrk(f"{url}/topics/caching", UNDER_LOAD_SECONDS)
        await asyncio.sleep(1)  # let the load start
        loaded += (await timed("under load", command, BLOCK_CALLS)).samples_ms
        assert process.returncode is None, "wrk stopped before the command's calls did"
        process.send_signal(signal.SIGINT)  # wrk stops and prints what it saw so far
        output = (await process.communicate())[0].decode()
        rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
        served.append(float(rate.group(1)) if rate else 0.0)
    return idle, loaded, sum(served) / len(served)
