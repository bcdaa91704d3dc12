"""Pacing: the web hub's share of a process it runs in beside the bot.

In `python -m bot run` (and the playground) pages and slash commands share one Python
interpreter: a hub serving thousands of pages a second takes it from the bot, whose
interactions must be answered within 3 seconds. There the hub starts at most `rate`
requests a second (after a burst of `burst`); the others wait their turn, and one that
would wait more than `max_wait` seconds gets a 503 with `Retry-After` instead, a second
later. Pages differ in cost (a question page reads the database and took 8 ms where a topic
page took 0.3), so a page also holds back the next ones by its own time: the hub takes at
most `share` of the time, however costly its pages. The health check is never paced.
`python -m bot web` runs the hub alone and is not paced.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable

from aiohttp import web

from bot.config import Settings
from bot.services.api.mock import cors_headers
from bot.web.errors import Handler, error_page
from bot.web.routes import mock

UNPACED_PATHS = frozenset({"/healthz"})
# The most of the time that pages may take in a process they share with the bot.
SHARED_TIME_SHARE = 0.05
BUSY = "The hub is busy right now: try again in a second."


class Pacing:
    def __init__(
        self,
        rate: float,
        *,
        burst: int = 20,
        max_wait: float = 2.0,
        share: float = SHARED_TIME_SHARE,
        refusal_delay: float = 1.0,
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
        # A refused request gets its 503 after the second its Retry-After names: a client
        # asking again at once (a load tester, a careless crawler) otherwise made the hub
        # spend more on refusals than on pages.
        self._refusal_delay = refusal_delay
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

    def took(self, seconds: float) -> None:
        """A page took `seconds`: the pages after it start later, by as much as keeps the
        hub's share of the time at `share` (a page's turn already gave it one interval)."""
        extra = seconds / self._share - self._interval
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
            return _busy(request)
        if wait > 0:
            await asyncio.sleep(wait)
        started = self._clock()
        try:
            return await handler(request)
        finally:
            self.took(self._clock() - started)


def _busy(request: web.Request) -> web.Response:
    if mock.answers(request):  # the mock answers in JSON with CORS headers, never HTML
        headers = cors_headers(request.headers.get("Origin")) | {"Retry-After": "1"}
        return mock.json_answer(503, {"error": BUSY}, headers)
    response = error_page(request, 503, "Busy", BUSY)
    response.headers["Retry-After"] = "1"
    return response


def shared_process_pacing(settings: Settings) -> Pacing | None:
    """How the hub is paced when it runs in the bot's process (None: not at all)."""
    return Pacing(settings.web_shared_rate) if settings.web_shared_rate else None
