"""`python -m bench [name ...]`: run the benchmarks and print their figures."""

from __future__ import annotations

import argparse
import asyncio
import logging

from bench import (
    api_mock,
    api_requests,
    baseline,
    load,
    nudges,
    qa,
    topics,
    web,
    web_commands,
)
from bench.harness import shorten_settle_tick

SUITES = {
    "baseline": baseline.run,
    "topics": topics.run,
    "api_requests": api_requests.run,
    "qa": qa.run,
    "web": web.run,
    "web_commands": web_commands.run,
    "nudges": nudges.run,
    "api_mock": api_mock.run,
    "load": load.run,
}
# `web` ends with what `web_commands` measures alone.
BY_DEFAULT = [name for name in SUITES if name != "web_commands"]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument(
        "suites", nargs="*", help=f"any of {', '.join(SUITES)} (default: all but web_commands)"
    )
    parser.add_argument("--calls", type=int, default=1000, help="timed calls per measure")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    shorten_settle_tick()
    unknown = sorted(set(args.suites) - set(SUITES))
    if unknown:
        parser.error(f"unknown suite(s): {', '.join(unknown)}")
    for name in args.suites or BY_DEFAULT:
        asyncio.run(SUITES[name](args.calls))


if __name__ == "__main__":
    main()
