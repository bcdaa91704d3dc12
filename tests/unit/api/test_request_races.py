"""Members acting at the same moment, on SQLite and PostgreSQL: exactly one wins."""

from __future__ import annotations

import asyncio
from itertools import pairwise

import pytest
from sqlalchemy import select

from bot.db.engine import Database
from bot.db.models.api_requests import ApiRequestEventRow
from bot.errors import Conflict
from bot.services.api.model import Actor, ChangeOutcome
from bot.services.api.queries import RequestQuery
from bot.services.api.requests import ApiRequestService
from bot.services.api.status import ApiStatus
from tests.api_builders import ALICE, BOB, GUILD, FakeThreads, arrange, form
from tests.conftest import FixedClock

CLAIMERS = [Actor(100 + i) for i in range(6)]


@pytest.fixture
def service(migrated: Database, clock: FixedClock) -> ApiRequestService:
    return ApiRequestService(migrated.sessions, clock)


async def warm_up_connections(service: ApiRequestService, count: int) -> None:
    # With a connection ready for each member, no claim gets a head start while the
    # others are still connecting: they really run at the same moment.
    await asyncio.gather(*(service.get(GUILD, 1) for _ in range(count)))


async def events(db: Database) -> list[ApiRequestEventRow]:
    async with db.sessions() as session:
        return list(await session.scalars(select(ApiRequestEventRow).order_by("id")))


async def test_of_members_claiming_at_once_exactly_one_wins(
    service: ApiRequestService, migrated: Database
) -> None:
    threads = FakeThreads()
    await service.create(GUILD, ALICE, form(), threads)
    await warm_up_connections(service, len(CLAIMERS))

    results = await asyncio.gather(
        *(service.claim(GUILD, 1, actor, threads) for actor in CLAIMERS), return_exceptions=True
    )

    winners = [r for r in results if isinstance(r, ChangeOutcome)]
    losers = [r for r in results if not isinstance(r, ChangeOutcome)]
    assert len(winners) == 1 and len(losers) == len(CLAIMERS) - 1
    winner = winners[0].request.claimer_id
    assert all(isinstance(e, Conflict) for e in losers)
    assert all(f"already claimed by <@{winner}>" in str(e) for e in losers)
    stored = await service.get(GUILD, 1)
    assert (stored.status, stored.claimer_id, stored.revision) == (ApiStatus.CLAIMED, winner, 1)
    claims = [e for e in await events(migrated) if e.to_status == ApiStatus.CLAIMED]
    assert [e.actor_id for e in claims] == [winner]
    assert len(threads.published) == 1


async def test_of_members_asking_for_the_same_endpoint_at_once_one_request_is_kept(
    service: ApiRequestService,
) -> None:
    threads = FakeThreads()
    askers = [Actor(200 + i) for i in range(4)]

    results = await asyncio.gather(
        *(service.create(GUILD, a, form("/listings/{id}"), threads) for a in askers),
        return_exceptions=True,
    )

    created = [r for r in results if not isinstance(r, BaseException)]
    refused = [r for r in results if isinstance(r, BaseException)]
    assert len(created) == 1
    assert all(isinstance(e, Conflict) and "already asks for" in str(e) for e in refused)
    page = await service.page(GUILD, RequestQuery())
    assert page.matching == 1


async def test_requests_created_at_once_get_distinct_numbers(service: ApiRequestService) -> None:
    threads = FakeThreads()

    created = await asyncio.gather(
        *(service.create(GUILD, ALICE, form(f"/r{i}"), threads) for i in range(8))
    )

    assert sorted(r.number for r in created) == list(range(1, 9))


async def test_moves_made_at_once_are_applied_one_after_another(
    service: ApiRequestService, migrated: Database
) -> None:
    threads = FakeThreads()
    await arrange(service, "in_progress", threads)

    await asyncio.gather(
        service.change_status(GUILD, 1, BOB, ApiStatus.READY, None, threads),
        service.change_status(GUILD, 1, ALICE, ApiStatus.BLOCKED, "spec moved", threads),
        return_exceptions=True,
    )

    # Whatever the order, no change was lost: the history is one unbroken chain.
    history = await events(migrated)
    chain = [(e.from_status, e.to_status) for e in history]
    assert all(prev[1] == nxt[0] for prev, nxt in pairwise(chain))
    stored = await service.get(GUILD, 1)
    assert stored.status == history[-1].to_status
    assert stored.revision == len(history)
