"""The mock's answers as a service call (no HTTP): 200 contracted requests in one guild,
50 concurrent clients on SQLite, a mix of matching GETs, POSTs whose body is checked against
the contract, and unknown paths.

Then the same mock over HTTP, as a frontend calls it: the web hub serves
`/g/<guild>/mock/...` from this process on 127.0.0.1, and `wrk` (Debian's package, another
process) keeps 50 connections busy for 10 s on a contracted GET. The goal is >= 1,000
requests/s with p99 < 10 ms. In the service half each client's latency is measured around
its own awaited call, so it includes the time waiting for the event loop behind the other 49.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.harness import CollectionPauses, bench_settings, temp_dir
from bench.web import handler_timer
from bot.db.engine import Database
from bot.heap import set_aside_long_lived
from bot.services.api.contract import ContractChange, ContractForm
from bot.services.api.contracts import ApiContractService
from bot.services.api.mock import ApiMock
from bot.services.api.model import (
    Actor,
    ApiRequest,
    RequestChange,
    RequestForm,
    ThreadDelivery,
    ThreadRef,
)
from bot.services.api.requests import ApiRequestService
from bot.services.api.status import HttpMethod
from bot.services.container import build_services
from bot.web.app import create_app
from bot.web.hub import Hub
from bot.web.server import WebServer

GUILD, CLIENTS, RESOURCES = 1, 50, 100
HTTP_SECONDS = 10
ALICE = Actor(1)


class _QuietThreads:
    """Discord's side, left out: the benchmark is about the mock."""

    async def open_thread(self, request: ApiRequest, channel_id: int | None) -> ThreadRef:
        return ThreadRef(thread_id=10_000 + request.id, card_message_id=20_000 + request.id)

    async def publish(self, change: RequestChange) -> ThreadDelivery:
        return ThreadDelivery.POSTED

    async def publish_contract(self, change: ContractChange) -> ThreadDelivery:
        return ThreadDelivery.POSTED


def _now() -> datetime:
    return datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def _seed(db: Database) -> None:
    requests, contracts = (
        ApiRequestService(db.sessions, _now),
        ApiContractService(db.sessions, _now),
    )
    threads = _QuietThreads()
    for i in range(RESOURCES):
        one = RequestForm(HttpMethod.GET, f"/r{i}/{{id}}", f"One r{i}")
        create = RequestForm(HttpMethod.POST, f"/r{i}", f"Create r{i}")
        for form, request_example in ((one, None), (create, '{"title": "x", "n": 1}')):
            made = await requests.create(GUILD, ALICE, form, threads)
            response = json.dumps({"id": 7, "title": f"r{i}", "tags": ["a", "b"], "n": 3})
            await contracts.set_contract(
                GUILD,
                made.number,
                ALICE,
                ContractForm(request_example, response),
                threads,
                keep_unset=True,
            )


async def run(calls: int = 1000) -> None:
    with temp_dir() as tmp:
        db = Database(f"sqlite+aiosqlite:///{Path(tmp) / 'mock-bench.db'}")
        await db.upgrade()
        await _seed(db)

        async def web_on(guild_id: int) -> bool:
            return True

        mock = ApiMock(db.sessions, web_on)
        total = max(calls, 1000) * 20
        body = b'{"title": "hut", "n": 2}'
        samples: list[float] = []

        async def client(offset: int) -> None:
            for i in range(offset, total, CLIENTS):
                kind = i % 10
                start = time.perf_counter()
                if kind < 6:
                    await mock.answer(GUILD, "GET", f"/r{i % RESOURCES}/{i}", None)
                elif kind < 9:
                    await mock.answer(GUILD, "POST", f"/r{i % RESOURCES}", body)
                else:
                    await mock.answer(GUILD, "GET", f"/nothing/{i}", None)
                samples.append((time.perf_counter() - start) * 1000)

        await mock.answer(GUILD, "GET", "/r0/1", None)  # builds the table once
        began = time.perf_counter()
        await asyncio.gather(*(client(c) for c in range(CLIENTS)))
        elapsed = time.perf_counter() - began
        served = await _over_http(Path(tmp), db)
        await db.dispose()
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    print(f"\nAPI mock service ({RESOURCES * 2} contracted requests, {CLIENTS} clients, SQLite)")
    print(
        f"{len(samples):,} answers in {elapsed:.2f} s: {len(samples) / elapsed:,.0f}/s; "
        f"p50 {statistics.median(samples):.3f} ms, p99 {cuts[98]:.3f} ms"
    )
    print(served)


async def _over_http(tmp: Path, db: Database) -> str:
    """Requests/s and client p99 of the mock served by the web hub, loaded by wrk."""
    if shutil.which("wrk") is None:
        return "API mock over HTTP: wrk not found (apt-get install wrk); skipped"
    services = build_services(bench_settings(tmp), db, _now)
    services.topics.load()
    await services.web_consent.enable(GUILD, "Bench guild", 1, {})

    async def probe() -> dict[str, str]:
        return {"database": "ok"}

    app = create_app(Hub(services, probe))
    samples: dict[str, list[float]] = {}
    app.middlewares.append(handler_timer(samples))
    server = WebServer(app)
    await server.start()
    set_aside_long_lived()  # as `python -m bot web` does once it serves
    try:
        url = f"{server.url}/g/{GUILD}/mock/r3/7"
        with CollectionPauses() as pauses:
            process = await asyncio.create_subprocess_exec(
                "wrk", "-t2", f"-c{CLIENTS}", f"-d{HTTP_SECONDS}s", "--latency", url,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
            )  # fmt: skip
            output = (await process.communicate())[0].decode()
    finally:
        await server.stop()
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p99 = re.search(r"99%\s+(\S+)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    handled = samples.get("g", [])
    server_side = (
        f"server-side handler p50 {statistics.median(handled):.2f} ms, "
        f"p99 {statistics.quantiles(handled, n=100)[98]:.2f} ms"
        if len(handled) > 100
        else "no server-side samples"
    )
    return (
        f"API mock over HTTP ({CLIENTS} connections, {HTTP_SECONDS} s, wrk): "
        f"{float(rate.group(1)) if rate else 0:,.0f} requests/s (goal >= 1,000); "
        f"client p99 {p99.group(1) if p99 else '?'} (goal < 10 ms); "
        f"non-2xx {errors.group(1) if errors else 0}; {server_side}; "
        f"meanwhile {pauses.summary()}"
    )
