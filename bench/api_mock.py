"""The mock's answers as a service call (no HTTP): 200 contracted requests in one guild,
50 concurrent clients on SQLite, a mix of matching GETs, POSTs whose body is checked against
the contract, and unknown paths.

Then the same mock over HTTP, as a frontend calls it: the web hub serves
`/g/<guild>/mock/...` from this process on 127.0.0.1, and `wrk` (Debian's package, another
process) keeps 50 connections busy for 10 s on a contracted GET. The goal is >= 1,000
requests/s with p99 < 10 ms. Prism, the usual OpenAPI mock server, then serves the same
exported document under the same load: the goal is >= 4x its requests/s with a lower p99.
In the service half each client's latency is measured around its own awaited call, so it
includes the time waiting for the event loop behind the other 49.
"""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import prism, wrk
from bench.harness import CollectionPauses, Timing, bench_settings, temp_dir
from bench.report import CONTEXT, REFERENCE, Goal, at_least, below, equal_to, ms, note, table
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
from bot.services.container import Services, build_services
from bot.web.app import create_app
from bot.web.hub import Hub
from bot.web.server import WebServer

GUILD, CLIENTS, RESOURCES = 1, 50, 100
HTTP_SECONDS = 10
ALICE = Actor(1)
RATE_GOAL, P99_GOAL_MS = 1_000.0, 10.0
PRISM_TIMES = 4.0  # the mock serves at least 4x Prism's requests/s, with a lower p99
SUMMARY = (
    "The API mock (a frontend's stand-in for an endpoint not built yet) with 200 contracted "
    "requests in one guild on SQLite: first as a service call, 50 concurrent clients in one "
    "event loop sending a mix of matching GETs, POSTs whose body is checked against the "
    "contract and unknown paths (each client's latency includes its wait behind the other "
    "49); then over HTTP as a frontend calls it, the web hub serving `/g/<guild>/mock/...` "
    "from this process on 127.0.0.1 while `wrk` keeps 50 connections busy for 10 s; then "
    "Prism (`@stoplight/prism-cli`, from npm) serving the same exported document, same load."
)


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
    answers = Timing("mock answers", samples)
    rate, p99 = len(samples) / elapsed, answers.p99
    rate_goal = at_least(RATE_GOAL, f">= {RATE_GOAL:,.0f} answers/s")
    p99_goal = below(P99_GOAL_MS, f"p99 < {P99_GOAL_MS:g} ms")
    table(
        f"API mock as a service call ({RESOURCES * 2} contracted requests, {CLIENTS} clients)",
        ["measure", "figure", "goal", "verdict"],
        [
            [f"{len(samples):,} answers in {elapsed:.2f} s, answers/s", f"{rate:,.0f}",
             rate_goal.text, rate_goal.verdict(rate)],
            ["latency p50, ms", ms(answers.p50, 3), CONTEXT.text, "-"],
            ["latency p99, ms", ms(p99, 3), p99_goal.text, p99_goal.verdict(p99)],
        ],
    )  # fmt: skip
    if served is not None:
        table(
            f"API mock over HTTP (wrk -t2 -c{CLIENTS}, {HTTP_SECONDS} s)",
            ["measure", "figure", "goal", "verdict"],
            served,
        )


async def _over_http(tmp: Path, db: Database) -> list[list[str]] | None:
    """Requests/s and client p99 of the mock served by the web hub, loaded by wrk."""
    if not wrk.available():
        note(f"{wrk.MISSING}: the API mock over HTTP is not measured.")
        return None
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
            seen = await wrk.run_for(url, connections=CLIENTS, seconds=HTTP_SECONDS)
    finally:
        await server.stop()
    against_prism = await _against_prism(tmp, services, seen)
    handled = samples.get("g", [])
    handler = Timing("handler", handled) if len(handled) > 100 else None
    rate_goal = at_least(RATE_GOAL, f">= {RATE_GOAL:,.0f} requests/s")
    p99_goal = below(P99_GOAL_MS, f"client p99 < {P99_GOAL_MS:g} ms")
    clean = equal_to(0, "none")
    failed = seen.non_2xx_3xx + seen.socket_errors
    return [
        ["requests/s", f"{seen.per_second:,.0f}", rate_goal.text,
         rate_goal.verdict(seen.per_second)],
        ["client latency p99 (as wrk sees it), ms", ms(seen.p99_ms), p99_goal.text,
         p99_goal.verdict(seen.p99_ms)],
        ["client latency p50, ms", ms(seen.p50_ms), CONTEXT.text, "-"],
        ["answers not 2xx/3xx, and socket errors", f"{seen.non_2xx_3xx} / {seen.socket_errors}",
         clean.text, clean.verdict(failed)],
        ["server-side handler p50 / p99, ms",
         f"{ms(handler.p50)} / {ms(handler.p99)}" if handler else "too few samples",
         CONTEXT.text, "-"],
        ["garbage collections meanwhile (full), longest ms",
         f"{len(pauses.pauses)} ({pauses.full}), {pauses.longest_ms:.0f}", CONTEXT.text, "-"],
        *against_prism,
    ]  # fmt: skip


async def _against_prism(tmp: Path, services: Services, ours: wrk.WrkResult) -> list[list[str]]:
    """Prism on the same exported document, loaded the same way, in the same run."""
    why_not = await asyncio.to_thread(prism.install)
    if why_not is not None:
        note(f"{why_not}: the API mock is not compared with Prism.")
        return []
    export = await services.api_requests.export_openapi(GUILD, "Bench guild")
    document = tmp / "openapi.json"
    document.write_text(export.json_text, encoding="utf-8")
    async with prism.serving(document, "/r3/7") as base:
        theirs = await wrk.run_for(base + "/r3/7", connections=CLIENTS, seconds=HTTP_SECONDS)
    ratio = ours.per_second / theirs.per_second if theirs.per_second else float("inf")
    times = at_least(PRISM_TIMES, f">= {PRISM_TIMES:g}x Prism's requests/s")
    lower = Goal("p99 lower than Prism's", lambda value: value < (theirs.p99_ms or float("inf")))
    return [
        ["Prism on the same document: requests/s", f"{theirs.per_second:,.0f}", REFERENCE.text,
         "-"],
        ["Prism: client latency p99, ms", ms(theirs.p99_ms), REFERENCE.text, "-"],
        ["the mock's requests/s over Prism's", f"{ratio:.1f}x", times.text, times.verdict(ratio)],
        ["the mock's client p99 against Prism's, ms", f"{ms(ours.p99_ms)} vs {ms(theirs.p99_ms)}",
         lower.text, lower.verdict(ours.p99_ms)],
    ]  # fmt: skip
