"""A page's time on the event loop: its steps count, its waits for others do not; an error
or a cancellation still goes through, with the time spent so far."""

from __future__ import annotations

import asyncio

import pytest

from bot.web.loop_time import LoopTime


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_the_steps_count_and_the_waits_do_not() -> None:
    clock = Clock()
    database: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    async def page() -> str:
        clock.now += 0.002  # building the query
        rows = await database
        clock.now += 0.003  # rendering the rows
        return f"page of {rows}"

    async def database_answers() -> None:
        clock.now += 1.0  # the loop serves others while the page waits
        database.set_result("rows")

    steps = LoopTime(page(), clock)
    answered = asyncio.create_task(database_answers())

    assert await steps == "page of rows"
    await answered
    assert steps.spent == pytest.approx(0.005)


async def test_an_error_goes_through_with_the_time_spent() -> None:
    clock = Clock()

    async def failing() -> None:
        clock.now += 0.004
        await asyncio.sleep(0)
        raise LookupError("no such page")

    steps = LoopTime(failing(), clock)
    with pytest.raises(LookupError, match="no such page"):
        await steps
    assert steps.spent == pytest.approx(0.004)


async def test_a_cancellation_reaches_the_coroutine() -> None:
    clock = Clock()
    cleaned_up = asyncio.Event()

    async def slow() -> None:
        clock.now += 0.001
        try:
            await asyncio.sleep(60)
        finally:
            clock.now += 0.001
            cleaned_up.set()

    steps = LoopTime(slow(), clock)

    async def await_steps() -> None:
        await steps

    task = asyncio.create_task(await_steps())
    await asyncio.sleep(0)
    task.cancel()

    with pytest.raises(asyncio.CancelledError):
        await task
    assert cleaned_up.is_set()
    assert steps.spent == pytest.approx(0.002)
