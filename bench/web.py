"""The web hub at scale: 10,000 published solved questions with 100,000 messages.

SQLite, then PostgreSQL in a fresh schema (as `bench/qa.py` does; skipped if unreachable).
The hub is served alone, as `python -m bot web` serves it, in this process; what its pages
do to the bot's commands is `bench/hub_child.py`'s part.

Measures:
- server-side time of a topic page, a question page and a search never seen before
  (handler only, p50/p95; goal p95 < 15 ms), requests sent one after another from an aiohttp client;
- pages per second of every page kind (topic, question, guild, API board, home, a repeated
  search) with 50 concurrent connections from `wrk` (Debian's package) against 127.0.0.1,
  beside a bare aiohttp handler answering the same bytes from memory in this process
  (goal: each >= 0.3x the bare handler);
- that a conditional request with the page's ETag is answered 304.
"""

from __future__ import annotations

import random
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
from aiohttp import web
from sqlalchemy import insert

from bench import wrk
from bench.harness import Timing, bench_settings, temp_dir
from bench.qa import _postgres_schema, after_bulk_load
from bench.qa_seed import CHUNK, Archive, TextMaker, archive_rows
from bench.report import CONTEXT, at_least, below, equal_to, ms, note, table
from bot.config import Settings
from bot.db.engine import Database
from bot.db.models import QAMessage, QAThread
from bot.heap import set_aside_long_lived
from bot.services.container import build_services
from bot.web.app import create_app
from bot.web.hub import Hub
from bot.web.server import WebServer
from bot.web.standalone import utc_now

THREADS, MESSAGES = 10_000, 100_000
GUILD, CHANNEL = 900_000_000_000_000_001, 900_000_000_000_000_002
LOAD_SECONDS, CONNECTIONS = 4, 50
PAGE_P95_GOAL_MS = 15.0
SUMMARY = (
    "The web hub alone, as `python -m bot web` serves it, over 10,000 published solved "
    "questions with 100,000 messages, on SQLite and PostgreSQL: the server-side time of a "
    "topic page, a question page and a never-seen search (a middleware around the handler; "
    "requests one after another from an aiohttp client), every page kind's pages per second "
    "with 50 connections from `wrk` over loopback for 4 s beside a bare aiohttp handler "
    "answering the same bytes, and that a conditional request with the page's ETag is "
    "answered 304. What serving pages does to the bot's commands is the hub_child suite."
)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def handler_timer(samples: dict[str, list[float]]) -> Callable[..., Awaitable[web.StreamResponse]]:
    """A middleware that records each handler's time (ms) by kind of page."""

    @web.middleware
    async def timer(request: web.Request, handler: Handler) -> web.StreamResponse:
        started = time.perf_counter()
        try:
            return await handler(request)
        finally:
            kind = "qa" if "/qa/" in request.path else request.path.split("/")[1] or "home"
            samples.setdefault(kind, []).append((time.perf_counter() - started) * 1000)

    return timer


async def seed_published(db: Database, archive: Archive, maker: TextMaker) -> None:
    """Every thread solved (its first reply accepted) and its channel public."""
    threads, messages = archive_rows(archive, maker)
    per_thread = archive.messages // archive.threads
    for n, thread in enumerate(threads):
        answer = messages[n * per_thread]
        thread.update(
            solved_at=answer["created_at"],
            answer_message_id=answer["message_id"],
            answer_author_id=answer["author_id"],
            answer_text=answer["content"],
        )
    engine = db.engine
    for model, rows in ((QAThread, threads), (QAMessage, messages)):
        for start in range(0, len(rows), CHUNK):
            async with engine.begin() as conn:
                await conn.execute(insert(model), rows[start : start + CHUNK])


async def run(calls: int = 1000) -> None:
    with temp_dir() as tmp:
        settings = bench_settings(Path(tmp), web_port=0)
        await _hub(settings, Database(settings.database_url), "SQLite", calls)
        async with _postgres_schema() as postgres:
            if postgres is None:
                note("Web hub on PostgreSQL: not measured, the server is not reachable.")
            else:
                db = Database(postgres.url, connect_args=postgres.connect_args)
                await _hub(settings, db, "PostgreSQL", calls)


async def _hub(settings: Settings, db: Database, label: str, calls: int) -> None:
    """Seed, then time pages and measure throughput with the hub alone on this database."""
    try:
        await db.upgrade()
        archive = Archive(GUILD, CHANNEL, THREADS, MESSAGES)
        started = time.perf_counter()
        await seed_published(db, archive, TextMaker())
        await after_bulk_load(db)
        seeded_s = time.perf_counter() - started
        services = build_services(settings, db, utc_now)
        services.topics.load()
        await services.web_consent.enable(GUILD, "ALX ProDev", 1, {CHANNEL: True})
        samples: dict[str, list[float]] = {}

        async def probe() -> dict[str, str]:
            return {"database": "ok"}

        app = create_app(Hub(services, probe))
        app.middlewares.append(handler_timer(samples))
        server = WebServer(app)
        await server.start()
        set_aside_long_lived()  # as `python -m bot web` does once it serves
        try:
            slugs = sorted(services.topics.library.topics)
            note(f"Web hub, {label}: {THREADS:,} published questions, {MESSAGES:,} messages.")
            not_modified = await _page_times(server.url, slugs, calls, samples, label)
            await _throughput(server.url, not_modified, label, seeded_s)
        finally:
            await server.stop()
    finally:
        await db.dispose()


async def _page_times(
    base: str, slugs: list[str], calls: int, samples: dict[str, list[float]], label: str
) -> int:
    """Time each kind of page; the status of a conditional GET with a topic page's ETag."""
    rng = random.Random(7)
    maker = TextMaker(seed=7)
    guild = GUILD
    # Every search timed is one the hub never saw, so none is answered from kept pages.
    searches = list(dict.fromkeys(maker.query() for _ in range(calls * 3)))[: calls + 20]
    kinds: list[tuple[str, Callable[[int], str]]] = [
        ("topics", lambda i: f"{base}/topics/{slugs[i % len(slugs)]}"),
        ("qa", lambda i: f"{base}/g/{guild}/qa/{10**17 + rng.randrange(THREADS)}"),
        ("search", lambda i: f"{base}/search?q={searches[i % len(searches)]}"),
    ]
    async with aiohttp.ClientSession() as http:
        for kind, make_url in kinds:
            for i in range(calls + 20):
                async with http.get(make_url(i)) as response:
                    await response.read()
                    assert response.status == 200, (response.status, make_url(i))
            del samples[kind][:20]  # warm-up
        measured = len(samples["topics"])
        async with http.get(f"{base}/topics/caching") as first:
            etag = first.headers["ETag"]
        async with http.get(f"{base}/topics/caching", headers={"If-None-Match": etag}) as again:
            not_modified = again.status
        del samples["topics"][measured:]  # the conditional check is not a timed page
    goal = below(PAGE_P95_GOAL_MS, f"p95 < {PAGE_P95_GOAL_MS:g} ms")
    rows = []
    names = (("topics", "topic page"), ("qa", "question page"), ("search", "never-seen search"))
    for kind, name in names:
        t = Timing(name, samples[kind])
        rows.append([name, str(len(t.samples_ms)), ms(t.p50), ms(t.p95), ms(t.p99), goal.text,
                     goal.verdict(t.p95)])  # fmt: skip
    table(
        f"Web hub, {label}: server-side handler time",
        ["page", "n", "p50 ms", "p95 ms", "p99 ms", "goal", "verdict"],
        rows,
    )
    return not_modified


# Every page kind the issue names, each against a bare handler answering its same bytes.
PAGE_KINDS = (
    ("topic page", "/topics/caching"),
    ("question page", f"/g/{GUILD}/qa/{10**17 + 17}"),
    ("guild page", f"/g/{GUILD}/"),
    ("API board", f"/g/{GUILD}/api"),
    ("home page", "/"),
    ("repeated search", "/search?q=redis+cache"),
)
RATIO_GOAL = 0.3


async def _bare_server(pages: dict[str, tuple[bytes, str]]) -> WebServer:
    """An aiohttp handler answering each page's bytes from memory: the stack's ceiling."""

    async def answer(request: web.Request) -> web.Response:
        body, content_type = pages[request.path_qs]
        return web.Response(body=body, content_type=content_type, charset="utf-8")

    app = web.Application()
    app.router.add_get("/{tail:.*}", answer)
    server = WebServer(app)
    await server.start()
    return server


async def _throughput(base: str, not_modified: int, label: str, seeded_s: float) -> None:
    conditional = equal_to(304, "304 Not Modified")
    rows = [
        ["seeding the archive by bulk INSERTs, s", f"{seeded_s:.1f}", "-", "-", "-",
         CONTEXT.text, "-"],
        ["conditional GET with the page's ETag", str(not_modified), "-", "-", "-",
         conditional.text, conditional.verdict(not_modified)],
    ]  # fmt: skip
    if not wrk.available():
        note(f"{wrk.MISSING}: pages per second not measured.")
        rows.append(["pages/s", "not measured (wrk missing)", "-", "-", "-", "-", "not measured"])
    else:
        rows += await _against_bare(base)
    table(
        f"Web hub, {label}: pages/s under load (wrk -t2 -c{CONNECTIONS}, {LOAD_SECONDS} s a "
        "page, hub then a bare aiohttp handler answering the same bytes, in this process)",
        ["page", "hub pages/s", "bare pages/s", "ratio", "hub client p99 ms", "goal", "verdict"],
        rows,
    )


async def _against_bare(base: str) -> list[list[str]]:
    pages: dict[str, tuple[bytes, str]] = {}
    async with aiohttp.ClientSession() as http:
        for _, path in PAGE_KINDS:
            async with http.get(base + path) as response:
                assert response.status == 200, (response.status, path)
                pages[path] = (await response.read(), response.content_type)
    bare = await _bare_server(pages)
    goal = at_least(RATIO_GOAL, f">= {RATIO_GOAL:g}x the bare handler")
    clean = equal_to(0, "none")
    rows, failures = [], 0
    try:
        for name, path in PAGE_KINDS:
            hub = await wrk.run_for(base + path, connections=CONNECTIONS, seconds=LOAD_SECONDS)
            ceiling = await wrk.run_for(
                bare.url + path, connections=CONNECTIONS, seconds=LOAD_SECONDS
            )
            failures += hub.non_2xx_3xx + hub.socket_errors
            ratio = hub.answered_per_second / ceiling.answered_per_second
            rows.append([name, f"{hub.answered_per_second:,.0f}",
                         f"{ceiling.answered_per_second:,.0f}", f"{ratio:.2f}x",
                         ms(hub.p99_ms), goal.text, goal.verdict(ratio)])  # fmt: skip
    finally:
        await bare.stop()
    rows.append(["hub answers not 2xx/3xx, and socket errors", str(failures), "-", "-", "-",
                 clean.text, clean.verdict(failures)])  # fmt: skip
    return rows
