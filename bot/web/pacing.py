"""Pacing: the web hub's share of a process it runs in beside the bot.

In `python -m bot run` (and the playground) pages and slash commands share one Python
interpreter: a hub serving thousands of pages a second takes it from the bot, whose
interactions must be answered within 3 seconds. There the hub starts at most `rate`
requests a second (after a burst of `burst`); the others wait their turn, and one that
would wait more than `max_wait` seconds gets a 503 with `Retry-After` instead, after
`refusal_delay`. Pages differ in cost, so a page also holds back the next ones by the time
it held the event loop (its steps, written response included, not its waits for the
database): the hub takes at most `share` of the loop, however costly its pages, and a
command that arrives meets a page on the loop at most that often. The health check is never paced.
`python -m bot web` runs the hub alone and is not paced.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from contextlib import suppress

from aiohttp import web

from bot.config import Settings
from bot.services.api.mock import cors_headers
from bot.web.errors import Handler
from bot.web.loop_time import LoopTime
from bot.web.routes import mock

UNPACED_PATHS = frozenset({"/healthz"})
# The most of the event loop's time that pages may take in a process they share with the
# bot: a command arrives while a page holds the loop at most 1 time in 200. The arrival of
# each request comes on top, and under a flood costs more than the pages (the README's web
# hub figures, `python -m bench web_commands`).
SHARED_TIME_SHARE = 0.005
BUSY = "The hub is busy right now: try again in a second."
BUSY_PAGE = (
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>Busy · Nexus</title>'
    f"<h1>Busy</h1><p>{BUSY}</p></html>"
).encode()


class Pacing:
    def __init__(
        self,
        rate: float,
        *,
        burst: int = 20,
        max_wait: float = 2.0,
        share: float = SHARED_TIME_SHARE,
        refusal_delay: float = 2.0,
        max_hold: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("a pacing rate is a positive number of requests per second")
        if not 0 < share <= 1:
            raise ValueError("a pacing share is a fraction of the time, over 0 and at most 1")
        self._interval = 1 / rate
        self._burst = burst
        self._max_wait = max_wait
        self._share = share
        # A refused request gets its 503 after a delay: a client asking again at once (a
        # load tester, a careless crawler) otherwise made the hub spend more on refusals
        # than on pages. Under wrk's 50 connections each request cost the loop about
        # 0.3 ms besides any page, so the delay sets most of a flood's cost.
        self._refusal_delay = refusal_delay
        # The most that one page holds back the next ones: a cold first page took 70 to
        # 80 ms (before the templates were warmed at start), which would have shut the hub
        # for 16 s.
        self._max_hold = max_hold
        self._clock = clock
        # The instant the next request may start: requests are spaced `interval` apart,
        # and an idle hub lets up to `burst` of them start at once.
        self._next_start = -math.inf

    def wait_for_turn(self) -> float | None:
        """Seconds until the caller's turn (its turn is booked), or None: over `max_wait`."""
        now = self._clock()
        start = self._earliest(now)
        wait = max(0.0, start - now)
        if wait > self._max_wait:
            return None
        self._next_start = start + self._interval
        return wait

    def took(self, seconds: float, *, had_turn: bool = True) -> None:
        """A page (or a refusal, which `had_turn` not) took `seconds`: the pages after it
        start later, by as much as keeps the hub's share of the time at `share` (a page's
        turn already gave it one interval), and by `max_hold` at most."""
        hold = min(seconds / self._share, self._max_hold)
        extra = hold - (self._interval if had_turn else 0.0)
        if extra > 0:
            self._next_start = self._earliest(self._clock()) + extra

    def _earliest(self, now: float) -> float:
        return max(self._next_start, now - (self._burst - 1) * self._interval)

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path in UNPACED_PATHS:
            return await handler(request)
        wait = self.wait_for_turn()
        if wait is None:
            await asyncio.sleep(self._refusal_delay)
            return await self._charged(request, _busy, had_turn=False)
        if wait > 0:
            await asyncio.sleep(wait)
        return await self._charged(request, handler)

    async def _charged(
        self, request: web.Request, handler: Handler, *, had_turn: bool = True
    ) -> web.StreamResponse:
        """The handler's answer, written, its time on the loop charged to the pages after."""
        answer = LoopTime(_answered(request, handler), self._clock)
        try:
            return await answer
        finally:
            self.took(answer.spent, had_turn=had_turn)


async def _answered(request: web.Request, handler: Handler) -> web.StreamResponse:
    return await _sent(request, await handler(request))


async def _sent(request: web.Request, response: web.StreamResponse) -> web.StreamResponse:
    """The response, written: aiohttp would write it after the middlewares return, and
    writing took longer than the handler of a kept topic page (0.19 against 0.10 ms at 100
    pages a second, 2026-12-06), so it counts against the share too. Writing twice is a
    no-op, and a file's response (none here yet) is left to aiohttp, as its `prepare` is not."""
    if isinstance(response, web.Response):
        with suppress(ConnectionError):  # the client left: aiohttp sees it again and logs it
            await response.prepare(request)
            await response.write_eof()
    return response


async def _busy(request: web.Request) -> web.Response:
    if mock.answers(request):  # the mock answers in JSON with CORS headers, never HTML
        headers = cors_headers(request.headers.get("Origin")) | {"Retry-After": "1"}
        return mock.json_answer(503, {"error": BUSY}, headers)
    # A plain page, not the hub's template: under a flood refusals outnumber pages, and
    # rendering the template made each one cost as much as a page.
    return web.Response(
        body=BUSY_PAGE, status=503, content_type="text/html", headers={"Retry-After": "1"}
    )


def shared_process_pacing(settings: Settings) -> Pacing | None:
    """How the hub is paced when it runs in the bot's process (None: not at all)."""
    return Pacing(settings.web_shared_rate) if settings.web_shared_rate else None
