"""API work nudges: a quiet claim nudges its claimer, `ready` mentions the requester."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.db.engine import Database
from bot.services.api.requests import ApiRequestService
from bot.services.api.status import ApiStatus
from bot.services.guild_settings import SettingsChange
from tests.api_builders import ALICE, BOB, GUILD, FakeThreads, arrange, mentored_service
from tests.conftest import FixedClock
from tests.unit.nudges.test_helper_nudges import NudgeWorld
from tests.unit.schedules.builders import at


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(at(4, 10))


def nudge_world(db: Database, clock: FixedClock) -> NudgeWorld:
    return NudgeWorld(db, clock, ApiRequestService(db.sessions, clock).release_quiet)


async def test_a_claim_unchanged_for_five_days_nudges_its_claimer_once(
    migrated: Database, clock: FixedClock
) -> None:
    service, world = await mentored_service(migrated, clock), nudge_world(migrated, clock)
    request = await arrange(service, "claimed", FakeThreads())

    await world.tick(at(9, 9, 59))
    assert world.poster.posts == []
    await world.tick(at(9, 10))
    await world.tick(at(9, 11))

    assert len(world.poster.posts) == 1
    channel, text = world.poster.posts[0]
    assert channel == 900_000 + request.id
    assert text.startswith(f"[{BOB.user_id}] ") and "no change for 5 days" in text


async def test_a_change_restarts_the_quiet_clock(migrated: Database, clock: FixedClock) -> None:
    service, world = await mentored_service(migrated, clock), nudge_world(migrated, clock)
    request = await arrange(service, "claimed", FakeThreads())
    clock.now = at(8, 10)
    await service.change_status(GUILD, request.number, BOB, ApiStatus.IN_PROGRESS, None,
                                FakeThreads())  # fmt: skip

    await world.tick(at(9, 10))
    assert world.poster.posts == []
    await world.tick(at(13, 10))
    assert len(world.poster.posts) == 1


async def test_reaching_ready_mentions_the_requester_once(
    migrated: Database, clock: FixedClock
) -> None:
    service, world = await mentored_service(migrated, clock), nudge_world(migrated, clock)
    await arrange(service, "ready", FakeThreads())

    await world.tick(at(4, 10))
    await world.tick(at(4, 10, 1))

    assert len(world.poster.posts) == 1
    assert world.poster.posts[0][1].startswith(f"[{ALICE.user_id}] ")


async def test_two_processes_on_one_database_send_each_api_nudge_once(
    migrated: Database, clock: FixedClock
) -> None:
    service = await mentored_service(migrated, clock)
    for index in range(3):
        await arrange(service, "claimed", FakeThreads(), path=f"/things{index}")
    await arrange(service, "ready", FakeThreads(), path="/ready")
    second_db = Database(migrated.url, connect_args=migrated.connect_args)
    try:
        one, two = nudge_world(migrated, clock), nudge_world(second_db, clock)
        for moment in (at(4, 10), at(9, 10), at(9, 10, 1)):
            await asyncio.gather(one.tick(moment), two.tick(moment))
    finally:
        await second_db.dispose()

    assert len(one.poster.posts) + len(two.poster.posts) == 4


async def test_a_server_can_turn_the_stale_claim_nudge_off(
    migrated: Database, clock: FixedClock
) -> None:
    service, world = await mentored_service(migrated, clock), nudge_world(migrated, clock)
    await world.settings.update(GUILD, SettingsChange(stale_after=0))
    await arrange(service, "claimed", FakeThreads())

    await world.tick(at(9, 10) + timedelta(minutes=1))

    assert world.poster.posts == []


async def test_a_claim_still_unchanged_two_days_after_the_nudge_is_released_once(
    migrated: Database, clock: FixedClock
) -> None:
    service, world = await mentored_service(migrated, clock), nudge_world(migrated, clock)
    request = await arrange(service, "in_progress", FakeThreads())
    await world.tick(at(9, 10))  # the nudge to the claimer

    clock.now = at(11, 9, 59)
    await world.tick(clock.now)
    assert (await service.get(GUILD, request.number)).status is ApiStatus.IN_PROGRESS
    clock.now = at(11, 10)
    await world.tick(clock.now)
    await world.tick(at(11, 10, 1))

    released = await service.detail(GUILD, request.number)
    assert released.request.status is ApiStatus.OPEN and released.request.claimer_id is None
    last = released.history[-1]
    assert (last.actor_id, last.to_status) == (0, ApiStatus.OPEN)
    assert last.note == "released by Nexus: no change for 7 days"
    texts = [text for _, text in world.poster.posts]
    assert len(texts) == 2 and "is **open** again" in texts[1]


async def test_a_change_after_the_nudge_keeps_the_claim(
    migrated: Database, clock: FixedClock
) -> None:
    service, world = await mentored_service(migrated, clock), nudge_world(migrated, clock)
    request = await arrange(service, "claimed", FakeThreads())
    await world.tick(at(9, 10))
    clock.now = at(10, 10)
    await service.change_status(GUILD, request.number, BOB, ApiStatus.IN_PROGRESS, None,
                                FakeThreads())  # fmt: skip

    clock.now = at(11, 10)
    await world.tick(clock.now)

    assert (await service.get(GUILD, request.number)).claimer_id == BOB.user_id
