"""`python -m bench.paced_hub DATABASE_URL RATE`: a hub paced as one sharing the bot's
process is, but in a process of its own.

`bench web` measures a command beside it as the control for a hub in the bot's process:
wrk loads the machine the same way, while the bot's interpreter serves no page. It prints
its address, and stops when its standard input closes (if the benchmark dies first).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bench.harness import bench_settings
from bot.web.pacing import Pacing
from bot.web.standalone import serve_hub


async def serve(database_url: str, rate: float) -> None:
    stop = asyncio.Event()
    asyncio.get_running_loop().add_reader(sys.stdin.fileno(), stop.set)

    def announce(url: str) -> None:
        print(url, flush=True)

    settings = bench_settings(Path("."), database_url, web_port=0)
    await serve_hub(settings, stop=stop, announce=announce, default_port=0, pacing=Pacing(rate))


if __name__ == "__main__":
    asyncio.run(serve(sys.argv[1], float(sys.argv[2])))
