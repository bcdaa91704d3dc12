"""`wrk` (Debian's package, /usr/bin/wrk): HTTP load from another process, and what it saw.

wrk is C and uses epoll, so it loads a hub harder than any client in the benchmark's own
interpreter could, and its CPU time is not the measured process's. A suite that needs it
and does not find it says so (`MISSING`) rather than inventing a figure.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass

INSTALL = "sudo apt-get install wrk"
MISSING = f"wrk not found (Debian's package: `{INSTALL}`)"
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def available() -> bool:
    return shutil.which("wrk") is not None


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    p50_ms: float | None
    p99_ms: float | None
    non_2xx_3xx: int
    socket_errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def answered_per_second(self) -> float:
        """Answers that were pages (2xx or 3xx), a second."""
        return (self.requests - self.non_2xx_3xx) / self.seconds if self.seconds else 0.0


def _latency_ms(output: str, percent: int) -> float | None:
    found = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    return float(found[1]) * _UNIT_MS[found[2]] if found else None


def parse(output: str) -> WrkResult:
    total = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m),", output)
    refused = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if total is None:
        raise RuntimeError(f"wrk printed no totals:\n{output}")
    return WrkResult(
        requests=int(total[1]),
        seconds=float(total[2]) * _UNIT_MS[total[3]] / 1000,
        p50_ms=_latency_ms(output, 50),
        p99_ms=_latency_ms(output, 99),
        non_2xx_3xx=int(refused[1]) if refused else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


def start(url: str, *, connections: int, seconds: int, threads: int = 1) -> subprocess.Popen[str]:
    """wrk for at most `seconds` against `url`; `finish` stops it early."""
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url,
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(process: subprocess.Popen[str]) -> WrkResult:
    """Stop wrk if it still runs (on SIGINT it stops and prints what it saw so far)."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    output = process.communicate(timeout=30)[0]
    return parse(output)


async def run_for(url: str, *, connections: int, seconds: int, threads: int = 2) -> WrkResult:
    """wrk for `seconds`, without holding this event loop (a hub on it must answer)."""
    process = start(url, connections=connections, seconds=seconds, threads=threads)
    output = (await asyncio.to_thread(process.communicate, timeout=seconds + 30))[0]
    return parse(output)
