"""The web hub at scale: 10,000 published solved questions with 100,000 messages.

SQLite, then PostgreSQL in a fresh schema (as `bench/qa.py` does; skipped if unreachable).

Measures:
- server-side time of a topic page, a question page and a search (handler only, p50/p95;
  goal p95 < 15 ms), requests sent one after another from an aiohttp client;
- topic pages per second with 50 concurrent connections from `wrk` (Debian's package)
  against 127.0.0.1 for 10 s (goal >= 500/s);
- that a conditional request with the page's ETag is answered 304;
- a slash command with and without page load, in the same run (`bench/web_commands.py`).
"""

from __future__ import annotations

import random
import re
import shutil
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
from aiohttp import web
from sqlalchemy import insert

from bench.harness import (
    Timing,
    bench_settings,
    temp_dir,
)
from bench.qa import _postgres_schema, after_bulk_load
from bench.qa_seed import CHUNK, Archive, TextMaker, archive_rows
from bench.web_commands import CONNECTIONS, command_under_load, start_wrk
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
LOAD_SECONDS = 10
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
    if shutil.which("wrk") is None:
        print("\nWeb hub: wrk not found (apt-get install wrk); throughput is skipped")
    with temp_dir() as tmp:
        settings = bench_settings(Path(tmp), web_port=0)
        await _hub(settings, Database(settings.database_url), "SQLite", calls)
        async with _postgres_schema() as postgres:
            if postgres is None:
                print("\nWeb hub, PostgreSQL: skipped (server not reachable)")
            else:
                db = Database(postgres.url, connect_args=postgres.connect_args)
                await _hub(settings, db, "PostgreSQL", calls)
        await command_under_load(settings, Path(tmp), calls)


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
            print(f"\nWeb hub, {label}: {THREADS:,} published questions, {MESSAGES:,} messages "
                  f"(seeded in {seeded_s:.1f} s)")  # fmt: skip
            await _page_times(server.url, slugs, calls, samples)
            await _throughput(server.url)
        finally:
            await server.stop()
    finally:
        await db.dispose()


async def _page_times(
    base: str, slugs: list[str], calls: int, samples: dict[str, list[float]]
) -> None:
    rng = random.Random(7)
    maker = TextMaker(seed=7)
    guild = GUILD
    searches = [maker.query() if i % 2 else rng.choice(["redis ttl", "docker", "n+1 queries"])
                for i in range(calls)]  # fmt: skip
    async with aiohttp.ClientSession() as http:
        for kind, make_url in (
            ("topics", lambda i: f"{base}/topics/{slugs[i % len(slugs)]}"),
            ("qa", lambda i: f"{base}/g/{guild}/qa/{10**17 + rng.randrange(THREADS)}"),
            ("search", lambda i: f"{base}/search?q={searches[i % calls]}"),
        ):
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
    print(f"{'server-side handler time':<42}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind, label in (("topics", "topic page"), ("qa", "question page"), ("search", "search")):
        t = Timing(label, samples[kind])
        print(f"{label:<42}{len(t.samples_ms):>6}{t.p50:>9.2f}{t.p95:>9.2f}{t.p99:>9.2f}")
    print(f"conditional GET with the ETag: {not_modified} (goal 304)")


async def _throughput(base: str) -> None:
    if shutil.which("wrk") is None:
        return
    process = await start_wrk(f"{base}/topics/caching", LOAD_SECONDS)
    output = (await process.communicate())[0].decode()
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    latency = re.search(r"99%\s+(\S+)", output)
    print(
        f"topic pages/s, {CONNECTIONS} connections for {LOAD_SECONDS} s (wrk): "
        f"{float(rate.group(1)) if rate else 0:,.0f}/s (goal >= 500/s); "
        f"client p99 {latency.group(1) if latency else '?'}; "
        f"errors {errors.group(1) if errors else 0}"
    )
