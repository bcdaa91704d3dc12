"""`python -m bench.archive_ready URL`: a bot started on an existing archive, in a process of
its own, so its memory is the bot's alone and not the benchmark's (which generated the rows).

Prints one JSON line: milliseconds from `create_bot()` to READY in the simulated Discord,
and the process's resident memory (RSS) then, in MiB.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import tempfile
import time
from pathlib import Path

import simcord

from bench.harness import bench_bot, bench_settings, pause_wall_clock_jobs


def status_mib(field: str) -> float:
    """A figure of /proc/self/status, in MiB: VmRSS, or RssAnon (the heap, without the
    pages of files mapped in, which SQLite's mmap reads count in VmRSS)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return float(line.split()[1]) / 1024
    return 0.0


async def ready(url: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="nexus-bench-") as tmp:
        started = time.perf_counter()
        bot = bench_bot(bench_settings(Path(tmp), database_url=url))
        async with simcord.run(bot):
            ready_ms = (time.perf_counter() - started) * 1000
            pause_wall_clock_jobs(bot)
            # A moment for what start-up leaves running (catch-up, setting the heap aside).
            await asyncio.sleep(1.0)
            return {
                "ready_ms": ready_ms,
                "rss_mib": status_mib("VmRSS"),
                "rss_anon_mib": status_mib("RssAnon"),
            }


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    print(json.dumps(asyncio.run(ready(sys.argv[1]))), flush=True)


if __name__ == "__main__":
    main()
