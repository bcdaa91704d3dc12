"""Pacing of a hub that shares the bot's process: a burst, then one request per interval,
later for pages after a costly one; a request that would wait too long gets a 503 with
Retry-After; the health check is never paced. `python -m bot web` (the hub alone) is not
paced at all."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import pytest
from aiohttp import web

from bot.config import Settings
from bot.web.app import create_app
from bot.web.hub import Hub
from bot.web.pacing import Pacing, shared_process_pacing
from tests.web.hub_world import HubWorld, healthy


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_goes_at_once_then_requests_are_spaced_at_the_rate() -> None:
    clock = Clock()
    pacing = Pacing(10, burst=3, max_wait=0.25, clock=clock)

    burst = [pacing.wait_for_turn() for _ in range(3)]
    spaced = [pacing.wait_for_turn() for _ in range(3)]

    assert burst == [0.0, 0.0, 0.0]
    assert spaced[:2] == [pytest.approx(0.1), pytest.approx(0.2)]
    assert spaced[2] is None  # it would wait 0.3 s: refused, and its turn is not booked
    clock.now += 10  # an idle hub lets a burst through again, no more
    again = [pacing.wait_for_turn() for _ in range(4)]
    assert again == [0.0, 0.0, 0.0, pytest.approx(0.1)]


def test_a_costly_page_holds_back_the_next_ones_by_its_own_time() -> None:
    clock = Clock()
    pacing = Pacing(10, burst=1, max_wait=5, share=0.1, clock=clock)

    assert pacing.wait_for_turn() == 0.0
    pacing.took(0.005)  # a cheap page: within its interval at a tenth of the time
    assert pacing.wait_for_turn() == pytest.approx(0.1)
    pacing.took(0.05)  # half a second at a tenth of the time: 0.4 s beyond its interval

    assert pacing.wait_for_turn() == pytest.approx(0.6)
    with pytest.raises(ValueError, match="fraction"):
        Pacing(10, share=0)


def test_a_refusal_holds_back_the_next_pages_by_its_time_but_had_no_turn() -> None:
    clock = Clock()
    pacing = Pacing(10, burst=1, max_wait=5, share=0.1, clock=clock)

    assert pacing.wait_for_turn() == 0.0
    pacing.took(0.01, had_turn=False)  # 0.1 s at a tenth of the time, no interval to spend

    assert pacing.wait_for_turn() == pytest.approx(0.2)


async def test_writing_a_page_counts_against_the_share(
    hub: HubWorld, aiohttp_client: Callable[[web.Application], Awaitable[Any]]
) -> None:
    clock = Clock()
    pacing = Pacing(10, burst=1, max_wait=5, share=0.1, clock=clock)
    app = create_app(Hub(hub.services, healthy), pacing=pacing)

    async def writing_takes_a_while(request: web.Request, response: web.StreamResponse) -> None:
        clock.now += 0.05  # the page's headers are being written

    app.on_response_prepare.append(writing_takes_a_while)
    client = await aiohttp_client(app)

    page = await client.get("/topics/caching")
    # 0.05 s at a tenth of the time: the next page starts 0.5 s after this one, not 0.1
    assert page.status == 200 and "Caching" in await page.text()
    assert pacing.wait_for_turn() == pytest.approx(0.45)


async def test_a_refusal_is_charged_for_its_writing_too(
    hub: HubWorld, aiohttp_client: Callable[[web.Application], Awaitable[Any]]
) -> None:
    clock = Clock()
    pacing = Pacing(1, burst=1, max_wait=0.5, share=0.1, refusal_delay=0, clock=clock)
    app = create_app(Hub(hub.services, healthy), pacing=pacing)

    async def writing_takes_a_while(request: web.Request, response: web.StreamResponse) -> None:
        clock.now += 0.05

    app.on_response_prepare.append(writing_takes_a_while)
    client = await aiohttp_client(app)

    assert (await client.get("/topics/caching")).status == 200  # the next turn: at 101.0
    assert (await client.get("/topics/caching")).status == 503  # 0.95 s away: refused
    # 0.05 s at a tenth of the time: the next turn moves 0.5 s later, to 101.5
    clock.now = 101.2
    assert pacing.wait_for_turn() == pytest.approx(0.3)


def test_one_costly_page_holds_back_the_next_ones_by_max_hold_at_most() -> None:
    clock = Clock()
    pacing = Pacing(10, burst=1, max_wait=5, share=0.01, max_hold=1.5, clock=clock)

    assert pacing.wait_for_turn() == 0.0
    pacing.took(0.08)  # a cold first page: 8 s at a hundredth of the time

    assert pacing.wait_for_turn() == pytest.approx(1.5)


def test_a_zero_rate_means_not_paced(settings: Settings) -> None:
    assert shared_process_pacing(replace(settings, web_shared_rate=0)) is None
    paced = shared_process_pacing(replace(settings, web_shared_rate=100))
    assert paced is not None
    with pytest.raises(ValueError, match="positive"):
        Pacing(0)


async def test_a_request_over_the_wait_gets_a_503_and_health_is_never_paced(
    hub: HubWorld, aiohttp_client: Callable[[web.Application], Awaitable[Any]]
) -> None:
    pacing = Pacing(1, burst=1, max_wait=0.5)
    client = await aiohttp_client(create_app(Hub(hub.services, healthy), pacing=pacing))

    first = await client.get("/topics/caching")
    busy = await client.get("/topics/caching")
    health = [(await client.get("/healthz")).status for _ in range(3)]

    assert first.status == 200
    assert (busy.status, busy.headers["Retry-After"]) == (503, "1")
    assert "busy" in (await busy.text())
    assert health == [200, 200, 200]


async def test_the_api_mock_is_refused_in_json_with_cors_like_its_other_answers(
    hub: HubWorld, aiohttp_client: Callable[[web.Application], Awaitable[Any]]
) -> None:
    pacing = Pacing(1, burst=1, max_wait=0.5, refusal_delay=0)
    client = await aiohttp_client(create_app(Hub(hub.services, healthy), pacing=pacing))
    origin = {"Origin": "http://localhost:5173"}

    await client.get("/g/1/mock/listings/1", headers=origin)
    busy = await client.get("/g/1/mock/listings/1", headers=origin)

    assert busy.status == 503 and busy.headers["Retry-After"] == "1"
    assert busy.headers["Access-Control-Allow-Origin"] == "http://localhost:5173"
    assert "busy" in (await busy.json())["error"]
