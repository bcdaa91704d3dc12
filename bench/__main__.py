"""`python -m bench [suite ...] [--calls N]`: run the benchmarks, print their tables.

With no suite named, every suite runs, in the order below, and the run is written to
docs/performance.md (bench/document.py): that is `make bench`. With suites named, their
tables are printed and the document is left alone, so that it never mixes sections from
different runs. A suite that fails is reported in its section and the others still run;
the document is then written with that failure in it, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
import traceback
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any, NamedTuple

from bench import (
    api_mock,
    api_requests,
    archive,
    baseline,
    document,
    hub_child,
    load,
    nudges,
    qa,
    recall,
    topics,
    web,
)
from bench.harness import shorten_settle_tick
from bench.report import RUN, note


class Suite(NamedTuple):
    summary: str
    run: Callable[[int], Coroutine[Any, Any, None]]


SUITES = {
    "baseline": Suite(baseline.SUMMARY, baseline.run),
    "topics": Suite(topics.SUMMARY, topics.run),
    "api_requests": Suite(api_requests.SUMMARY, api_requests.run),
    "qa": Suite(qa.SUMMARY, qa.run),
    "recall": Suite(recall.SUMMARY, recall.run),
    "web": Suite(web.SUMMARY, web.run),
    "hub_child": Suite(hub_child.SUMMARY, hub_child.run),
    "nudges": Suite(nudges.SUMMARY, nudges.run),
    "api_mock": Suite(api_mock.SUMMARY, api_mock.run),
    "load": Suite(load.SUMMARY, load.run),
    "archive": Suite(archive.SUMMARY, archive.run),
}


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Run the benchmarks. With no suite named, all of them run and the run is "
        f"written to {document.DOCUMENT.relative_to(document.ROOT)} (`make bench`); with "
        "suites named, their tables are only printed.",
    )
    parser.add_argument("suites", nargs="*", help=f"any of {', '.join(SUITES)} (default: all)")
    parser.add_argument("--calls", type=int, default=1000, help="timed calls per measure")
    args = parser.parse_args()
    unknown = sorted(set(args.suites) - set(SUITES))
    if unknown:
        parser.error(f"unknown suite(s): {', '.join(unknown)}")
    logging.basicConfig(level=logging.WARNING)
    shorten_settle_tick()
    started, began = datetime.now(UTC), time.perf_counter()
    load_at_start = document.load_average()
    failed = []
    for name in args.suites or SUITES:
        RUN.begin(name, SUITES[name].summary)
        try:
            asyncio.run(SUITES[name].run(args.calls))
        except Exception as error:  # reported in the suite's section; the others still run
            traceback.print_exc()
            note(f"**This suite failed** ({type(error).__name__}: {error}): what it printed "
                 "before is partial, and its goals are not judged.")  # fmt: skip
            failed.append(name)
    if not args.suites:
        elapsed = time.perf_counter() - began
        written = document.write(RUN, started, args.calls, load_at_start, elapsed)
        print(f"\nwrote {written} ({elapsed / 60:.1f} min)", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
